"""The first steps of ``parse_plan``: a read document's paragraphs as lines (Markdown emphasis
dropped), small layout tables unfolded into lines, and pipe (Markdown) rows split into cells or
turned into a task table."""

from __future__ import annotations

import re
import statistics

from cchc.domain.planparse.blocks import Cell as BlockCell
from cchc.domain.planparse.blocks import Paragraph, Table
from cchc.domain.planparse.framework import _ROMAN, _SECTION_CELL, column_of, column_of_glued
from cchc.domain.planparse.indextables import _is_header as is_index_header
from cchc.domain.planparse.indextables import split_pipe
from cchc.domain.planparse.model import Ledger, Line
from cchc.domain.planparse.realtables import table_kind
from cchc.domain.planparse.structure import is_chrome
from cchc.domain.text import clean

# Markdown-style emphasis left by converters: a pair of ``**`` or ``*`` hugging a text at word
# boundaries (``**TM. ỦY BAN**``, ``*Cải cách thể chế*``). A lone or inner star is text
# (``{{ 7*7 }}``, ``…)*cmd|``) and stays.
_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)([^*]+?)(?<=\S)\*\*(?![\w*])")
_EMPH = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])")


def plain(text: str) -> str:
    """Drop Markdown-style emphasis pairs; a leading ``* `` (a star bullet) and any other star
    stay (they are text)."""
    s = clean(text)
    if "*" not in s:
        return s
    star = s.startswith("* ")
    body = s[2:] if star else s
    body = _EMPH.sub(r"\1", _STRONG.sub(r"\1", body))
    return clean("* " + body if star else body)


def split_stray(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for ln in lines:
        if "|" in ln.text and is_chrome(ln.text):
            out.append(ln)  # a site menu "Trang chủ | Giới thiệu | …"
        elif ln.text.count("|") >= 2 or " | " in ln.text:  # "a|b" inside a sentence is text
            for cell in split_pipe(ln.text):
                if cell:
                    out.append(Line(cell, ln.line, ln.style))
            if not any(split_pipe(ln.text)):
                out.append(Line(ln.text, ln.line, ln.style, role="table"))
        else:
            out.append(ln)
    return out


def unfold_layout_tables(
    blocks: list, lines: list[Line], tables: list[Table]
) -> tuple[list[Line], list[Table]]:
    """Small tables without a task or index header (the Decree 30 header block, a signature
    block laid out in two columns) are layout, not data: their cells' paragraphs become lines
    in reading order."""
    layout: set[int] = set()
    for t in tables:
        width = max((len(r) for r in t.rows), default=0)
        texts = [[c.text for c in r] for r in t.rows]
        header_like = any(
            "lead" in (keys := [column_of(x) for x in r]) and len([k for k in keys if k]) >= 3
            for r in texts[:5]
        ) or any(is_index_header(r) for r in texts[:3])
        if width <= 3 and len(t.rows) <= 2 and not header_like:
            layout.add(id(t))
    if not layout:
        return lines, tables
    out: list[Line] = []
    for b in blocks:
        if isinstance(b, Paragraph) and clean(b.text):
            out.append(Line(plain(b.text), b.line, b.style))
        elif isinstance(b, Table) and id(b) in layout:
            for row in b.rows:
                for c in row:
                    if c.merged_from_above:
                        continue
                    out.extend(Line(plain(p), c.line) for p in c.text.split("\n") if clean(p))
    return out, [t for t in tables if id(t) not in layout]


_SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")


def is_separator_row(text: str) -> bool:
    """A Markdown table's ``|---|:---:|`` line (or ``+---+---+``): layout, not a row."""
    t = text.strip()
    if t.startswith("+") and set(t) <= set("+-=: "):
        return len(t) >= 5
    cells = [c for c in split_pipe(t) if c]
    return bool(cells) and all(_SEPARATOR_CELL.match(c.replace(" ", "")) for c in cells)


# columns whose empty cell in a pipe table stands for a cell merged down from the row above (a
# web page renders a merged cell once): on a continuation row (no STT) these; on a numbered row
# only the objective and lead (an objective or lead merged over several numbered rows)
_INHERIT_CONT = ("objective", "task", "lead", "time")
_INHERIT_NUMBERED = ("objective", "lead")


def pipe_task_table(rows: list[Line], ledger: Ledger) -> Table | None:
    """A pipe (Markdown) table whose header row names task columns becomes a real
    :class:`Table` for :func:`parse_real_table`; else ``None``. The header is told apart from a
    PAR INDEX / SIPAS table's by its roles and the rows (``framework.table_kind``); separator
    lines (``|---|``) are layout; empty cells of merged columns inherit from the row above."""
    kept = [ln for ln in rows if ln.text.strip() != "|" and not is_separator_row(ln.text)]
    cells_of = [split_pipe(ln.text) for ln in kept]
    for h, cells in enumerate(cells_of[:3]):
        kind = table_kind(cells, cells_of[h + 1 :])
        if kind is not None:
            break
    else:
        return None
    if kind != "task":
        return None
    for ln in rows:
        if ln.text.strip() != "|" and is_separator_row(ln.text):
            ledger.mark(ln.line, "table_header")
    header = cells_of[h]
    keys: list[str | None] = []
    seen = False
    for c in header:
        keys.append(column_of(c) if seen else column_of_glued(c))
        seen = seen or bool(c)
    width = max(len(c) for c in cells_of)
    stt_col = keys.index("stt") if "stt" in keys else None
    has_activity = "activity" in keys
    out = []
    above: list[str] | None = None
    for k, (ln, cells) in enumerate(zip(kept, cells_of, strict=True)):
        padded = [*cells, *[""] * (width - len(cells))]
        merged = [False] * width
        if k > h:
            filled = [c for c in padded if c]
            stt = padded[stt_col] if stt_col is not None else ""
            section = bool(filled) and (
                _ROMAN.match(stt)
                or (len(set(filled)) == 1 and _SECTION_CELL.match(filled[0]) and len(filled[0]) < 120)
            )
            if section or not filled:
                above = None
            elif above is not None:
                inherit = _INHERIT_NUMBERED if stt.strip() else _INHERIT_CONT
                for j, key in enumerate(keys):
                    if key == "task" and not has_activity:
                        continue  # the title column itself: an empty title is no merge
                    if key in inherit and j < width and not padded[j] and above[j]:
                        padded[j] = above[j]
                        merged[j] = True
                above = padded
            else:
                above = padded
        out.append(
            tuple(
                BlockCell(text=c, line=ln.line, merged_from_above=m)
                for c, m in zip(padded, merged, strict=True)
            )
        )
    return Table(rows=tuple(out), line=rows[0].line, line_end=rows[-1].line)


def median_gap(lines: list[Line]) -> float:
    gaps = [b.line - a.line for a, b in zip(lines, lines[1:], strict=False)]
    return statistics.median(gaps) if gaps else 0.0
