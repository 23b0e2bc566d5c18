"""Index tables: the PAR INDEX criteria tree (code | criterion | max points | last score |
target | lead) and the SIPAS target table (criterion | last result | target | lead |
implementers), written as pipe tables in text or as real tables in DOCX/XLSX.

Numbers accept decimal comma or point (``9,5`` and ``8.424``; scores are small, so a point is
a decimal point here) and a comparator (``>88.00``); they come out as decimal strings.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from cchc.domain.planparse.model import Ledger, Line
from cchc.domain.planparse.structure import ends_table, looks_like_unit
from cchc.domain.text import clean, fold

_COLS = [
    ("code", ("stt", "tt", "ma", "so tt")),
    ("max_points", ("diem toi da", "toi da")),
    ("implementers", ("don vi thuc hien", "co quan thuc hien", "thuc hien")),
    ("lead", ("chu tri", "theo doi", "tham muu")),
    ("target", ("muc tieu", "chi tieu", "phan dau", "ke hoach")),
    ("baseline", ("diem nam", "ket qua", "diem dat", "thuc hien nam", "nam 20")),
    ("title", ("tieu chi", "linh vuc", "noi dung", "chi so")),
]


@lru_cache(maxsize=65536)
def _col(text: str) -> str | None:
    f = fold(text)
    if not f:
        return None
    for key, words in _COLS:
        if key == "code":
            if f.strip(" .") in words:
                return key
            continue
        if any(w in f for w in words):
            return key
    return None


def number(text: str | None) -> tuple[str | None, str | None]:
    """``">88.00"`` → (">", "88"); ``"9,5"`` → (None, "9.5"): a decimal string, exact like the
    ``Decimal`` it stands for. Unparseable → (None, None)."""
    s = clean(text or "").replace("%", "").strip()
    m = re.match(r"^(>=|<=|≥|≤|>|<|trên|dưới|tối thiểu|tối đa)?\s*([\d.,]+)$", s)
    if not m:
        return None, None
    comp = {"≥": ">=", "≤": "<=", "trên": ">", "dưới": "<", "tối thiểu": ">=", "tối đa": "<="}.get(
        m.group(1) or "", m.group(1)
    )
    raw = m.group(2).strip(".,")
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    try:
        d = Decimal(raw)
    except InvalidOperation:
        return None, None
    return comp, format(d.normalize(), "f")


def split_pipe(text: str) -> list[str]:
    parts = [clean(p) for p in text.split("|")]
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return parts


def is_pipe_row(text: str) -> bool:
    return text.count("|") >= 3


def pipe_tables(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges ``[i, j)`` of runs of pipe rows (lone ``|`` lines belong to the run)."""
    out = []
    i, n = 0, len(lines)
    while i < n:
        if is_pipe_row(lines[i].text):
            j = i
            while j < n and (is_pipe_row(lines[j].text) or lines[j].text.strip() == "|"):
                j += 1
            if j - i >= 3:
                out.append((i, j))
            i = j
        else:
            i += 1
    return out


_CODE_IN_TITLE = re.compile(r"^((?:\d{1,2}\.)*\d{1,2}\.?)\s+(\S.*)$")


def _norm_code(code: str) -> str | None:
    c = clean(code).strip(" .")
    if not c:
        return None
    c = re.sub(r"(?<=\d)\s+(?=\d)", ".", c)
    return c


def parse_index_rows(rows: list[tuple[list[str], int, int]], ledger: Ledger) -> tuple[str, list[dict]] | None:
    """Rows are (cells, line_start, line_end). Returns ("index_criteria"|"survey_targets", items)."""
    header = None
    for k, (cells, ls, le) in enumerate(rows[:3]):
        cols = [_col(c) for c in cells]
        if _is_header(cells):
            header = (k, cols)
            for n in range(ls, le + 1):
                ledger.mark(n, "table_header")
            break
    if header is None:
        return None
    k0, cols = header
    if "title" not in cols and len(cols) > 1 and cols[1] is None:
        cols[1] = "title"
    if cols[0] is None:
        cols[0] = "code"
    kind = "index_criteria" if "max_points" in cols else "survey_targets"
    items: list[dict] = []
    carry_lead: str | None = None
    carry_impl: str | None = None
    for cells, ls, le in rows[k0 + 1 :]:
        if not any(cells):
            continue
        vals: dict[str, str] = {}
        for key, cell in zip(cols, cells, strict=False):
            if key and key not in vals:
                vals[key] = cell
        code = _norm_code(vals.get("code", ""))
        title = clean(vals.get("title", ""))
        if code is None and (m := _CODE_IN_TITLE.match(title)):
            # "1.1. Kế hoạch cải cách hành chính": the code written in the criterion's cell
            code, title = m.group(1).rstrip("."), m.group(2)
        if code and title.startswith(code + "."):
            title = title[len(code) + 1 :].strip()
        top = code is None or "." not in code
        lead = clean(vals.get("lead", "")) or None
        impl = clean(vals.get("implementers", "")) or None
        roman = bool(code and re.fullmatch(r"[IVX]+", code))
        if kind == "index_criteria":
            if top:
                carry_lead = lead
            elif lead:
                carry_lead = lead
            else:
                lead = carry_lead
        else:
            if roman or code is None:
                carry_lead, carry_impl = lead, impl
            else:
                lead = lead or carry_lead
                impl = impl or carry_impl
        item: dict = {"code": code, "title": title}
        if kind == "index_criteria":
            item["max_points"] = number(vals.get("max_points"))[1]
        b_comp, base = number(vals.get("baseline"))
        t_comp, tgt = number(vals.get("target"))
        item["baseline"] = base
        item["target"] = tgt
        item["target_comparator"] = t_comp
        item["lead"] = lead
        if kind == "survey_targets":
            item["implementers"] = [
                p.strip(" -;.,") for p in re.split(r"(?:^|\s)-\s+", impl or "") if p.strip(" -;.,")
            ]
        item["source"] = {"line_start": ls, "line_end": le}
        if not title:
            ledger.warn(ls, "index table row without a criterion name")
        for n in range(ls, le + 1):
            ledger.mark(n, kind)
        items.append(item)
    return kind, items


