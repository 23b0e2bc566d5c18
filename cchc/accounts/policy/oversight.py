"""oversight: the leaders' dashboard, inspections, publications (cchc.oversight).

The inspection programme's model belongs to ``oversight`` (a layer above this one): it is looked
up with ``apps.get_model``, never imported."""

from __future__ import annotations

from django.apps import apps

from cchc.accounts.models import Role
from cchc.accounts.policy.grants import Grants, grants_for
from cchc.orgs.models import OrgUnit

DASHBOARD_PROVINCE_ROLES = {Role.LEADER, Role.STANDING_OFFICER}


def dashboard_scope(user, province_id=None) -> tuple[OrgUnit, set[int] | None] | None:
    """What dashboard ``user`` sees: (province, unit ids) where ``None`` ids means the whole
    province. Leaders and the standing agency see their province; a unit head sees its unit and
    its sub-units; an admin any province (``province_id``, else the first). Others: None."""
    g = grants_for(user)
    if g.is_admin:
        qs = OrgUnit.objects.filter(level="province").order_by("code")
        province = qs.filter(pk=province_id).first() if province_id else None
        if province_id and province is None:
            return None
        return (province or qs.first(), None) if qs.exists() else None
    for m in g.memberships:
        root = m.unit.province_root
        if root is None or (province_id and root.pk != int(province_id)):
            continue
        if m.role in DASHBOARD_PROVINCE_ROLES and Grants._coordination_root(m.unit).pk == root.pk:
            return root, None
    for m in g.memberships:
        root = m.unit.province_root
        if root is None or (province_id and root.pk != int(province_id)):
            continue
        if m.role == Role.UNIT_HEAD:
            return root, {m.unit.pk} | m.unit.descendant_ids()
    return None


def can_read_inspections(user, province) -> bool:
    """The province's standing agency, leaders and auditors (readers of the whole province)."""
    g = grants_for(user)
    return g.is_admin or (
        g.can_read_unit(province) and g.has_role(Role.STANDING_OFFICER, Role.LEADER, Role.AUDITOR)
    )


def is_inspection_team_member(user, plan) -> bool:
    """``user`` is on the plan's inspection team (``InspectionPlan.members``), whatever their unit."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return plan.members.filter(pk=user.pk).exists()


def can_list_inspections(user) -> bool:
    """Whoever may read some province's inspections, a unit head (its own unit's programme of
    its subordinates) and an inspection team member see the list (filtered by ``for_user``)."""
    g = grants_for(user)
    if g.is_admin or g.has_role(Role.STANDING_OFFICER, Role.LEADER, Role.AUDITOR, Role.UNIT_HEAD):
        return True
    InspectionPlan = apps.get_model("oversight", "InspectionPlan")
    return InspectionPlan.members.through.objects.filter(user_id=user.pk).exists()


def can_read_inspection(user, inspection) -> bool:
    """Readers of the province's inspections, the programme's organiser and team, and the
    inspected unit's own people (its reporters and heads, not the province-wide council)."""
    plan = inspection.plan
    if can_read_inspections(user, plan.province) or can_manage_inspections(user, plan.organiser):
        return True
    g = grants_for(user)
    return g.can_report_for(inspection.unit_id) or is_inspection_team_member(user, plan)


def can_manage_inspections(user, organiser) -> bool:
    """Who runs the programme of ``organiser`` (plans it, sets its team, records findings):
    the standing agency coordinating the organiser (the province's Sở Nội vụ for the province and
    its units; a district's Phòng Nội vụ for its district), or, for a department, district or
    commune organising the inspection of its own subordinates, the organiser's head."""
    if user is None:
        return True
    g = grants_for(user)
    if g.can_coordinate(organiser):
        return True
    return getattr(organiser, "level", "province") != "province" and g.can_approve_for(organiser)


def can_record_findings(user, inspection) -> bool:
    """Findings and the inspection record: whoever runs the programme, and the members of its
    inspection team (any unit: a team often includes officers of other departments)."""
    plan = inspection.plan
    return can_manage_inspections(user, plan.organiser) or is_inspection_team_member(user, plan)


def can_publish(user, province) -> bool:
    """The standing agency of the province publishes and withdraws results."""
    return user is None or grants_for(user).can_coordinate(province)


def can_see_dashboard(user) -> bool:
    """The leaders' dashboard: leaders, the standing agency and unit heads (what each sees is
    :func:`dashboard_scope`)."""
    return grants_for(user).has_role(Role.LEADER, Role.STANDING_OFFICER, Role.UNIT_HEAD)


def can_see_inspections(user) -> bool:
    """The inspections menu: the province's standing agency, leaders and auditors."""
    return grants_for(user).has_role(Role.STANDING_OFFICER, Role.LEADER, Role.AUDITOR)


def can_manage_publications(user) -> bool:
    """The publications menu: the standing agency (which provinces, :func:`can_publish`)."""
    return grants_for(user).has_role(Role.STANDING_OFFICER)


def inspection_organisers(user) -> list[OrgUnit]:
    """Units whose inspection programme ``user`` may draw up: the province its standing agency
    coordinates, and the department, district or commune it heads (over its subordinates)."""
    g = grants_for(user)
    out: dict[int, OrgUnit] = {}
    for m in g.memberships:
        root = m.unit.province_root
        if root is not None and can_manage_inspections(user, root):
            out.setdefault(root.pk, root)
        if (
            m.role == Role.UNIT_HEAD
            and m.unit.level in {"department", "district", "commune"}
            and OrgUnit.objects.filter(parent=m.unit).exists()  # it has subordinates to inspect
        ):
            out.setdefault(m.unit.pk, m.unit)
    if g.is_admin and not out:
        province = OrgUnit.objects.filter(level="province").order_by("code").first()
        if province:
            out[province.pk] = province
    return list(out.values())
