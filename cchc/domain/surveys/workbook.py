"""Reading a questionnaire workbook (XLSX) or a responses file (XLSX/CSV) into rows of values."""

from __future__ import annotations

import csv
import io
import time
import zipfile

from ..encoding import decode_text
from ..sheetlimits import QUESTIONNAIRE, SURVEY_RESPONSES, Caps, SheetTooBig, bounded_rows, check_zip

MAX_ROWS = 50_000
MAX_BYTES = 10 * 1024 * 1024


class WorkbookError(ValueError):
    """The file is not a readable spreadsheet; ``code`` says why."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def read_sheets(data: bytes, caps: Caps = QUESTIONNAIRE) -> dict[str, list[list]]:
    """Every sheet of an XLSX as rows of cell values (read-only, streamed, bounded by ``caps``:
    rows and columns as they are in the file, whatever size the file declares). Rows of a
    sheet are padded to its widest row."""
    import openpyxl

    if len(data) > MAX_BYTES:
        raise WorkbookError("too_large", str(len(data)))
    if not data.startswith(b"PK"):
        raise WorkbookError("not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            zf.infolist()
        check_zip(data, caps)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SheetTooBig:
        raise WorkbookError("too_large", "uncompressed") from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise WorkbookError("corrupt", type(exc).__name__) from None
    out: dict[str, list[list]] = {}
    started, cells = time.monotonic(), [0]
    try:
        for ws in book.worksheets:
            rows = [list(r) for r in bounded_rows(ws, caps, started=started, cells_so_far=cells)]
            width = max((len(r) for r in rows), default=0)
            out[ws.title] = [r + [None] * (width - len(r)) for r in rows]
    except SheetTooBig as exc:
        code = {
            "rows": "too_many_rows",
            "columns": "too_many_columns",
            "cells": "too_many_cells",
            "empty_run": "too_many_rows",
        }.get(exc.what, "too_slow")
        raise WorkbookError(code, str(exc.limit if exc.what != "rows" else exc.limit - 1)) from None
    except Exception as exc:
        raise WorkbookError("corrupt", type(exc).__name__) from None
    finally:
        book.close()
    return out


def read_table(data: bytes, filename: str = "") -> list[list]:
    """The first sheet of an XLSX, or a CSV (encoding and delimiter detected), as rows."""
    if data.startswith(b"PK"):
        sheets = read_sheets(data, SURVEY_RESPONSES)
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
