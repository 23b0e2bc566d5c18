"""Official documents (DOCX, Decree 30 layout through ``core.documents``, the one renderer): the
results annex, a unit's score sheet, and the province's self-assessment report.

The self-assessment report (báo cáo tự đánh giá Chỉ số CCHC): the summary table of self-scores per lĩnh vực
and criterion, then an explanation for every criterion without evidence (CV 383/BNV-CCHC: "giải
trình đối với tiêu chí không có hoặc chưa đầy đủ tài liệu kiểm chứng"), then difficulties.
Always Vietnamese."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.documents import OfficialDocument, Section, Table, place_name, render_docx, tables_of
from cchc.domain.vnformat import format_number
from cchc.parindex.exports import not_assessed, num, results_header, results_row, sheet_rows
from cchc.parindex.models import Block
from cchc.parindex.province_queries import Table as IndexTable
from cchc.parindex.results import CampaignResults


def _n(value) -> str:
    if value is None:
        return ""
    d = value.normalize()
    return format_number(d.quantize(1) if d == d.to_integral_value() else d)


def self_assessment_docx(t: IndexTable) -> bytes:
    with translation.override("vi"):
        campaign = t.campaign
        province = campaign.province
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
                    Table(
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
                tables=tables_of(
                    ["Mã", "Tiêu chí", "Điểm", "Thuyết minh cách tính điểm"], explain_rows, [14, 70, 18, 80]
                ),
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
            place=place_name(province),
            date=timezone.localdate(),
            title="BÁO CÁO",
            summary=f"Tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {campaign.year} của {province.name}",
            sections=sections,
            recipients=["Bộ Nội vụ", "Sở Nội vụ (để theo dõi)", "Lưu: VT."],
            signature=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        )
        return render_docx(doc)


def results_document(res: CampaignResults) -> OfficialDocument:
    c = res.campaign
    province = c.province.name
    with translation.override("vi"):
        sections = []
        for i, (block, rows) in enumerate(res.blocks.items(), start=1):
            done = [r for r in rows if not r.provisional]
            missing = [f"{r.unit.name}: {not_assessed(r)}" for r in rows if r.provisional]
            sections.append(
                Section(
                    heading=f"{i}. {Block(block).label}",
                    paragraphs=([] if done else [_("Chưa có đơn vị được thẩm định.")]) + missing,
                    tables=tables_of(
                        results_header(res, block), [results_row(res, block, r, numbers=False) for r in done]
                    ),
                )
            )
        number = c.decision_number or "       /QĐ-UBND"
        return OfficialDocument(
            issuer_parent="",
            issuer=_("ỦY BAN NHÂN DÂN\n%(p)s") % {"p": province.upper()},
            number=_("Phụ lục kèm theo Quyết định số %(n)s") % {"n": number},
            place=place_name(c.province),
            date=c.decision_date or timezone.localdate(),
            title=_("PHỤ LỤC"),
            summary=_("Kết quả xác định Chỉ số cải cách hành chính năm %(year)s của các cơ quan, đơn vị")
            % {"year": c.year},
            sections=sections,
            recipients=[],
            signature=[_("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH")],
        )


def results_docx(res: CampaignResults) -> bytes:
    return render_docx(results_document(res))


def sheet_docx(sheet, criteria, result, scores) -> bytes:
    with translation.override("vi"):
        rows = [
            [
                str(x) if not isinstance(x, Decimal) else num(x)
                for x in (v if v is not None else "" for v in r)
            ]
            for r in sheet_rows(criteria, result, scores)
        ]
        doc = OfficialDocument(
            issuer_parent=_("UBND %(p)s") % {"p": sheet.campaign.province.name.upper()},
            issuer=_("HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC"),
            number="",
            place=place_name(sheet.campaign.province),
            date=timezone.localdate(),
            title=_("PHIẾU CHẤM ĐIỂM CHỈ SỐ CCHC NĂM %(year)s") % {"year": sheet.campaign.year},
            summary=sheet.unit.name,
            sections=[
                Section(
                    heading=_("Kết quả: %(points)s/%(max)s điểm, chỉ số %(index)s%%, xếp loại %(band)s")
                    % {
                        "points": num(result.total),
                        "max": num(result.max_points),
                        "index": num(result.index),
                        "band": result.band or "–",
                    },
                    tables=[
                        Table(
                            header=[
                                _("Mã"),
                                _("Tiêu chí"),
                                _("Tối đa"),
                                _("Tự chấm"),
                                _("TĐ lần 1"),
                                _("TĐ lần 2"),
                                _("Cuối cùng"),
                            ],
                            rows=rows,
                        )
                    ],
                )
            ],
            recipients=[sheet.unit.name],
            signature=[_("TM. HỘI ĐỒNG THẨM ĐỊNH"), _("CHỦ TỊCH")],
        )
        return render_docx(doc)
