"""Official outputs: the results annex (XLSX, DOCX per Decree 30) and a unit's score sheet.

Documents are always Vietnamese (``translation.override("vi")``), like reporting's.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cchc.core.spreadsheet import StreamingWorkbook
from cchc.domain.vnformat import format_number
from cchc.parindex.models import Block, Criterion
from cchc.parindex.results import CampaignResults, UnitResult
from cchc.reporting.documents import OfficialDocument, Section, Table, render_docx


def _n(value, places=2) -> str:
    return "" if value is None else format_number(Decimal(value), places)


def _header(res: CampaignResults, block: str) -> list[str]:
    areas = res.areas.get(block, [])
    return [
        _("Xếp hạng"),
        _("Cơ quan, đơn vị"),
        *[f"{a.code}. {a.title} ({_n(a.max_points)})" for a in areas],
        _("Điểm điều tra XHH"),
        _("Tổng điểm"),
        _("Điểm tối đa"),
        _("Chỉ số (%)"),
        _("Xếp loại"),
        _("Chỉ số năm trước (%)"),
        _("Tăng, giảm"),
    ]


def _row(res: CampaignResults, block: str, r: UnitResult, *, numbers: bool) -> list:
    fmt = (lambda v: v) if numbers else _n
    areas = res.areas.get(block, [])
    return [
        r.rank if r.rank is not None else "",
        r.unit.name,
        *[fmt(r.by_area.get(a.code)) for a in areas],
        fmt(r.survey),
        fmt(r.total),
        fmt(r.max_points),
        fmt(r.index),
        r.band,
        fmt(r.last_index) if r.last_index is not None else "",
        fmt(r.change) if r.change is not None else "",
    ]


def results_xlsx(res: CampaignResults) -> bytes:
    with translation.override("vi"):
        wb = StreamingWorkbook()
        for block, rows in res.blocks.items():
            wb.add_sheet(str(Block(block).label), _header(res, block), widths=[9, 40])
            for r in rows:
                if not r.provisional:
                    wb.append(_row(res, block, r, numbers=True))
            for r in rows:  # the units without results, listed as such
                if r.provisional:
                    wb.append(["", r.unit.name, _not_assessed(r)])
        return wb.to_bytes()


def _not_assessed(r: UnitResult) -> str:
    if r.excluded:
        return _("Không xác định chỉ số: %(reason)s") % {"reason": r.sheet.excluded_reason}
    return _("Chưa thẩm định (%(status)s)") % {"status": r.sheet.get_status_display().lower()}


def results_document(res: CampaignResults) -> OfficialDocument:
    c = res.campaign
    province = c.province.name
    with translation.override("vi"):
        sections = []
        for i, (block, rows) in enumerate(res.blocks.items(), start=1):
            done = [r for r in rows if not r.provisional]
            missing = [f"{r.unit.name}: {_not_assessed(r)}" for r in rows if r.provisional]
            sections.append(
                Section(
                    heading=f"{i}. {Block(block).label}",
                    paragraphs=([] if done else [_("Chưa có đơn vị được thẩm định.")]) + missing,
                    tables=[
                        Table(
                            header=_header(res, block),
                            rows=[_row(res, block, r, numbers=False) for r in done],
                        )
                    ]
                    if done
                    else [],
                )
            )
        number = c.decision_number or "       /QĐ-UBND"
        return OfficialDocument(
            issuer_parent="",
            issuer=_("ỦY BAN NHÂN DÂN\n%(p)s") % {"p": province.upper()},
            number=_("Phụ lục kèm theo Quyết định số %(n)s") % {"n": number},
            place=c.province.short_name or province.replace("Thành phố ", "").replace("Tỉnh ", ""),
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


def sheet_rows(criteria: list[Criterion], result: UnitResult, scores: dict[str, dict]) -> list[list]:
    """The score sheet: every node with max, self, round 1, round 2, final (parents as totals)."""
    out = []
    for c in criteria:
        s = scores.get(c.code)
        if s is None:
            out.append(
                [
                    c.code,
                    c.title,
                    c.max_points,
                    "",
                    "",
                    "",
                    result.by_area.get(c.code) if c.depth == 1 else "",
                ]
            )
            continue
        final = s["survey_points"] if c.survey else s["final_points"]
        out.append(
            [c.code, c.title, c.max_points, s["self_points"], s["round1_points"], s["round2_points"], final]
        )
    return out


def sheet_xlsx(sheet, criteria, result, scores) -> bytes:
    with translation.override("vi"):
        wb = StreamingWorkbook()
        wb.add_sheet(
            sheet.unit.name,
            [
                _("Mã"),
                _("Tiêu chí"),
                _("Điểm tối đa"),
                _("Tự đánh giá"),
                _("Thẩm định lần 1"),
                _("Thẩm định lần 2"),
                _("Điểm cuối cùng"),
            ],
            widths=[8, 60, 10, 10, 10, 10, 10],
        )
        for row in sheet_rows(criteria, result, scores):
            wb.append(row)
        wb.append([])
        wb.append(["", _("Tổng điểm"), result.max_points, "", "", "", result.total])
        wb.append(["", _("Chỉ số (%)"), "", "", "", "", result.index])
        wb.append(["", _("Xếp loại"), "", "", "", "", result.band])
        return wb.to_bytes()


def sheet_docx(sheet, criteria, result, scores) -> bytes:
    with translation.override("vi"):
        rows = [
            [str(x) if not isinstance(x, Decimal) else _n(x) for x in (v if v is not None else "" for v in r)]
            for r in sheet_rows(criteria, result, scores)
        ]
        doc = OfficialDocument(
            issuer_parent=_("UBND %(p)s") % {"p": sheet.campaign.province.name.upper()},
            issuer=_("HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC"),
            number="",
            place=sheet.campaign.province.short_name or sheet.campaign.province.name,
            date=timezone.localdate(),
            title=_("PHIẾU CHẤM ĐIỂM CHỈ SỐ CCHC NĂM %(year)s") % {"year": sheet.campaign.year},
            summary=sheet.unit.name,
            sections=[
                Section(
                    heading=_("Kết quả: %(points)s/%(max)s điểm, chỉ số %(index)s%%, xếp loại %(band)s")
                    % {
                        "points": _n(result.total),
                        "max": _n(result.max_points),
                        "index": _n(result.index),
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
