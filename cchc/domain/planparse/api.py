"""Entry points: :func:`parse_plan` (a read :class:`SourceDocument`) and :func:`parse_text`.

Returns the ``cchc.plan/1`` interchange described in ``docs/plan-format.md``.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.domain.orgdata import load_entries
from cchc.domain.planparse.blocks import Cell as BlockCell
from cchc.domain.planparse.blocks import Paragraph, SourceDocument, Table
from cchc.domain.planparse.coverage import UNREAD, account
from cchc.domain.planparse.framework import (
    _ROMAN,
    _SECTION_CELL,
    column_of,
    column_of_glued,
    find_header,
    parse_flat_table,
    parse_real_table,
    table_kind,
)
from cchc.domain.planparse.indextables import _is_header as is_index_header
from cchc.domain.planparse.indextables import (
    finish_index_criteria,
    flat_index_tables,
    parse_index_rows,
    parse_pipe_table,
    pipe_tables,
    split_pipe,
)
from cchc.domain.planparse.metadata import parse_metadata
from cchc.domain.planparse.model import FORMAT, Ledger, Line, NotAPlanError, PlanParseError
from cchc.domain.planparse.prose import walk
from cchc.domain.planparse.readers import DocumentError, text_document
from cchc.domain.planparse.structure import is_chrome, standard_area
from cchc.domain.planparse.targets import extract_targets, is_target_sentence
from cchc.domain.planparse.units import is_unresolved, unit_mentions
from cchc.domain.resolver import Resolver
from cchc.domain.text import clean, fold, fold_aligned
from cchc.domain.timeframes import find_deadline, find_schedule, parse_timeframe

__all__ = ["NotAPlanError", "PlanParseError", "parse_plan", "parse_text"]

PLAN_KINDS = {"plan", "decision", "programme", "scheme", "resolution", "directive"}


def parse_text(text: str, *, resolver: Any = None, province: str | None = None) -> dict:
    """Parse plain text (any layout: see ``layout.normalise``); ``source`` lines and warnings
    point at the 1-based lines of ``text``."""
    if not isinstance(text, str):
        raise PlanParseError("text must be a string")
    try:
        doc = text_document(text)
    except DocumentError:
        raise PlanParseError("the document is empty") from None
    return parse_plan(doc, resolver=resolver, province=province)


class _Areas:
    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, label: str, title: str) -> str:
        std = standard_area(title)
        key = fold(title)
        for a in self.items:
            if (std and a["standard_area"] == std) or fold(a["title"]) == key:
                return a["code"]
        code = label.strip(" .)") or str(len(self.items) + 1)
        codes = {a["code"] for a in self.items}
        base, k = code, 2
        while code in codes:
            code = f"{base}-{k}"
            k += 1
        self.items.append({"code": code, "title": clean(title), "standard_area": std})
        return code


def parse_plan(
    doc: SourceDocument,
    *,
    resolver: Any = None,
    province: str | None = None,
    resolver_at: Callable[[str | None], Any] | None = None,
) -> dict:
    """Parse a read document into the ``cchc.plan/1`` interchange.

    Unit cells are split and resolved with ``resolver``; or, with ``resolver_at``, with the
    resolver it returns for the plan's issue date (ISO, or None when the document has none),
    because a plan names the org tree of its own day: "Sở Thông tin và Truyền thông" is one
    unit in 2021 and no unit in 2026, where a resolver of today's tree would split it at "và".

    Raises :class:`PlanParseError` for an empty document and :class:`NotAPlanError` when it
    has no plan/decision header, no reform areas and no tasks.
    """
    ledger = Ledger(origin=doc.layout.span if doc.layout is not None else None)
    lines: list[Line] = []
    tables: list[Table] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            tables.append(b)
        elif isinstance(b, Paragraph) and clean(b.text):
            lines.append(Line(_plain(b.text), b.line, b.style))
    if not lines and not tables:
        raise PlanParseError("the document is empty")
    lines, tables = _unfold_layout_tables(doc.blocks, lines, tables)

    table_lines: set[int] = set()
    for t in tables:
        for row in t.rows:
            for c in row:
                table_lines.add(c.line)
                if not c.text.strip():
                    ledger.mark(c.line, "empty_cell")  # an empty cell is read, not missed

    # pipe tables first; stray pipe rows (two-column header blocks) become one line per cell
    index_criteria: list[dict] = []
    survey_targets: list[dict] = []
    stream: list[Line] = []
    ranges = pipe_tables(lines)
    k = 0
    for i, j in ranges:
        stream.extend(_split_stray(lines[k:i]))
        task_table = _pipe_task_table(lines[i:j], ledger)
        if task_table is not None:
            tables.append(task_table)
            k = j
            continue
        found = parse_pipe_table(lines, i, j, ledger)
        for kind, items in found:
            (index_criteria if kind == "index_criteria" else survey_targets).extend(items)
        if not found:
            stream.extend(_split_stray(lines[i:j]))  # e.g. a header block laid out with tabs
        k = j
    stream.extend(_split_stray(lines[k:]))

    document = parse_metadata(stream, ledger)
    for ln in stream:
        ln.role = ledger.roles.get(ln.line, "")
    if resolver is None and resolver_at is not None:
        resolver = resolver_at(document.get("date") or _first_day(document.get("period_start")))
    if resolver is None and province:
        resolver = _province_resolver(province, document.get("date"), ledger)
    period = (document["period_start"], document["period_end"])
    annual = period[0] is not None and period[0] == period[1]
    year_default = period[0] if annual else None

    def make_task(
        *, area, objective, parent, title, outputs, lead, support, time, line_start, line_end, **kw
    ):
        lead_m = unit_mentions(lead, resolver)
        support_m = unit_mentions(support, resolver)
        tf = None
        if time:
            tf = _timeframe(time, year_default, period)
            if tf is not None and not _understood(tf):
                ledger.warn(line_start, f"timeframe not understood: {time!r}")
        elif kw.get("prose"):
            tf = _deadline(title, year_default)
        if kw.get("framework") and not lead_m:
            ledger.warn(line_start, "framework row without lead unit")
        return {
            "area": area,
            "objective": objective,
            "parent": parent,
            "title": clean(title),
            "outputs": outputs,
            "lead": lead_m,
            "support": support_m,
            "timeframe": tf,
            "source": {"line_start": line_start, "line_end": line_end},
            # where the task was found: a task table ("table", "annex" when after the body),
            # a task section of the body ("body"), the organisation section's duties
            "origin": (
                ("responsibilities" if kw.get("section") == "organisation" else "body")
                if kw.get("prose")
                else "table"
            ),
        }

    text_gaps = doc.format == "text" and _median_gap(stream) >= 2
    for kind, items, used in flat_index_tables(stream, ledger, text_gaps):
        (index_criteria if kind == "index_criteria" else survey_targets).extend(items)
        for ln in used:
            ln.role = kind

    areas = _Areas()
    tasks: list[dict] = []
    fw_targets: list[dict] = []
    # flattened task tables (framework annex, list of schemes)
    remaining = [ln for ln in stream if not ln.role]
    pos = 0
    consumed: set[int] = set()
    while True:
        hdr = find_header(remaining, pos)
        if hdr is None:
            break
        gaps = [
            b.line - a.line
            for a, b in zip(remaining[hdr[1] :], remaining[hdr[1] + 1 : hdr[1] + 40], strict=False)
        ]
        gap_mode = doc.format == "text" and bool(gaps) and statistics.median(gaps) >= 2
        res = parse_flat_table(remaining, hdr, make_task, ledger, gap_mode)
        for s in res.sections:
            code = areas.add(s["code"], s["title"] or s["code"])
            for t in res.tasks:
                if t["area"] == s["code"]:
                    t["area"] = code
        tasks.extend(res.tasks)
        fw_targets.extend(_objective_targets(res, period, ledger))
        for ln in remaining[hdr[0] : res.end_index]:
            consumed.add(id(ln))
            if not ln.role:
                ln.role = ledger.roles.get(ln.line, "")
        pos = max(res.end_index, hdr[1])
    for t in tables:
        res = parse_real_table(t, make_task, ledger)
        if res is not None:
            for s in res.sections:
                code = areas.add(s["code"], s["title"] or s["code"])
                for task in res.tasks:
                    if task["area"] == s["code"]:
                        task["area"] = code
            tasks.extend(res.tasks)
            fw_targets.extend(_objective_targets(res, period, ledger))
            continue
        rows = [([c.text for c in row], row[0].line, row[-1].line) for row in t.rows if row]
        idx = parse_index_rows(rows, ledger)
        if idx:
            (index_criteria if idx[0] == "index_criteria" else survey_targets).extend(idx[1])

    for ln in stream:
        if id(ln) in consumed:
            ln.role = ln.role or "table"
        ln.role = ln.role or ledger.roles.get(ln.line, "")

    prose = walk(
        stream,
        ledger,
        add_area=areas.add,
        make_task=make_task,
        targets_of=lambda text, area, year, line: _targets(text, area, year, line, ledger),
        year_default=year_default,
    )
    _leads_from_duties(prose.tasks, areas.items)
    # one warning per run of lead-less prose tasks (per area), not one per task
    run: list[dict] = []
    for t in [*prose.tasks, None]:
        if t is not None and not t["lead"] and (not run or run[-1]["area"] == t["area"]):
            run.append(t)
            continue
        if run:
            a, b = run[0]["source"]["line_start"], run[-1]["source"]["line_start"]
            a, b = ledger.first(a), ledger.first(b)
            ledger.warn(a, f"{len(run)} task(s) without an explicit lead unit (lines {a}–{b})")
            run = []
        if t is not None and not t["lead"]:
            run.append(t)
    tasks.extend(prose.tasks)
    annex_from = _annex_start(stream, ledger)
    for t in tasks:
        if t["origin"] == "table" and t["source"]["line_start"] > annex_from:
            t["origin"] = "annex"
    tasks.sort(key=lambda t: t["source"]["line_start"])
    for t in tasks:
        t["title"] = _strip_bullet(t["title"])
    targets = sorted(prose.targets + fw_targets, key=lambda t: (t.get("source") or {}).get("line_start") or 0)

    looks = _looks_like(document, stream) if not areas.items and not tasks else None
    if not areas.items and not tasks and (document["kind"] not in PLAN_KINDS or looks in ("news", "summary")):
        raise NotAPlanError(
            "no plan or decision header, no reform areas and no tasks were found"
            + (f" (the document looks like a {looks})" if looks else ""),
            looks_like=looks,
        )

    for ln in stream:
        if id(ln) in consumed and ln.line not in ledger.roles:
            ledger.mark(ln.line, "table")
    cell_text = {c.line: c.text for t in tables for row in t.rows for c in row}
    coverage = account(lines, table_lines, ledger, cell_text)
    unresolved: list[str] = []
    for t in tasks:
        for m in t["lead"] + t["support"]:
            if is_unresolved(m) and not m["vague"] and m["text"] not in unresolved:
                unresolved.append(m["text"])
    index_criteria, index_total = finish_index_criteria(index_criteria, ledger)
    report = _report(doc, lines, table_lines, ledger, cell_text, areas.items, tasks)
    if ledger.origin is not None:
        _to_source_lines(
            [tasks, targets, index_criteria, survey_targets, [index_total] if index_total else []], ledger
        )
        for t in tasks:
            if t.get("lead_from"):
                t["lead_from"] = ledger.first(t["lead_from"])
        for w in ledger.warnings:
            if w["line"] is not None:
                w["line"] = ledger.first(w["line"])
    if doc.ocr:
        # what OCR read, and the lines it was unsure of (file lines), for the preview to mark
        report["ocr"] = {
            "mean_confidence": doc.ocr["mean_confidence"],
            "pages": doc.ocr.get("pages"),
            "low_confidence": list(doc.ocr.get("low") or []),
        }
    # tasks no table, trailer or duty gives a lead: listed for the officer (preview, and the
    # "Nhiệm vụ chưa có đơn vị chủ trì" page after commit)
    report["without_lead"] = [
        {"line": t["source"]["line_start"], "area": t["area"], "title": t["title"][:300]}
        for t in tasks
        if not t["lead"]
    ]
    warnings = sorted(ledger.warnings, key=lambda w: (w["line"] is None, w["line"] or 0))
    warnings += [{"line": None, "message": w} for w in doc.warnings]
    return _jsonable(
        {
            "format": FORMAT,
            "document": document,
            "areas": areas.items,
            "targets": targets,
            "tasks": tasks,
            "index_criteria": index_criteria,
            "index_total": index_total,
            "survey_targets": survey_targets,
            "warnings": warnings,
            "coverage": coverage,
            "unresolved": unresolved,
            "report": report,
        }
    )


_NEWS = re.compile(
    r"^\(?(cong ttdt|ttdt|baotintuc|ttxvn|bao [a-z ]{2,30}|cong thong tin[a-z ]{0,40})\)?\s*[-–]|"
    r"\b(theo do|phong vien|tin,? anh|nguon:|bai va anh)\b|^ngay \d{1,2}[/-]\d{1,2}(?:[/-]\d{4})?,"
)
_MENTIONS_PLAN = re.compile(r"\b(ke hoach|quyet dinh|chuong trinh)\s+(so\s+)?\d+\s*/")


def _looks_like(document: dict, stream: list[Line]) -> str | None:
    """What a document the importer cannot take as a plan looks like (see NotAPlanError)."""
    kind = document.get("kind")
    if kind in ("report", "letter", "notice", "submission"):
        return kind
    head = [ln.folded for ln in stream[:30]]
    if any(_NEWS.search(f) for f in head):
        return "news"
    if any(_MENTIONS_PLAN.search(f) for f in head) and len(stream) < 80:
        return "summary"
    return None


def _report(doc, lines, table_lines, ledger, cell_text, areas, tasks) -> dict:
    """The import report: tasks per area and per origin, every line not understood with its
    text, and where every line of the file went (``lines``: each non-blank line of the file is
    counted once, as read, layout only, or not understood: nothing vanishes)."""
    text_of = dict(cell_text)
    text_of.update({ln.line: ln.text for ln in lines})
    per_area: dict = {a["code"]: 0 for a in areas}
    none = 0
    origins: dict[str, int] = {}
    for t in tasks:
        if t["area"] in per_area:
            per_area[t["area"]] += 1
        else:
            none += 1
        origins[t["origin"]] = origins.get(t["origin"], 0) + 1
    not_understood = []
    for n, why in ledger.unread:
        a, b = ledger.first(n), ledger.last(n)
        not_understood.append({"line": a, "line_end": b, "text": text_of.get(n, ""), "why": why})
    # every non-blank line of the file, by what became of it
    unread = {n for n, _ in ledger.unread}
    counted = sorted({ln.line for ln in lines} | table_lines)
    read_lines: set[int] = set()
    unread_lines: set[int] = set()
    for n in counted:
        span = range(ledger.first(n), ledger.last(n) + 1)
        role = ledger.roles.get(n)
        if n in unread or not role or role in UNREAD:
            unread_lines.update(span)
        else:
            read_lines.update(span)
    layout = doc.layout
    separators = set(layout.separators) if layout is not None else set()
    total = doc.total_lines if layout is not None else len(counted)
    blank = len(set(layout.blank) - read_lines - unread_lines) if layout is not None else 0
    return {
        "areas": [{"code": a["code"], "title": a["title"], "tasks": per_area[a["code"]]} for a in areas],
        "tasks_without_area": none,
        "origins": origins,
        "not_understood": not_understood,
        "lines": {
            "total": total,
            "read": len(read_lines),
            "not_understood": len(unread_lines - read_lines),
            "layout": len(separators - read_lines - unread_lines),
            "blank": blank,
        },
        "layout": list(layout.notes) if layout is not None else [],
    }


# "Phòng Tư pháp thành phố chịu trách nhiệm tham mưu nội dung chính liên quan đến "Cải cách thể
# chế"": the organisation section names the unit answering for a whole area
_DUTY = re.compile(
    r"\b(?:chiu trach nhiem|chu tri|giup|tham muu)\b[^.;]{0,120}?\b(?:lien quan den|ve linh vuc|linh vuc|noi dung|"
    r"chi so thanh phan|cong tac|cac nhiem vu ve|nhiem vu ve)\s+"
)
# "thực hiện các nhiệm vụ tại mục 2, phần III": the tasks of the area numbered 2
_SECTION_REF = re.compile(
    r"\bnhiem vu (?:tai|o|thuoc|neu tai|quy dinh tai) (?:muc|diem|tieu muc)\s+((?:\d{1,2}|[ivx]{1,4})(?:\s*,\s*(?:\d{1,2}|[ivx]{1,4}))*)"
)
_QUOTED = re.compile(r"[\"“”«»]\s*\*?([^\"“”«»*]{4,160}?)\*?\s*[\"“”«»]")


# A title that is a list of activities keeps its inner "; - " separators but not a leading bullet
# ("- Rà soát, xây dựng kế hoạch; - Số hóa …" -> "Rà soát, xây dựng kế hoạch; - Số hóa …").
_LEADING_BULLET = re.compile(r"^\s*[-+•–—]\s+(?=\S)")


def _strip_bullet(title: str) -> str:
    return _LEADING_BULLET.sub("", title, count=1) if title else title


def _leads_from_duties(tasks: list[dict], areas: list[dict]) -> None:
    """A body task without a lead, in an area the organisation section gives to a unit, is led
    by that unit (``lead_from``: the line of that duty). Only what the plan writes: an area
    named in the duty (quoted, or the phrase after "liên quan đến"), mapped by its standard
    area; nothing is assumed about areas no duty names."""
    by_std = {a["standard_area"]: a["code"] for a in areas if a.get("standard_area")}
    codes = {fold(a["code"]).strip(" ."): a["code"] for a in areas}
    owners: dict[str, dict] = {}
    for t in tasks:
        if t.get("origin") != "responsibilities" or not t["lead"] or any(m.get("vague") for m in t["lead"]):
            continue
        title = t["title"]
        folded = fold_aligned(title)
        for ref in _SECTION_REF.finditer(folded):
            for code in re.split(r"\s*,\s*", ref.group(1)):
                area = codes.get(code.strip())
                if area is not None and area not in owners:
                    owners[area] = t
        for m in _DUTY.finditer(folded):
            rest = title[m.end() :]
            stop = min([k for k in (rest.find(";"), rest.find(". ")) if k >= 0] or [len(rest)])
            quoted = _QUOTED.findall(rest[: stop + 1]) or [rest[:stop]]
            for phrase in quoted:
                std = standard_area(phrase.strip(' .,:*"')) if len(phrase) <= 160 else None
                code = by_std.get(std)
                if code is not None and code not in owners:
                    owners[code] = t
    if not owners:
        return
    for t in tasks:
        owner = owners.get(t["area"])
        if owner is not None and t.get("origin") == "body" and not t["lead"]:
            t["lead"] = [dict(m) for m in owner["lead"]]
            t["lead_from"] = owner["source"]["line_start"]


_ANNEX = re.compile(r"^(phu luc|khung ke hoach|danh muc (cac )?(nhiem vu|de an))\b")


def _annex_start(stream: list[Line], ledger: Ledger) -> int:
    """The (normalised) line where the annex begins: the first signature or recipients block,
    or a heading ``PHỤ LỤC`` / ``KHUNG KẾ HOẠCH``; a very large number when there is none."""
    for ln in stream:
        role = ln.role or ledger.roles.get(ln.line, "")
        if role in ("signature", "recipients") or (len(ln.text) < 200 and _ANNEX.match(ln.folded)):
            return ln.line
    return 1 << 60


def _to_source_lines(groups: list[list[dict]], ledger: Ledger) -> None:
    """Provenance in normalised lines -> lines of the file the officer has."""
    for items in groups:
        for item in items:
            src = item.get("source")
            if isinstance(src, dict) and src.get("line_start") is not None:
                end = src.get("line_end") or src["line_start"]
                src["line_start"] = ledger.first(src["line_start"])
                src["line_end"] = ledger.last(end)


# Markdown-style emphasis left by converters: a pair of ``**`` or ``*`` hugging a text at word
# boundaries (``**TM. ỦY BAN**``, ``*Cải cách thể chế*``). A lone or inner star is text
# (``{{ 7*7 }}``, ``…)*cmd|``) and stays.
_STRONG = re.compile(r"(?<![\w*])\*\*(?=\S)([^*]+?)(?<=\S)\*\*(?![\w*])")
_EMPH = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])")


def _plain(text: str) -> str:
    """Drop Markdown-style emphasis pairs; a leading ``* `` (a star bullet) and any other star
    stay (they are text)."""
    s = clean(text)
    if "*" not in s:
        return s
    star = s.startswith("* ")
    body = s[2:] if star else s
    body = _EMPH.sub(r"\1", _STRONG.sub(r"\1", body))
    return clean("* " + body if star else body)


def _split_stray(lines: list[Line]) -> list[Line]:
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


def _unfold_layout_tables(
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
            out.append(Line(_plain(b.text), b.line, b.style))
        elif isinstance(b, Table) and id(b) in layout:
            for row in b.rows:
                for c in row:
                    if c.merged_from_above:
                        continue
                    out.extend(Line(_plain(p), c.line) for p in c.text.split("\n") if clean(p))
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


def _pipe_task_table(rows: list[Line], ledger: Ledger) -> Table | None:
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


def _median_gap(lines: list[Line]) -> float:
    gaps = [b.line - a.line for a, b in zip(lines, lines[1:], strict=False)]
    return statistics.median(gaps) if gaps else 0.0


def _first_day(year: int | None) -> str | None:
    return f"{year:04d}-01-01" if year else None


def _province_resolver(province: str, issued: str | None, ledger: Ledger) -> Any:
    """A resolver over the province's org data as it stood when the plan was issued."""
    try:
        entries = load_entries(province, on=date.fromisoformat(issued) if issued else None)
    except KeyError:
        ledger.warn(None, f"unknown province code {province!r}: units left unresolved")
        return None
    return Resolver(entries)


