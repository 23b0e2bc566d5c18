"""Our plan template: an XLSX "Khung kế hoạch" that round-trips the ``cchc.plan/1`` interchange.

Units that keep their plan in Excel fill this template instead of having a Word document
parsed; exported plans use it too. Sheets:

* ``Khung kế hoạch``: a block of document facts (Số hiệu, Tên kế hoạch, Loại văn bản, Cơ
  quan ban hành, Nơi ban hành, Ngày ban hành, Người ký, Giai đoạn), then the header row
  STT | Lĩnh vực | Mục tiêu | Nhiệm vụ | Hoạt động | Kết quả/Sản phẩm | Chủ trì | Phối hợp |
  Thời gian and one row per task. A row with a Hoạt động is an activity whose parent task
  is its Nhiệm vụ (as in the framework annexes, seed 000). Several outputs or units go one
  per line in their cell (``;`` also separates units).
* ``Chỉ tiêu``: Lĩnh vực | Chỉ tiêu | So sánh | Giá trị | Giá trị tối đa | Đơn vị | Cấp |
  Năm | Đối tượng đo.
* ``Lĩnh vực``: Mã | Tên lĩnh vực | Lĩnh vực chuẩn, the list the Lĩnh vực columns pick from.

The reader finds columns and facts by their (accent-insensitive) labels, so a user may move
columns, merge cells vertically, or add section rows (a row with only a Lĩnh vực).
``line`` numbers in ``source`` follow ``read_document``: the sheet row, offset by the rows
of the sheets before it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, BinaryIO

from ..cells import safe_cell
from .template_layout import (
    AREA_COLUMNS,
    COMPARATORS,
    DOCUMENT_FIELDS,
    FONT_NAME,
    FORMAT,
    HINT,
    KIND_LABELS,
    LEVEL_LABELS,
    SHEET_AREAS,
    SHEET_PLAN,
    SHEET_TARGETS,
    STANDARD_AREA_TITLES,
    TARGET_COLUMNS,
    TASK_COLUMNS,
    TITLE,
    UNIT_LABELS,
    is_plan_template,
)
from .template_read import read_template_workbook

__all__ = [
    "AREA_COLUMNS",
    "COMPARATORS",
    "DOCUMENT_FIELDS",
    "FORMAT",
    "KIND_LABELS",
    "LEVEL_LABELS",
    "SHEET_AREAS",
    "SHEET_PLAN",
    "SHEET_TARGETS",
    "STANDARD_AREA_TITLES",
    "TARGET_COLUMNS",
    "TASK_COLUMNS",
    "UNIT_LABELS",
    "is_plan_template",
    "read_template",
    "template_bytes",
    "write_template",
]

# --- writing -----------------------------------------------------------------------------


def write_template(plan: dict | None, path_or_stream: str | BinaryIO | Any) -> None:
    """Write the blank template (``plan`` is ``None``) or a ``cchc.plan/1`` plan into it."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = plan or {}
    document = plan.get("document") or {}
    areas = list(plan.get("areas") or [])
    if not plan:
        areas = [{"code": c, "title": t, "standard_area": s} for c, t, s in STANDARD_AREA_TITLES]
    area_title = {a.get("code"): a.get("title") or a.get("code") or "" for a in areas}

    workbook = Workbook()
    workbook.properties.title = TITLE
    workbook.properties.keywords = FORMAT
    sheet = workbook.active
    sheet.title = SHEET_PLAN
    width = len(TASK_COLUMNS)
    last = _col(width)

    _append(sheet, [TITLE])
    sheet.merge_cells(f"A1:{last}1")
    _append(sheet, [HINT])
    sheet.merge_cells(f"A2:{last}2")
    for key, label in DOCUMENT_FIELDS:
        _append(sheet, ["", label + ":", _document_value(document, key)])
        row = sheet.max_row
        sheet.merge_cells(f"C{row}:{last}{row}")
    _append(sheet, [])
    _append(sheet, [label for _, label, _ in TASK_COLUMNS])
    header_row = sheet.max_row
    for number, task in enumerate(plan.get("tasks") or [], start=1):
        parent = task.get("parent")
        _append(
            sheet,
            [
                number,
                area_title.get(task.get("area"), task.get("area") or ""),
                task.get("objective") or "",
                parent if parent else task.get("title") or "",
                task.get("title") or "" if parent else "",
                "\n".join(task.get("outputs") or []),
                "\n".join(m.get("text") or "" for m in task.get("lead") or []),
                "\n".join(m.get("text") or "" for m in task.get("support") or []),
                (task.get("timeframe") or {}).get("text") or "",
            ],
        )
    _style_sheet(sheet, TASK_COLUMNS, header_row)
    from openpyxl.styles import Alignment, Font

    sheet["A1"].font = Font(name=FONT_NAME, size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet["A2"].font = Font(name=FONT_NAME, size=11, italic=True)
    sheet.row_dimensions[2].height = 32
    for row in range(3, 3 + len(DOCUMENT_FIELDS)):
        sheet.cell(row=row, column=2).font = Font(name=FONT_NAME, size=12, bold=True)

    targets_sheet = workbook.create_sheet(SHEET_TARGETS)
    _append(targets_sheet, [label for _, label, _ in TARGET_COLUMNS])
    for target in plan.get("targets") or []:
        _append(
            targets_sheet,
            [
                area_title.get(target.get("area"), target.get("area") or ""),
                target.get("text") or "",
                target.get("comparator") or "",
                _text_or_blank(target.get("value")),
                _text_or_blank(target.get("value_max")),
                UNIT_LABELS.get(target.get("unit") or "", target.get("unit") or ""),
                LEVEL_LABELS.get(target.get("level") or "", target.get("level") or ""),
                target.get("year") if target.get("year") is not None else "",
                target.get("subject") or "",
            ],
        )
    _style_sheet(targets_sheet, TARGET_COLUMNS, 1)

    areas_sheet = workbook.create_sheet(SHEET_AREAS)
    _append(areas_sheet, [label for _, label, _ in AREA_COLUMNS])
    for area in areas:
        _append(
            areas_sheet, [area.get("code") or "", area.get("title") or "", area.get("standard_area") or ""]
        )
    _style_sheet(areas_sheet, AREA_COLUMNS, 1)

    area_list = f"'{SHEET_AREAS}'!$B$2:$B$200"
    for ws, column, first in ((sheet, "B", header_row + 1), (targets_sheet, "A", 2)):
        validation = DataValidation(type="list", formula1=area_list, allow_blank=True)
        validation.showErrorMessage = False  # a new area typed in is allowed
        ws.add_data_validation(validation)
        validation.add(f"{column}{first}:{column}2000")
    comparators = DataValidation(type="list", formula1='"' + ",".join(COMPARATORS) + '"', allow_blank=True)
    targets_sheet.add_data_validation(comparators)
    comparators.add("C2:C2000")
    levels = DataValidation(
        type="list", formula1='"' + ",".join(LEVEL_LABELS.values()) + '"', allow_blank=True
    )
    levels.showErrorMessage = False
    targets_sheet.add_data_validation(levels)
    levels.add("G2:G2000")
    workbook.save(path_or_stream)


def _append(sheet, row) -> None:
    """Append a row, every text neutralised (never a live formula: cchc.domain.cells)."""
    sheet.append([safe_cell(value) for value in row])


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _text_or_blank(value: Any) -> str:
    return "" if value is None else str(value)


def _document_value(document: dict, key: str) -> str:
    if key == "period":
        start, end = document.get("period_start"), document.get("period_end")
        if start and end and start != end:
            return f"{start}-{end}"
        return str(start or end or "")
    value = document.get(key)
    if value is None:
        return ""
    if key == "kind":
        return KIND_LABELS.get(value, value)
    if key == "date":
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return str(value)


def _style_sheet(sheet, columns, header_row: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body_font = Font(name=FONT_NAME, size=12)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=1, max_row=max(sheet.max_row, header_row)):
        for cell in row:
            cell.font = body_font
            cell.alignment = wrap
            if cell.row >= header_row:
                cell.border = border
    for index, (_, _, width) in enumerate(columns, start=1):
        header = sheet.cell(row=header_row, column=index)
        header.font = Font(name=FONT_NAME, size=12, bold=True)
        header.fill = PatternFill("solid", fgColor="D9E1F2")
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.border = border
        sheet.column_dimensions[_col(index)].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


# --- reading (template_read.py) ---------------------------------------------------------


def read_template(data: bytes | Any, *, resolver: Any = None) -> dict:
    """Read a filled template (XLSX bytes or an openpyxl ``Workbook``) as a ``cchc.plan/1`` dict.

    ``resolver`` (optional, see ``units.unit_mentions``) resolves Chủ trì/Phối hợp texts to
    units; without it every mention is kept unresolved. Raises ``DocumentError`` (``code``
    "not_template") when the workbook is not the template.
    """
    return read_template_workbook(data, resolver=resolver)


def template_bytes(plan: dict | None = None) -> bytes:
    """The template as XLSX bytes (for downloads)."""
    buffer = io.BytesIO()
    write_template(plan, buffer)
    return buffer.getvalue()
