"""Re-lay a plan's task table the ways other sites and offices publish it: a pipe (Markdown)
table with or without a ``|---|`` line, its annex title glued onto the first header cell, a
DOCX table (merged cells, optionally wrapped in a 1×1 layout table), a text PDF of the table
(several pages). The rows come from the plan's own parse (``framework_rows``), so the
importer must give back the same rows (``test_table_layouts.py``)."""

from __future__ import annotations

import io

HEADER = ["STT", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Kết quả/ Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian"]
# columns whose value a merged (empty) cell inherits from the row above within a numbered row
MERGED = (1, 2, 5)


def _lead(t: dict) -> str:
    return "; ".join(m["text"] for m in t["lead"])


def framework_rows(p: dict) -> list[list[str] | tuple[str, str]]:
    """The parsed task-table rows of ``p`` as table rows: ``(code, title)`` for a section row,
    else eight cells; a cell equal to the one above within a numbered row is left empty (a
    merged cell)."""
    areas = {a["code"]: a["title"] for a in p["areas"]}
    out: list = []
    area = object()
    prev: list[str] | None = None
    n = 0
    for t in p["tasks"]:
        if t["origin"] not in ("annex", "table"):
            continue
        if t["area"] != area:
            area = t["area"]
            if area is not None:
                out.append((area, areas.get(area, "")))
            prev = None
        tf = (t["timeframe"] or {}).get("text") or ""
        row = [
            "",
            t["objective"] or "",
            t["parent"] or "",
            t["title"],
            "; ".join(t["outputs"]),
            _lead(t),
            "; ".join(m["text"] for m in t["support"]),
            tf,
        ]
        full = list(row)
        if prev is None or row[1] != prev[1] or not row[1]:
            n += 1
            row[0] = str(n)
        else:
            for k in MERGED:
                if row[k] == prev[k]:
                    row[k] = ""
        out.append(row)
        prev = full
    return out


def expected_tasks(p: dict) -> list[dict]:
    return [t for t in p["tasks"] if t["origin"] in ("annex", "table")]


def _cut(text: str, p: dict) -> tuple[list[str], list[str], list[str]]:
    """(lines before the annex title, annex title lines, lines after the table) of ``text``."""
    ls = text.split("\n")
    rows = expected_tasks(p)
    first = min(t["source"]["line_start"] for t in rows)
    last = max(t["source"]["line_end"] for t in rows)
    start = first
    for k in range(first - 1, max(0, first - 80), -1):
        if ls[k - 1].strip().upper() in ("STT", "TT"):
            start = k
            break
    title_start = start
    for k in range(start - 1, max(0, start - 12), -1):
        if ls[k - 1].strip().upper().startswith(("KHUNG", "PHỤ LỤC", "DANH MỤC")):
            title_start = k
            break
    return ls[: title_start - 1], [x for x in ls[title_start - 1 : start - 1] if x.strip()], ls[last:]


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |"


def pipe_table(text: str, p: dict, *, separator: bool = True, glued: bool = False) -> str:
    """The task table as a Markdown pipe table (``| STT | Mục tiêu | … |``); section rows
    ``| I | CẢI CÁCH THỂ CHẾ | | … |``. ``glued``: the annex title is glued onto the first
    header cell, as a hard-wrapped page joins it."""
    before, title, after = _cut(text, p)
    head = list(HEADER)
    body: list[str] = []
    if glued:
        head[0] = " ".join([*title, head[0]])
    else:
        body.extend([*title, ""])
    body.append(_pipe(head))
    if separator:
        body.append("|" + "|".join("---" for _ in head) + "|")
    for r in framework_rows(p):
        if isinstance(r, tuple):
            body.append(_pipe([r[0], r[1], *[""] * (len(head) - 2)]))
        else:
            body.append(_pipe(r))
    return "\n".join([*before, *body, "", *after])


def glued_flat(text: str, p: dict) -> str:
    """The seed's own flattened table, with the annex title's last line glued onto the ``STT``
    cell (a hard-wrapped page joined them)."""
    ls = text.split("\n")
    rows = expected_tasks(p)
    first = min(t["source"]["line_start"] for t in rows)
    for k in range(first - 1, max(0, first - 80), -1):
        if ls[k - 1].strip().upper() == "STT":
            j = k - 2
            while j >= 0 and not ls[j].strip():
                j -= 1
            ls[j] = ls[j].rstrip() + " " + ls[k - 1].strip()
            del ls[j + 1 : k]
            break
    return "\n".join(ls)


# --- DOCX -------------------------------------------------------------------------------------


def docx(text: str, p: dict, *, nested: bool = False) -> bytes:
    """The plan as a Word file: the body's lines as paragraphs, the task table a real table
    with merged cells (section rows merged across; objective, task and lead merged down over
    a numbered row's continuation rows). ``nested``: the table sits inside a 1×1 table."""
    from docx import Document

    before, title, after = _cut(text, p)
    doc = Document()
    for line in before:
        if line.strip():
            doc.add_paragraph(line.strip())
    for line in title:
        doc.add_paragraph(line.strip())
    rows = framework_rows(p)
    if nested:
        outer = doc.add_table(rows=1, cols=1)
        host = outer.cell(0, 0)
        table = host.add_table(rows=len(rows) + 1, cols=len(HEADER))
    else:
        table = doc.add_table(rows=len(rows) + 1, cols=len(HEADER))
    grid = [r.cells for r in table.rows]  # python-docx's table.cell() is slow on big tables
    for c, h in enumerate(HEADER):
        grid[0][c].text = h
    open_merge = set()
    for r, row in enumerate(rows, start=1):
        cells = grid[r]
        if isinstance(row, tuple):
            cells[0].text = row[0]
            cells[1].text = row[1]
            _span(cells, 1, len(HEADER) - 1)
            open_merge = set()
            continue
        for c, value in enumerate(row):
            if c in MERGED and not value and not row[0] and c in open_merge:
                _vmerge(cells[c], "continue")
                continue
            cells[c].text = value
            if c in MERGED:
                _vmerge(cells[c], "restart")
                open_merge.add(c)
    for line in after:
        if line.strip():
            doc.add_paragraph(line.strip())
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _vmerge(cell, value: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    vm = OxmlElement("w:vMerge")
    vm.set(qn("w:val"), value)
    tc_pr.append(vm)


def _span(cells, first: int, count: int) -> None:
    """Merge ``count`` cells from ``first`` across (gridSpan), removing the covered cells."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc = cells[first]._tc
    gs = OxmlElement("w:gridSpan")
    gs.set(qn("w:val"), str(count))
    tc.get_or_add_tcPr().append(gs)
    for k in range(first + 1, first + count):
        other = cells[k]._tc
        other.getparent().remove(other)


# --- PDF --------------------------------------------------------------------------------------


def pdf(text: str, p: dict, *, body_lines: int = 200) -> bytes:
    """A text PDF: the plan's first ``body_lines`` lines as text, then the task table drawn as
    a grid over several pages (landscape A4), as Word's "Save as PDF" renders the annex."""
    from fpdf import FPDF

    before, title, after = _cut(text, p)
    doc = FPDF(orientation="L", unit="mm", format="A4")
    doc.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    doc.add_font("DejaVu", "B", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    doc.set_font("DejaVu", size=6)
    doc.add_page()
    w = doc.epw
    for line in [x for x in before if x.strip()][:body_lines]:
        doc.multi_cell(w, 4, line.strip(), new_x="LMARGIN", new_y="NEXT")
    doc.add_page()
    for line in title:
        doc.multi_cell(w, 4, line.strip(), align="C", new_x="LMARGIN", new_y="NEXT")
    widths = (10, 40, 40, 60, 35, 30, 30, 22)
    with doc.table(col_widths=widths, text_align="LEFT", line_height=2.6, repeat_headings=1) as table:
        table.row(HEADER)
        rows = framework_rows(p)
        spans = _row_spans(rows)  # merged cells at most 3 rows high: a page must hold them
        last: dict[int, str] = {}
        for k, row in enumerate(rows):
            r = table.row()
            if isinstance(row, tuple):
                r.cell(row[0])
                r.cell(row[1], colspan=len(HEADER) - 1)
                last = {}
                continue
            for c, value in enumerate(row):
                span = spans.get((k, c), 1)
                if span == 0:
                    continue  # covered by a cell merged down from above
                if c in MERGED:
                    value = value or ("" if row[0] else last.get(c, ""))
                    last[c] = value
                r.cell(value, rowspan=span)
    doc.ln(4)
    for line in [x for x in after if x.strip()][:40]:
        doc.multi_cell(w, 4, line.strip(), new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def _row_spans(rows) -> dict[tuple[int, int], int]:
    """(row, column) -> rows spanned (0: covered) for the merged columns' continuation cells."""
    spans: dict[tuple[int, int], int] = {}
    for c in MERGED:
        start = None
        for k, row in enumerate(rows):
            if isinstance(row, tuple):
                start = None
                continue
            if row[0] or row[c] or start is None or spans[(start, c)] >= 3:
                start = k
                spans[(k, c)] = 1
                continue
            spans[(start, c)] += 1
            spans[(k, c)] = 0
    return spans


def score(expected: list[dict], got: list[dict]) -> dict:
    """Recall of task rows (by title), and among matched rows the share with the same lead
    texts and the same timeframe (years/due date)."""

    def key(t):
        return " ".join(t["title"].split()).lower()

    pool: dict[str, list[dict]] = {}
    for t in got:
        pool.setdefault(key(t), []).append(t)
    matched = lead_ok = tf_ok = 0
    missing = []
    for t in expected:
        cands = pool.get(key(t))
        if not cands:
            missing.append(t["title"][:80])
            continue
        g = cands.pop(0)
        matched += 1
        if [m["text"] for m in g["lead"]] == [m["text"] for m in t["lead"]]:
            lead_ok += 1
        a, b = g["timeframe"] or {}, t["timeframe"] or {}
        if (a.get("start_year"), a.get("end_year"), a.get("due_date")) == (
            b.get("start_year"),
            b.get("end_year"),
            b.get("due_date"),
        ):
            tf_ok += 1
    n = max(1, len(expected))
    return {
        "recall": matched / n,
        "lead": lead_ok / max(1, matched),
        "timeframe": tf_ok / max(1, matched),
        "missing": missing,
        "extra": len(got) - matched,
    }


# --- scans ------------------------------------------------------------------------------------


def text_pdf(lines: list[str], *, size: int = 11) -> bytes:
    """A plain text PDF of ``lines`` (portrait A4), as a printed plan."""
    from fpdf import FPDF

    doc = FPDF(orientation="P", unit="mm", format="A4")
    doc.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    doc.set_font("DejaVu", size=size)
    doc.add_page()
    for line in lines:
        doc.multi_cell(doc.epw, size * 0.5, line.strip() or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def scanned(pdf_bytes: bytes, *, dpi: int = 200, first: int = 1, last: int = 1) -> list[bytes]:
    """PNG images of pages ``first``..``last`` of a PDF (as a scanner makes them)."""
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.pdf"
        src.write_bytes(pdf_bytes)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-gray",
                "-png",
                "-f",
                str(first),
                "-l",
                str(last),
                str(src),
                f"{d}/p",
            ],
            check=True,
            timeout=120,
        )
        return [p.read_bytes() for p in sorted(Path(d).glob("p*.png"))]


def images_to_pdf(images: list[bytes]) -> bytes:
    """A scanned PDF: the page images, no text layer."""
    from PIL import Image

    pages = [Image.open(io.BytesIO(b)).convert("RGB") for b in images]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return buf.getvalue()