def _timeframe(text: str, year: int | None, period: tuple) -> dict | None:
    p = period if period[0] is not None and period[1] is not None else None
    return parse_timeframe(text, default_year=year, period=p).to_dict()


def _understood(tf: dict) -> bool:
    return any(tf.get(k) is not None for k in ("start_year", "end_year", "due_date", "recurrence", "event"))


def _deadline(text: str, year: int | None) -> dict | None:
    tf = find_deadline(text, default_year=year) or find_schedule(text, default_year=year)
    return tf.to_dict() if tf is not None else None


def _objective_targets(res: Any, period: tuple, ledger: Ledger) -> list[dict]:
    """Targets of a task table's objective column ("Mục tiêu": "Tối thiểu 80% hồ sơ …"), the
    same way whatever read the table (flattened text, pipe rows, DOCX, XLSX, PDF): one code
    path from an objective cell to targets. A merged cell repeated over its rows counts once."""
    out: list[dict] = []
    seen: set[tuple[str, str | None]] = set()
    area_of: dict[str, str | None] = {}
    for t in res.tasks:
        area_of.setdefault(t["objective"], t["area"])
    for text, line, section in res.objectives:
        code = area_of.get(text, section)
        if (text, code) in seen:
            continue
        seen.add((text, code))
        out.extend(_targets(text, code, period[1], line, ledger))
    return out


def _targets(text: str, area: str | None, year: int | None, line: int, ledger: Ledger) -> list[dict]:
    if not is_target_sentence(text):
        return []
    out = []
    for t in extract_targets(text, area=area, year=year, line=line):
        d = t.to_dict() if hasattr(t, "to_dict") else dict(t)
        d.setdefault("area", area)
        d["area"] = area if d.get("area") is None else d["area"]
        if not d.get("source"):
            d["source"] = {"line_start": line, "line_end": line}
        d.pop("line", None)
        out.append(d)
    return out


def _jsonable(v: Any) -> Any:
    """JSON-ready values, converted in place (dicts and lists are reused: a 10 MB plan's result
    is not held twice)."""
    if v is None or isinstance(v, (str, int, float)):  # bool is an int: most values stop here
        return v
    if isinstance(v, dict):
        for k, x in v.items():
            if not (x is None or isinstance(x, (str, int, float))):
                v[k] = _jsonable(x)
        return v
    if isinstance(v, list):
        for i, x in enumerate(v):
            if not (x is None or isinstance(x, (str, int, float))):
                v[i] = _jsonable(x)
        return v
    if isinstance(v, tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, date):
        return v.isoformat()
    return v
