"""PDF reader: the text layer in reading order, with ruled tables read as real tables.

A plan's annex printed from Word is a ruled table over several pages; the text layer alone
interleaves its columns line by line. pdfplumber's table finder returns each page's part of the
table cell by cell: those parts are merged across page breaks (a repeated header row dropped)
into one :class:`Table`, with merged cells mapped like a DOCX table's (a cell spanning columns
gets a ``col_span``; a cell merged down repeats the text above with ``merged_from_above``).
The lines outside the tables are paragraphs in reading order, tables placed where they sit.
"""

from __future__ import annotations

import io
import re

from ..text import clean, nfc
from .blocks import Cell, Paragraph, SourceDocument, Table

MAX_PAGES = 600  # a plan with its annexes is tens of pages; thousands is not a plan to import
_CID = re.compile(r"\(cid:\d+\)")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_BULLET = re.compile(r"^\s*[-+•–]\s")


def _cell_text(raw: str | None) -> str:
    """A cell's wrapped lines joined; a new list item (``- …``) or a line after ``;`` keeps its
    line break (one unit per line stays one unit per line)."""
    if not raw:
        return ""
    lines = [clean(x) for x in _LINE_BREAK.split(nfc(raw)) if clean(x)]
    out = ""
    for ln in lines:
        if not out:
            out = ln
        elif _BULLET.match(ln) or out.endswith((";", ":")):
            out += "\n" + ln
        else:
            out += " " + ln
    return out


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def _grid_rows(table) -> list[list[dict]]:
    """The table's rows as cell dicts (text, col_span, from_above) on its column grid."""
    texts = table.extract()
    rows = table.rows
    width = max((len(r) for r in texts), default=0)
    centers: list[float | None] = [None] * width
    for r in rows:
        for j, bbox in enumerate(r.cells):
            if bbox is not None and j < width and centers[j] is None:
                centers[j] = (bbox[0] + bbox[2]) / 2
    out: list[list[dict]] = []
    above: list[str] = [""] * width
    for r, cells in zip(rows, texts, strict=False):
        row: list[dict] = []
        for j in range(width):
            bbox = r.cells[j] if j < len(r.cells) else None
            raw = cells[j] if j < len(cells) else None
            if bbox is None:
                left = next((c for c in reversed(row) if c["bbox"] is not None), None)
                center = centers[j]
                if left is not None and center is not None and left["bbox"][2] >= center:
                    left["col_span"] += 1  # merged across
                    continue
                row.append({"text": above[j], "col_span": 1, "from_above": True, "bbox": None})
                continue
            text = _cell_text(raw)
            row.append({"text": text, "col_span": 1, "from_above": False, "bbox": bbox})
        col = 0
        for c in row:
            for k in range(col, min(width, col + c["col_span"])):
                above[k] = c["text"]
            col += c["col_span"]
        out.append(row)
    return out