def parse_pipe_table(lines: list[Line], i: int, j: int, ledger: Ledger) -> list[tuple[str, list[dict]]]:
    rows: list[tuple[list[str], int, int]] = []
    for ln in lines[i:j]:
        if ln.text.strip() == "|":
            if rows:
                rows[-1] = (rows[-1][0], rows[-1][1], ln.line)
            ledger.mark(ln.line, "table")
            continue
        rows.append((split_pipe(ln.text), ln.line, ln.line))
    # one run of pipe rows may hold several tables: a header row starts the next one
    starts = [k for k, (cells, _a, _b) in enumerate(rows) if _is_header(cells)] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    results: list[tuple[str, list[dict]]] = []
    for a, b in zip(starts, [*starts[1:], len(rows)], strict=False):
        res = parse_index_rows(rows[a:b], ledger)
        if res:
            results.append(res)
    return results


def _is_header(cells: list[str]) -> bool:
    cols = [_col(c) for c in cells]
    return (
        sum(1 for c in cols if c) >= 3
        and ("target" in cols or "max_points" in cols)
        and not any(number(c)[1] is not None for c in cells[2:])
    )


# --- flattened index tables (one cell per line, as a web page or PDF renders them) ----------

_CODE_CELL = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,4}\.?)$")


def _header_run(lines: list[Line], i: int) -> int:
    """End (exclusive) of a run of short header cells starting at ``i`` that names an index
    table (``Tiêu chí … | Điểm tối đa | Điểm đạt năm 2024 | Chỉ tiêu 2025 | Chủ trì``), or ``i``."""
    j = i
    while (
        j < len(lines)
        and j - i < 8
        and len(lines[j].text) <= 60
        and _col(lines[j].text)
        and not re.match(r"^\s*(?:[IVX]+|\d+)[.)]\s", lines[j].text)  # a numbered heading
    ):
        j += 1
    cells = [ln.text for ln in lines[i:j]]
    cols = [_col(c) for c in cells]
    if j - i >= 3 and _is_header(cells) and "title" in cols and ("max_points" in cols or j - i >= 4):
        return j
    return i


