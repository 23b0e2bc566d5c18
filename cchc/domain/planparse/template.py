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

from ..cells import plain_text, safe_cell
from ..text import fold
from .blocks import SourceDocument
from .readers import DocumentError

FORMAT = "cchc.plan/1"
SHEET_PLAN = "Khung kế hoạch"
SHEET_TARGETS = "Chỉ tiêu"
SHEET_AREAS = "Lĩnh vực"
TITLE = "KHUNG KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"
HINT = (
    "Mỗi dòng là một nhiệm vụ; dòng có Hoạt động là hoạt động thuộc Nhiệm vụ ghi cùng dòng. "
    "Ghi mỗi sản phẩm, mỗi đơn vị chủ trì/phối hợp trên một dòng trong ô (Alt+Enter)."
)
FONT_NAME = "Times New Roman"

DOCUMENT_FIELDS = (
    ("number", "Số hiệu"),
    ("title", "Tên kế hoạch"),
    ("kind", "Loại văn bản"),
    ("issuer", "Cơ quan ban hành"),
    ("place", "Nơi ban hành"),
    ("date", "Ngày ban hành"),
    ("signer", "Người ký"),
    ("period", "Giai đoạn"),
)
TASK_COLUMNS = (
    ("stt", "STT", 6),
    ("area", "Lĩnh vực", 22),
    ("objective", "Mục tiêu", 30),
    ("task", "Nhiệm vụ", 40),
    ("activity", "Hoạt động", 40),
    ("outputs", "Kết quả/Sản phẩm", 24),
    ("lead", "Chủ trì", 24),
    ("support", "Phối hợp", 30),
    ("time", "Thời gian", 16),
)
TARGET_COLUMNS = (
    ("area", "Lĩnh vực", 24),
    ("text", "Chỉ tiêu", 60),
    ("comparator", "So sánh", 10),
    ("value", "Giá trị", 10),
    ("value_max", "Giá trị tối đa", 12),
    ("unit", "Đơn vị", 12),
    ("level", "Cấp", 16),
    ("year", "Năm", 8),
    ("subject", "Đối tượng đo", 36),
)
AREA_COLUMNS = (("code", "Mã", 8), ("title", "Tên lĩnh vực", 70), ("standard_area", "Lĩnh vực chuẩn", 22))

# Header synonyms seen in issued framework tables, folded.
_TASK_SYNONYMS = {
    "stt": ("stt", "tt", "so tt"),
    "area": ("linh vuc",),
    "objective": ("muc tieu",),
    "task": ("nhiem vu",),
    "activity": ("hoat dong",),
    "outputs": ("ket qua/san pham", "ket qua/ san pham", "ket qua", "san pham", "ket qua du kien"),
    "lead": ("chu tri", "don vi chu tri", "co quan chu tri"),
    "support": ("phoi hop", "don vi phoi hop", "co quan phoi hop"),
    "time": ("thoi gian", "thoi gian hoan thanh", "thoi gian (nam)", "thoi han"),
}

STANDARD_AREA_TITLES = (
    ("I", "Công tác chỉ đạo, điều hành", "direction"),
    ("II", "Cải cách thể chế", "institutions"),
    ("III", "Cải cách thủ tục hành chính", "procedures"),
    ("IV", "Cải cách tổ chức bộ máy", "organisation"),
    ("V", "Cải cách chế độ công vụ", "civil_service"),
    ("VI", "Cải cách tài chính công", "public_finance"),
    ("VII", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "digital_government"),
    ("VIII", "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH", "impact"),
)
KIND_LABELS = {
    "plan": "Kế hoạch",
    "decision": "Quyết định",
    "report": "Báo cáo",
    "programme": "Chương trình",
    "resolution": "Nghị quyết",
    "directive": "Chỉ thị",
    "letter": "Công văn",
    "notice": "Thông báo",
    "submission": "Tờ trình",
    "scheme": "Đề án",
}
LEVEL_LABELS = {
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
    "department": "Sở, ban, ngành",
}
UNIT_LABELS = {
    "count": "số lượng",
    "minutes": "phút",
    "hours": "giờ",
    "days": "ngày",
    "rank": "thứ hạng",
    "points": "điểm",
}
COMPARATORS = (">=", "<=", ">", "<", "=", "range")
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