def read_pdf_document(pdf) -> tuple[list, int, list[int]]:
    """Blocks of an open pdfplumber document, the number of lines counted and the textless
    pages."""
    blocks: list = []
    line = 0
    textless: list[int] = []
    open_table: dict | None = None  # the table the last page ended with
    for page_number, page in enumerate(pdf.pages, start=1):
        try:
            found = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.columns) >= 3]
        except Exception:  # a damaged page's drawing: read its text only
            found = []
        boxes = [t.bbox for t in found]
        body = (
            page.filter(lambda o, b=boxes: not (o.get("object_type") == "char" and _inside(o, b)))
            if boxes
            else page
        )
        text_lines = body.extract_text_lines(return_chars=False) if boxes else None
        if text_lines is None:
            page_text = nfc(page.extract_text() or "")
            items = [(i, "p", raw) for i, raw in enumerate(_LINE_BREAK.split(page_text))]
        else:
            items = sorted(
                [(tl["top"], "p", nfc(tl["text"])) for tl in text_lines]
                + [(t.bbox[1], "t", t) for t in found],
                key=lambda x: x[0],
            )
        page_words = 0
        first_item = True
        for _pos, kind, item in items:
            if kind == "p":
                line += 1
                cleaned = clean(item)
                if cleaned:
                    page_words += len(_CID.sub("", cleaned).split())
                    blocks.append(Paragraph(text=cleaned, line=line, style=f"page {page_number}"))
                    if not re.fullmatch(r"[-–\s]*\d{1,4}[-–\s]*", cleaned):  # a page number
                        open_table = None
                        first_item = False
                continue
            rows = _grid_rows(item)
            page_words += sum(len(c["text"].split()) for r in rows for c in r)
            cont = open_table is not None and first_item and open_table["width"] == len(item.columns)
            if cont and rows and [c["text"] for c in rows[0]] == open_table["header"]:
                rows = rows[1:]  # the header repeated on the new page
            split = None
            if cont and rows and _continues_row(open_table["last"], rows[0]):
                split, rows = rows[0], rows[1:]  # a row Word broke across the page break
            cells_rows = []
            for r in rows:
                cells = []
                for c in r:
                    line += 1
                    cells.append(
                        Cell(
                            text=c["text"],
                            line=line,
                            col_span=c["col_span"],
                            merged_from_above=c["from_above"],
                        )
                    )
                cells_rows.append(tuple(cells))
            if cont:
                prev = blocks[open_table["index"]]
                prev_rows = prev.rows
                if split is not None:
                    last = list(prev_rows[-1])
                    for k, c in enumerate(split):
                        if k < len(last) and c["text"] and not c["from_above"]:
                            old_cell = last[k]
                            joined = (old_cell.text + " " + c["text"]).strip()
                            last[k] = Cell(
                                text=joined,
                                line=old_cell.line,
                                row_span=old_cell.row_span,
                                col_span=old_cell.col_span,
                                merged_from_above=old_cell.merged_from_above,
                            )
                    prev_rows = (*prev_rows[:-1], tuple(last))
                blocks[open_table["index"]] = Table(
                    rows=prev_rows + tuple(cells_rows), line=prev.line, line_end=line
                )
                if rows:
                    open_table["last"] = rows[-1]
            elif cells_rows:
                blocks.append(Table(rows=tuple(cells_rows), line=cells_rows[0][0].line, line_end=line))
                open_table = {
                    "index": len(blocks) - 1,
                    "width": len(item.columns),
                    "header": [c["text"] for c in rows[0]] if rows else [],
                    "last": rows[-1] if rows else [],
                }
            first_item = False
        if page_words == 0:
            textless.append(page_number)
        first_item = True
        page.close() if hasattr(page, "close") else None
    return blocks, line, textless


_ENDS_SENTENCE = (".", ";", ":", "!", "?", ")")


def _continues_row(last: list[dict], first: list[dict]) -> bool:
    """Whether the first row on a page is the rest of the last row of the page before (Word
    lets a long row break across pages): no number in its first cell, every own cell sits under
    a filled cell of that row, and every one goes on in lower case after a cell left without
    final punctuation."""
    own = [(k, c) for k, c in enumerate(first) if c["text"] and not c["from_above"]]
    if not own or not last or (first[0]["text"] and not first[0]["from_above"]):
        return False
    for k, c in own:
        if k >= len(last) or not last[k]["text"] or last[k]["from_above"]:
            return False
        head = c["text"].lstrip("-–+• ")[:1]
        if not head.islower() or last[k]["text"].rstrip().endswith(_ENDS_SENTENCE):
            return False
    return True


def open_pdf(data: bytes):
    import pdfplumber

    return pdfplumber.open(io.BytesIO(data))


def build_document(blocks: list, line: int, textless: list[int], pages: int) -> SourceDocument:
    warnings: list[str] = []
    if textless:
        warnings.append("pages without a text layer (scanned?): " + ", ".join(str(n) for n in textless))
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    if any(_CID.search(b.text) for b in paragraphs):
        warnings.append("some characters have no Unicode mapping in the PDF fonts and were lost")
    return SourceDocument(blocks=list(blocks), format="pdf", total_lines=line, warnings=warnings)
