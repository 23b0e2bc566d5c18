"""Readers: every format read into blocks, every bad input refused with the right code.

Fixtures are built here with python-docx, openpyxl, Pillow and a hand-written PDF, so the
tests say exactly what the file contains.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import struct
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.encoding import encode_cp1258
from cchc.domain.planparse.blocks import Paragraph, Table
from cchc.domain.planparse.readers import DocumentError, read_document
from cchc.domain.testing.seeds import seeds_dir
from cchc.domain.text import clean

SEEDS = seeds_dir()

VIETNAMESE = (
    "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022\n"
    "\n"
    "1. Cải cách thể chế\n"
    "a) Rà soát văn bản quy phạm pháp luật; Sở Tư pháp chủ trì.\n"
    "\u00a0\n"
    "Thời gian: Quý III/2022; đạt tối thiểu 80% hồ sơ đúng hạn.\n"
)
EXPECTED_LINES = [
    (1, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022"),
    (3, "1. Cải cách thể chế"),
    (4, "a) Rà soát văn bản quy phạm pháp luật; Sở Tư pháp chủ trì."),
    (6, "Thời gian: Quý III/2022; đạt tối thiểu 80% hồ sơ đúng hạn."),
]


def lines_of(doc):
    return [(b.line, b.text) for b in doc.blocks]


def error_code(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(DocumentError) as info:
        read_document(data, name, **kwargs)
    assert info.value.message
    return info.value.code


# --- text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (VIETNAMESE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + VIETNAMESE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + VIETNAMESE.encode("utf-16-be"), "utf-16-be"),
        (VIETNAMESE.encode("utf-16-le"), "utf-16-le"),
        (VIETNAMESE.encode("utf-16-be"), "utf-16-be"),
        (encode_cp1258(VIETNAMESE), "cp1258"),
        (unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8"), "utf-8"),
        (VIETNAMESE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1258", "nfd", "crlf"],
)
def test_text_encodings_decode_to_the_same_nfc_lines(encoded, encoding):
    doc = read_document(encoded, "kh.txt")
    assert doc.format == "text"
    assert doc.encoding == encoding
    assert lines_of(doc) == EXPECTED_LINES
    assert doc.total_lines == 6
    assert doc.warnings == []


def test_text_in_cp1258_is_really_windows_1258_not_utf8():
    raw = encode_cp1258(VIETNAMESE)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_western_text_falls_back_to_cp1252_with_a_warning():
    doc = read_document("Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e \u00a9 \u00c6sop\n".encode("cp1252"), "a.txt")
    assert doc.encoding in ("cp1252", "cp1258")
    if doc.encoding == "cp1252":
        assert doc.warnings


def test_mostly_utf8_with_a_stray_byte_is_kept_with_a_warning():
    data = (VIETNAMESE * 5).encode("utf-8") + b"\xff tail\n"
    doc = read_document(data, "a.txt")
    assert doc.encoding == "utf-8"
    assert doc.warnings and "replaced" in doc.warnings[0]


def test_text_file_named_docx_is_read_as_text():
    doc = read_document(VIETNAMESE.encode("utf-8"), "renamed.docx")
    assert doc.format == "text"
    assert lines_of(doc) == EXPECTED_LINES


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"),
            max_size=30,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_utf8_text_keeps_its_line_numbers(lines):
    expected = [(i, clean(line)) for i, line in enumerate(lines, start=1) if clean(line)]
    data = "\n".join(lines).encode("utf-8")
    if not expected:
        assert error_code(data, "x.txt") == "empty"
        return
    doc = read_document(data, "x.txt")
    assert lines_of(doc) == expected
    # a final newline ends the last line rather than starting an empty one
    assert doc.total_lines == len(lines) - (len(lines) > 1 and lines[-1] == "")


def seed_files():
    return sorted(SEEDS.glob("*.txt"))


def test_seeds_read():
    seeds = seed_files()
    assert len(seeds) == 5
    for path in seeds:
        raw = path.read_text(encoding="utf-8")
        file_lines = raw.split("\n")
        if raw.endswith("\n"):
            file_lines.pop()
        doc = read_document(path.read_bytes(), path.name)
        assert doc.format == "text" and doc.encoding == "utf-8"
        assert doc.total_lines == len(file_lines), path.name
        assert all(isinstance(b, Paragraph) for b in doc.blocks)
        assert [(b.line, b.text) for b in doc.blocks] == [
            (n, clean(line)) for n, line in enumerate(file_lines, start=1) if clean(line)
        ], path.name


def test_seed_framework_annex_heading_is_at_its_file_line():
    path = next(p for p in seed_files() if p.name.startswith("000_"))
    doc = read_document(path.read_bytes(), path.name)
    file_lines = path.read_text(encoding="utf-8").split("\n")
    annex = next(b for b in doc.blocks if b.text == "KHUNG KẾ HOẠCH")
    assert file_lines[annex.line - 1] == "KHUNG KẾ HOẠCH"
    # the lone no-break-space cell line is not a paragraph, but it is counted
    assert file_lines[annex.line - 3] == "\u00a0"
    assert annex.line - 2 not in {b.line for b in doc.blocks}


# --- DOCX --------------------------------------------------------------------------------

HEADER = [
    "STT",
    "Mục tiêu",
    "Nhiệm vụ",
    "Hoạt động",
    "Kết quả/ Sản phẩm",
    "Chủ trì",
    "Phối hợp",
    "Thời gian (năm)",
]
NUMBERING_XML = """
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="90">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="91">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>
  <w:num w:numId="91"><w:abstractNumId w:val="91"/></w:num>
