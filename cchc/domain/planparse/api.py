"""Entry points: :func:`parse_plan` (a read :class:`SourceDocument`) and :func:`parse_text`.

Returns the ``cchc.plan/1`` interchange described in ``docs/plan-format.md``.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.domain.orgdata import load_entries
from cchc.domain.planparse.blocks import Paragraph, SourceDocument, Table
from cchc.domain.planparse.coverage import account
from cchc.domain.planparse.finishing import (
    annex_start,
    import_report,
    leads_from_duties,
    looks_like,
    strip_bullet,
    to_source_lines,
)
from cchc.domain.planparse.framework import (
    find_header,
    parse_flat_table,
)
from cchc.domain.planparse.indextables import (
    finish_index_criteria,
    flat_index_tables,
    parse_index_rows,
    parse_pipe_table,
    pipe_tables,
)
from cchc.domain.planparse.metadata import parse_metadata
from cchc.domain.planparse.model import FORMAT, Ledger, Line, NotAPlanError, PlanParseError
from cchc.domain.planparse.prepare import (
    median_gap,
    pipe_task_table,
    plain,
    split_stray,
    unfold_layout_tables,
)
from cchc.domain.planparse.prose import walk
from cchc.domain.planparse.readers import DocumentError, text_document
from cchc.domain.planparse.realtables import parse_real_table
from cchc.domain.planparse.structure import standard_area
from cchc.domain.planparse.targets import extract_targets, is_target_sentence
from cchc.domain.planparse.units import is_unresolved, unit_mentions
from cchc.domain.resolver import Resolver
from cchc.domain.text import clean, fold
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
    lines, tables, table_lines = _lines_and_tables(doc, ledger)
    found = _Found()
    stream = _pipe_pass(lines, tables, ledger, found)

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
    make_task = _task_maker(resolver, year_default, period, ledger)

    text_gaps = doc.format == "text" and median_gap(stream) >= 2
    for kind, items, used in flat_index_tables(stream, ledger, text_gaps):
        found.add(kind, items)
        for ln in used:
            ln.role = kind

    areas = _Areas()
    consumed = _flat_task_tables(doc, stream, make_task, ledger, areas, period, found)
    _real_tables(tables, make_task, ledger, areas, period, found)
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
    leads_from_duties(prose.tasks, areas.items)
    _warn_leadless_runs(prose.tasks, ledger)
    tasks = _ordered_tasks(found.tasks + prose.tasks, annex_start(stream, ledger))
    targets = sorted(
        prose.targets + found.targets, key=lambda t: (t.get("source") or {}).get("line_start") or 0
    )

    looks = looks_like(document, stream) if not areas.items and not tasks else None
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
    index_criteria, index_total = finish_index_criteria(found.index_criteria, ledger)
    report = import_report(doc, lines, table_lines, ledger, cell_text, areas.items, tasks)
    if ledger.origin is not None:
        _to_file_lines(tasks, targets, index_criteria, found.survey_targets, index_total, ledger)
    _complete_report(report, doc, tasks)
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
            "survey_targets": found.survey_targets,
            "warnings": warnings,
            "coverage": coverage,
            "unresolved": _unresolved(tasks),
            "report": report,
        }
    )


class _Found:
    """What the table passes found: tasks and objective targets of task tables, PAR INDEX
    criteria and survey targets of index tables."""

    def __init__(self) -> None:
        self.tasks: list[dict] = []
        self.targets: list[dict] = []
        self.index_criteria: list[dict] = []
        self.survey_targets: list[dict] = []

    def add(self, kind: str, items: list[dict]) -> None:
        """Items of an index table: ``index_criteria`` or survey targets."""
        (self.index_criteria if kind == "index_criteria" else self.survey_targets).extend(items)

    def add_table(self, res: Any, areas: _Areas, period: tuple, ledger: Ledger) -> None:
        """A parsed task table: its sections become areas (their codes renumbered), its tasks
        and its objectives' targets are kept."""
        for s in res.sections:
            code = areas.add(s["code"], s["title"] or s["code"])
            for t in res.tasks:
                if t["area"] == s["code"]:
                    t["area"] = code
        self.tasks.extend(res.tasks)
        self.targets.extend(_objective_targets(res, period, ledger))


