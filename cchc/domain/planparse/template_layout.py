"""The plan template's layout (sheet names, labelled document facts, columns, the label lists)
and how a workbook is recognised as the template: shared by the writer (``template.py``) and
the reader (``template_read.py``). See ``template.py`` for the sheets.
"""

from __future__ import annotations

from typing import Any

from ..cells import plain_text
from ..text import fold
from .blocks import SourceDocument
from .errors import DocumentError
from .readers_xlsx import cell_text, load_workbook

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
