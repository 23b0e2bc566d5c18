"""The one permission policy. Pages, API, CLI and actions all ask here.

Roles (a user holds them per unit through ``Membership``):
- admin: everything everywhere.
- standing_officer (at the Sở Nội vụ / Phòng Nội vụ): coordinates everything in its province
  (or, for a district-level standing agency, its district).
- leader: reads everything in the province.
- reporter: reads and reports for its own unit (and units under it).
- unit_head: as reporter, and approves its unit's submissions.
- council_member: reads the province's index/appraisal data.
- auditor: reads the audit trail of the province.

Single objects are fetched with ``access_*`` helpers that raise ``NotFound`` for both missing
and not-permitted objects, so a forged id reveals nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from django.db.models import Q, QuerySet

from cchc.accounts.models import Membership, Role, User
from cchc.orgs.models import OrgUnit


class PolicyError(Exception):
    """Base of permission errors; translated to a message at the edge."""


class NotFound(PolicyError):
    """The object does not exist or the user may not see it."""


class Forbidden(PolicyError):
    """The user may see the object but not do this to it."""


READ_ALL_ROLES = {Role.STANDING_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER, Role.AUDITOR}


class Grants:
    """What one user may do, computed once per request from their memberships."""

    def __init__(self, user: User | None):
        self.user = user
        active = user is not None and user.is_authenticated and user.is_active
        self.memberships: list[Membership] = (
            list(Membership.objects.filter(user=user).select_related("unit", "unit__province"))
            if active
            else []
        )
        self.is_admin = bool(
            active and (user.is_superuser or any(m.role == Role.ADMIN for m in self.memberships))
        )

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships} | ({Role.ADMIN} if self.is_admin else set())

    def has_role(self, *roles: str) -> bool:
        return self.is_admin or any(m.role in roles for m in self.memberships)

    def _scope_ids(self, roles: Iterable[str]) -> set[int]:
        """Ids of the units covered by memberships with ``roles``.

        A province-wide role covers the province; a standing agency below province level
        (Phòng Nội vụ of a district) covers the parent district's subtree.
        """
        ids: set[int] = set()
        roles = set(roles)
        for m in self.memberships:
            if m.role not in roles:
                continue
            if m.role in READ_ALL_ROLES:
                root = self._coordination_root(m.unit)
                ids.add(root.pk)
                ids |= root.descendant_ids()
            else:
                ids.add(m.unit.pk)
                ids |= m.unit.descendant_ids()
        return ids

    @staticmethod
    def _coordination_root(unit: OrgUnit) -> OrgUnit:
        province = unit.province_root
        if unit.level in {"district"}:
            return unit
        if unit.parent is not None and unit.parent.level == "district":
            return unit.parent  # Phòng Nội vụ of a district coordinates that district
        return province or unit

    @cached_property
    def readable_unit_ids(self) -> set[int] | None:
        """None means all units (admin)."""
        if self.is_admin:
            return None
        return self._scope_ids(Role.values)

    @cached_property
    def reportable_unit_ids(self) -> set[int] | None:
        if self.is_admin:
            return None
        return self._scope_ids({Role.REPORTER, Role.UNIT_HEAD})

    @cached_property
    def approvable_unit_ids(self) -> set[int] | None:
        if self.is_admin:
            return None
        return self._scope_ids({Role.UNIT_HEAD})

    @cached_property
    def coordinated_unit_ids(self) -> set[int] | None:
        if self.is_admin:
            return None
        ids: set[int] = set()
        for m in self.memberships:
            if m.role == Role.STANDING_OFFICER:
                root = self._coordination_root(m.unit)
                ids.add(root.pk)
                ids |= root.descendant_ids()
        return ids

    @cached_property
    def audit_unit_ids(self) -> set[int] | None:
        if self.is_admin:
            return None
        return self._scope_ids({Role.AUDITOR, Role.STANDING_OFFICER})

    @staticmethod
    def _contains(ids: set[int] | None, unit: OrgUnit | int | None) -> bool:
        if unit is None:
            return ids is None
        pk = unit if isinstance(unit, int) else unit.pk
        return ids is None or pk in ids

    def can_read_unit(self, unit) -> bool:
        return self._contains(self.readable_unit_ids, unit)

    def can_report_for(self, unit) -> bool:
        return self._contains(self.reportable_unit_ids, unit)

    def can_approve_for(self, unit) -> bool:
        return self._contains(self.approvable_unit_ids, unit)

    def can_coordinate(self, unit) -> bool:
        return self._contains(self.coordinated_unit_ids, unit)

    def can_read_audit(self, unit=None) -> bool:
        if unit is None:
            return self.is_admin or bool(self.audit_unit_ids)
        return self._contains(self.audit_unit_ids, unit)

    def can_manage_orgs(self) -> bool:
        return self.is_admin

    def units_q(self, ids: set[int] | None, field: str = "pk") -> Q:
        return Q() if ids is None else Q(**{f"{field}__in": ids})


def grants_for(user) -> Grants:
    """Cached on the user object for the duration of a request."""
    cached = getattr(user, "_cchc_grants", None)
    if cached is None:
        cached = Grants(user)
        if user is not None:
            try:
                user._cchc_grants = cached
            except AttributeError:
                pass
    return cached


def units_for(user, *, purpose: str = "read") -> QuerySet[OrgUnit]:
    g = grants_for(user)
    ids = {
        "read": g.readable_unit_ids,
        "report": g.reportable_unit_ids,
        "approve": g.approvable_unit_ids,
        "coordinate": g.coordinated_unit_ids,
    }[purpose]
    qs = OrgUnit.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def access_unit(user, unit_id, *, purpose: str = "read") -> OrgUnit:
    """The unit with ``unit_id`` if ``user`` may use it for ``purpose``; else ``NotFound``."""
    try:
        pk = int(unit_id)
    except (TypeError, ValueError):
        raise NotFound from None
    unit = units_for(user, purpose=purpose).filter(pk=pk).first()
    if unit is None:
        raise NotFound
    return unit


def require(condition: bool, message: str = "") -> None:
    if not condition:
        raise Forbidden(message)


# ---------------------------------------------------------------------------------------------
# tracking: who may assign, report on, approve and review a plan's work (cchc.tracking)
# ---------------------------------------------------------------------------------------------


def can_assign_plan(user, plan) -> bool:
    """The system (``None``), the plan's coordinators, or the owner unit's reporters for its own plan."""
    if user is None:
        return True
    g = grants_for(user)
    if g.can_coordinate(plan.province_id) or g.can_coordinate(plan.owner_unit_id):
        return True
    return plan.parent_plan_id is not None and g.can_report_for(plan.owner_unit_id)


def can_report_progress(user, assignment) -> bool:
    """Only a reporter (or head) of the assigned unit records its progress."""
    return user is None or grants_for(user).can_report_for(assignment.unit_id)


def can_approve_progress(user, assignment) -> bool:
    """The head of the assigned unit approves a "done" claim."""
    return user is None or grants_for(user).can_approve_for(assignment.unit_id)


def can_review_progress(user, assignment) -> bool:
    """The standing agency covering the unit accepts a claim or sends it back."""
    return user is None or grants_for(user).can_coordinate(assignment.unit_id)


QUEUE_HEAD = "head"  # "done" claims awaiting the unit head (pending_head)
QUEUE_REVIEW = "review"  # claims the unit head approved, awaiting the standing agency


def approval_queue_kinds(user) -> list[str]:
    """The approval queues ``user`` works: unit heads the head queue of their units, the standing
    agency the review queue of the units it coordinates (admins both)."""
    g = grants_for(user)
    kinds = []
    if g.approvable_unit_ids is None or g.approvable_unit_ids:
        kinds.append(QUEUE_HEAD)
    if g.coordinated_unit_ids is None or g.coordinated_unit_ids:
        kinds.append(QUEUE_REVIEW)
    return kinds


def can_move_unit_work(user, unit, successor) -> bool:
    """Admins, and the standing agency coordinating both the closed unit and its receiver, move a
    closed unit's open work (the system, ``user`` None, when a succession is recorded)."""
    if user is None:
        return True
    g = grants_for(user)
    return g.can_coordinate(unit.pk) and g.can_coordinate(successor.pk)


