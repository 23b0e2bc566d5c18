"""Layout normalisation: the stage between reading a text file and parsing it.

Plans arrive as text laid out in many ways: one paragraph per line (the seeds), hard-wrapped
at 70–80 columns (old web pages, PDF-to-text tools), table cells separated by a line holding a
lone ``|``, cells framed by ``|`` on their first line, rows separated by tabs (copied out of
Word or a spreadsheet), or fixed-width columns separated by runs of spaces (``pdftotext
-layout``). :func:`normalise` turns all of them into one canonical layout, which is what the
rest of the parser reads:

- one paragraph (or one table cell of a flattened table) per line, blank lines kept where the
  source separates paragraphs or cells with them (a lone ``|`` separator counts as one);
- a table row whose cells are known (pipes, tabs, fixed-width columns) as one pipe row
  ``| a | b | c |``.

Every normalised line keeps the span of original lines it came from (``origin``), so that
warnings, provenance and coverage point at the file the officer has.

No Django here: plain functions over lists of strings, linear in the input size (a 2 MB single
line or a line of 100,000 ``|`` is handled in one pass).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Normalised", "normalise"]

# A line never joined to the one before it: list markers, numbered headings, document parts.
_MARKER = re.compile(
    r"^(?:[-+•*–—]\s|[0-9]{1,3}(?:\.[0-9]{1,3})*[.)]\s|[a-zđA-ZĐ][).]\s|[IVXLC]{1,6}[.)]\s"
    r"|(?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+\b|Nơi nhận|TM\.|KT\.|TL\.|Số:)"
)
_TERMINAL = tuple(".;:!?")
_NBSP_ONLY = re.compile(r"^[\s\u00a0\u200b\ufeff]*$")
_FRAMED_CELL = re.compile(r"^\|([^|]*)\|$")  # "| one cell |", no inner pipe
_SPACE_RUN = re.compile(r"\S+(?: \S+)*")  # words separated by single spaces
MAX_LINE = 20_000  # a longer line is cut for layout decisions (never for text)


@dataclass
class Normalised:
    """The canonical text: ``lines[k]`` ("" for a blank line) came from the original lines
    ``origin[k] = (first, last)`` (1-based, inclusive)."""

    lines: list[str]
    origin: list[tuple[int, int]]
    notes: list[str] = field(default_factory=list)  # what was detected (English)
    separators: list[int] = field(default_factory=list)  # original lines that were layout only
    blank: list[int] = field(default_factory=list)  # original lines holding nothing

    def span(self, n: int) -> tuple[int, int]:
        """Original (first, last) line of normalised line ``n`` (1-based)."""
        if 1 <= n <= len(self.origin):
            return self.origin[n - 1]
        return (n, n)

    @property
    def identity(self) -> bool:
        return all(a == b == k for k, (a, b) in enumerate(self.origin, start=1))


def normalise(raw: list[str]) -> Normalised:
    """Normalise ``raw`` lines (already decoded, without line ends) to the canonical layout."""
    items = [_Item(_prep(s), n, n) for n, s in enumerate(raw, start=1)]
    blank = [it.first for it in items if not it.text.strip()]
    raw_width = _widths(items)  # of the physical lines, before any stage regroups them
    notes: list[str] = []
    seps: list[int] = []
    items = _tab_rows(items, notes)
    items = _fixed_width(items, notes)
    items = _broken_pipe_rows(items, notes)
    items = _lone_pipes(items, notes, seps)
    items = _framed_cells(items, notes, seps)
    items = _unwrap(items, notes, raw_width)
    return Normalised(
        lines=[it.text for it in items],
        origin=[(it.first, it.last) for it in items],
        notes=notes,
        separators=seps,
        blank=blank,
    )


@dataclass(slots=True)
class _Item:
    text: str
    first: int
    last: int
    hard: bool = False  # a break before this line is certain (cell start, separator)
    cell: bool = False  # a whole cell: never join anything to it
    sep: bool = False  # a blank line standing for a cell separator


def _prep(s: str) -> str:
    s = unicodedata.normalize("NFC", s.rstrip("\r\n"))
    if _NBSP_ONLY.match(s):
        return ""
    return s.rstrip(" \u00a0")  # trailing tabs are empty cells of a tab row


def _blank(it: _Item) -> bool:
    return not it.text.strip()


# --- tabs ------------------------------------------------------------------------------------


def _tab_rows(items: list[_Item], notes: list[str]) -> list[_Item]:
    n = 0
    for it in items:
        inner = it.text.lstrip(" \t\u00a0")  # leading tabs are indentation
        if inner.count("\t") >= 2:
            cells = [" ".join(c.split()) for c in inner.split("\t")]
            if len([c for c in cells if c]) >= 2:
                it.text = "| " + " | ".join(cells) + " |"
                it.hard = True
                n += 1
        elif "\t" in it.text:
            it.text = it.text.replace("\t", " ")
    if n:
        notes.append(f"{n} tab-separated row(s) read as table rows")
    return items


# --- fixed-width columns ---------------------------------------------------------------------


def _columns(text: str) -> list[tuple[int, str]]:
    """(start, text) of the runs of a line split at two or more spaces."""
    if len(text) > MAX_LINE or "|" in text:
        return []
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", text):
        out.append((m.start(), m.group()))
    return out


def _fixed_width(items: list[_Item], notes: list[str]) -> list[_Item]:
    """Blocks of ≥ 3 lines whose runs of text (separated by ≥ 2 spaces) start at the same
    columns are fixed-width table rows; a line whose first column is empty continues the row
    above (a cell wrapped inside its column)."""
    out: list[_Item] = []
    i = 0
    rows_total = 0
    while i < len(items):
        cols = _columns(items[i].text)
        if len(cols) < 3 or cols[0][0] > 4:
            out.append(items[i])
            i += 1
            continue
        starts = [c for c, _ in cols]
        j = i + 1
        block = [(items[i], cols)]
        while j < len(items):
            if "|" in items[j].text and j + 1 < len(items) and _columns(items[j + 1].text):
                block.append((items[j], None))  # a pipe row or lone '|' among the rows: kept
                j += 1
                continue
            c2 = _columns(items[j].text)
            if not c2:
                break
            if len(c2) < 2 and c2[0][0] <= 4:
                break  # a line of prose after the table
            new = [c for c, _ in c2 if not any(abs(c - s) <= 1 for s in starts)]
            if new and c2[0][0] > 4:
                break
            starts = sorted({*starts, *new})
            block.append((items[j], c2))
            j += 1
        full = [b for b in block if b[1] is not None and b[1][0][0] <= 4]
        if len(full) < 3:
            out.append(items[i])
            i += 1
            continue
        rows: list[tuple[_Item, list[str] | None]] = []
        for it, c2 in block:
            if c2 is None:
                rows.append((it, None))
                continue
            cells = [""] * len(starts)
            for c, t in c2:
                k = min(range(len(starts)), key=lambda x: abs(starts[x] - c))
                cells[k] = (cells[k] + " " + t).strip()
            if cells[0] == "" and rows and rows[-1][1] is not None:
                prev_it, prev = rows[-1]
                for k, t in enumerate(cells):
                    if t:
                        prev[k] = (prev[k] + " " + t).strip()
                prev_it.last = it.last
            else:
                rows.append((_Item("", it.first, it.last, hard=True), cells))
        for it, cells in rows:
            if cells is not None:
                it.text = "| " + " | ".join(cells) + " |"
            out.append(it)
        rows_total += sum(1 for _, cells in rows if cells is not None)
        i = j
    if rows_total:
        notes.append(f"{rows_total} fixed-width row(s) read as table rows")
    return out


# --- pipes -----------------------------------------------------------------------------------


def _is_pipe_row(text: str) -> bool:
    s = text.strip()
    return s.startswith("|") and s.endswith("|") and s.count("|") >= 3


# how a table row starts: "| …", "1 | …", "1.2 | …", "IV | …", "a | …"
_ROW_START = re.compile(r"^(?:\||(?:[0-9]{1,3}(?:[. ][0-9]{1,3})*|[IVXLC]{1,6}|[a-zđ])\s*[.)]?\s*\|)")


def _cells(text: str) -> int:
    return len(text.strip().strip("|").split("|"))


def _broken_pipe_rows(items: list[_Item], notes: list[str]) -> list[_Item]:
    """A table row hard-wrapped over several lines (``1 | Công tác chỉ đạo`` … ``| 10 |``):
    where the text is hard-wrapped, a row line that ends near the width and has fewer cells
    than the rows above is joined with the next lines while the cell count stays within the
    table's."""
    counts = [_cells(it.text) if it.text.count("|") >= 2 and it.text.strip() != "|" else 0 for it in items]
    if not any(counts):
        return items  # no pipe rows: nothing to rejoin
    width = _widths(items, rows=True)
    starts = [
        (1 if it.text.lstrip().startswith("|") else 0) if c else -1
        for it, c in zip(items, counts, strict=True)
    ]
    ends = [
        (1 if it.text.rstrip().endswith("|") else 0) if c else -1 for it, c in zip(items, counts, strict=True)
    ]
    code_first = []
    closed = []  # the rows around end with '|': a row not ending so goes on below
    open_rows = []  # the rows around end with a cell: a row ending with '|' goes on below
    for k in range(len(items)):
        near = [x for x in starts[max(0, k - 15) : k + 15] if x >= 0]
        code_first.append(bool(near) and sum(near) <= 0.2 * len(near))
        near = [x for x in ends[max(0, k - 15) : k + 15] if x >= 0]
        closed.append(len(near) >= 3 and sum(near) >= 0.6 * len(near))
        open_rows.append(len(near) >= 3 and sum(near) <= 0.45 * len(near))
    out: list[_Item] = []
    joined = 0
    for k, it in enumerate(items):
        s = it.text.strip()
        n_max = max(counts[max(0, k - 15) : k + 15], default=0)  # the table's width around here
        if not s:
            out.append(it)
            continue
        prev = out[-1] if out else None
        w = width[k - 1] if k else 0
        if (
            prev is not None
            and (prev.text.count("|") >= 2 or _ROW_START.match(prev.text.strip()))
            and n_max >= 3
            and w
            and (s != "|" or len(items[k - 1].text.rstrip()) >= w - 1)
            and len(items[k - 1].text.rstrip()) >= w - 15
            and (
                "|" in s
                or s[:1].islower()
                or (closed[k] and not prev.text.rstrip().endswith("|"))
                or (open_rows[k] and prev.text.rstrip().endswith("|"))  # its last cell wrapped
            )
            and (
                # a row cut short: with the next line it has no more cells than the table
                (_cells(prev.text) < n_max and _cells(prev.text.rstrip() + " " + s) <= n_max)
                or not _ROW_START.match(s)
                # "| UBND các huyện | 2023-2025 | Đề án" in a table whose rows start with their
                # number: the rest of a row wrapped just before a '|'
                or (
                    s.startswith("|")
                    and code_first[k]
                    and not prev.text.rstrip().endswith("|")
                    and len(items[k - 1].text.rstrip()) >= w - 8
                    and _cells(prev.text.rstrip() + " " + s) <= n_max + 1
                )
            )
        ):
            prev.text = prev.text.rstrip() + " " + s
            prev.last = it.last
            joined += 1
            continue
        if s.count("|") >= 2 and s != "|":
            it.hard = True
        out.append(it)
    if joined:
        notes.append(f"{joined} table row line(s) wrapped over several lines rejoined")
    return out


