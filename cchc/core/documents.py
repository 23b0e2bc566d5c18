"""Official report documents per Decree 30/2020/NĐ-CP (Phụ lục I): DOCX with python-docx, PDF by
converting that DOCX with LibreOffice headless.

Layout: A4; margins top/bottom 20 mm, left 30 mm, right 15 mm (NĐ 30 Phụ lục I, mục I.2:
top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm); Times New Roman 13–14 pt; the issuing-body
block and the national motto side by side in a borderless two-column table; number and
place/date line; title "BÁO CÁO" with the summary line; numbered headings; tables whose header row
repeats on each page (w:tblHeader); "Nơi nhận:" and the signature block.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.core.errors import DomainError
from cchc.domain.text import fold

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float] | None = None


def tables_of(header: list[str], rows: list[list[str]], widths_mm: list[float] | None = None) -> list[Table]:
    """A section's one table, or no table at all when it has no rows."""
    return [Table(header, rows, widths_mm)] if rows else []


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    key: str = ""  # the outline's key (cchc/reporting/data/report-outline.json)
    editable: bool = False  # a passage the standing agency may rewrite (its draft comes from data)
    drafted: bool = False  # showing the draft written from the data, not a saved text


@dataclass
class OfficialDocument:
    """What a report says, independent of its rendering."""

    issuer_parent: str  # the managing body, upright ("UBND THÀNH PHỐ HẢI PHÒNG"), or ""
    issuer: str  # the issuing body, bold ("SỞ TƯ PHÁP"; "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG")
    number: str  # "Số:      /BC-UBND"
    place: str  # "Hải Phòng"
    date: dt.date | None
    title: str  # "BÁO CÁO"
    summary: str
    sections: list[Section]
    recipients: list[str]
    signature: list[str]  # ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer: str = ""


def date_line(place: str, d: dt.date | None) -> str:
    if d is None:
        return f"{place}, ngày      tháng      năm"
    day = f"0{d.day}" if d.day < 10 else str(d.day)  # NĐ 30: days < 10 and months 1–2 get a leading 0
    month = f"0{d.month}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {day} tháng {month} năm {d.year}"


def place_name(province) -> str:
    """ "Thành phố Hải Phòng" -> "Hải Phòng" (the place in the date line)."""
    if province is None:
        return ""
    if province.short_name:
        return province.short_name
    return re.sub(r"^(Thành phố|Tỉnh)\s+", "", province.name)


def filename(stem: str, fmt: str) -> str:
    """A download name in plain lower-case ASCII, words joined by "-"."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", fold(stem)).strip("-") + f".{fmt}"


def _font(run, size=13, bold=False, italic=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(container, text="", *, size=13, bold=False, italic=False, align=None, space_after=6, indent=False):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    if text:
        _font(p.add_run(text), size, bold, italic)
    return p


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _fix_widths(table, widths):
    """Fixed column widths that Word and LibreOffice both honour (grid + every cell)."""
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _cell_text(cell, text, *, size=12, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    cell.text = ""
    lines = str(text).split("\n")
    p = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            p = cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(line), size, bold, italic)


def _data_table(doc, t: Table):
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    hdr = table.rows[0]
    _repeat_header(hdr)
    for cell, text in zip(hdr.cells, t.header, strict=True):
        _cell_text(cell, text, bold=True)
    for row in t.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER)
    if t.widths_mm and len(t.widths_mm) == len(t.header):
        total = sum(t.widths_mm)
        _fix_widths(table, [Mm(w * 165 / total) for w in t.widths_mm])  # 165 mm between the margins
    _para(doc, "", space_after=4)


def _section(doc, s: Section, level: int):
    _para(
        doc, s.heading, bold=True, size=13 if level == 1 else 13, italic=level > 1, space_after=6, indent=True
    )
    for text in s.paragraphs:
        for line in str(text).split("\n"):
            _para(doc, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    for t in s.tables:
        _data_table(doc, t)
    for sub in s.subsections:
        _section(doc, sub, level + 1)


def render_docx(d: OfficialDocument) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)

    head = doc.add_table(rows=2, cols=2)
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(head, (Mm(70), Mm(95)))
    left, right = head.rows[0].cells
    # NĐ 30: the managing body (if any) upright, the issuing body in bold, a short rule under it
    if d.issuer_parent:
        _cell_text(left, d.issuer_parent, size=12)  # NĐ 30: 12–13 pt; 12 keeps "UBND THÀNH PHỐ …" on a line
        p = left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(d.issuer), 13, bold=True)
    else:
        _cell_text(left, d.issuer, size=13, bold=True)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("――――――"), 10)
    _cell_text(right, MOTTO, size=12, bold=True)  # NĐ 30: 12–13 pt; 12 keeps it on one line
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(MOTTO_2), 14, bold=True)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("―――――――――――――"), 10)
    num, place = head.rows[1].cells
    _cell_text(num, d.number, size=13)
    _cell_text(place, date_line(d.place, d.date), size=14, italic=True)

    _para(doc, "", space_after=6)
    _para(doc, d.title, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(doc, d.summary, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    for s in d.sections:
        _section(doc, s, 1)

    foot = doc.add_table(rows=1, cols=2)
    _no_borders(foot)
    _fix_widths(foot, (Mm(75), Mm(90)))
    left, right = foot.rows[0].cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for r in d.recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(f"- {r}"), 11)
    _cell_text(right, "\n".join(d.signature), size=14, bold=True)
    for _i in range(3):
        right.add_paragraph()
    if d.signer:
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(d.signer), 14, bold=True)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: int = 120) -> bytes:
    """Convert with LibreOffice headless in a private profile (safe to run concurrently)."""
    exe = soffice_path()
    if exe is None:
        raise DomainError(
            _("Máy chủ chưa cài LibreOffice (soffice) nên chưa xuất được PDF; hãy tải bản DOCX."),
            code="no_soffice",
        )
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        src = Path(tmp) / "baocao.docx"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(src),
        ]
        env = {**os.environ, "HOME": tmp}
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise DomainError(_("Chuyển sang PDF quá thời gian cho phép."), code="pdf_timeout") from None
        except subprocess.CalledProcessError as exc:
            raise DomainError(
                _("LibreOffice không chuyển được tệp sang PDF: %(err)s")
                % {"err": exc.stderr.decode(errors="replace")[:200]},
                code="pdf_failed",
            ) from None
        out = Path(tmp) / "baocao.pdf"
        if not out.exists():
            raise DomainError(_("LibreOffice không tạo ra tệp PDF."), code="pdf_failed")
        return out.read_bytes()


def render(d: OfficialDocument, fmt: str) -> bytes:
    data = render_docx(d)
    if fmt == "docx":
        return data
    if fmt == "pdf":
        return docx_to_pdf(data)
    raise DomainError(_("Định dạng không hỗ trợ: %(f)s (docx hoặc pdf).") % {"f": fmt}, code="format")