</w:numbering>
"""


def _add_numbering(document) -> None:
    from docx.oxml import parse_xml

    root = document.part.numbering_part.element
    source = parse_xml(NUMBERING_XML)
    # abstractNum elements must precede num elements in numbering.xml
    first_num = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for abstract in source.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}abstractNum"
    ):
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            root.append(abstract)
    for num in source.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num"):
        root.append(num)


def _numbered(document, text: str, num_id: int, ilvl: int):
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def saved(document_or_workbook) -> bytes:
    """The bytes of a python-docx document or an openpyxl workbook, as saved to a file."""
    buffer = io.BytesIO()
    document_or_workbook.save(buffer)
    return buffer.getvalue()


def build_docx() -> bytes:
    import docx

    document = docx.Document()
    document.sections[0].header.add_paragraph("HEADER TEXT IS IGNORED")
    document.add_heading("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH", level=1)  # line 1
    _add_numbering(document)
    _numbered(document, "MỤC ĐÍCH, YÊU CẦU", 91, 0)  # 2: I.
    _numbered(document, "Cải cách thể chế", 90, 0)  # 3: 1.
    _numbered(document, "Rà soát văn bản", 90, 1)  # 4: a)
    _numbered(document, "Kiểm tra văn bản", 90, 1)  # 5: b)
    _numbered(document, "chi tiết", 90, 2)  # 6: -
    document.add_paragraph("")  # 7: empty, counted
    _numbered(document, "Cải cách thủ tục hành chính", 90, 0)  # 8: 2.
    _numbered(document, "Công khai thủ tục", 90, 1)  # 9: a) again
    _numbered(document, "NỘI DUNG", 91, 0)  # 10: II.

    table = document.add_table(rows=6, cols=8)  # cells: lines 11..
    for i, title in enumerate(HEADER):
        table.cell(0, i).text = title
    section = table.cell(1, 1).merge(table.cell(1, 7))
    table.cell(1, 0).text = "I"
    section.text = "CẢI CÁCH THỂ CHẾ"
    objective = table.cell(2, 1).merge(table.cell(4, 1))
    objective.text = "Nâng cao chất lượng văn bản QPPL"
    rows = [
        [
            "1",
            None,
            "Xây dựng văn bản",
            "Rà soát, trình ban hành",
            "Quyết định",
            "Sở Tư pháp",
            "Các Sở, ban, ngành",
            "2021-2025",
        ],
        [
            "2",
            None,
            "Kiểm tra văn bản",
            "Kiểm tra, xử lý",
            "Báo cáo",
            "Sở Tư pháp",
            "UBND cấp huyện",
            "Hàng năm",
        ],
        ["3", None, "Theo dõi thi hành", "Theo dõi", "", "Sở Tư pháp", "", "Thường xuyên"],
    ]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            if value is not None:
                table.cell(r, c).text = value
    table.cell(5, 0).text = "4"
    nested_host = table.cell(5, 4)
    nested_host.text = "Sản phẩm:"
    nested = nested_host.add_table(rows=2, cols=2)
    nested.cell(0, 0).text = "Đề án"
    nested.cell(0, 1).text = "2022"
    nested.cell(1, 0).text = "Báo cáo"
    nested.cell(1, 1).text = "2023"
    document.add_paragraph("Nơi nhận:")
    return saved(document)


def test_docx_paragraphs_in_order_with_rendered_list_numbers():
    doc = read_document(build_docx(), "kh.docx")
    assert doc.format == "docx"
    paragraphs = [(b.line, b.text) for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs[:9] == [
        (1, "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"),
        (2, "I. MỤC ĐÍCH, YÊU CẦU"),
        (3, "1. Cải cách thể chế"),
        (4, "a) Rà soát văn bản"),
        (5, "b) Kiểm tra văn bản"),
        (6, "- chi tiết"),
        (8, "2. Cải cách thủ tục hành chính"),
        (9, "a) Công khai thủ tục"),
        (10, "II. NỘI DUNG"),
    ]
    assert doc.blocks[0].style == "Heading 1"
    assert "HEADER TEXT IS IGNORED" not in str(doc.blocks)
    # the table sits between "II. NỘI DUNG" and "Nơi nhận:"
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds[-2:] == ["Table", "Paragraph"]
    assert doc.blocks[-1].text == "Nơi nhận:"
    assert doc.total_lines == doc.blocks[-1].line


def test_docx_framework_table_with_merged_cells():
    doc = read_document(build_docx(), "kh.docx")
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.line == 11
    assert [c.text for c in table.rows[0]] == HEADER
    section = table.rows[1]
    assert [(c.text, c.col_span) for c in section] == [("I", 1), ("CẢI CÁCH THỂ CHẾ", 7)]
    objective = [row[1] for row in table.rows[2:5]]
    assert [c.text for c in objective] == ["Nâng cao chất lượng văn bản QPPL"] * 3
    assert [c.merged_from_above for c in objective] == [False, True, True]
    assert objective[0].row_span == 3
    assert [c.text for c in table.rows[3]] == [
        "2", "Nâng cao chất lượng văn bản QPPL", "Kiểm tra văn bản", "Kiểm tra, xử lý",
        "Báo cáo", "Sở Tư pháp", "UBND cấp huyện", "Hàng năm",
    ]  # fmt: skip
    assert table.rows[4][7].text == "Thường xuyên"
    # nested table flattened into the cell, one line per row
    assert table.rows[5][4].text == "Sản phẩm:\nĐề án | 2022\nBáo cáo | 2023"
    # every cell counts one line, in reading order
    all_lines = [c.line for row in table.rows for c in row]
    assert all_lines == list(range(11, 11 + len(all_lines)))
    assert table.line_end == all_lines[-1]


def test_docx_with_only_empty_paragraphs_is_empty():
    import docx

    document = docx.Document()
    document.add_paragraph("   ")
    assert error_code(saved(document), "a.docx") == "empty"


# --- XLSX --------------------------------------------------------------------------------


def build_xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Khung"
    sheet["A1"] = "KHUNG KẾ HOẠCH"
    sheet.merge_cells("A1:D1")
    sheet.append(["STT", "Mục tiêu", "Nhiệm vụ", "Thời gian"])
    sheet.append([1, "Nâng cao chất lượng", "Rà soát văn bản", "2021-2025"])
    sheet.append([2.0, None, "Kiểm tra\n  văn bản", 2022])
    sheet.append([3, None, "Tỷ lệ hồ sơ đúng hạn", 0.8])
    sheet["D5"].number_format = "0%"
    sheet.merge_cells("B3:B5")
    sheet.append([])
    sheet.append([4, "x", 88.54, dt.datetime(2021, 9, 23)])
    empty = workbook.create_sheet("Trống")
    assert empty.max_row == 1
    other = workbook.create_sheet("Chỉ tiêu")
    other.append(["Chỉ tiêu", "Giá trị"])
    return saved(workbook)


def test_xlsx_one_table_per_sheet_with_merged_cells():
    doc = read_document(build_xlsx(), "kh.xlsx")
    assert doc.format == "xlsx"
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [t.name for t in tables] == ["Khung", "Chỉ tiêu"]
    main = tables[0]
    title = main.rows[0]
    assert len(title) == 1 and title[0].text == "KHUNG KẾ HOẠCH" and title[0].col_span == 4
    assert [c.text for c in main.rows[1]] == ["STT", "Mục tiêu", "Nhiệm vụ", "Thời gian"]
    assert [c.text for c in main.rows[2]] == ["1", "Nâng cao chất lượng", "Rà soát văn bản", "2021-2025"]
    assert [c.text for c in main.rows[3]] == ["2", "Nâng cao chất lượng", "Kiểm tra\nvăn bản", "2022"]
    assert [c.text for c in main.rows[4]] == ["3", "Nâng cao chất lượng", "Tỷ lệ hồ sơ đúng hạn", "80%"]
    merged = [row[1] for row in main.rows[2:5]]
    assert [c.merged_from_above for c in merged] == [False, True, True]
    assert merged[0].row_span == 3
    # the empty row 6 is dropped but row numbers are kept as lines
    assert [c.text for c in main.rows[5]] == ["4", "x", "88.54", "23/09/2021"]
    assert [row[0].line for row in main.rows] == [1, 2, 3, 4, 5, 7]
    # line numbers continue across sheets: "Trống" (1 row) is skipped but counted
    assert tables[1].line == 7 + 1 + 1
    assert doc.total_lines == 9


def test_xlsx_with_too_many_rows_is_refused():
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "x"
    sheet.cell(row=100_001, column=1, value="y")
    assert error_code(saved(workbook), "big.xlsx") == "too_large"


# --- PDF ---------------------------------------------------------------------------------


def build_pdf(lines: list[str], *, encrypt: bool = False) -> bytes:
    """A minimal one-page PDF with a Helvetica text layer (WinAnsi: ASCII/Latin-1 only)."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), b"ab" * 16, b"ab" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pdf_text_layer_lines():
    lines = ["KE HOACH CAI CACH HANH CHINH", "", "1. Cai cach the che (2021-2025)", "Thoi gian: Quy III/2022"]
    doc = read_document(build_pdf(lines), "kh.pdf")
    assert doc.format == "pdf"
    assert [b.text for b in doc.blocks] == [line for line in lines if line]
    assert [b.line for b in doc.blocks] == sorted({b.line for b in doc.blocks})
    assert doc.blocks[0].line == 1


