"""Spreadsheets: the results annex and a unit's score sheet as XLSX (their DOCX forms are in
``documents.py``, built from the same rows). Always Vietnamese (``translation.override("vi")``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from cchc.core.spreadsheet import StreamingWorkbook
from cchc.domain.vnformat import format_number
from cchc.parindex.models import Block, Criterion
from cchc.parindex.results import CampaignResults, UnitResult


def num(value, places=2) -> str:
    return "" if value is None else format_number(Decimal(value), places)


def results_header(res: CampaignResults, block: str) -> list[str]:
    areas = res.areas.get(block, [])
    return [
        _("Xếp hạng"),
        _("Cơ quan, đơn vị"),
        *[f"{a.code}. {a.title} ({num(a.max_points)})" for a in areas],
        _("Điểm điều tra XHH"),
        _("Tổng điểm"),
        _("Điểm tối đa"),
        _("Chỉ số (%)"),
        _("Xếp loại"),
        _("Chỉ số năm trước (%)"),
        _("Tăng, giảm"),
    ]


def results_row(res: CampaignResults, block: str, r: UnitResult, *, numbers: bool) -> list:
    fmt = (lambda v: v) if numbers else num
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
            wb.add_sheet(str(Block(block).label), results_header(res, block), widths=[9, 40])
            for r in rows:
                if not r.provisional:
                    wb.append(results_row(res, block, r, numbers=True))
            for r in rows:  # the units without results, listed as such
                if r.provisional:
                    wb.append(["", r.unit.name, not_assessed(r)])
        return wb.to_bytes()


def not_assessed(r: UnitResult) -> str:
    if r.excluded:
        return _("Không xác định chỉ số: %(reason)s") % {"reason": r.sheet.excluded_reason}
    return _("Chưa thẩm định (%(status)s)") % {"status": r.sheet.get_status_display().lower()}


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
