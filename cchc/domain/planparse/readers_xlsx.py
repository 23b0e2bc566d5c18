"""XLSX reader: one ``Table`` per non-empty visible sheet.

``line`` is the spreadsheet row number, offset by the rows of the sheets before it, so in a
one-sheet workbook a task's provenance is the row the user sees. Merged ranges become one
cell with ``row_span``/``col_span``; rows below the first repeat the origin's text with
``merged_from_above``. Values are shown the way a reader would type them: ``2021`` not
``2021.0``, ``80%`` for a percent-formatted 0.8, dates as ``23/09/2021``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from ..text import clean
from .blocks import Block, Cell, SourceDocument, Table
from .errors import DocumentError, check_zip_size

MAX_ROWS = 100_000
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def load_workbook(data: bytes):
    """Open an XLSX with merged cells and cached formula values, or raise ``DocumentError``."""
    import openpyxl
    from lxml import etree
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip_size(zf)
            _check_dimensions(zf)
    except zipfile.BadZipFile as exc:
        raise DocumentError("corrupt", f"the Excel workbook is damaged ({exc})") from None
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except DocumentError:
        raise
    except (
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
        EOFError,
        OSError,
    ) as exc:
        raise DocumentError(
            "corrupt", f"the Excel workbook is damaged ({type(exc).__name__}: {exc})"
        ) from None


def _check_dimensions(zf: zipfile.ZipFile) -> None:
    """Refuse huge sheets from their declared dimension, before openpyxl loads every cell."""
    total = 0
    for info in zf.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            with zf.open(info) as stream:
                head = stream.read(4096)
            match = _DIMENSION.search(head)
            if match:
                total += int(match.group(1))
    if total > MAX_ROWS:
        raise DocumentError("too_large", f"the workbook has {total:,} rows; the limit is {MAX_ROWS:,} rows")


def read_xlsx(data: bytes) -> SourceDocument:
    workbook = load_workbook(data)
    blocks: list[Block] = []
    warnings: list[str] = []
    offset = 0
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            warnings.append(f"hidden sheet {sheet.title!r} ignored")
            continue
        if offset + sheet.max_row > MAX_ROWS:
            raise DocumentError("too_large", f"the workbook has more than {MAX_ROWS:,} rows")
        table = sheet_table(sheet, offset)
        offset += sheet.max_row
        if table is not None:
            blocks.append(table)
    return SourceDocument(blocks=blocks, format="xlsx", total_lines=offset, warnings=warnings)


def sheet_table(sheet, offset: int = 0) -> Table | None:
    """The sheet as a ``Table``; empty rows are dropped (line numbers keep counting)."""
    merged: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for rng in sheet.merged_cells.ranges:
        bounds = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                merged[(row, col)] = bounds

    values: dict[tuple[int, int], str] = {}
    width = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or isinstance(cell, _merged_cell_type()):
                continue
            text = cell_text(cell.value, cell.number_format)
            if text:
                values[(cell.row, cell.column)] = text
                bounds = merged.get((cell.row, cell.column))
                width = max(width, bounds[3] if bounds else cell.column)
    if not values:
        return None

    rows = []
    for r in range(1, sheet.max_row + 1):
        cells = []
        c = 1
        while c <= width:
            bounds = merged.get((r, c))
            if bounds is None:
                cells.append(Cell(text=values.get((r, c), ""), line=offset + r))
                c += 1
                continue
            top, left, bottom, right = bounds
            if c != left:  # inside a horizontal merge that started to the left: already emitted
                c += 1
                continue
            text = values.get((top, left), "")
            cells.append(
                Cell(
                    text=text,
                    line=offset + r,
                    row_span=bottom - top + 1 if r == top else 1,
                    col_span=right - left + 1,
                    merged_from_above=r != top,
                )
            )
            c = right + 1
        if any(cell.text for cell in cells):
            rows.append(tuple(cells))
    if not rows:
        return None
    return Table(rows=tuple(rows), line=rows[0][0].line, name=sheet.title, line_end=rows[-1][0].line)


def _merged_cell_type():
    from openpyxl.cell.cell import MergedCell

    return MergedCell


def cell_text(value, number_format: str = "General") -> str:
    """A cell value as text, locale-neutral: ``2021``, ``88.54``, ``80%``, ``23/09/2021``."""
    if value is None:
        return ""
    if isinstance(value, str):
        lines = (clean(line) for line in value.splitlines())
        return "\n".join(line for line in lines if line)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        if "%" in (number_format or ""):
            return f"{value * 100}%"
        return str(value)
    if isinstance(value, float):
        if "%" in (number_format or ""):
            return _number(value * 100) + "%"
        return _number(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return clean(str(value))


def _number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".12g")
