"""What a task's unit mentions mean, read by every app (plans maps them; tracking assigns them)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cchc.domain.resolver import is_every_unit
from cchc.domain.text import fold
from cchc.plans.models import Plan, TaskUnit
from cchc.plans.resolution import org_index

_PARTIAL_WORDS = ("lien quan", "duoc giao", "co lien quan")


def is_partial_group(mention: TaskUnit) -> bool:
    """A group mention that means only some of its members ("các sở, ban, ngành liên quan")."""
    return bool(mention.group_id) and any(w in fold(mention.text) for w in _PARTIAL_WORDS)


def is_every_unit_lead(mention: TaskUnit) -> bool:
    """A lead mention "các cơ quan, đơn vị" (no restriction): a standing duty of every unit the
    plan addresses (``tracking.actions.addressed_units``), such as making their own plan or
    reporting."""
    return mention.role == "lead" and not mention.is_resolved and is_every_unit(mention.text)


def needs_mapping(mention: TaskUnit) -> bool:
    """Whether the standing agency still has to say which units a mention means."""
    if is_every_unit_lead(mention):
        return False
    return not mention.is_resolved or is_partial_group(mention)


def plan_date(plan: Plan) -> dt.date:
    """The day a plan row speaks of: its issue date, else 1 January of its first year, else today
    (``plans.resolution.plan_date`` reads the same from an imported document)."""
    if plan.issued_on:
        return plan.issued_on
    if plan.period_start:
        return dt.date(plan.period_start, 1, 1)
    return timezone.localdate()


def mention_index(plan: Plan):
    """The org tree a plan's mentions may be mapped to: the plan's province as it was on its date."""
    when = plan.issued_on or (dt.date(plan.period_start, 1, 1) if plan.period_start else None)
    return org_index(plan.province, when, scope=plan.owner_unit)
