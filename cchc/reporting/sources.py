"""The ONE place reporting reads other apps' data: task progress (tracking) and plans.

Contract with ``cchc.tracking.queries.assignment_rows(*, plan, unit, as_of, user, area, status, q,
role)`` returning rows with ``assignment, task, plan, area, unit, role, period_label, due_date,
status, percent, state, last_update_at, evidence, narrative``; the state is the one definition of
``cchc.tracking.states.annotate_state`` (a "done" claim not yet accepted is ``pending_approval``,
not done), so reports agree with the task list as of the period's cut-off.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.utils import timezone

from cchc.core import figures

DONE_STATES = {"done", "done_late"}
PENDING_STATES = {"pending_approval"}


_cache: ContextVar[dict | None] = ContextVar("reporting_rows_cache", default=None)


@contextmanager
def rows_cache():
    """Within the block, a plan's rows as of a day are computed once and every unit's rows are
    taken from them (for bulk work such as the demo's many reports, while progress does not
    change). Outside it, every call reads the database."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def task_rows(*, plan=None, unit=None, as_of: dt.date, lead_only: bool = True) -> list:
    """The assignment rows of ``plan`` (and ``unit``) as known on ``as_of`` (unscoped: callers
    check permissions first). Reports count a task once, at its lead (chủ trì) unit, which is
    accountable for it; coordinating units' shares are left out unless ``lead_only=False``."""
    cache = _cache.get()
    if cache is not None and plan is not None:
        key = (plan.pk, as_of, lead_only)
        if key not in cache:
            cache[key] = _task_rows(plan=plan, unit=None, as_of=as_of, lead_only=lead_only)
        rows = cache[key]
        return rows if unit is None else [r for r in rows if r.unit.pk == unit.pk]
    return _task_rows(plan=plan, unit=unit, as_of=as_of, lead_only=lead_only)


def _task_rows(*, plan, unit, as_of: dt.date, lead_only: bool) -> list:
    from cchc.tracking.queries import assignment_rows

    return assignment_rows(plan=plan, unit=unit, as_of=as_of, role="lead" if lead_only else None)


def figures_generation(province_id) -> str:
    """The cache generation of the province's progress figures (tracking bumps it on every
    write that changes an assignment's state): the consolidation's cache key."""
    from cchc.tracking.current import figures_generation as generation

    return generation(province_id)


def past_figures_generation(province_id) -> str:
    """The cache generation of the province's progress figures as of the days before today (not
    bumped by a report or decision recorded today): the key of a closed period's consolidation."""
    from cchc.tracking.current import past_figures_generation as generation

    return generation(province_id)


def report_lead_unit_ids(plan, span_from: dt.date, span_to: dt.date) -> set[int]:
    """Units leading (chủ trì) a task of ``plan`` due between the dates or continuing past them
    (as ``report_set``): the units that must report on the period (report reminders)."""
    from django.db.models import Q

    from cchc.tracking.models import Assignment

    due = Q(due_date__range=(span_from, span_to))
    continuing = (Q(due_date__gt=span_to) | Q(due_date__isnull=True)) & Q(start_date__lte=span_to)
    continuing |= Q(due_date__gt=span_to, start_date__isnull=True)
    return set(
        Assignment.objects.filter(due | continuing, task__plan=plan, role="lead").values_list(
            "unit_id", flat=True
        )
    )


def rows_in_window(rows, data_from: dt.date, data_to: dt.date) -> list:
    """Rows whose due date falls between ``data_from`` and ``data_to`` (both inclusive)."""
    return [r for r in rows if r.due_date is not None and data_from <= r.due_date <= data_to]


@dataclass
class ReportSet:
    """The rows a report answers for (:func:`report_set`): the tables, the narrative and the
    annex all read this one set."""

    due: list = field(default_factory=list)  # due in the period's months
    continuing: list = field(default_factory=list)  # multi-year / continuous work under way

    @property
    def rows(self) -> list:
        return self.due + self.continuing


def _row_start(r):
    a = getattr(r, "assignment", None)
    return getattr(a, "start_date", None)


def report_set(rows, info) -> ReportSet:
    """Split ``rows`` (known on ``info.as_of``) by :func:`cchc.domain.periods.report_share`
    over the period's reported span (the annual report: 1/1 – 31/12 of its year). Continuing work
    already finished before the span began was reported then and is left out."""
    from cchc.domain.periods import CONTINUING, DUE, report_share

    span_from, span_to = info.span
    out = ReportSet()
    for r in rows:
        share = report_share(start=_row_start(r), due=r.due_date, span_from=span_from, span_to=span_to)
        if share == DUE:
            out.due.append(r)
        elif share == CONTINUING:
            finished = r.state in DONE_STATES and r.last_update_at is not None
            if finished and timezone.localtime(r.last_update_at).date() < span_from:
                continue
            out.continuing.append(r)
    return out


def plans_issued(unit, data_from: dt.date, data_to: dt.date) -> int:
    """Plans (and other documents) the unit issued in the window, as recorded in the system."""
    from cchc.plans.models import Plan

    return Plan.objects.filter(owner_unit=unit, issued_on__range=(data_from, data_to)).count()


