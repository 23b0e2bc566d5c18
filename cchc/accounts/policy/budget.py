"""budget: who prepares, submits, appraises CCHC budget estimates and records spending (cchc.budget).

The finance agency (``OrgUnit.is_finance_agency``, the Sở Tài chính) appraises the estimates of its
province with the standing agency (216/KH-UBND VI.2): its unit heads and reporters read every
estimate of the province and appraise the submitted ones; the province's standing officers do the
same. A unit's reporters and head prepare its estimate; the head submits it; they record the
spending of its appraised lines. Leaders, council members and auditors read the province's
estimates as they read the rest of its data. Works on the objects passed in (the gate is L2).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cchc.accounts.models import Role
from cchc.accounts.policy.grants import Grants, grants_for, is_member

EDITABLE = ("draft", "returned")  # EstimateStatus values a unit may still change
FINANCE_ROLES = (Role.UNIT_HEAD, Role.REPORTER)


def finance_province_ids(user) -> set[int]:
    """Provinces whose finance agency the user works in (as unit head or reporter)."""
    g = grants_for(user)
    return {
        m.unit.province_id or m.unit_id
        for m in g.memberships
        if m.role in FINANCE_ROLES and m.unit.is_finance_agency
    }


def _province_id(unit) -> int:
    return unit.province_id or unit.pk


def _finance_for(g: Grants, unit) -> bool:
    return g.is_admin or _province_id(unit) in finance_province_ids(g)


def can_see_budget(user) -> bool:
    """The budget pages (the menu entry): every member of a unit."""
    return is_member(user)


def can_view_budget(user, unit) -> bool:
    """A unit's estimates, lines and spending: its own people (and those of the units above it),
    the province's finance agency, standing agency and other province-wide readers."""
    if user is None:
        return True
    g = grants_for(user)
    return g.can_read_unit(unit) or _finance_for(g, unit)


def can_prepare_estimate(user, unit) -> bool:
    """Start (or import) the unit's estimate: its reporters and head."""
    return user is None or grants_for(user).can_report_for(unit)


def can_edit_estimate(user, estimate) -> bool:
    """Change the lines of an estimate still in the unit's hands (draft, or returned)."""
    return estimate.status in EDITABLE and can_prepare_estimate(user, estimate.unit)


def can_submit_estimate(user, estimate) -> bool:
    """The unit head sends the estimate to the finance agency."""
    return estimate.status in EDITABLE and (user is None or grants_for(user).can_approve_for(estimate.unit))


def _appraises(g: Grants, plan) -> bool:
    province = plan.province
    return g.can_coordinate(province) or _finance_for(g, province)


def can_appraise_estimate(user, estimate) -> bool:
    """Accept, adjust or return a submitted estimate: the finance agency of the round's province
    (unit head or reporter) and the province's standing officers."""
    if estimate.status != "submitted":
        return False
    return user is None or _appraises(grants_for(user), estimate.round.plan)


def can_record_spending(user, line) -> bool:
    """Record disbursement or settlement on a line of an appraised estimate: the unit's people."""
    estimate = line.estimate
    return estimate.status == "appraised" and can_prepare_estimate(user, estimate.unit)


def can_manage_budget_rounds(user, plan) -> bool:
    """Open a year's round for a province plan (its due date, its basis): the standing agency
    and the finance agency of the plan's province."""
    return user is None or _appraises(grants_for(user), plan)


def budget_units_q(user, unit_field: str = "unit") -> Q:
    """The filter of rows (whose ``unit_field`` names the unit) ``user`` may read in the budget:
    own unit and those under it, the whole province for its finance agency and province-wide
    readers, everything for administrators. ``unit_field=""`` filters ``OrgUnit`` rows themselves."""
    g = grants_for(user)
    ids = g.readable_unit_ids
    if ids is None:
        return Q()
    unit_id = f"{unit_field}_id" if unit_field else "pk"  # "": the rows are the units themselves
    province_id = f"{unit_field}__province_id" if unit_field else "province_id"
    q = Q(**{f"{unit_id}__in": ids})
    provinces = finance_province_ids(g)
    if provinces:
        q |= Q(**{f"{province_id}__in": provinces}) | Q(**{f"{unit_id}__in": provinces})
    return q


def budget_estimates_readable(user, queryset: QuerySet, unit_field: str = "unit") -> QuerySet:
    """``queryset`` (estimates, or lines/spendings with ``unit_field="estimate__unit"`` …) limited
    to what ``user`` may read (see :func:`budget_units_q`)."""
    return queryset.filter(budget_units_q(user, unit_field))
