"""Small XLSX files that declare (or hold) far more than they should: used by the tests of
``cchc.domain.sheetlimits`` and by ``benchmarks/hostile_workbooks.py``."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, value) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def build(
    rows: dict[int, dict[int, object]] | None = None, *, dimension="A1:XFD1048576", rows_xml=None
) -> bytes:
    """An XLSX with ``rows`` ({row: {column: value}}) and a declared ``dimension``."""
    if rows_xml is None:
        parts = []
        for r in sorted(rows or {}):
            cells = "".join(_cell(f"{_col(c)}{r}", v) for c, v in sorted(rows[r].items()))
            parts.append(f'<row r="{r}">{cells}</row>')
        rows_xml = "".join(parts)
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData></worksheet>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def declared_huge() -> bytes:
    """~1,6 KB: a header, one value, and a declared A1:XFD1048576 (the issue's indicator upload)."""
    return build({1: {1: "Mã đơn vị", 2: "Giá trị"}, 2: {1: "HP-STP", 2: 90}})


def far_cell() -> bytes:
    """One cell at the sheet's last row and column: every row between is "there"."""
    return build({1: {1: "Mã đơn vị", 2: "Giá trị"}, 1048576: {16384: "x"}})


def many_rows(n: int, columns: int = 6) -> bytes:
    """``n`` real rows (e.g. 6.000 for the questionnaire case), a huge declared size."""
    row = "".join(_cell(f"{_col(c)}{{r}}", f"v{c}") for c in range(1, columns + 1))
    rows_xml = "".join(f'<row r="{r}">{row.replace("{r}", str(r))}</row>' for r in range(1, n + 1))
    return build(rows_xml=rows_xml)


def wide_rows(n: int, columns: int = 16384) -> bytes:
    """``n`` rows each ``columns`` wide: compresses to little, inflates to a lot."""
    row = "".join(f'<c r="{_col(c)}{{r}}"><v>1</v></c>' for c in range(1, columns + 1))
    return build(
        rows_xml="".join(f'<row r="{r}">{row.replace("{r}", str(r))}</row>' for r in range(1, n + 1))
    )
