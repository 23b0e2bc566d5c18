"""Reads of reports, scoped to a user (policy, "reporting" section)."""

from __future__ import annotations

from cchc.accounts import policy
from cchc.accounts.policy import NotFound, readable, scoped_get
from cchc.plans import queries as plan_queries
from cchc.reporting.models import UnitReport


def reports_for(user):
    """Unit reports the user may read."""
    return readable(
        user, UnitReport.objects.select_related("unit", "plan", "current_version", "accepted_version")
    )


def access_unit_report(user, report_id) -> UnitReport:
    """The report if the user may read it; ``NotFound`` for missing and not-permitted alike."""
    return scoped_get(reports_for(user), report_id)


def access_plan_for_consolidation(user, plan_id):
    """A plan the user may read (``plans.queries.access_plan``) and consolidate reports of."""
    plan = plan_queries.access_plan(user, plan_id)
    if not policy.can_read_consolidation(user, plan.province):
        raise NotFound
    return plan
