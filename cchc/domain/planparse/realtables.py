"""Real task tables (DOCX, XLSX, a pipe table turned into a table): the header found over one
or two rows, cells laid on the column grid, rows built into tasks with ``framework.TaskBuilder``."""

from __future__ import annotations

import re
from collections.abc import Callable

from cchc.domain.planparse.blocks import Table
from cchc.domain.planparse.framework import (
    _ROMAN,
    _SECTION_CELL,
    Cell,
    TableResult,
    TaskBuilder,
    _is_sub_number,
    _text,
    column_of,
    column_of_glued,
    glued_title,
)
from cchc.domain.planparse.indextables import _col as index_col
from cchc.domain.planparse.indextables import _is_header as is_index_header
from cchc.domain.planparse.model import Ledger
from cchc.domain.planparse.structure import is_upper_heading, looks_like_unit, standard_area
from cchc.domain.text import clean

_COLUMN_NUMBER = re.compile(r"^\(?(?:\d{1,2}|[A-Za-z])\)?$")


_TASK_ONLY = {"time", "support", "activity"}
_NUMBER = re.compile(r"^\s*(>=|<=|≥|≤|>|<|trên|dưới)?\s*\d{1,4}(?:[.,]\d{1,4})?\s*%?\s*$")


def table_kind(header: list[str], rows: list[list[str]]) -> str | None:
    """``"task"``, ``"index"`` or ``None`` for a table with this header row and data rows.

    A task table's header names a lead column among three or more known columns; an index
    table's names a target or maximum-points column. When both read the header, the rows
    decide: an index table's target/result cells are numbers, a framework's objective and
    result cells are sentences; a time, coordinating or activity column is a task table's."""
    header = list(header)
    for k, c in enumerate(header):
        if c.strip():
            title = glued_title(c)
            if title:
                header[k] = c[len(title) :].strip()  # the column name without the glued title
            break
    keys = [column_of(c) for c in header]
    known = [k for k in keys if k]
    task = "lead" in known and len(known) >= 3
    index = is_index_header(header)
    if not (task and index):
        return "task" if task else ("index" if index else None)
    icols = [index_col(c) for c in header]
    numeric_cols = [
        j for j, k in enumerate(icols) if k in ("target", "baseline", "max_points") and keys[j] != "stt"
    ]
    cells = [r[j] for r in rows[:60] for j in numeric_cols if j < len(r) and r[j].strip()]
    numbers = sum(1 for c in cells if _NUMBER.match(c))
    if cells and numbers >= 0.5 * len(cells):
        return "index"
    if "max_points" in icols and not (set(known) & _TASK_ONLY):
        return "index"
    return "task" if (set(known) & _TASK_ONLY or not cells) else "index"


def _grid(row: tuple) -> list[tuple[object, bool]]:
    """A table row laid out on the grid: a cell spanning columns fills them all; the flag
    says whether this is the cell's own (first) column."""
    out: list[tuple[object, bool]] = []
    for c in row:
        out.append((c, True))
        out.extend((c, False) for _ in range(max(1, c.col_span) - 1))
    return out


def _keys(grid: list[tuple[object, bool]]) -> list[str | None]:
    out: list[str | None] = []
    seen = False  # a non-empty cell before this one: only the first can have a title glued on
    for c, first in grid:
        if not first:
            out.append(None)
            continue
        text = c.text  # type: ignore[attr-defined]
        out.append(column_of(text) if seen else column_of_glued(text))
        seen = seen or bool(text.strip())
    return out


def _is_subheader(grid: list[tuple[object, bool]]) -> bool:
    """The second row of a two-row header (``Cơ quan thực hiện`` over ``Chủ trì | Phối hợp``):
    every own, non-empty cell names a column, and some cells are merged down from above."""
    own = [c for c, first in grid if first and c.text.strip() and not c.merged_from_above]  # type: ignore[attr-defined]
    merged = [c for c, first in grid if c.merged_from_above or not c.text.strip()]  # type: ignore[attr-defined]
    return bool(own) and bool(merged) and all(column_of(c.text) for c in own)  # type: ignore[attr-defined]


def _real_header(grids: list[list[tuple[object, bool]]]) -> tuple[int, int, list[str | None]] | None:
    """(first header row, first data row, column key per grid column), or None."""
    for hi, grid in enumerate(grids[:5]):
        cols = _keys(grid)
        end = hi + 1
        if end < len(grids) and _is_subheader(grids[end]):
            sub = _keys(grids[end])
            cols = [
                (k2 if k2 and not grids[end][j][0].merged_from_above else k1)  # type: ignore[attr-defined]
                for j, (k1, k2) in enumerate(zip(cols, [*sub, *[None] * len(cols)], strict=False))
            ]
            end += 1
        keys = [c for c in cols if c]
        if "lead" in keys and len(keys) >= 3:
            return hi, end, cols
    return None


