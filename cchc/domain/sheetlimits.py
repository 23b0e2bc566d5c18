"""Workbooks bounded by what they contain, not by what they declare.

An XLSX names its own size (``<dimension ref="A1:XFD1048576">``); openpyxl's read-only mode pads
every row to that width, so a 1,6 KB file could cost seconds of CPU and gigabytes of memory.
``bounded_rows`` ignores the declaration (``reset_dimensions``), streams the sheet row by row
and stops at the first cap of its kind of upload: rows, columns (the last filled cell of a row),
cells (filled columns summed over rows) and seconds. ``check_zip`` refuses, before parsing, a
package whose parts inflate past the kind's limit (a zip bomb, a huge shared-strings table).
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Caps:
    rows: int
    columns: int
    cells: int
    seconds: float
    inflated_bytes: int  # the package's parts, uncompressed
    empty_run: int = 10_000  # consecutive empty rows (a cell far below the data)


# One set per kind of upload (docs/security.md, "Workbooks").
INDICATOR_UPLOAD = Caps(rows=5_001, columns=40, cells=100_000, seconds=10, inflated_bytes=40 << 20)
QUESTIONNAIRE = Caps(rows=5_001, columns=60, cells=100_000, seconds=10, inflated_bytes=40 << 20)
SURVEY_RESPONSES = Caps(rows=50_001, columns=300, cells=3_000_000, seconds=30, inflated_bytes=200 << 20)
BUDGET_ESTIMATE = Caps(rows=1_001, columns=20, cells=20_000, seconds=10, inflated_bytes=20 << 20)
DOSSIER_WORKBOOK = Caps(rows=1_048_576, columns=100, cells=40_000_000, seconds=1800, inflated_bytes=2 << 30)


class SheetTooBig(ValueError):
    """``what`` (rows, columns, cells, empty_run, seconds, inflated) passed ``limit`` on ``sheet``."""

    def __init__(self, what: str, limit, sheet: str = "", row: int = 0):
        super().__init__(f"{what} > {limit} ({sheet} row {row})")
        self.what, self.limit, self.sheet, self.row = what, limit, sheet, row

    def vietnamese(self) -> str:
        where = f"Trang tính “{self.sheet}”" if self.sheet else "Bảng tính"
        if self.what == "rows":
            return f"{where} có quá {self.limit - 1:,} dòng.".replace(",", ".")
        if self.what == "columns":
            return f"{where} có dòng {self.row} dài quá {self.limit} cột."
        if self.what == "cells":
            return f"{where} có quá {self.limit:,} ô có dữ liệu.".replace(",", ".")
        if self.what == "empty_run":
            return f"{where} có hơn {self.limit:,} dòng trống liền nhau (đến dòng {self.row}): hãy xóa các ô thừa ở cuối bảng.".replace(
                ",", "."
            )
        if self.what == "seconds":
            return (
                f"{where} đọc quá {self.limit:g} giây (dừng ở dòng {self.row}): tệp quá lớn hoặc bất thường."
            )
        return "Tệp Excel khi giải nén quá lớn so với nội dung cho phép."


def check_zip(data_or_path, caps: Caps) -> None:
    """Refuse a package whose parts inflate past ``caps.inflated_bytes`` (before parsing it)."""
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes | bytearray) else data_or_path
    try:
        with zipfile.ZipFile(source) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile:
        return  # the reader reports a damaged file in its own words
    if total > caps.inflated_bytes:
        raise SheetTooBig("inflated", caps.inflated_bytes)


def bounded_rows(
    ws, caps: Caps, *, started: float | None = None, cells_so_far: list[int] | None = None
) -> Iterator[tuple]:
    """The rows of a read-only worksheet as value tuples without their trailing empty cells,
    within ``caps`` (``started``: a ``time.monotonic()`` shared by several sheets of one file;
    ``cells_so_far``: a one-item list shared likewise)."""
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # read what is there, not the declared size
    started = time.monotonic() if started is None else started
    cells = cells_so_far if cells_so_far is not None else [0]
    title = getattr(ws, "title", "")
    empty = 0
    for n, row in enumerate(ws.iter_rows(values_only=True), 1):
        if n > caps.rows:
            raise SheetTooBig("rows", caps.rows, title, n)
        last = len(row)
        while last and (row[last - 1] is None or row[last - 1] == ""):
            last -= 1
        empty = empty + 1 if last == 0 else 0
        if empty > caps.empty_run:
            raise SheetTooBig("empty_run", caps.empty_run, title, n)
        if last > caps.columns:
            raise SheetTooBig("columns", caps.columns, title, n)
        cells[0] += last
        if cells[0] > caps.cells:
            raise SheetTooBig("cells", caps.cells, title, n)
        if time.monotonic() - started > caps.seconds:
            raise SheetTooBig("seconds", caps.seconds, title, n)
        yield row[:last]
