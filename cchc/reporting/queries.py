"""Reads of reports, scoped to a user (policy, "reporting" section)."""

from __future__ import annotations

from cchc.accounts import policy
from cchc.accounts.policy import grants_for, scoped_get
from cchc.reporting.models import UnitReport


def reports_for(user):
    """Unit reports the user may read."""
    g = grants_for(user)
    qs = UnitReport.objects.select_related("unit", "plan", "current_version", "accepted_version")
    ids = g.readable_unit_ids
    return qs if ids is None else qs.filter(unit_id__in=ids)


def access_unit_report(user, report_id) -> UnitReport:
    """The report if the user may read it; ``NotFound`` for missing and not-permitted alike."""
    return scoped_get(reports_for(user), report_id)


def plans_for(user):
    """Plans of the user's provinces (a unit reports against them)."""
    from cchc.plans.models import Plan

    ids = policy.plan_province_ids(grants_for(user))
    plans = Plan.objects.select_related("province").order_by("-issued_on", "-id")
    return plans if ids is None else plans.filter(province_id__in=ids)


def access_plan_for_consolidation(user, plan_id):
    from cchc.plans.models import Plan

    return scoped_get(
        Plan.objects.select_related("province"),
        plan_id,
        check=lambda plan: policy.can_read_consolidation(user, plan.province),
    )
