"""The inspection report (biên bản kiểm tra công tác CCHC) as DOCX in the Decree 30 layout,
through ``core.documents`` (the one official-document renderer). Always Vietnamese."""

from __future__ import annotations

from django.utils import timezone, translation

from cchc.core.documents import OfficialDocument, Section, Table, place_name, render_docx, tables_of
from cchc.oversight.models import FindingKind, Inspection


def inspection_docx(ins: Inspection) -> bytes:
    with translation.override("vi"):
        plan = ins.plan
        province = plan.province
        place = place_name(province)
        checklist = {c.get("code"): c.get("title") for c in plan.checklist}
        findings = list(ins.findings.select_related("task").order_by("id"))
        met = [f for f in findings if f.kind == FindingKind.MET]
        issues = [f for f in findings if f.kind == FindingKind.ISSUE]

        def row(i, f):
            return [
                str(i),
                checklist.get(f.checklist_code, f.checklist_code or ""),
                f.text,
                f.evidence,
            ]

        def findings_section(heading, found):
            table = Table(
                ["STT", "Nội dung kiểm tra", "Nhận xét", "Căn cứ"],
                [row(i, f) for i, f in enumerate(found, 1)],
                [12, 50, 70, 40],
            )
            return Section(
                heading, paragraphs=[] if found else ["Không có."], tables=[table] if found else []
            )

        team_rows = [
            [str(i), t.get("name", ""), t.get("position", ""), t.get("unit", "")]
            for i, t in enumerate(plan.team, 1)
        ]
        actions = [
            [str(i), f.action, f.action_due.strftime("%d/%m/%Y") if f.action_due else "", ins.unit.name]
            for i, f in enumerate([f for f in issues if f.action], 1)
        ]
        sections = [
            Section(
                "I. THÀNH PHẦN ĐOÀN KIỂM TRA",
                paragraphs=[
                    f"Thực hiện {plan.title}"
                    + (f" ({plan.number})" if plan.number else "")
                    + f", Đoàn kiểm tra đã kiểm tra công tác cải cách hành chính tại {ins.unit.name}"
                    + (f" ngày {ins.inspected_on:%d/%m/%Y}." if ins.inspected_on else ".")
                ],
                tables=tables_of(["STT", "Họ và tên", "Chức vụ", "Đơn vị"], team_rows, [12, 55, 50, 50]),
            ),
            Section(
                "II. KẾT QUẢ KIỂM TRA",
                subsections=[
                    findings_section("1. Những nội dung đạt yêu cầu", met),
                    findings_section("2. Tồn tại, hạn chế", issues),
                ],
            ),
            Section(
                "III. KẾT LUẬN VÀ YÊU CẦU KHẮC PHỤC",
                paragraphs=[ins.conclusion or "Đoàn kiểm tra ghi nhận kết quả như trên."],
                tables=tables_of(
                    ["STT", "Yêu cầu khắc phục", "Thời hạn", "Đơn vị thực hiện"], actions, [12, 85, 30, 45]
                ),
            ),
        ]
        doc = OfficialDocument(
            issuer_parent=f"UBND {province.name.upper()}",
            issuer="ĐOÀN KIỂM TRA CÔNG TÁC\nCẢI CÁCH HÀNH CHÍNH",
            number="Số:      /BB-ĐKT",
            place=place,
            date=ins.inspected_on or timezone.localdate(),
            title="BIÊN BẢN",
            summary=f"Kiểm tra công tác cải cách hành chính năm {plan.year} tại {ins.unit.name}",
            sections=sections,
            recipients=[ins.unit.name, "Sở Nội vụ (để theo dõi)", "Lưu: VT, Đoàn kiểm tra."],
            signature=["TRƯỞNG ĐOÀN KIỂM TRA"],
            signer=(plan.team[0].get("name", "") if plan.team else ""),
        )
        return render_docx(doc)