def flat_index_tables(
    lines: list[Line], ledger: Ledger, gap_mode: bool
) -> list[tuple[str, list[dict], list[Line]]]:
    """PAR INDEX / SIPAS tables flattened to one cell per line: the header cells, then rows of
    a name, numbers and unit names. A row starts at a code cell or at a name after a complete
    row; it ends the table at a document heading or a long sentence."""

    out: list[tuple[str, list[dict], list[Line]]] = []
    i = 0
    while i < len(lines):
        if lines[i].role:
            i += 1
            continue
        j = _header_run(lines, i)
        if j == i:
            i += 1
            continue
        header = [ln.text for ln in lines[i:j]]
        cols = [_col(c) for c in header]
        if cols[0] is None:
            cols[0] = "title"
        numeric = [k for k in cols if k in ("max_points", "baseline", "target")]
        texts_after = [k for k in cols[cols.index("title") + 1 :] if k in ("lead", "implementers")]
        rows: list[dict] = []
        k = j
        while k < len(lines):
            ln = lines[k]
            t = ln.text.strip()
            if ln.role or ends_table(t) or (len(t) > 160 and t.endswith((".", ";", ":"))):
                break
            if ln.line - (lines[k - 1].line if k > j else lines[j - 1].line) > (4 if gap_mode else 2):
                break  # a gap: the table has ended
            is_num = number(t)[1] is not None and not (
                "code" in cols and _CODE_CELL.match(t) and _complete(rows)
            )
            cur = rows[-1] if rows else None
            if "code" in cols and _CODE_CELL.match(t) and (cur is None or cur["title"] is not None):
                if cur is None or cur["nums"] or cur["texts"] or cur["code"] is None:
                    rows.append({"code": t, "title": None, "nums": [], "texts": [], "lines": [ln]})
                    k += 1
                    continue
            if is_num and cur is not None and cur["title"] is not None and len(cur["nums"]) < len(numeric):
                cur["nums"].append(t)
            elif not is_num and (
                cur is None
                or (
                    cur["title"] is not None
                    and (cur["nums"] or cur["texts"])
                    and (len(cur["texts"]) >= len(texts_after) or not cur["nums"] or not looks_like_unit(t))
                )
            ):
                if cur is not None and cur["title"] is not None and not cur["nums"] and cur["texts"]:
                    break
                rows.append({"code": None, "title": t, "nums": [], "texts": [], "lines": [ln]})
                k += 1
                continue
            elif not is_num and cur is not None and cur["title"] is None:
                cur["title"] = t
            elif not is_num and cur is not None and len(cur["texts"]) < len(texts_after):
                cur["texts"].append(t)
            else:
                break
            cur["lines"].append(ln)  # type: ignore[index]
            k += 1
        good = [r for r in rows if r["title"] and r["nums"]]
        if len(good) < 2:
            i = j
            continue
        table = [(header, lines[i].line, lines[j - 1].line)]
        for r in good:
            cells: list[str] = []
            nums, texts = iter(r["nums"]), iter(r["texts"])
            for key in cols:
                if key == "code":
                    cells.append(r["code"] or "")
                elif key == "title":
                    cells.append(r["title"])
                elif key in ("max_points", "baseline", "target"):
                    cells.append(next(nums, ""))
                elif key in ("lead", "implementers"):
                    cells.append(next(texts, ""))
                else:
                    cells.append("")
            table.append((cells, r["lines"][0].line, r["lines"][-1].line))
        found = parse_index_rows(table, ledger)
        used = lines[i:k]
        if found:
            out.append((found[0], found[1], used))
            for ln in used:
                ledger.mark(ln.line, found[0])
        i = k
    return out


def _complete(rows: list[dict]) -> bool:
    return bool(rows) and rows[-1]["title"] is not None and bool(rows[-1]["nums"])


_TOTAL_RE = re.compile(r"^(?:tong diem|tong cong|tong so diem|tong)\b")


def _dec(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation:
        return None


def _fmt(d: Decimal) -> str:
    n = d.normalize()
    return format(n.quantize(Decimal(1)) if n.as_tuple().exponent > 0 else n, "f")  # type: ignore[operator]


def finish_index_criteria(items: list[dict], ledger: Ledger) -> tuple[list[dict], dict | None]:
    """The PAR INDEX rows without their total row, and that total.

    A "TỔNG ĐIỂM" / "Tổng cộng" row is not a criterion: it is returned as ``index_total``
    (``max_points``, ``baseline``, ``target``, ``target_comparator``, ``source``) and checked
    against the sum of the top-level criteria (a warning when it differs). A criterion whose
    sub-criteria all have points that do not add up to its own (7.1: 7.25 but 2.0 below) is kept
    as written, with a warning naming both figures.
    """
    total = None
    kept = []
    for item in items:
        if not item.get("code") and _TOTAL_RE.match(fold(item.get("title") or "")):
            total = {
                k: item.get(k) for k in ("max_points", "baseline", "target", "target_comparator", "source")
            }
            continue
        kept.append(item)
    codes = [c["code"] for c in kept if c.get("code")]

    def children(code: str) -> list[dict]:
        depth = code.count(".") + 1
        return [
            c
            for c in kept
            if c.get("code") and c["code"].startswith(code + ".") and c["code"].count(".") == depth
        ]

    for item in kept:
        code, own = item.get("code"), _dec(item.get("max_points"))
        if not code or own is None or not any(k.startswith(code + ".") for k in codes):
            continue
        kids = [_dec(c.get("max_points")) for c in children(code)]
        if kids and all(k is not None for k in kids):
            s = sum(kids, Decimal(0))
            if s != own:
                line = (item.get("source") or {}).get("line_start")
                ledger.warn(
                    line,
                    f"index criterion {code}: its sub-criteria add up to {_fmt(s)} points, not {_fmt(own)}",
                )
    if total is not None:
        tops = [c for c in kept if c.get("code") and "." not in c["code"]]
        for key in ("max_points", "baseline", "target"):
            given = _dec(total.get(key))
            parts = [_dec(c.get(key)) for c in tops]
            if given is None or not parts or any(p is None for p in parts):
                continue
            s = sum(parts, Decimal(0))  # type: ignore[arg-type]
            if s != given:
                line = (total.get("source") or {}).get("line_start")
                ledger.warn(line, f"index total {key} is {_fmt(given)} but the criteria add up to {_fmt(s)}")
    return kept, total