def _lone_pipes(items: list[_Item], notes: list[str], seps: list[int]) -> list[_Item]:
    """Lines holding a lone ``|`` separate cells: the lines between two separators are one
    cell; each separator becomes a blank line (as in a flattened table with blank lines)."""

    def piped(k: int, step: int) -> bool:  # the nearest non-blank line that way is a pipe row
        while 0 <= k < len(items):
            t = items[k].text.strip()
            if t and t != "|":
                return t.count("|") >= 2 or t.startswith("|")
            if t == "|" and not items[k].text.strip(" |"):
                k += step
                continue
            k += step
        return False

    # a lone "|" inside a pipe table is an empty row of that table, not a separator
    marks = [
        i
        for i, it in enumerate(items)
        if it.text.strip() == "|" and not piped(i - 1, -1) and not piped(i + 1, 1)
    ]
    if len(marks) < 2:
        return items
    out: list[_Item] = []
    i = 0
    cells = 0
    mark_set = set(marks)
    while i < len(items):
        it = items[i]
        if i not in mark_set:
            out.append(it)
            i += 1
            continue
        seps.append(it.first)
        out.append(_Item("", it.first, it.last))
        # the cell after this separator: every line up to the next separator, if it is near
        j = i + 1
        while j < len(items) and j not in mark_set and j - i <= 60:
            j += 1
        if j < len(items) and j in mark_set:
            seg = [x for x in items[i + 1 : j]]
            text = " ".join(x.text.strip() for x in seg if x.text.strip())
            if seg:
                out.append(_Item(text, seg[0].first, seg[-1].last, hard=True, cell=True))
            else:
                out.append(_Item("", it.first, it.last, hard=True, cell=True))  # an empty cell
            cells += 1
            i = j
            continue
        if i + 1 < len(items):
            items[i + 1].hard = True  # the last cell of a run starts after its separator
        i += 1
    # the first cell of a run (before its first separator) is a cell too
    if cells:
        notes.append(f"{cells} table cell(s) separated by lone '|' lines")
    return out