def can_record_event(user, task) -> bool:
    """Coordinators of the plan's province record the date of a task's triggering event."""
    return user is None or grants_for(user).can_coordinate(task.plan.province_id)


def can_map_mentions(user, plan) -> bool:
    """Coordinators of the plan's province map its unresolved unit mentions to units or groups."""
    return user is None or grants_for(user).can_coordinate(plan.province_id)


# --------------------------------------------------------------------------- plans
# Added by the plans app: who may import plans and whose plans a user may read.


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


def importable_province_ids(grants: Grants) -> set[int] | None:
    """Provinces the user may import plans for (None = all, admin)."""
    if grants.is_admin:
        return None
    return {
        m.unit.province_root.pk
        for m in grants.memberships
        if m.role == Role.STANDING_OFFICER and m.unit.province_root is not None
    }


# ---------------------------------------------------------------------------------------------
# reporting: who drafts, approves, submits and reviews periodic CCHC reports (cchc.reporting)
# ---------------------------------------------------------------------------------------------


def can_read_unit_report(user, unit) -> bool:
    """Whoever may read the unit reads its reports (own unit, its standing agency, leaders)."""
    return user is None or grants_for(user).can_read_unit(unit)


def can_draft_unit_report(user, unit) -> bool:
    """A reporter (or the head) of the unit drafts and saves its report."""
    return user is None or grants_for(user).can_report_for(unit)


def can_approve_unit_report(user, unit) -> bool:
    """The unit head approves the draft and submits it to the standing agency."""
    return user is None or grants_for(user).can_approve_for(unit)


def can_review_unit_report(user, unit) -> bool:
    """The standing agency covering the unit accepts a submitted report or returns it."""
    return user is None or grants_for(user).can_coordinate(unit)


def can_read_consolidation(user, province) -> bool:
    """The province-wide report: readers of the whole province (standing agency, leaders, …)."""
    return user is None or grants_for(user).can_read_unit(province)


def can_configure_reporting_calendar(user, province) -> bool:
    """The province's standing agency (or an administrator) sets its or its plans' calendar."""
    return user is None or grants_for(user).can_coordinate(province)
