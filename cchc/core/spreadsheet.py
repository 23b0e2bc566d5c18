"""The one way the platform writes spreadsheets (XLSX and CSV).

Every exporter goes through here so that text from plans, progress notes or survey answers can
never become a live formula in an officer's Excel (OWASP "CSV injection"): a string that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading apostrophe
(``'``), which Excel and LibreOffice show as plain text. Numbers, dates and booleans stay typed.

- ``safe_cell(value)``: the neutralised value for one cell.
- ``StreamingWorkbook``: an openpyxl write-only workbook (rows are streamed, memory stays flat
  whatever the row count); ``add_sheet(title, header)`` then ``append(row)``.
- ``xlsx_response(workbook_or_bytes, filename)``, ``csv_response(rows, filename)``: downloads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cchc.domain.cells import FORMULA_TRIGGERS, plain_text, safe_cell, safe_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
__all__ = [
    "FORMULA_TRIGGERS",
    "StreamingWorkbook",
    "XLSX_CONTENT_TYPE",
    "csv_response",
    "csv_text",
    "plain_text",
    "safe_cell",
    "safe_text",
    "neutralise_workbook",
    "safe_workbook_bytes",
    "styled_workbook",
    "table_xlsx",
    "uploaded_sheet_rows",
    "xlsx_response",
]


def sheet_title(title: str) -> str:
    """A valid sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(title)).strip() or "Sheet"
    return cleaned[:31]


class StreamingWorkbook:
    """A write-only XLSX: rows go straight to the file, so a 100,000-row export uses little
    memory. Cells are neutralised with ``safe_cell``; the header row is bold."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)
        self._sheet = None

    def add_sheet(self, title: str, header: Sequence | None = None, widths: Sequence[int] = ()):
        self._sheet = self.workbook.create_sheet(sheet_title(title))
        for index, width in enumerate(widths):
            letter = _column_letter(index + 1)
            self._sheet.column_dimensions[letter].width = width
        if header:
            cells = []
            for value in header:
                cell = WriteOnlyCell(self._sheet, value=safe_cell(value))
                cell.font = Font(bold=True)
                cells.append(cell)
            self._sheet.append(cells)
        return self._sheet

    def append(self, row: Iterable) -> None:
        if self._sheet is None:
            self.add_sheet("Sheet")
        self._sheet.append([safe_cell(v) for v in row])

    def to_bytes(self) -> bytes:
        if self._sheet is None:
            self.add_sheet("Sheet")
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


@contextmanager
def uploaded_sheet_rows(
    data: bytes, caps, *, sheet: str = "", data_only: bool = True
) -> Iterator[Iterator[tuple]]:
    """The rows of an uploaded XLSX's sheet ``sheet`` (else its first), streamed and bounded by
    ``caps`` (``domain.sheetlimits``), as value tuples; with ``data_only=False`` a formula cell
    reads as its text (``"=SUM(D2:D4)"``), so an importer can refuse it. A file that is not an
    XLSX, is unreadable or passes a cap (also while the rows are read inside the ``with``) is a
    ``DomainError`` with a Vietnamese message::

        with uploaded_sheet_rows(data, INDICATOR_UPLOAD) as rows:
            header = next(rows, None)
    """
    from django.utils.translation import gettext as _
    from openpyxl import load_workbook

    from cchc.core.errors import DomainError
    from cchc.domain.sheetlimits import SheetTooBig, bounded_rows, check_zip

    if data[:4] != b"PK\x03\x04":
        raise DomainError(_("Tệp không phải Excel (XLSX)."), code="format")
    try:
        check_zip(data, caps)
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except SheetTooBig as exc:
        raise DomainError(exc.vietnamese(), code="size") from None
    except Exception:
        raise DomainError(_("Không đọc được tệp Excel."), code="format") from None
    try:
        ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
        yield bounded_rows(ws, caps)
    except SheetTooBig as exc:
        raise DomainError(exc.vietnamese(), code="size") from None
    finally:
        wb.close()


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def styled_workbook() -> Workbook:
    """A regular openpyxl workbook for an export that needs styles, merged cells or several
    sheets: save it with ``safe_workbook_bytes`` (or ``xlsx_response``), which neutralises it."""
    return Workbook()


def neutralise_workbook(workbook: Workbook) -> Workbook:
    """Neutralise every text cell of a regular (styled, not write-only) openpyxl workbook in
    place: for exporters that need merged cells or per-cell formats. Cells that hold formulas we
    wrote on purpose do not exist in our exports, so every string is treated as text."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.value = safe_text(cell.value)
    return workbook


def safe_workbook_bytes(workbook: Workbook) -> bytes:
    """A regular openpyxl workbook as XLSX bytes, every text cell neutralised."""
    neutralise_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_xlsx(title: str, header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """One sheet: a header and rows, formula-safe."""
    book = StreamingWorkbook()
    book.add_sheet(title, header)
    for row in rows:
        book.append(row)
    return book.to_bytes()


def xlsx_response(content, filename: str):
    """A download of an XLSX (bytes, a ``StreamingWorkbook`` or an openpyxl ``Workbook``)."""
    from django.http import HttpResponse

    if isinstance(content, StreamingWorkbook):
        content = content.to_bytes()
    elif isinstance(content, Workbook):
        content = safe_workbook_bytes(content)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def csv_text(header: Sequence, rows: Iterable[Sequence]) -> str:
    """CSV (UTF-8 with BOM so Excel reads Vietnamese), formula-safe."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue()


def csv_response(header: Sequence, rows: Iterable[Sequence], filename: str):
    from django.http import HttpResponse

    response = HttpResponse(csv_text(header, rows).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(filename)
    return response


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    ascii_name = ascii_name.replace('"', "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
