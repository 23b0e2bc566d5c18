"""Reads scoped to a user."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.accounts.policy import grants_for, scoped_get, units_for
from cchc.orgs.models import OrgGroup, OrgUnit


def units_for_user(user) -> QuerySet[OrgUnit]:
    return units_for(user).select_related("parent")


def access_unit(user, unit_id) -> OrgUnit:
    return scoped_get(units_for_user(user), unit_id)


def groups_for_user(user) -> QuerySet[OrgGroup]:
    g = grants_for(user)
    qs = OrgGroup.objects.select_related("province")
    if g.readable_unit_ids is None:
        return qs
    # Anyone who reads a unit of a province may read that province's groups (plans assign work to them).
    provinces = {m.unit.province_id or m.unit.pk for m in g.memberships}
    return qs.filter(province_id__in=provinces)


def access_group(user, group_id) -> OrgGroup:
    return scoped_get(groups_for_user(user), group_id)