def parse_real_table(table: Table, make_task: Callable[..., dict], ledger: Ledger) -> TableResult | None:
    """A DOCX/XLSX table whose header row (or two-row header) maps onto the task columns.
    Cells sit in known columns, so a row is read cell by cell; vertically merged cells repeat
    the text above, horizontally merged ones fill the columns they span. A row holding only a
    title whose sub-rows are numbered under it (``3`` over ``3.1``, ``3.2``) is their parent."""
    grids = [_grid(r) for r in table.rows]
    found = _real_header(grids)
    if found is None:
        return None
    h0, h1, cols = found
    head = [c.text for c, first in grids[h0] if first]  # type: ignore[attr-defined]
    data = [[c.text for c, first in g if first] for g in grids[h1 : h1 + 60]]  # type: ignore[attr-defined]
    if table_kind(head, data) == "index":
        return None  # a PAR INDEX / SIPAS table naming a lead column
    b = TaskBuilder([c or "ignore" for c in dict.fromkeys(cols)], make_task, ledger)
    for grid in grids[h0:h1]:
        for c, _first in grid:
            ledger.mark(c.line, "table_header")  # type: ignore[attr-defined]
    parent: tuple[str, str] | None = None  # (stt, title)
    for r in range(h1, len(grids)):
        grid = grids[r]
        own_texts = [c.text.strip() for c, first in grid if first and c.text.strip()]  # type: ignore[attr-defined]
        if len(own_texts) >= 3 and all(_COLUMN_NUMBER.match(x) for x in own_texts):
            # the row of column numbers under the header: "(1) | (2) | (3) …" or "1 | 2 | 3 …"
            for c, _first in grid:
                ledger.mark(c.line, "table_header")  # type: ignore[attr-defined]
            continue
        by, stt = _row_cells(grid, cols)
        own = [c for c, first in grid if first]
        st = stt.text.strip() if stt else ""
        section = _section_row(grid, own, by, st)
        if section is not None:
            b.start_section(*section)
            parent = None
            for c in own:
                ledger.mark(c.line, "heading")
            continue
        nonempty = [k for k, v in by.items() if any(not c.empty for c in v)]
        if not nonempty:
            continue
        if stt is not None:
            ledger.mark(stt.start, "task")
        if parent is not None and not (st and _is_sub_number(st, parent[0])):
            parent = None
        title_only = set(nonempty) <= {"task", "activity", "objective"}
        if title_only and st and r + 1 < len(grids):
            nxt = next(
                (
                    c.text
                    for (c, first), key in zip(grids[r + 1], cols, strict=False)
                    if first and key == "stt"
                ),
                "",
            )
            if _is_sub_number(nxt, st):
                parent = (st, _text([c for k in ("task", "activity") for c in by.get(k, [])]))
                for v in by.values():
                    for c in v:
                        ledger.mark(c.start, "heading")
                continue
        b.carried = {}  # real tables repeat merged text: nothing is missing
        fitted = {k: [c for c in v if not c.empty] for k, v in by.items() if k != "time"}
        fitted = {k: v for k, v in fitted.items() if v}
        cells = [c for k in b.row_cols for c in by.get(k, [])]
        time = by.get("time", [None])[0]
        before = len(b.tasks)
        b.row(
            cells,
            None,
            time if time is not None and not time.empty else None,
            fitted=fitted,
            parent=parent[1] if parent else None,
        )
        note = _text([c for c in by.get("note", []) if not c.empty])
        if len(b.tasks) > before:
            for c in by.get("note", []):
                ledger.mark(c.start, "task")
            if note:
                b.tasks[-1]["note"] = note  # "Ghi chú"
    return TableResult(tasks=b.tasks, sections=b.sections, objectives=b.objectives)


def _row_cells(
    grid: list[tuple[object, bool]], cols: list[str | None]
) -> tuple[dict[str, list[Cell]], Cell | None]:
    """A data row's cells by column key (unit cells one unit a line), and its STT cell."""
    by: dict[str, list[Cell]] = {}
    stt = None
    for key, (cell, first) in zip(cols, grid, strict=False):
        if key is None or not first:
            continue
        txt = cell.text  # type: ignore[attr-defined]
        if key == "stt":
            stt = Cell(txt, cell.line, cell.line) if txt.strip() else None  # type: ignore[attr-defined]
            continue
        if key in ("lead", "support"):
            txt = _unit_lines(txt)
        by.setdefault(key, []).append(Cell(txt, cell.line, cell.line))  # type: ignore[attr-defined]
    return by, stt


def _section_row(grid, own: list, by: dict[str, list[Cell]], st: str) -> tuple[str, Cell | None] | None:
    """(label, title cell) when the row opens a section: "I | CẢI CÁCH THỂ CHẾ", "I. CẢI CÁCH
    THỂ CHẾ" across the table, or a reform area's name alone in its row ("Cải cách thủ tục hành
    chính" merged across); else None."""
    texts = [c.text for c in own if c.text.strip()]
    spanned = [c for c in own if c.text.strip() and c.col_span >= max(3, len(grid) - 1)]
    lone = len(set(texts)) == 1 and len(own) <= 2
    filled = [k for k, v in by.items() if any(not c.empty for c in v)]
    area_row = (
        len(set(texts)) == 1
        and filled in ([], ["task"], ["activity"])
        and len(texts[0]) <= 120
        and standard_area(texts[0]) is not None
        and (bool(spanned) or not st)
    )
    if not (_ROMAN.match(st) or (lone and is_upper_heading(texts[0])) or area_row):
        return None
    if _ROMAN.match(st):
        return st, next((v[0] for v in by.values() if not v[0].empty), None)
    m = _SECTION_CELL.match(texts[0].strip())
    return (m.group("label") if m else ""), Cell(
        m.group("title") if m else texts[0], own[0].line, own[0].line
    )


def _unit_lines(text: str) -> str:
    """A unit cell with one unit per line ("- Văn phòng Sở" / "- Thanh tra Sở") keeps them
    apart ("; "); a name wrapped over two lines ("Các phòng" / "chuyên môn") is one name."""
    lines = [clean(x).lstrip("-+•– ").strip() for x in text.split("\n")]
    lines = [x for x in lines if x]
    if len(lines) > 1 and all(looks_like_unit(x) for x in lines):
        return "; ".join(x.rstrip(" ;,.") for x in lines)
    return " ".join(lines)