def _framed_cells(items: list[_Item], notes: list[str], seps: list[int]) -> list[_Item]:
    """Cells written ``| text`` … ``|`` on their first line (``| Sở Tư pháp |``), a cell's
    wrapped rest on the lines below without a frame: each framed line starts a cell; the cells
    are separated by blank lines."""

    def row_near(i: int) -> bool:  # a row of a pipe table around: "| |" is then one of its rows
        return any(items[k].text.count("|") >= 3 for k in range(max(0, i - 3), min(len(items), i + 4)))

    idx = [i for i, it in enumerate(items) if _FRAMED_CELL.match(it.text.strip()) and not row_near(i)]
    if len(idx) < 3 or not any(_FRAMED_CELL.match(items[i].text.strip()).group(1).strip() for i in idx):
        return items
    framed = set()
    for a, b in zip(idx, idx[1:], strict=False):
        if b - a <= 12:
            framed.add(a)
            framed.add(b)
    if len(framed) < 3:
        return items
    nxt = {a: b for a, b in zip(idx, idx[1:], strict=False) if a in framed and b in framed and b - a <= 12}
    out: list[_Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if i not in framed:
            out.append(it)
            i += 1
            continue
        m = _FRAMED_CELL.match(it.text.strip())
        if out and not (out[-1].sep or (_blank(out[-1]) and not out[-1].cell)):
            out.append(_Item("", it.first, it.first, sep=True))  # the frame is the separator
        cell = _Item(m.group(1).strip(), it.first, it.last, hard=True, cell=not m.group(1).strip())
        if not cell.text:
            seps.append(it.first)  # "|  |": an empty cell, layout only
        out.append(cell)
        j = i + 1
        if i in nxt:  # the lines up to the next framed cell are this cell's wrapped rest
            rest = [x for x in items[i + 1 : nxt[i]] if not _blank(x)]
            if rest:
                cell.text = " ".join([cell.text, *(x.text.strip() for x in rest)]).strip()
                cell.last = rest[-1].last
            cell.cell = True
            j = nxt[i]
        i = j
    notes.append(f"{len(framed)} table cell(s) framed by '|'")
    # a framed cell's continuation lines: joined by the unwrapping stage (they follow a cell
    # start without a blank line)
    return out


# --- hard wrapping ---------------------------------------------------------------------------


def _first_word(text: str) -> str:
    s = text.lstrip()
    k = s.find(" ")
    return s if k < 0 else s[:k]


def _widths(items: list[_Item], rows: bool = False) -> list[int]:
    """The wrap width around each line, or 0 where the text around it is not hard-wrapped.

    The text is cut into windows of 40 lines; a window is hard-wrapped when its longest
    breakable lines (the width) are short (≤ 160) and many lines end close to that width."""
    n = len(items)
    width = [0] * n
    size = 40
    lengths = [
        len(it.text) if (" " in it.text.strip() and (rows or "|" not in it.text)) else 0 for it in items
    ]
    last = 0
    for start in range(0, n, size):
        lo, hi = max(0, start - size // 2), min(n, start + size + size // 2)
        window = [x for x in lengths[lo:hi] if x >= 20]
        if len(window) < 4:
            continue
        w = sorted(window)[-3]  # two over-long lines (an unbreakable address) do not count
        if w > 160:
            last = 0
            continue
        near = sum(1 for x in window if x >= w - 15)
        long = sum(1 for x in window if x >= w // 2)
        if near >= 2 and near >= 0.35 * long:
            last = w
        elif not (last and w <= last):
            last = 0  # a window of short lines after wrapped text keeps that text's width
            continue
        for k in range(start, min(n, start + size)):
            width[k] = last
    return width


def _unwrap(items: list[_Item], notes: list[str], raw_width: list[int]) -> list[_Item]:
    regrouped = _widths(items)
    # the width around a line: measured on the file's own lines (stages before this one join
    # cells and rows, which would hide the wrap), else on the regrouped lines
    width = [raw_width[it.last - 1] if 0 < it.last <= len(raw_width) else 0 for it in items]
    width = [w or r for w, r in zip(width, regrouped, strict=True)]
    # a run of lines between blank lines whose lines all end near the width (but the last) is
    # one hard-wrapped paragraph, whatever its punctuation (the seeds' layout, wrapped)
    blocks = [False] * len(items)
    k = 0
    while k < len(items):
        if _blank(items[k]):
            k += 1
            continue
        j = k
        while j < len(items) and not _blank(items[j]):
            j += 1
        body = items[k : j - 1]
        if body and all(width[x] and len(items[x].text.rstrip()) >= width[x] - 20 for x in range(k, j - 1)):
            for x in range(k, j):
                blocks[x] = True
        k = j
    # where paragraphs start with a marker ("- ", "1.", "a)") or a heading, a capitalised line
    # after a full line that ends a sentence is the paragraph going on, not a new one
    starts = [
        bool(_MARKER.match(it.text.strip()) or _upper(it.text))
        for k, it in enumerate(items[1:], start=1)
        if width[k]
        and not _blank(it)
        and not _blank(items[k - 1])
        and "|" not in it.text
        and len(items[k - 1].text.rstrip()) < 0.6 * width[k]
    ]
    marker_style = len(starts) >= 10 and sum(starts) >= 0.7 * len(starts)
    out: list[_Item] = []
    joins = 0
    prev_len = 0  # length of the last physical line of out[-1]
    prev_w = 0
    for k, it in enumerate(items):
        listed = marker_style and bool(out) and _MARKER.match(out[-1].text.strip()) is not None
        if out and _joins(out[-1], prev_len, prev_w or width[k], it, blocks[k], listed):
            last = out[-1]
            last.text = last.text.rstrip() + " " + it.text.strip()
            last.last = it.last
            joins += 1
            prev_len = len(it.text.rstrip())
            prev_w = width[k]
            continue
        out.append(it)
        prev_len = len(it.text.rstrip())
        prev_w = width[k]
    if joins:
        ws = sorted({w for w in width if w})
        shown = ", ".join(str(w) for w in ws[:3]) + ("…" if len(ws) > 3 else "")
        notes.append(f"{joins} hard-wrapped line(s) joined (width about {shown} columns)")
    return out


def _joins(prev: _Item, prev_len: int, w: int, it: _Item, blocks: bool, listed: bool = False) -> bool:
    if not w or it.hard or prev.cell or _blank(it) or _blank(prev):
        return False
    text = it.text.strip()
    before = prev.text.rstrip()
    end = before[-1:]
    if "|" in text or "|" in before:
        return False  # table rows are rebuilt by the row stages
    if prev_len + 1 + len(_first_word(text)) <= w:
        return False  # the next word would have fitted: the line ended on purpose
    if prev_len < w * 0.5:
        return False
    if _MARKER.match(text):
        # "2021 - 2030", "chính trị - xã hội" wrapped before the dash: a dash after a full line
        # that does not end a sentence continues it; any other marker starts an item
        # ("tại / Phần II Kế hoạch này" likewise)
        dash = text[:2] in ("- ", "– ", "+ ") and (
            text[2:3].islower() or text[2:3].isdigit() or _COMPOUND_LEFT.search(before) is not None
        )
        if not (dash or _WORD_MARKER.match(text)) or end in _TERMINAL:
            return False
    up, up_next = _upper(before), _upper(text)
    if up and up_next is False:
        return False  # a heading in capitals is not continued by a line in lower case
    if before.count("(") > before.count(")"):
        return True  # inside an open parenthesis: "(Sở Nội vụ chủ trì; thời gian: / Quý I/2023)"
    if _LABEL_END.search(before):
        return True  # "… Chủ trì: / Phòng Tư pháp; …": the label's value follows
    if _OPENS.match(text) and not blocks:
        return False  # "Căn cứ …;" / "Theo đề nghị …": each legal basis is its own line
    if (
        not (blocks or listed)
        and end in _TERMINAL
        and end != ";"
        and (text[:1].isupper() or text[:1].isdigit())
    ):
        # a new paragraph, except a sentence that only completes the item above
        # ("… năm 2026. / Giao Văn phòng … chủ trì, hoàn thành …")
        return end == "." and _COMPLETES.match(text) is not None
    return True


# the left half of a unit name written with a dash ("Phòng Văn hóa - Xã hội", "Tài chính - Kế
# hoạch"): a dash after it continues the name
_COMPOUND_LEFT = re.compile(
    r"(?:Văn hóa|Kinh tế|Tài chính|Lao động|Giáo dục|Chính trị|Thông tin|Kế hoạch|Nội vụ|Y tế)$",
    re.IGNORECASE,
)
_WORD_MARKER = re.compile(r"^(?:Điều|Chương|Mục|Phần)\s+[0-9IVXLC]+\b")
_LABEL_END = re.compile(
    r"(?:Chủ trì|Phối hợp|Thời gian(?: hoàn thành| thực hiện)?|Thời hạn|Sản phẩm|Kết quả|"
    r"Cơ quan (?:chủ trì|phối hợp|thực hiện)|Đơn vị (?:chủ trì|phối hợp|thực hiện))\s*:$",
    re.IGNORECASE,
)
_OPENS = re.compile(
    r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Thực hiện (Kế hoạch|Quyết định|Chỉ thị|Nghị quyết|Công văn|Chương trình) số)"
)


_COMPLETES = re.compile(r"^(Giao |Chủ trì:|Phối hợp:|Thời gian( hoàn thành)?:|Sản phẩm:)")


def _upper(text: str) -> bool | None:
    """Whether a line is in capitals; None when it has too few letters to say."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return None
    return sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters)
