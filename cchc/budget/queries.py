"""Reads of the budget app, scoped to a user through the gate (``policy.budget_units_q``), and the
aggregates the reports, the dashboard and the indicator use (reporting and oversight call them
only from their ``sources.py``). Sums are database aggregates; nothing is totalled in Python
over unbounded rows.

Which estimates count: requested and approved figures come from estimates that were sent
(submitted or appraised); drafts and returned estimates are the unit's work in progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from cchc.accounts import policy
from cchc.accounts.policy import scoped_get
from cchc.budget.models import (
    BudgetEstimate,
    BudgetLine,
    BudgetRound,
    BudgetSource,
    BudgetSpending,
    EstimateStatus,
    SpendingKind,
)
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan, Task
from cchc.plans.queries import plans_for
from cchc.tracking.models import Assignment

SENT = (EstimateStatus.SUBMITTED, EstimateStatus.APPRAISED)
MONEY = DecimalField(max_digits=20, decimal_places=0)
ZERO = Value(Decimal(0), output_field=MONEY)


# ------------------------------------------------------------------------------- scoped single rows


def rounds_for(user) -> QuerySet[BudgetRound]:
    """Rounds of the plans the user reads (a province plan is read by every member of it)."""
    return (
        BudgetRound.objects.filter(plan__in=plans_for(user))
        .select_related("plan", "plan__province")
        .defer(
            "plan__interchange"  # the plan's imported document: never decoded per row
        )
    )


def access_round(user, round_id) -> BudgetRound:
    return scoped_get(rounds_for(user), round_id)


def estimates_for(user) -> QuerySet[BudgetEstimate]:
    """Estimates the user may read: own unit (and those under it); the province for its finance
    agency, standing agency and province-wide readers; all for administrators."""
    qs = BudgetEstimate.objects.select_related("round", "round__plan", "round__plan__province", "unit").defer(
        "round__plan__interchange"
    )
    return qs.filter(policy.budget_units_q(user))


def access_estimate(user, estimate_id) -> BudgetEstimate:
    return scoped_get(estimates_for(user), estimate_id)


def lines_for(user) -> QuerySet[BudgetLine]:
    qs = BudgetLine.objects.select_related(
        "estimate", "estimate__unit", "estimate__round", "estimate__round__plan", "task"
    ).defer("estimate__round__plan__interchange")
    return qs.filter(policy.budget_units_q(user, "estimate__unit"))


def access_line(user, line_id) -> BudgetLine:
    return scoped_get(lines_for(user), line_id)


def spendings_for(user) -> QuerySet[BudgetSpending]:
    qs = BudgetSpending.objects.select_related("line", "line__estimate", "line__estimate__unit")
    return qs.filter(policy.budget_units_q(user, "line__estimate__unit"))


def access_spending(user, spending_id) -> BudgetSpending:
    return scoped_get(spendings_for(user), spending_id)


# ------------------------------------------------------------------------------------- aggregates


def estimate_totals(qs: QuerySet[BudgetEstimate]) -> QuerySet[BudgetEstimate]:
    """``qs`` with ``requested_total`` and ``approved_total`` (sums of the lines, 0 when none)."""
    return qs.annotate(
        requested_total=Coalesce(Sum("lines__requested"), ZERO, output_field=MONEY),
        approved_total=Coalesce(Sum("lines__approved"), ZERO, output_field=MONEY),
    )


def _spent(kind: str, up_to_date: dt.date | None = None) -> Subquery:
    """Per line (``OuterRef("pk")``): the sum of its spendings of ``kind`` up to a day."""
    rows = BudgetSpending.objects.filter(line=OuterRef("pk"), kind=kind)
    if up_to_date is not None:
        rows = rows.filter(spent_on__lte=up_to_date)
    total = rows.order_by().values("line").annotate(s=Sum("amount")).values("s")
    return Coalesce(Subquery(total, output_field=MONEY), ZERO, output_field=MONEY)


def _sums(lines: QuerySet[BudgetLine], group: list[str], up_to_date: dt.date | None) -> list[dict]:
    return list(
        lines.annotate(
            line_disbursed=_spent(SpendingKind.DISBURSED, up_to_date),
            line_settled=_spent(SpendingKind.SETTLED, up_to_date),
        )
        .values(*group)
        .annotate(
            requested=Coalesce(Sum("requested"), ZERO, output_field=MONEY),
            approved=Coalesce(Sum("approved"), ZERO, output_field=MONEY),
            disbursed=Coalesce(Sum("line_disbursed"), ZERO, output_field=MONEY),
            settled=Coalesce(Sum("line_settled"), ZERO, output_field=MONEY),
        )
        .order_by(*group)
    )


def _round_lines(plan, year: int, user=None) -> QuerySet[BudgetLine]:
    lines = BudgetLine.objects.filter(
        estimate__round__plan=plan, estimate__round__year=year, estimate__status__in=SENT
    )
    if user is not None:
        lines = lines.filter(policy.budget_units_q(user, "estimate__unit"))
    return lines


def funding_by_unit_and_source(
    plan, year: int, up_to_date: dt.date | None = None, *, user=None
) -> list[dict]:
    """One row per (unit, source) of the plan's round of ``year``, in ONE query: ``unit_id``,
    ``unit_code``, ``unit_name``, ``source``, ``source_label``, ``requested``, ``approved``,
    ``disbursed``, ``settled`` (spending up to ``up_to_date`` when given). Sent estimates only;
    ``user`` limits the rows to what they may read (None: all, for server-side callers)."""
    rows = _sums(
        _round_lines(plan, year, user),
        ["estimate__unit__code", "estimate__unit_id", "estimate__unit__name", "source"],
        up_to_date,
    )
    labels = dict(BudgetSource.choices)
    return [
        {
            "unit_id": r["estimate__unit_id"],
            "unit_code": r["estimate__unit__code"],
            "unit_name": r["estimate__unit__name"],
            "source": r["source"],
            "source_label": str(labels.get(r["source"], r["source"])),
            **{k: r[k] for k in ("requested", "approved", "disbursed", "settled")},
        }
        for r in rows
    ]


def funding_by_area(plan, year: int, up_to_date: dt.date | None = None, *, user=None) -> list[dict]:
    """One row per area of the plan (a unit plan's copied task counts in its parent task's area;
    ``area_id`` None: lines without a task or a task without an area): ``area_id``,
    ``area_title``, ``requested``, ``approved``, ``disbursed``, ``settled``, in one query."""
    lines = _round_lines(plan, year, user).annotate(
        area_key=Coalesce("task__parent_task__area_id", "task__area_id"),
        area_title=Coalesce("task__parent_task__area__title", "task__area__title"),
    )
    rows = _sums(lines, ["area_key", "area_title"], up_to_date)
    return [
        {"area_id": r["area_key"], "area_title": r["area_title"] or "", **_money(r)}
        for r in sorted(rows, key=lambda r: (r["area_key"] is None, r["area_key"] or 0))
    ]


def _money(r: dict) -> dict:
    return {k: r[k] for k in ("requested", "approved", "disbursed", "settled")}


def task_budget(task, user=None) -> list[dict]:
    """The budget of a task per unit (its lines and those of unit-plan copies of it), from sent
    estimates: ``unit_id``, ``unit_name``, ``year``, ``requested``, ``approved``, ``disbursed``,
    ``settled``; ``user`` limits it to the units they may read."""
    lines = BudgetLine.objects.filter(Q(task=task) | Q(task__parent_task=task), estimate__status__in=SENT)
    if user is not None:
        lines = lines.filter(policy.budget_units_q(user, "estimate__unit"))
    rows = _sums(
        lines,
        ["estimate__round__year", "estimate__unit__code", "estimate__unit_id", "estimate__unit__name"],
        None,
    )
    return [
        {
            "unit_id": r["estimate__unit_id"],
            "unit_name": r["estimate__unit__name"],
            "year": r["estimate__round__year"],
            **_money(r),
        }
        for r in rows
    ]


def unit_tasks(rnd: BudgetRound, unit) -> QuerySet[Task]:
    """Tasks a unit may budget in a round, in the plan's order: tasks of the round's plan, or of a
    unit plan copied from it, that the unit is assigned (lead or support)."""
    assigned = Assignment.objects.filter(task__plan_id__in=_round_plans(rnd), unit=unit).values("task_id")
    return Task.objects.filter(pk__in=assigned).select_related("area").order_by("plan_id", "order", "pk")


def _round_plans(rnd: BudgetRound):
    """The round's plan and the unit plans copied from it (a subquery: the plan ids first, so the
    assignments are found by their plan's tasks through indexes, not by an OR across two joins)."""
    return Plan.objects.filter(Q(pk=rnd.plan_id) | Q(parent_plan_id=rnd.plan_id)).values("pk")


