"""The province's self-assessment report (báo cáo tự đánh giá Chỉ số CCHC) as DOCX, in the
Decree 30 layout through ``reporting.documents``: the summary table of self-scores per lĩnh vực
and criterion, then an explanation for every criterion without evidence (CV 383/BNV-CCHC: "giải
trình đối với tiêu chí không có hoặc chưa đầy đủ tài liệu kiểm chứng"), then difficulties.
Always Vietnamese."""

from __future__ import annotations

from django.utils import timezone, translation

from cchc.domain.vnformat import format_number
from cchc.parindex.province_queries import Table


def _n(value) -> str:
    if value is None:
        return ""
    d = value.normalize()
    return format_number(d.quantize(1) if d == d.to_integral_value() else d)


def self_assessment_docx(t: Table) -> bytes:
    from cchc.reporting.documents import OfficialDocument, Section
    from cchc.reporting.documents import Table as DocTable

    with translation.override("vi"):
        campaign = t.campaign
        province = campaign.province
        place = province.name.replace("Thành phố ", "").replace("Tỉnh ", "")
        summary_rows = [
            [
                r.c.code,
                r.c.title if r.c.self_assessed else f"{r.c.title} (không tự chấm)",
                _n(r.c.max_points),
                _n(r.c.baseline),
                _n(r.c.target),
                _n(r.self_value),
                r.c.lead_unit.name if r.c.lead_unit else r.c.lead_text,
            ]
            for r in t.rows
        ]
        summary_rows.append(
            [
                "",
                "TỔNG ĐIỂM",
                _n(t.totals["max_points"]),
                _n(t.totals["baseline"]),
                _n(t.totals["target"]),
                _n(t.totals["self_value"]),
                "",
            ]
        )
        no_evidence = [r for r in t.rows if r.c.self_assessed and not r.c.summed and not r.c.evidence.strip()]
        explain_rows = [
            [
                r.c.code,
                r.c.title,
                _n(r.c.self_points) or "chưa chấm",
                r.c.explanation.strip() or "Chưa có thuyết minh.",
            ]
            for r in no_evidence
        ]
        missing = sum(1 for r in t.rows if r.c.self_assessed and not r.c.summed and r.c.self_points is None)
        sections = [
            Section(
                "I. BẢNG TỔNG HỢP ĐIỂM TỰ ĐÁNH GIÁ",
                paragraphs=[
                    f"Bộ chỉ số: {campaign.method_title} (phiên bản {campaign.method_version}). "
                    f"Nguồn: {campaign.method_source}",
                    f"Điểm năm {campaign.year - 1} và mục tiêu năm {campaign.year} theo "
                    f"{campaign.source_plan.number if campaign.source_plan else 'kế hoạch của tỉnh'}."
                    + (f" Còn {missing} tiêu chí chưa tự chấm." if missing else ""),
                ],
                tables=[
                    DocTable(
                        [
                            "Mã",
                            "Lĩnh vực, tiêu chí",
                            "Điểm tối đa",
                            f"Năm {campaign.year - 1}",
                            f"Mục tiêu {campaign.year}",
                            "Tự đánh giá",
                            "Chủ trì",
                        ],
                        summary_rows,
                        [14, 70, 16, 16, 18, 18, 30],
                    )
                ],
            ),
            Section(
                "II. GIẢI TRÌNH ĐỐI VỚI TIÊU CHÍ KHÔNG CÓ TÀI LIỆU KIỂM CHỨNG",
                paragraphs=[] if explain_rows else ["Mọi tiêu chí tự chấm đều có tài liệu kiểm chứng."],
                tables=[
                    DocTable(
                        ["Mã", "Tiêu chí", "Điểm", "Thuyết minh cách tính điểm"],
                        explain_rows,
                        [14, 70, 18, 80],
                    )
                ]
                if explain_rows
                else [],
            ),
            Section(
                "III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT",
                paragraphs=["(Cơ quan thường trực tổng hợp từ ý kiến của các đơn vị chủ trì.)"],
            ),
        ]
        doc = OfficialDocument(
            issuer_parent="",
            issuer=f"ỦY BAN NHÂN DÂN\n{province.name.upper()}",
            number="Số:      /BC-UBND",
            place=place,
            date=timezone.localdate(),
            title="BÁO CÁO",
            summary=f"Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {campaign.year} của {province.name}",
            sections=sections,
            recipients=["Bộ Nội vụ", "Sở Nội vụ (để theo dõi)", "Lưu: VT."],
            signature=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        )
        from cchc.reporting.documents import render_docx

        return render_docx(doc)
