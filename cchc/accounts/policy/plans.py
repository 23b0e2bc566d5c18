"""plans: who may import plans and whose plans a user may read (cchc.plans)."""

from __future__ import annotations

from django.db.models import Q

from cchc.accounts.models import Role
from cchc.accounts.policy.grants import Grants, grants_for
from cchc.orgs.models import OrgUnit


def can_import_plans(grants: Grants, province: OrgUnit) -> bool:
    """Admins, and standing officers whose unit belongs to ``province`` (the plan's province)."""
    if grants.is_admin:
        return True
    if province is None:
        return False
    return any(
        m.role == Role.STANDING_OFFICER
        and (m.unit.province_root is not None and m.unit.province_root.pk == province.pk)
        for m in grants.memberships
    )


def plan_province_ids(grants: Grants) -> set[int] | None:
    """Provinces whose plans a user may read: those of their memberships (None = all, admin).

    Every member of a province works on that province's plans, so reading them is province-wide.
    """
    if grants.is_admin:
        return None
    ids: set[int] = set()
    for m in grants.memberships:
        root = m.unit.province_root
        if root is not None:
            ids.add(root.pk)
    return ids


def readable_plans_q(user) -> Q | None:
    """THE rule for reading a plan, used by the plans pages, the plan XLSX, ``/api/plans`` and
    tracking alike (None = every plan, admin): a province's own plans (no parent plan) are read by
    every member of that province; a unit's own plan (kế hoạch cụ thể hóa, with a parent plan)
    only by those who may read that unit (the unit and the units above it in its tree, its
    standing agency, leaders), never by the other units of the province."""
    g = grants_for(user)
    if g.is_admin:
        return None
    provinces = plan_province_ids(g) or set()
    readable = g.readable_unit_ids or set()
    return Q(parent_plan__isnull=True, province_id__in=provinces) | Q(owner_unit_id__in=readable)


def importable_province_ids(grants: Grants) -> set[int] | None:
    """Provinces the user may import plans for (None = all, admin)."""
    if grants.is_admin:
        return None
    return {
        m.unit.province_root.pk
        for m in grants.memberships
        if m.role == Role.STANDING_OFFICER and m.unit.province_root is not None
    }