def unit_task_ids(rnd: BudgetRound, unit) -> set[int]:
    return set(unit_tasks(rnd, unit).values_list("pk", flat=True))


# what the expected units of a round rest on: the assignments (their rows and moves), the plans
# (unit plans copied from the round's), the units' validity and the round's estimates
EXPECTED_APPS = ("tracking", "plans", "orgs", "budget")


def expected_unit_ids(rnd: BudgetRound) -> set[int]:
    """Units expected to send an estimate in a round: those assigned (lead or support) a task of
    the round's plan or of a unit plan copied from it, existing on the due date, and any unit
    that has an estimate in it. Cached per round and due date under the data generations of
    ``EXPECTED_APPS`` in the plan's province and its past figures (new assignment rows and moves
    of a closed unit's work, the bulk builders included, bump it): the DISTINCT reads every
    assignment of the plan (28.000 rows for 177 units at ``seed-scale 10``, 28-80 ms)."""
    from cchc.core import generations
    from cchc.tracking.current import past_figures_generation

    province = rnd.plan.province
    names = [past_figures_generation(province.pk), *generations.data_of(EXPECTED_APPS, province.code)]
    key = f"budget expected units:{rnd.pk}:{rnd.plan_id}:{rnd.due_date}"
    return generations.cached(names, key, lambda: _expected_unit_ids(rnd), committed_only=True)


