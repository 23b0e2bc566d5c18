"""Budget API (/api/budget): the rounds, a round's units with their estimate's status and totals,
an estimate with its lines, the funding per unit and source, and the writes a unit's own system
integrates: save an estimate's draft lines, record a spending with its voucher number.

Same rules as the pages: reads scoped by the gate (``budget.queries``: a forged, foreign or
missing id is a 404 alike), writes through ``budget.actions`` (permission in
``accounts.policy``, audited, all or nothing). Refused input is a 400 with the Vietnamese
message (and the list of line errors in ``details``), a stale version a 409, a request the
caller may see but not do a 403. Money is whole đồng as a string of digits (``schemas``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.http import HttpResponse
from ninja import Query, Router, Status

from cchc.accounts import policy
from cchc.accounts.policy import scoped_get
from cchc.budget import actions, queries
from cchc.budget.models import BudgetEstimate, BudgetRound, EstimateStatus, SpendingKind
from cchc.budget.schemas import (
    BudgetEstimateLinesIn,
    BudgetEstimateOut,
    BudgetFundingOut,
    BudgetNewEstimateIn,
    BudgetRoundDetailOut,
    BudgetRoundOut,
    BudgetSpendingIn,
    BudgetSpendingOut,
)
from cchc.orgs.models import OrgUnit
from cchc.plans.queries import access_plan

router = Router(tags=["budget"])

MAX_LIMIT = 500
MONEY_KEYS = ("requested", "approved", "disbursed", "settled")
Year = Query(None, ge=2000, le=2100)


def _round_out(r: BudgetRound) -> dict:
    plan = r.plan
    return {
        "id": r.pk,
        "plan_id": plan.pk,
        "plan": plan.number or plan.title[:80],
        "province_id": plan.province_id,
        "province": plan.province.name,
        "year": r.year,
        "due_date": r.due_date,
        "basis": r.basis,
        "version": r.version,
    }


def _totals(rows) -> dict:
    return {k: sum((r[k] or Decimal(0) for r in rows), Decimal(0)) for k in MONEY_KEYS}


@router.get("/rounds", response=list[BudgetRoundOut], url_name="budget_round_list")
def list_rounds(
    request,
    response: HttpResponse,
    plan: int | None = None,
    year: int | None = Year,
    limit: int = 100,
    offset: int = 0,
):
    """Rounds of the plans the caller reads, newest year first. Paginated: ``limit`` (1 to 500,
    default 100) rows from ``offset``; the total is in the ``X-Total-Count`` header."""
    qs = queries.rounds_for(request.user).order_by("-year", "plan_id", "id")
    if plan is not None:
        qs = qs.filter(plan=access_plan(request.user, plan))
    if year is not None:
        qs = qs.filter(year=year)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, 10**9))  # past the end: an empty page, never an overflow
    response["X-Total-Count"] = str(qs.count())
    return [_round_out(r) for r in qs[offset : offset + limit]]


@router.get("/rounds/{round_id}", response=BudgetRoundDetailOut, url_name="budget_round_detail")
def get_round(request, round_id: int):
    """The round and every expected unit the caller reads, with its estimate's status, whether it
    was sent on time and the sums of its lines; ``totals`` sums the sent estimates (requested,
    approved, disbursed, settled), as the reports count them."""
    rnd = queries.access_round(request.user, round_id)
    labels = dict(EstimateStatus.choices)
    units = [
        {
            "unit_id": row["unit"].pk,
            "unit_code": row["unit"].code,
            "unit": row["unit"].name,
            "estimate_id": row["estimate"].pk if row["estimate"] else None,
            "status": row["status"],
            "status_label": str(labels.get(row["status"], "")),
            "on_time": row["on_time"],
            "requested": row["requested"],
            "approved": row["approved"],
        }
        for row in queries.round_units(rnd, request.user)
    ]
    funding = queries.funding_by_unit_and_source(rnd.plan, rnd.year, user=request.user)
    return {**_round_out(rnd), "units": units, "totals": _totals(funding)}


def _estimate_out(user, estimate: BudgetEstimate) -> dict:
    lines = [
        {
            "id": ln.pk,
            "order": ln.order,
            "task_id": ln.task_id,
            "task": ln.task.title if ln.task_id else "",
            "description": ln.description,
            "source": ln.source,
            "source_label": ln.get_source_display(),
            "requested": ln.requested,
            "approved": ln.approved,
            "adjust_reason": ln.adjust_reason,
            "disbursed": ln.disbursed,
            "settled": ln.settled,
        }
        for ln in queries.lines_with_spending(estimate)
    ]
    return {
        "id": estimate.pk,
        "round_id": estimate.round_id,
        "year": estimate.round.year,
        "unit_id": estimate.unit_id,
        "unit": estimate.unit.name,
        "status": estimate.status,
        "status_label": estimate.get_status_display(),
        "declared_total": estimate.declared_total,
        "note": estimate.note,
        "submitted_at": estimate.submitted_at,
        "on_time": estimate.on_time,
        "return_reason": estimate.return_reason,
        "appraised_at": estimate.appraised_at,
        "allocation_ref": estimate.allocation_ref,
        "version": estimate.version,
        "can_edit": policy.can_edit_estimate(user, estimate),
        "lines": lines,
        "totals": _totals(lines),
    }


@router.get("/estimates/{estimate_id}", response=BudgetEstimateOut, url_name="budget_estimate_detail")
def get_estimate(request, estimate_id: int):
    """An estimate the caller reads, with its lines: requested, approved (null until appraisal),
    disbursed and settled (sums of the line's spending)."""
    return _estimate_out(request.user, queries.access_estimate(request.user, estimate_id))


@router.get("/funding", response=BudgetFundingOut, url_name="budget_funding")
def get_funding(
    request,
    plan: int,
    year: int = Query(..., ge=2000, le=2100),
    up_to: dt.date | None = None,
):
    """The plan's round of ``year`` per unit and source (sent estimates only), with spending up to
    ``up_to`` when given, limited to the units the caller reads; ``totals`` sums the rows."""
    plan_obj = access_plan(request.user, plan)
    rows = queries.funding_by_unit_and_source(plan_obj, year, up_to, user=request.user)
    out = [{**{k: v for k, v in r.items() if k != "unit_name"}, "unit": r["unit_name"]} for r in rows]
    return {"plan_id": plan_obj.pk, "year": year, "up_to": up_to, "rows": out, "totals": _totals(rows)}


def _line_inputs(payload: BudgetEstimateLinesIn) -> list[actions.LineInput]:
    return [actions.LineInput(ln.task_id, ln.description, ln.source, ln.requested) for ln in payload.lines]


def _save(request, estimate, rnd, unit, payload: BudgetEstimateLinesIn) -> dict:
    saved = actions.do_save_estimate(
        estimate,
        rnd,
        unit,
        _line_inputs(payload),
        payload.declared_total,
        payload.note,
        actor=request.user,
        expected_version=payload.expected_version,
    )
    return _estimate_out(request.user, queries.access_estimate(request.user, saved.pk))


@router.post("/rounds/{round_id}/estimates", response=BudgetEstimateOut, url_name="budget_estimate_save")
def save_unit_estimate(request, round_id: int, payload: BudgetNewEstimateIn):
    """Create the unit's draft estimate in the round, or replace the lines of its draft (or
    returned) one: the whole list, all or nothing (``expected_version`` 0 to create only)."""
    rnd = queries.access_round(request.user, round_id)
    unit = scoped_get(OrgUnit.objects.filter(policy.budget_units_q(request.user, "")), payload.unit_id)
    return _save(request, None, rnd, unit, payload)


@router.post("/estimates/{estimate_id}/lines", response=BudgetEstimateOut, url_name="budget_estimate_lines")
def save_estimate_lines(request, estimate_id: int, payload: BudgetEstimateLinesIn):
    """Replace the lines of a draft (or returned) estimate, all or nothing."""
    estimate = queries.access_estimate(request.user, estimate_id)
    return _save(request, estimate, estimate.round, estimate.unit, payload)


@router.post(
    "/lines/{line_id}/spendings", response={201: BudgetSpendingOut}, url_name="budget_spending_create"
)
def record_spending(request, line_id: int, payload: BudgetSpendingIn):
    """Record an amount disbursed or settled on a line of an appraised estimate, with the
    voucher's number. A cumulative amount of that kind above the line's allocation needs
    ``over_reason``."""
    line = queries.access_line(request.user, line_id)
    row = actions.do_record_spending(
        line,
        payload.period_code,
        payload.kind,
        payload.amount,
        payload.spent_on,
        None,
        payload.evidence_ref,
        payload.over_reason,
        actor=request.user,
    )
    sums = dict(line.spendings.values("kind").annotate(s=Sum("amount")).values_list("kind", "s"))
    return Status(
        201,
        {
            "id": row.pk,
            "line_id": line.pk,
            "period_code": row.period_code,
            "kind": row.kind,
            "amount": row.amount,
            "spent_on": row.spent_on,
            "evidence_ref": row.evidence_ref,
            "over_reason": row.over_reason,
            "recorded_at": row.recorded_at,
            "line_disbursed": sums.get(SpendingKind.DISBURSED, Decimal(0)),
            "line_settled": sums.get(SpendingKind.SETTLED, Decimal(0)),
        },
    )