def test_scanned_pdf_needs_ocr():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(buffer, "PDF", resolution=50)
    data = buffer.getvalue()
    assert data.startswith(b"%PDF")
    assert error_code(data, "scan.pdf") == "needs_ocr"


def test_encrypted_pdf_is_refused():
    assert error_code(build_pdf(["secret text here for sure"], encrypt=True), "x.pdf") == "encrypted"


def test_image_file_needs_ocr():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    assert error_code(buffer.getvalue(), "scan.png") == "needs_ocr"


# --- bad inputs --------------------------------------------------------------------------


def random_bytes(size: int = 4096) -> bytes:
    data = random.Random(7).randbytes(size)
    return b"\x01\x02" + data[2:]


def patch_central_directory_size(data: bytes, entry: str, size: int) -> bytes:
    """Make the central directory claim ``size`` uncompressed bytes for ``entry``."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", out, position + 28)[0]
        name = bytes(out[position + 46 : position + 46 + name_length]).decode()
        if name == entry:
            struct.pack_into("<I", out, position + 24, size)
            return bytes(out)
        position = out.find(b"PK\x01\x02", position + 4)
    raise AssertionError(entry)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("make", "name", "code"),
    [
        (lambda: b"", "a.txt", "empty"),
        (lambda: b" \n\t\r\n  ", "a.txt", "empty"),
        (lambda: "\u00a0\n \u3000\n".encode(), "a.txt", "empty"),
        (lambda: b"\xef\xbb\xbf\n\n", "a.txt", "empty"),
        (lambda: random_bytes(), "kh.docx", "not_docx"),
        (lambda: random_bytes(), "kh.xlsx", "corrupt"),
        (lambda: random_bytes(), "kh.bin", "unsupported"),
        (lambda: build_docx()[:3000], "kh.docx", "corrupt"),
        (lambda: OLE2 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64, "kh.docx", "encrypted"),
        (lambda: OLE2 + "WordDocument".encode("utf-16-le") + b"\x00" * 64, "kh.doc", "unsupported"),
        (lambda: OLE2 + "Workbook".encode("utf-16-le") + b"\x00" * 64, "kh.xls", "unsupported"),
        (lambda: b"{\\rtf1\\ansi hello}", "kh.rtf", "unsupported"),
        (
            lambda: patch_central_directory_size(build_docx(), "word/document.xml", 0xFFFF0000),
            "kh.docx",
            "too_large",
        ),
        (lambda: b"x" * 2048, "big.txt", "too_large"),
        (lambda: b"%PDF-1.4\n garbage", "kh.pdf", "corrupt"),
    ],
    ids=[
        "empty",
        "whitespace",
        "nbsp-only",
        "bom-only",
        "random-docx",
        "random-xlsx",
        "random-bin",
        "truncated-docx",
        "encrypted-ooxml",
        "legacy-doc",
        "legacy-xls",
        "rtf",
        "zip-bomb",
        "too-large",
        "broken-pdf",
    ],  # fmt: skip
)
def test_bad_inputs_are_refused_with_a_code(make, name, code):
    assert error_code(make(), name, max_bytes=1024 if name == "big.txt" else 20 * 1024 * 1024) == code


def test_too_large_is_checked_before_parsing():
    # a broken "PDF" over the limit must say too_large, not corrupt
    assert error_code(b"%PDF-1.4" + b"\x00" * 5000, "kh.pdf", max_bytes=1000) == "too_large"


def test_zip_that_is_not_office_named_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert error_code(buffer.getvalue(), "kh.docx") == "not_docx"
    assert error_code(buffer.getvalue(), "kh.zip") == "unsupported"


def test_opendocument_is_unsupported():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    assert error_code(buffer.getvalue(), "kh.odt") == "unsupported"


def test_docx_detected_by_content_whatever_its_name():
    doc = read_document(build_docx(), "upload.bin")
    assert doc.format == "docx"
    assert doc.filename == "upload.bin"


def test_docx_restarted_list_starts_again_and_bullets_render_as_dash():
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    _add_numbering(document)
    root = document.part.numbering_part.element
    root.append(
        parse_xml(
            '<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="92">'
            '<w:abstractNumId w:val="90"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
            "</w:lvlOverride></w:num>"
        )
    )
    _numbered(document, "một", 90, 0)
    _numbered(document, "hai", 90, 0)
    _numbered(document, "lại một", 92, 0)
    _numbered(document, "chấm", 90, 2)
    doc = read_document(saved(document), "a.docx")
    assert [b.text for b in doc.blocks] == ["1. một", "2. hai", "1. lại một", "- chấm"]


def test_every_error_code_is_documented():
    from cchc.domain.planparse.readers import ERROR_CODES

    source = Path(__file__).resolve().parents[1]
    used = set()
    for name in (
        "readers.py",
        "readers_docx.py",
        "readers_xlsx.py",
        "readers_pdf.py",
        "ocr.py",
        "template.py",
        "template_read.py",
    ):
        used |= set(re.findall(r'DocumentError\(\s*"(\w+)"', (source / name).read_text()))
    assert used and used <= set(ERROR_CODES)


def _replace_entry(data: bytes, entry: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            zf.writestr(info, content if info.filename == entry else src.read(info.filename))
    return out.getvalue()


def test_docx_with_broken_document_xml_is_corrupt():
    data = _replace_entry(build_docx(), "word/document.xml", b"<w:document><w:body><w:p>")
    assert error_code(data, "kh.docx") == "corrupt"


def test_50_mb_file_is_refused_at_the_default_limit_without_reading_it():
    with pytest.raises(DocumentError) as info:
        read_document(b"\x00" * (50 * 1024 * 1024), "ke-hoach.docx")
    assert info.value.code == "too_large"
    assert "limit" in info.value.message


def test_scanned_pdf_message_says_ocr():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(buffer, "PDF", resolution=50)
    with pytest.raises(DocumentError) as info:
        read_document(buffer.getvalue(), "scan.pdf")
    assert "OCR" in info.value.message


def test_a_word_document_that_is_not_a_plan():
    import docx

    from cchc.domain.planparse.api import parse_plan
    from cchc.domain.planparse.model import NotAPlanError

    document = docx.Document()
    document.add_paragraph("THỰC ĐƠN TUẦN 2")
    document.add_paragraph("Thứ Hai: Cơm gà, canh rau muống.")
    document.add_paragraph("Thứ Ba: Bún chả, dưa hấu.")
    with pytest.raises(NotAPlanError):
        parse_plan(read_document(saved(document), "thuc-don.docx"))