def _expected_unit_ids(rnd: BudgetRound) -> set[int]:
    existing = OrgUnit.objects.valid_at(rnd.due_date).values("pk")
    assigned = (
        Assignment.objects.filter(task__plan_id__in=_round_plans(rnd), unit_id__in=existing)
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )  # ~200 units, not every assignment row
    return set(assigned) | set(rnd.estimates.order_by().values_list("unit_id", flat=True))


def estimates_on_time(province, year: int) -> dict:
    """The estimates of ``province``'s rounds of ``year``, counted per (round, unit): ``on_time``,
    ``late`` (sent after the due date), ``not_submitted`` (never sent: no estimate, or a draft),
    ``expected`` (see :func:`expected_unit_ids`) and ``rounds`` (how many rounds; 0 means no
    data). A returned estimate keeps the judgement of its first submission."""
    out = {"on_time": 0, "late": 0, "not_submitted": 0, "expected": 0, "rounds": 0}
    for rnd in (
        BudgetRound.objects.filter(plan__province=province, year=year)
        .select_related("plan__province")
        .defer("plan__interchange")
    ):
        expected = expected_unit_ids(rnd)
        judged = dict(rnd.estimates.filter(on_time__isnull=False).values_list("unit_id", "on_time"))
        out["rounds"] += 1
        out["expected"] += len(expected)
        out["on_time"] += sum(1 for v in judged.values() if v)
        out["late"] += sum(1 for v in judged.values() if not v)
        out["not_submitted"] += len(expected - set(judged))
    return out


def lines_with_spending(estimate: BudgetEstimate, up_to_date: dt.date | None = None) -> QuerySet[BudgetLine]:
    """An estimate's lines in order, each with ``disbursed`` and ``settled`` (sums of its
    spending, up to a day when given) and its task: one query."""
    return (
        estimate.lines.select_related("task")
        .annotate(
            disbursed=_spent(SpendingKind.DISBURSED, up_to_date),
            settled=_spent(SpendingKind.SETTLED, up_to_date),
        )
        .order_by("order", "id")
    )


