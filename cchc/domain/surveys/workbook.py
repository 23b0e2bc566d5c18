"""Reading a questionnaire workbook (XLSX) or a responses file (XLSX/CSV) into rows of values."""

from __future__ import annotations

import csv
import io
import zipfile

from ..encoding import decode_text

MAX_ROWS = 50_000
MAX_BYTES = 10 * 1024 * 1024


class WorkbookError(ValueError):
    """The file is not a readable spreadsheet; ``code`` says why."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def read_sheets(data: bytes, max_rows: int = MAX_ROWS) -> dict[str, list[list]]:
    """Every sheet of an XLSX as rows of cell values (read-only, bounded)."""
    import openpyxl

    if len(data) > MAX_BYTES:
        raise WorkbookError("too_large", str(len(data)))
    if not data.startswith(b"PK"):
        raise WorkbookError("not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > 20 * MAX_BYTES:
                raise WorkbookError("too_large", "uncompressed")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except WorkbookError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise WorkbookError("corrupt", type(exc).__name__) from None
    out: dict[str, list[list]] = {}
    for ws in book.worksheets:
        rows = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i >= max_rows:
                raise WorkbookError("too_many_rows", str(max_rows))
            rows.append(list(row))
        out[ws.title] = rows
    book.close()
    return out


def read_table(data: bytes, filename: str = "") -> list[list]:
    """The first sheet of an XLSX, or a CSV (encoding and delimiter detected), as rows."""
    if data.startswith(b"PK"):
        sheets = read_sheets(data)
        return next(iter(sheets.values()), [])
    if len(data) > MAX_BYTES:
        raise WorkbookError("too_large", str(len(data)))
    try:
        text, _encoding = decode_text(data)
    except Exception:
        raise WorkbookError("encoding") from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if len(rows) > MAX_ROWS:
        raise WorkbookError("too_many_rows", str(MAX_ROWS))
    return rows
