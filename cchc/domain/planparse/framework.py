"""Task tables: the framework annex (Khung kế hoạch: STT | Mục tiêu | Nhiệm vụ | Hoạt động |
Kết quả | Chủ trì | Phối hợp | Thời gian) and lists of schemes (STT | Tên đề án | Chủ trì |
Phối hợp | Thời gian hoàn thành).

Scraped text flattens such a table to one cell per paragraph and drops vertically merged
cells. Rows are rebuilt from structure: a timeframe-like cell closes a row, an STT number or a
roman numeral opens one, and the cells in between are fitted onto the columns by a small
dynamic programme (missing columns are merged cells: their value is carried from above).
Real tables (DOCX/XLSX) are mapped by their header row instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from cchc.domain.planparse.model import Ledger, Line
from cchc.domain.planparse.structure import (
    ends_table,
    is_chrome,
    is_upper_heading,
    looks_like_unit,
    standard_area,
)
from cchc.domain.text import clean, fold

COLUMN_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("note", ("ghi chu",)),
    ("time", ("thoi gian", "thoi han", "tien do", "thoi gian hoan thanh", "thoi gian thuc hien")),
    ("support", ("phoi hop", "co quan phoi hop", "don vi phoi hop")),
    (
        "lead",
        (
            "chu tri",
            "co quan chu tri",
            "don vi chu tri",
            "don vi thuc hien",
            "co quan thuc hien",
            "chu tri thuc hien",
        ),
    ),
    ("output", ("ket qua", "san pham", "ket qua san pham", "san pham dau ra", "ket qua dau ra")),
    ("activity", ("hoat dong", "cac hoat dong")),
    ("objective", ("muc tieu",)),
    ("task", ("nhiem vu", "noi dung", "ten de an", "ten nhiem vu", "de an", "noi dung cong viec", "ten")),
]
_DOC_NOUN = re.compile(
    r"^[-+\s]*(du thao )?(quyet dinh|bao cao|ke hoach|van ban|de an|nghi quyet|to trinh|phan mem|he thong|"
    r"hoi nghi|lop|tin|thong bao|quy che|quy dinh|co so du lieu|du lieu|cong|chi thi|cong van|huong dan|"
    r"danh muc|phieu|tai lieu|so tay|ho so|chuong trinh|ket qua|nen tang|kho|iso|kiot|bo chi so)\b"
)
_STT = re.compile(r"^\d{1,3}(?:\.\d{1,2}){0,2}\s*\.?$")
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})\s*\.?$")
_TF = re.compile(
    r"^\(?\s*((tu|den|truoc|trong|hoan thanh|nam|giai doan|quy|thang|ngay|cuoi|dau|nhiem ky|"
    r"[ivx]+\s*/|[ivx]+|\d{1,2}\s*/)\s*)*\d{4}(\s*[-–—]\s*\d{4})?\s*(tro di|tro ve sau)?\s*\)?\.?$"
)
_TF_WORDS = re.compile(
    r"^(hang nam|hang quy|hang thang|thuong xuyen|dinh ky|lien tuc|hang nam,? thuong xuyen|"
    r"(thang|quy|ngay|truoc ngay)\s+[\divx/,\s]{1,12}\s*(hang|moi)\s+(nam|quy|thang))"
)


@lru_cache(maxsize=65536)
def column_of(text: str) -> str | None:
    f = re.sub(r"[^a-z ]", " ", fold(text))
    f = " ".join(f.split())
    if not f or len(f) > 40:
        return None
    for key, words in COLUMN_WORDS:
        if f in words:
            return key
    for key, words in COLUMN_WORDS:
        if key in ("stt", "note", "task"):
            continue
        if any(w in f for w in words if len(w) > 4):
            return key
    # "Nội dung nhiệm vụ", "Nhiệm vụ, giải pháp", "Tên nhiệm vụ/đề án"
    if re.match(r"^(ten |cac )?(noi dung|nhiem vu|giai phap|de an|cong viec)\b", f):
        return "task"
    return None


# a header cell with the annex title glued before it ("… Hải Phòng) STT", as a hard-wrapped
# page joins the title's last line with the first header cell)
_GLUED_KEYS = ("stt", "task", "objective")


def column_of_glued(text: str) -> str | None:
    """:func:`column_of`, or the column named by the last words of a longer cell whose
    beginning is title text (only for the first columns a table starts with)."""
    key = column_of(text)
    if key is not None:
        return key
    words = text.split()
    for k in (1, 2, 3):
        if len(words) > k + 1:
            key = column_of(" ".join(words[-k:]))
            if key in _GLUED_KEYS:
                return key
    return None


def glued_title(text: str) -> str:
    """The title text before the column name of a glued header cell ("" when none)."""
    if column_of(text) is not None:
        return ""
    words = text.split()
    for k in (1, 2, 3):
        if len(words) > k + 1 and column_of(" ".join(words[-k:])) in _GLUED_KEYS:
            return " ".join(words[:-k])
    return ""


# Header roles: a task table (framework annex, list of schemes) and a PAR INDEX / SIPAS table
# share header words ("Mục tiêu", "Kết quả", "Chủ trì"); the whole header and the rows tell
# them apart. Only a task table has these columns:
def is_timeframe_cell(text: str) -> bool:
    f = fold(text).strip(" .;")
    if not f or len(f) > 160:
        return False
    if _TF.match(f) and len(f) <= 60:
        return True
    if _TF_WORDS.match(f) and len(f) <= 50:
        return True
    return f.startswith("sau khi") and len(f) <= 160


@dataclass
class Cell:
    text: str
    start: int
    end: int

    @property
    def empty(self) -> bool:
        return not self.text.strip()

    @property
    def bullet(self) -> bool:
        return self.text.lstrip().startswith(("-", "+", "•", "*"))


@dataclass
class TableResult:
    tasks: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    end_index: int = 0
    objectives: list[tuple[str, int, str | None]] = field(default_factory=list)  # text, line, section


# --- header detection ------------------------------------------------------------------------


def find_header(lines: list[Line], start: int = 0) -> tuple[int, int, list[str]] | None:
    """First run of ≥3 consecutive short lines naming table columns, including a lead column.
    Returns (first index, index after header, column keys)."""
    n = len(lines)
    i = start
    while i < n:
        cols, j = _read_header(lines, i)
        if len(cols) >= 3 and "lead" in cols and ("time" in cols or "support" in cols):
            return i, j, cols
        i += 1
    return None


# a header cell grouping "Chủ trì" and "Phối hợp" below it (two-row header, flattened)
_GROUP_HEADER = re.compile(r"^(co quan|don vi|trach nhiem|to chuc)( to chuc)? thuc hien$")


def _read_header(lines: list[Line], i: int) -> tuple[list[str], int]:
    cols: list[str] = []
    group: int | None = None  # index in cols of a "Cơ quan thực hiện" group cell
    j = i
    while j < len(lines):
        t = lines[j].text
        key = column_of(t) if cols else column_of_glued(t)
        if _GROUP_HEADER.match(fold(t).strip(" .:")) and group is None and cols:
            group = len(cols)
            cols.append("lead")
            j += 1
            continue
        if group is not None and key == "lead" and cols[group] == "lead":
            # the second header row: "Chủ trì", "Phối hợp" take the group's place ("Đơn vị thực
            # hiện" followed by "Đơn vị phối hợp" is a plain lead column)
            subs = []
            while j < len(lines) and column_of(lines[j].text) in ("lead", "support") and len(subs) < 2:
                subs.append(column_of(lines[j].text))
                j += 1
            if len(set(subs)) == len(subs):
                cols[group : group + 1] = subs  # type: ignore[assignment]
                group = None
                continue
            break
        if key is None and j + 1 < len(lines):
            key2 = column_of(t + " " + lines[j + 1].text)
            if key2 and len(t) < 12:
                cols.append(key2)
                j += 2
                continue
        if key is None and cols and re.fullmatch(r"\(.{1,20}\)", t.strip()):
            j += 1  # "(năm)" under "Thời gian"
            continue
        if key is None or key in cols:
            break
        cols.append(key)
        j += 1
    return cols, j


# --- flattened cells -------------------------------------------------------------------------


def _is_area_row(text: str) -> bool:
    m = _SECTION_CELL.match(text.strip())
    return bool(m) and standard_area(m.group("title")) is not None


def flatten_cells(lines: list[Line], i: int, gap_mode: bool) -> tuple[list[Cell], int]:
    """Cells from one-cell-per-paragraph text; stops at site chrome. With ``gap_mode`` (text
    with a blank line between cells) a larger gap is an empty cell and adjacent lines are one
    cell."""
    cells: list[Cell] = []
    prev = None
    j = i
    # section rows written "I. CẢI CÁCH THỂ CHẾ" in one merged cell: the first one comes right
    # after the header; then such a heading is a section row while it names a reform area
    inline_sections = False
    while j < len(lines):
        ln = lines[j]
        if ends_table(ln.text) and _is_area_row(ln.text) and (not cells or inline_sections):
            inline_sections = True
        elif is_chrome(ln.text) or ln.role in ("signature", "recipients") or ends_table(ln.text):
            break
        if prev is not None and gap_mode:
            gap = ln.line - prev
            if gap == 1 and cells:
                c = cells[-1]
                c.text = c.text + "\n" + ln.text
                c.end = ln.line
                prev = ln.line
                j += 1
                continue
            for k in range((gap - 2) // 2):
                cells.append(Cell("", prev + 2 * (k + 1), prev + 2 * (k + 1)))
        cells.append(Cell(ln.text, ln.line, ln.line))
        prev = ln.line
        j += 1
    return cells, j


# --- row fitting -----------------------------------------------------------------------------

_SKIP = {"objective": 0.0, "task": 1.0, "activity": 1.5, "output": 1.2, "lead": 1.3, "support": 1.0}


def _fit(col: str, c: Cell, stt_row: bool) -> float:
    if c.empty:
        return 0.3 if col not in ("objective", "task") else 1.0
    t = c.text
    f = fold(t)
    unit = looks_like_unit(t) and len(t) < 260
    doc = bool(_DOC_NOUN.match(f))
    if col in ("lead", "support"):
        if doc and not f.startswith(("hoi dong", "ban ", "van phong", "trung tam", "cong an", "cong doan")):
            return 3.5
        if unit and col == "lead" and ";" in t:
            return 0.6  # a list of units is more often the coordinating cell (a lead merged above)
        return 0.0 if unit else (5.0 if len(t) > 120 else 3.5)
    if col == "output":
        if doc and len(t) < 120:
            return 0.0
        if unit:
            return 3.0
        return 0.8 if len(t) <= 60 else 2.5
    # free-text columns
    cost = 0.0
    if unit and len(t) < 120:
        cost += 3.0
    if doc and len(t) <= 40:
        cost += 1.5
    if col == "objective" and not stt_row:
        cost += 2.5
    return cost


def _merge_cost(prev: Cell, c: Cell) -> float:
    if c.bullet and (prev.bullet or prev.text.rstrip().endswith(":")):
        if prev.text.rstrip().endswith((";", ",", ":")):
            return 0.4
        # no list punctuation: items of one cell tend to look alike (all long, or all short)
        return 0.7 if min(len(prev.text), len(c.text)) > 60 else 0.9
    return 4.0


def fit_row(cells: list[Cell], cols: list[str], stt_row: bool) -> dict[str, list[Cell]] | None:
    """Assign cells, in order, to columns: each column takes zero (carried) or more cells."""
    n, m = len(cells), len(cols)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    merge = [0.0] + [_merge_cost(cells[k - 1], cells[k]) for k in range(1, n)]
    for j in range(m):
        col = cols[j]
        skip = 5.0 if (col == "objective" and stt_row) else _SKIP.get(col, 3.0)
        fits: dict[int, float] = {}
        for i in range(n + 1):
            if best[i][j] == inf:
                continue
            if best[i][j] + skip < best[i][j + 1]:
                best[i][j + 1] = best[i][j] + skip
                back[i][j + 1] = (i, j, 0)
            cost = best[i][j]
            for k in range(i, n):
                if k == i:
                    if k not in fits:
                        fits[k] = _fit(col, cells[k], stt_row)
                    cost += fits[k]
                else:
                    cost += merge[k]
                if cost < best[k + 1][j + 1]:
                    best[k + 1][j + 1] = cost
                    back[k + 1][j + 1] = (i, j, k + 1 - i)
    if best[n][m] == inf:
        return None
    out: dict[str, list[Cell]] = {}
    i, j = n, m
    while j > 0:
        pi, pj, taken = back[i][j]  # type: ignore[misc]
        if taken:
            out[cols[pj]] = cells[pi:i]
        i, j = pi, pj
    return out


def _text(cells: list[Cell]) -> str:
    return clean(" ".join(c.text for c in cells))


def _outputs(cells: list[Cell] | None, carried: str | None) -> list[str]:
    raw = "\n".join(c.text for c in cells) if cells is not None else (carried or "")
    parts = re.split(r"\n|;\s*|\s+-\s+", raw)
    out = []
    for p in parts:
        p = clean(p).strip(" -+.;")
        if p:
            out.append(p)
    return out


# --- table walking ---------------------------------------------------------------------------


class TaskBuilder:
    """Turns fitted rows into interchange tasks, carrying merged values down."""

    def __init__(self, cols: list[str], make_task: Callable[..., dict], ledger: Ledger):
        self.cols = cols
        self.row_cols = [c for c in cols if c not in ("stt", "note", "time")]
        self.make_task = make_task
        self.ledger = ledger
        self.carried: dict[str, str | None] = {}
        self.carried_cells: dict[str, list[Cell]] = {}
        self.section: dict | None = None
        self.tasks: list[dict] = []
        self.sections: list[dict] = []
        self.objectives: list[tuple[str, int, str | None]] = []
        self.gap_mode = False  # flattened text with blank lines between cells

    def start_section(self, label: str, title: Cell | None) -> None:
        text = clean(title.text) if title else ""
        code = label.strip(" .") or str(len(self.sections) + 1)  # unnumbered sections stay apart
        self.section = {"code": code, "title": text, "standard_area": standard_area(text)}
        self.sections.append(self.section)
        self.carried = {}

    def row(
        self,
        cells: list[Cell],
        stt: Cell | None,
        time: Cell | None,
        fitted: dict[str, list[Cell]] | None = None,
        parent: str | None = None,
    ) -> None:
        """One table row. Flattened rows are fitted onto the columns; a real table's row comes
        already ``fitted`` (its cells sit in known columns)."""
        lines = [c.start for c in cells if not c.empty] + ([time.start] if time else [])
        if stt is not None:
            lines.append(stt.start)
            # a new numbered row starts afresh; only a lead merged down over several numbered
            # rows (a missing cell where blank lines mark empty ones) is carried
            lead = self.carried.get("lead") if self.gap_mode else None
            self.carried = {"lead": lead} if lead else {}
        if not [c for c in cells if not c.empty]:
            if time is not None:
                self.ledger.warn(time.start, "table row has a timeframe but no content; skipped")
            return
        if fitted is None:
            fitted = fit_row(cells, self.row_cols, stt is not None)
        if fitted is None:
            self.ledger.warn(cells[0].start, "table row could not be fitted to the columns; skipped")
            return
        if fitted.get("objective"):
            oc = fitted["objective"]
            self.objectives.append((_text(oc), oc[0].start, self.section["code"] if self.section else None))
        vals: dict[str, str | None] = {}
        for col in self.row_cols:
            if col in fitted:
                vals[col] = _text(fitted[col])
            else:
                vals[col] = self.carried.get(col)
        if time is not None:
            vals["time"] = clean(time.text)
        else:
            vals["time"] = self.carried.get("time")
            if "time" in self.cols:
                where = cells[0].start
                if vals["time"]:
                    self.ledger.warn(where, "table row without its own timeframe: carried from the row above")
                else:
                    self.ledger.warn(where, "table row without timeframe")
        if stt is not None and "objective" not in fitted and "objective" in self.row_cols:
            vals["objective"] = None
        # a new task (Nhiệm vụ) resets the activity-level carry
        self.carried.update(vals)
        title = vals.get("activity") or vals.get("task") or vals.get("objective")
        parent = vals.get("task") if vals.get("activity") else parent
        if not title:
            self.ledger.warn(cells[0].start, "table row without a title; skipped")
            return
        out = _outputs(fitted.get("output"), vals.get("output")) if "output" in self.row_cols else []
        start = min(c.start for c in cells + ([time] if time else []) + ([stt] if stt else []))
        end = max(c.end for c in cells + ([time] if time else []))
        task = self.make_task(
            area=self.section["code"] if self.section else None,
            objective=vals.get("objective"),
            parent=parent,
            title=title,
            outputs=out,
            lead=vals.get("lead"),
            support=vals.get("support"),
            time=vals.get("time"),
            line_start=start,
            line_end=end,
            framework=True,
        )
        self.tasks.append(task)
        for c in cells + ([time] if time else []) + ([stt] if stt else []):
            self.ledger.mark_span(c.start, c.end, "task")


def parse_flat_table(
    lines: list[Line],
    header: tuple[int, int, list[str]],
    make_task: Callable[..., dict],
    ledger: Ledger,
    gap_mode: bool,
) -> TableResult:
    h0, h1, cols = header
    for k in range(h0, h1):
        ledger.mark(lines[k].line, "table_header")
    if h1 < len(lines) and re.fullmatch(r"\(.{1,20}\)", lines[h1].text.strip()):
        ledger.mark(lines[h1].line, "table_header")
        h1 += 1
    cells, end = flatten_cells(lines, h1, gap_mode)
    b = TaskBuilder(cols, make_task, ledger)
    b.gap_mode = gap_mode
    has_time = "time" in cols
    trailing = len(cols) - 1 - cols.index("time") if has_time else 0
    pending: list[Cell] = []
    stt: Cell | None = None
    parent: tuple[str, str] | None = None  # (stt, title) of a row grouping numbered sub-rows
    i = 0

    def flush() -> None:
        nonlocal pending, stt
        if any(not c.empty for c in pending):
            b.row(pending, stt, None, parent=_parent_of(stt))
        elif stt is not None:
            pass
        pending, stt = [], None

    def _parent_of(s: Cell | None) -> str | None:
        nonlocal parent
        if parent is not None and not (s is not None and _is_sub_number(s.text, parent[0])):
            parent = None
        return parent[1] if parent else None

    while i < len(cells):
        c = cells[i]
        t = c.text.strip()
        if not pending and _is_area_row(t) and (m := _SECTION_CELL.match(t)):
            flush()
            b.start_section(m.group("label"), Cell(m.group("title"), c.start, c.end))
            ledger.mark_span(c.start, c.end, "heading")
            i += 1
            continue
        if _ROMAN.match(t) and not pending:
            flush()
            j = i + 1
            while j < len(cells) and cells[j].empty:
                j += 1
            title = cells[j] if j < len(cells) and is_upper_heading(cells[j].text) else None
            b.start_section(t, title)
            ledger.mark(c.start, "heading")
            if title:
                ledger.mark_span(title.start, title.end, "heading")
                i = j + 1
            else:
                i += 1
            continue
        if _STT.match(t) and "stt" in cols:
            filled = [p for p in pending if not p.empty]
            if stt is not None and _is_sub_number(t, stt.text) and len(filled) == 1:
                # "3 | Tuyên truyền …" over "3.1", "3.2": a group title, not a task
                parent = (stt.text, _text(filled))
                for p in filled:
                    ledger.mark_span(p.start, p.end, "heading")
                pending, stt = [], None
            flush()
            stt = c
            ledger.mark(c.start, "task")
            i += 1
            continue
        if has_time and is_timeframe_cell(t) and any(not p.empty for p in pending):
            after, i = _after_time(cells, i + 1, trailing, cols)
            b.row(pending + after, stt, c, parent=_parent_of(stt))
            pending, stt = [], None
            continue
        pending.append(c)
        i += 1
    if pending and len([p for p in pending if not p.empty]) <= len(cols) + 2:
        flush()
    elif pending:
        ledger.warn(pending[0].start, f"{len(pending)} trailing table cells could not be read as a row")
    return TableResult(tasks=b.tasks, sections=b.sections, end_index=end, objectives=b.objectives)


def _after_time(cells: list[Cell], i: int, trailing: int, cols: list[str]) -> tuple[list[Cell], int]:
    """The cells of the columns after the time column ("Sản phẩm", "Ghi chú") from ``cells[i]``
    on, and the index after them: at most ``trailing`` cells, until the next row starts (the
    trailing columns were merged or empty)."""
    k = 0
    after: list[Cell] = []
    while k < trailing and i < len(cells):
        nxt = cells[i]
        nt = nxt.text.strip()
        if not nxt.empty and (
            _STT.match(nt)
            or _ROMAN.match(nt)
            or _is_area_row(nt)
            or is_timeframe_cell(nt)
            or ("stt" not in cols and _fit("output", nxt, False) > 0.8)
        ):
            break
        if not nxt.empty:
            after.append(nxt)
        i += 1
        k += 1
    return after, i


_SECTION_CELL = re.compile(
    r"^(?P<label>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})|[A-Z]|\d{1,2})\s*[.:)-]\s+(?P<title>\S.*)$", re.S
)


def _is_sub_number(child: str, parent: str) -> bool:
    p, c = parent.strip(" ."), child.strip(" .")
    return bool(p) and c.startswith(p + ".") and len(c) > len(p) + 1