def round_units(rnd: BudgetRound, user=None) -> list[dict]:
    """The round's units as the standing and finance agencies follow them: every expected unit
    (:func:`expected_unit_ids`) the user may read, with its estimate if any: ``unit``,
    ``estimate`` (or None), ``status`` ("" when none), ``on_time``, ``requested``, ``approved``
    (sums of the lines), sorted by unit code. Two queries whatever the number of units (four
    when the expected units are read again)."""
    units = OrgUnit.objects.filter(pk__in=expected_unit_ids(rnd)).order_by("code")
    estimates = estimate_totals(BudgetEstimate.objects.filter(round=rnd))
    if user is not None:
        units = units.filter(policy.budget_units_q(user, ""))
        estimates = estimates.filter(policy.budget_units_q(user))
    by_unit = {e.unit_id: e for e in estimates}
    return [
        {
            "unit": u,
            "estimate": by_unit.get(u.pk),
            "status": by_unit[u.pk].status if u.pk in by_unit else "",
            "on_time": by_unit[u.pk].on_time if u.pk in by_unit else None,
            "requested": by_unit[u.pk].requested_total if u.pk in by_unit else Decimal(0),
            "approved": by_unit[u.pk].approved_total if u.pk in by_unit else Decimal(0),
        }
        for u in units
    ]


# --------------------------------------------------------------------------- flows (b2)
# The reports and the dashboard (through their sources.py) ask the same sums with other scopes:
# every round of a province's plans (the dashboard on all plans, a unit report without a plan),
# some units only, grouped as they need; one query per call (``_sums``).
@dataclass
class FundingRow:
    """Sums of a group of sent lines (0 when none): requested, approved (dự toán được giao),
    disbursed and settled (spending up to the day asked); the group's keys as asked (``by``)."""

    unit_id: int | None = None
    source: str = ""
    area_id: int | None = None
    requested: Decimal = Decimal(0)
    approved: Decimal = Decimal(0)
    disbursed: Decimal = Decimal(0)
    settled: Decimal = Decimal(0)

    @property
    def disbursed_pct(self) -> Decimal | None:
        """Disbursed over approved × 100 (2 decimals); ``None`` without an approved amount."""
        if not self.approved:
            return None
        return (self.disbursed * 100 / self.approved).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# group key -> (field of the lines, FundingRow attribute); a unit-plan copy counts in its parent
# task's area, as in ``funding_by_area``
_GROUPS = {
    "unit": ("estimate__unit_id", "unit_id"),
    "source": ("source", "source"),
    "area": ("area_key", "area_id"),
}


def funding_rows(
    *, year: int, plan=None, province=None, unit_ids=None, up_to: dt.date | None = None, by=()
) -> list[FundingRow]:
    """The sent estimates' lines of ``plan``'s round of ``year`` (or of every round of
    ``province``'s plans; only ``unit_ids``' estimates when given) summed per ``by`` (any of
    ``"unit"``, ``"source"``, ``"area"``: area ``None`` for lines without a task), spending up to
    ``up_to``; one query."""
    lines = BudgetLine.objects.filter(estimate__round__year=year, estimate__status__in=SENT)
    if plan is not None:
        lines = lines.filter(estimate__round__plan=plan)
    elif province is not None:
        lines = lines.filter(estimate__round__plan__province=province)
    if unit_ids is not None:
        lines = lines.filter(estimate__unit_id__in=list(unit_ids))
    if "area" in by:
        lines = lines.annotate(area_key=Coalesce("task__parent_task__area_id", "task__area_id"))
    fields = [_GROUPS[k] for k in by]
    return [
        FundingRow(**{attr: r[f] for f, attr in fields}, **_money(r))
        for r in _sums(lines, [f for f, _attr in fields], up_to)
    ]


def funding_total(rows) -> FundingRow:
    """The sum of funding rows."""
    rows = list(rows)
    return FundingRow(**{k: sum((getattr(r, k) for r in rows), Decimal(0)) for k in _MONEY_KEYS})


_MONEY_KEYS = ("requested", "approved", "disbursed", "settled")
