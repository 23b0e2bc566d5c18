"""Reads of the budget app (kinh phí CCHC)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

from cchc.budget.models import BudgetEstimate, BudgetLine, BudgetRound, BudgetSpending, EstimateStatus


# --------------------------------------------------------------------------- flows (b2)
# What the reports, the dashboard and the indicator read (through their sources.py): sums per
# unit / source / area in a constant number of aggregate queries, however many lines.
@dataclass
class FundingRow:
    """Sums of a group of budget lines: requested (estimates sent: submitted or appraised),
    approved (dự toán được giao; ``None`` when no line of the group is appraised), disbursed and
    settled (spending up to the date asked). The group's keys are set as asked (``by``)."""

    unit_id: int | None = None
    source: str = ""
    area_id: int | None = None
    requested: Decimal = Decimal(0)
    approved: Decimal | None = None
    disbursed: Decimal = Decimal(0)
    settled: Decimal = Decimal(0)

    @property
    def disbursed_pct(self) -> Decimal | None:
        """Disbursed over approved × 100 (2 decimals); ``None`` without an approved amount."""
        if not self.approved:
            return None
        return (self.disbursed * 100 / self.approved).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_GROUPS = {"unit": "estimate__unit_id", "source": "source", "area": "task__area_id"}
_ATTRS = {"unit": "unit_id", "source": "source", "area": "area_id"}
SENT = (EstimateStatus.SUBMITTED, EstimateStatus.APPRAISED)


def funding_lines(*, year: int, plan=None, province=None, unit_ids=None):
    """The lines of the year's sent estimates (submitted or appraised) of ``plan``'s round, or
    of every round of ``province``'s plans; only ``unit_ids``' estimates when given."""
    qs = BudgetLine.objects.filter(estimate__round__year=year, estimate__status__in=SENT)
    if plan is not None:
        qs = qs.filter(estimate__round__plan=plan)
    elif province is not None:
        qs = qs.filter(estimate__round__plan__province=province)
    if unit_ids is not None:
        qs = qs.filter(estimate__unit_id__in=list(unit_ids))
    return qs


def funding_rows(
    *, year: int, plan=None, province=None, unit_ids=None, up_to: dt.date | None = None, by=()
) -> list[FundingRow]:
    """The year's budget summed per ``by`` (any of ``"unit"``, ``"source"``, ``"area"``; the
    area is the task's plan section, ``None`` for "other CCHC work"): two aggregate queries, one
    over the lines and one over their spending (``spent_on`` ≤ ``up_to`` when given)."""
    fields = [_GROUPS[k] for k in by]
    lines = funding_lines(year=year, plan=plan, province=province, unit_ids=unit_ids)
    rows: dict[tuple, FundingRow] = {}

    def row(values: dict) -> FundingRow:
        key = tuple(values[f] for f in fields)
        if key not in rows:
            rows[key] = FundingRow(**{_ATTRS[k]: values[f] for k, f in zip(by, fields, strict=True)})
        return rows[key]

    for v in lines.values(*fields).annotate(req=Sum("requested"), appr=Sum("approved")).order_by():
        r = row(v)
        r.requested, r.approved = v["req"] or Decimal(0), v["appr"]
    spending = BudgetSpending.objects.filter(line__in=lines)
    if up_to is not None:
        spending = spending.filter(spent_on__lte=up_to)
    prefixed = [f"line__{f}" for f in fields]
    sums = spending.values(*prefixed).annotate(
        disbursed=Sum("amount", filter=Q(kind="disbursed")), settled=Sum("amount", filter=Q(kind="settled"))
    )
    for v in sums.order_by():
        r = row({f: v[p] for f, p in zip(fields, prefixed, strict=True)})
        r.disbursed, r.settled = v["disbursed"] or Decimal(0), v["settled"] or Decimal(0)
    return list(rows.values())


def funding_total(rows) -> FundingRow:
    """The sum of ``rows`` (approved ``None`` when no row has an approved amount)."""
    rows = list(rows)
    approved = [r.approved for r in rows if r.approved is not None]
    return FundingRow(
        requested=sum((r.requested for r in rows), Decimal(0)),
        approved=sum(approved, Decimal(0)) if approved else None,
        disbursed=sum((r.disbursed for r in rows), Decimal(0)),
        settled=sum((r.settled for r in rows), Decimal(0)),
    )


@dataclass
class OnTime:
    """Who sent the year's estimates on time: per (round, unit) expected to send one."""

    on_time: list  # units (OrgUnit)
    late: list
    missing: list

    @property
    def expected(self) -> int:
        return len(self.on_time) + len(self.late) + len(self.missing)


def estimates_on_time(province, year: int, unit_ids=None) -> OnTime | None:
    """The year's rounds of ``province``'s plans: the units expected to send an estimate (the
    lead units of the plan's tasks, and any unit with an estimate in the round) split into sent
    on time (``on_time`` set at submission: sent by the round's due date), sent late, not sent.
    ``None`` when the province has no round that year. Three queries."""
    from cchc.orgs.models import OrgUnit
    from cchc.tracking.models import Assignment

    rounds = dict(BudgetRound.objects.filter(plan__province=province, year=year).values_list("pk", "plan_id"))
    if not rounds:
        return None
    sent = {
        (rnd, unit): on_time
        for rnd, unit, on_time in BudgetEstimate.objects.filter(round_id__in=rounds).values_list(
            "round_id", "unit_id", "on_time"
        )
    }
    leads = Assignment.objects.filter(task__plan_id__in=rounds.values(), role="lead")
    if unit_ids is not None:
        leads = leads.filter(unit_id__in=list(unit_ids))
        sent = {k: v for k, v in sent.items() if k[1] in set(unit_ids)}
    by_plan: dict[int, set[int]] = {}
    for plan_id, unit_id in leads.values_list("task__plan_id", "unit_id").distinct().order_by():
        by_plan.setdefault(plan_id, set()).add(unit_id)
    expected = set(sent) | {(rnd, u) for rnd, plan_id in rounds.items() for u in by_plan.get(plan_id, ())}
    units = OrgUnit.objects.in_bulk({u for _r, u in expected})
    out = OnTime([], [], [])
    for key in sorted(expected, key=lambda k: (units[k[1]].name, k[0])):
        state = sent.get(key)
        (out.on_time if state is True else out.late if state is False else out.missing).append(units[key[1]])
    return out