# --- recognising -------------------------------------------------------------------------


def _find_header(rows: list[list[str]], limit: int = 30) -> tuple[int, dict[str, int]] | None:
    """Index of the task header row among the first rows, and column key -> index."""
    for index, row in enumerate(rows[:limit]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            key = fold(value).strip(" :*")
            for name, synonyms in _TASK_SYNONYMS.items():
                if name not in columns and key in synonyms:
                    columns[name] = col
        if {"task", "lead", "time"} <= columns.keys() and len(columns) >= 5:
            return index, columns
    return None


def is_plan_template(workbook_or_source: Any) -> bool:
    """Whether a workbook (openpyxl ``Workbook``, XLSX bytes or a read ``SourceDocument``)
    is our "Khung kế hoạch" template (or a sheet laid out like it)."""
    source = workbook_or_source
    if isinstance(source, SourceDocument):
        for table in source.blocks:
            if getattr(table, "name", None) is None or fold(table.name) != fold(SHEET_PLAN):
                continue
            rows = [[c.text for c in row] for row in table.rows[:30]]
            if _find_header(rows) is not None:
                return True
        return False
    if isinstance(source, (bytes, bytearray, memoryview)):
        from .readers_xlsx import load_workbook

        try:
            source = load_workbook(bytes(source))
        except DocumentError:
            return False
    sheet = _plan_sheet(source)
    return sheet is not None and _find_header(_sheet_rows(sheet, 30)) is not None


def _plan_sheet(workbook):
    for sheet in getattr(workbook, "worksheets", []):
        if fold(sheet.title) == fold(SHEET_PLAN):
            return sheet
    return None


def _sheet_by_name(workbook, name: str):
    for sheet in workbook.worksheets:
        if fold(sheet.title) == fold(name):
            return sheet
    return None


def _sheet_rows(sheet, limit: int | None = None) -> list[list[str]]:
    """Cell texts row by row (1-based row r is index r-1); merged cells repeat their origin."""
    from .readers_xlsx import cell_text

    origin: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in sheet.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                origin[(r, c)] = (rng.min_row, rng.min_col)
    max_row = sheet.max_row if limit is None else min(limit, sheet.max_row)
    texts: dict[tuple[int, int], str] = {}
    rows: list[list[str]] = []
    for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=max_row), start=1):
        values = []
        for c, cell in enumerate(row, start=1):
            text = cell_text(cell.value, cell.number_format) if cell.value is not None else ""
            text = plain_text(text)  # written by _append with a protective apostrophe
            texts[(r, c)] = text
            if (r, c) in origin and origin[(r, c)] != (r, c):
                # horizontal continuations stay empty so a merged title is not read twice
                top, left = origin[(r, c)]
                text = texts.get((top, left), "") if left == c else ""
            values.append(text)
        rows.append(values)
    return rows


# --- reading (template_read.py) ---------------------------------------------------------


def read_template(data: bytes | Any, *, resolver: Any = None) -> dict:
    """Read a filled template (XLSX bytes or an openpyxl ``Workbook``) as a ``cchc.plan/1`` dict.

    ``resolver`` (optional, see ``units.unit_mentions``) resolves Chủ trì/Phối hợp texts to
    units; without it every mention is kept unresolved. Raises ``DocumentError`` (``code``
    "not_template") when the workbook is not the template.
    """
    from .template_read import read_template_workbook

    return read_template_workbook(data, resolver=resolver)


def template_bytes(plan: dict | None = None) -> bytes:
    """The template as XLSX bytes (for downloads)."""
    buffer = io.BytesIO()
    write_template(plan, buffer)
    return buffer.getvalue()