# Annex figures taken from the one-stop dossier statistics (indicators app, ``DossierAggregate``:
# calendar months, a dossier counted in the month it was received): annex key -> summed counts.
DOSSIER_FIGURES = {
    "dossiers_received": ("received",),
    "dossiers_online": ("online",),
    "dossiers_resolved": ("finished",),
    "dossiers_on_time": ("early", "on_time"),
    "dossiers_late": ("late",),
    "dossiers_pending": ("in_progress",),
    "dossiers_pending_overdue": ("in_progress_past_due",),
    "online_payments": ("paid_online",),
    "dossiers_digitised": ("digitised",),
}


def dossier_counts(unit_ids, period_code: str) -> dict | None:
    """Summed dossier statistics (``received``, ``online``, …) of ``unit_ids`` over the period's
    calendar months; ``None`` when the platform holds none for them (or the period has no
    calendar months, e.g. an ad hoc window)."""
    from cchc.indicators.queries import dossier_sums

    try:
        sums = dossier_sums(list(unit_ids), period_code)
    except ValueError:
        return None
    return None if sums is None else {k: int(v) for k, v in sums.items()}


def dossier_figures_of(counts: dict | None) -> dict[str, int]:
    """The annex's dossier, payment and digitisation figures (:data:`DOSSIER_FIGURES`) from
    summed dossier statistics (:func:`dossier_counts`); empty when there are none."""
    if counts is None:
        return {}
    return {key: sum(counts[c] for c in parts) for key, parts in DOSSIER_FIGURES.items()}


def unit_subtree_ids(unit) -> set[int]:
    return set(unit.descendant_ids()) | {unit.pk}


def inspection_figures(organiser, span_from: dt.date, span_to: dt.date) -> dict[str, int] | None:
    """CCHC inspections recorded in oversight in the programmes ``organiser`` runs (the province's
    programme over its departments and districts, or a unit's own programme over its subordinate
    units): units planned for inspection in the programmes of the span's years, and units
    inspected (done, inspection date inside the span). ``None`` when the organiser has no
    inspection programme for those years. Oversight sits above reporting, so it provides the
    figures through ``cchc.core.figures`` (``oversight.figures.inspection_figures``)."""
    return figures.inspection_figures(organiser, span_from, span_to)


def plan_targets(plan) -> list:
    return list(plan.targets.select_related("area").order_by("order")) if plan is not None else []


def target_attainment(plan, period_code: str) -> dict[int, dict]:
    """Measured attainment of the plan's targets for the period, by target id (the indicators
    app, ``attainment_for_plan``); empty when the period is not a code."""
    from cchc.indicators.queries import attainment_for_plan

    try:
        return {r["target_id"]: r for r in attainment_for_plan(plan, period_code)}
    except ValueError:
        return {}


def attainment_text(row: dict | None, target=None, period_year: int | None = None) -> str:
    """ "Đạt (91,20%)", "Chưa đạt (62,00%)", "Chưa có số liệu đo lường" for one target
    ("Chỉ tiêu của năm 2021" for a target of a year before the report's)."""
    from cchc.domain.vnformat import format_number

    if row is None and target is not None and target.year and period_year and target.year < period_year:
        return f"Chỉ tiêu của năm {target.year}"
    if row is not None and row.get("summary"):
        return row["summary"]  # judged by the target's own rule (indicators.queries._summary)
    if row is None or row["value"] is None:
        return "Chưa có số liệu đo lường"
    value = format_number(row["value"], 2) + ("%" if row["unit"] == "%" else "")
    text = f"{row['status_label']} ({value})"
    return f"{text}, {row['note']}" if row.get("note") else text


def find_plan(number: str):
    from cchc.plans.models import Plan

    return Plan.objects.filter(number__iexact=number.strip()).select_related("province").first()


def plan_ids_led_by(units):
    """The ids of the plans in which one of ``units`` leads a task (a subquery)."""
    from cchc.tracking.models import Assignment

    return Assignment.objects.filter(unit__in=units, role="lead").values("task__plan_id")


# --------------------------------------------------------------------------- budget (kinh phí)
def funding(*, year: int, plan=None, province=None, unit_ids=None, up_to: dt.date | None = None, by=()):
    """The CCHC budget of ``year`` summed per ``by`` (``"unit"``, ``"source"``, ``"area"``):
    requested (estimates submitted), approved (appraised), disbursed and settled up to ``up_to``
    (the budget app, ``funding_rows``: one aggregate query)."""
    from cchc.budget.queries import funding_rows

    return funding_rows(year=year, plan=plan, province=province, unit_ids=unit_ids, up_to=up_to, by=by)


def budget_source_labels() -> dict[str, str]:
    """``{source code: label}`` of the budget's sources (ngân sách trung ương, …), in order."""
    from cchc.budget.models import BudgetSource

    return {str(k): str(v) for k, v in BudgetSource.choices}


def budget_rounds_exist(*, year: int, plan=None, province=None) -> bool:
    """Whether a budget round (kỳ lập dự toán) of ``year`` exists for the plan or province."""
    from cchc.budget.models import BudgetRound

    qs = BudgetRound.objects.filter(year=year)
    qs = qs.filter(plan=plan) if plan is not None else qs.filter(plan__province=province)
    return qs.exists()


def funding_total(rows):
    """The sum of funding rows (``budget.queries.FundingRow``)."""
    from cchc.budget.queries import funding_total as total

    return total(rows)