def _lines_and_tables(doc: SourceDocument, ledger: Ledger) -> tuple[list[Line], list[Table], set[int]]:
    """The document's paragraphs as lines and its data tables (layout tables unfolded into
    lines), and the lines the tables' cells stand on (an empty cell is read, not missed)."""
    lines: list[Line] = []
    tables: list[Table] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            tables.append(b)
        elif isinstance(b, Paragraph) and clean(b.text):
            lines.append(Line(plain(b.text), b.line, b.style))
    if not lines and not tables:
        raise PlanParseError("the document is empty")
    lines, tables = unfold_layout_tables(doc.blocks, lines, tables)
    table_lines: set[int] = set()
    for t in tables:
        for row in t.rows:
            for c in row:
                table_lines.add(c.line)
                if not c.text.strip():
                    ledger.mark(c.line, "empty_cell")
    return lines, tables, table_lines


def _pipe_pass(lines: list[Line], tables: list[Table], ledger: Ledger, found: _Found) -> list[Line]:
    """Pipe tables first: a task table joins ``tables``, an index table's rows go to ``found``;
    stray pipe rows (two-column header blocks) become one line per cell. The lines left."""
    stream: list[Line] = []
    k = 0
    for i, j in pipe_tables(lines):
        stream.extend(split_stray(lines[k:i]))
        task_table = pipe_task_table(lines[i:j], ledger)
        if task_table is not None:
            tables.append(task_table)
            k = j
            continue
        parsed = parse_pipe_table(lines, i, j, ledger)
        for kind, items in parsed:
            found.add(kind, items)
        if not parsed:
            stream.extend(split_stray(lines[i:j]))  # e.g. a header block laid out with tabs
        k = j
    stream.extend(split_stray(lines[k:]))
    return stream


def _task_maker(
    resolver: Any, year_default: int | None, period: tuple, ledger: Ledger
) -> Callable[..., dict]:
    """The function every pass builds a task with: units resolved, the timeframe parsed (or a
    prose task's deadline found), the origin recorded."""

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

    return make_task


def _flat_task_tables(
    doc: SourceDocument,
    stream: list[Line],
    make_task: Callable[..., dict],
    ledger: Ledger,
    areas: _Areas,
    period: tuple,
    found: _Found,
) -> set[int]:
    """Flattened task tables (a framework annex, a list of schemes) among the lines not yet
    given a role; the ids of the lines they consumed."""
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
        found.add_table(res, areas, period, ledger)
        for ln in remaining[hdr[0] : res.end_index]:
            consumed.add(id(ln))
            if not ln.role:
                ln.role = ledger.roles.get(ln.line, "")
        pos = max(res.end_index, hdr[1])
    return consumed


def _real_tables(
    tables: list[Table],
    make_task: Callable[..., dict],
    ledger: Ledger,
    areas: _Areas,
    period: tuple,
    found: _Found,
) -> None:
    """Real (DOCX/XLSX/pipe) tables: a task table's tasks, else an index table's rows."""
    for t in tables:
        res = parse_real_table(t, make_task, ledger)
        if res is not None:
            found.add_table(res, areas, period, ledger)
            continue
        rows = [([c.text for c in row], row[0].line, row[-1].line) for row in t.rows if row]
        idx = parse_index_rows(rows, ledger)
        if idx:
            found.add(idx[0], idx[1])


def _warn_leadless_runs(prose_tasks: list[dict], ledger: Ledger) -> None:
    """One warning per run of lead-less prose tasks (per area), not one per task."""
    run: list[dict] = []
    for t in [*prose_tasks, None]:
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


def _ordered_tasks(tasks: list[dict], annex_from: int) -> list[dict]:
    """Tasks in document order; a table's tasks after the annex start are the annex's."""
    for t in tasks:
        if t["origin"] == "table" and t["source"]["line_start"] > annex_from:
            t["origin"] = "annex"
    tasks.sort(key=lambda t: t["source"]["line_start"])
    for t in tasks:
        t["title"] = strip_bullet(t["title"])
    return tasks


def _unresolved(tasks: list[dict]) -> list[str]:
    """The unit texts no unit was found for (vague ones aside), once each, in order."""
    unresolved: list[str] = []
    for t in tasks:
        for m in t["lead"] + t["support"]:
            if is_unresolved(m) and not m["vague"] and m["text"] not in unresolved:
                unresolved.append(m["text"])
    return unresolved


def _to_file_lines(tasks, targets, index_criteria, survey_targets, index_total, ledger: Ledger) -> None:
    """Provenance, lead duties and warnings in normalised lines -> lines of the file."""
    to_source_lines(
        [tasks, targets, index_criteria, survey_targets, [index_total] if index_total else []], ledger
    )
    for t in tasks:
        if t.get("lead_from"):
            t["lead_from"] = ledger.first(t["lead_from"])
    for w in ledger.warnings:
        if w["line"] is not None:
            w["line"] = ledger.first(w["line"])


def _complete_report(report: dict, doc: SourceDocument, tasks: list[dict]) -> None:
    """What OCR read, and the tasks without a lead, added to the import report."""
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
