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


def can_view_task_board(user) -> bool:
    """The task-centred list (one row per task, the lead's state) is the standing agency's and the
    leaders' view; units use their assignment list ("Việc của đơn vị tôi")."""
    g = grants_for(user)
    return g.is_admin or g.has_role("standing_officer", "leader")


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


def can_edit_consolidation(user, province) -> bool:
    """The province's standing agency writes the report's assessment, directions and proposals."""
    return user is None or grants_for(user).can_coordinate(province)


def can_configure_reporting_calendar(user, province) -> bool:
    """The province's standing agency (or an administrator) sets its or its plans' calendar."""
    return user is None or grants_for(user).can_coordinate(province)


# ---------------------------------------------------------------------------------------------
# surveys: who loads questionnaires, runs survey rounds and reads their results (cchc.surveys)
# ---------------------------------------------------------------------------------------------


def can_load_questionnaire(user) -> bool:
    """Questionnaires are shared data: administrators and any province's standing officers load them."""
    if user is None:
        return True
    g = grants_for(user)
    return g.is_admin or any(m.role == Role.STANDING_OFFICER for m in g.memberships)


def can_manage_survey_round(user, province) -> bool:
    """The province's standing agency runs its rounds: creates them, prints codes, imports
    external responses, opens, closes and recomputes results."""
    return user is None or grants_for(user).can_coordinate(province)


def survey_province_ids(user) -> set[int] | None:
    """Provinces whose survey rounds a user sees (every member of a province; None = all)."""
    return plan_province_ids(grants_for(user))


def can_read_survey_unit(user, unit) -> bool:
    """A unit's results: whoever may read the unit (its own staff, the province's readers)."""
    return user is None or grants_for(user).can_read_unit(unit)


def can_read_survey_free_text(user, province) -> bool:
    """Free-text answers (and raw responses) are for the standing agency only."""
    return user is None or grants_for(user).can_coordinate(province)


# ---------------------------------------------------------------------------------------------
# oversight: the leaders' dashboard, inspections, publications, notifications (cchc.oversight)
# ---------------------------------------------------------------------------------------------

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
    from cchc.oversight.models import InspectionPlan

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


# ---------------------------------------------------------------------------------------------
# parindex: the PAR INDEX of a province's own units (criteria sets, campaigns, sheets, results)
# ---------------------------------------------------------------------------------------------


def par_sheet_unit_ids(sheet) -> set[int]:
    """The sheet's unit and its successors (a unit merged or renamed during the year keeps its
    sheet; the successor's people carry it on)."""
    from cchc.orgs.models import UnitSuccession

    ids, todo = {sheet.unit_id}, [sheet.unit_id]
    while todo:
        for succ in UnitSuccession.objects.filter(predecessor_id=todo.pop()).values_list(
            "successor_id", flat=True
        ):
            if succ not in ids:
                ids.add(succ)
                todo.append(succ)
    return ids


def _any_unit(check, sheet) -> bool:
    return any(check(uid) for uid in par_sheet_unit_ids(sheet))


def can_manage_par(user, province) -> bool:
    """The province's standing agency (Sở Nội vụ) loads criteria sets, runs campaigns, enters
    survey points and drafts the improvement plan."""
    return user is None or grants_for(user).can_coordinate(province)


def is_par_council(user, campaign) -> bool:
    """A member of the campaign's appraisal council (Hội đồng thẩm định), or its standing agency."""
    if user is None:
        return True
    if can_manage_par(user, campaign.province_id):
        return True
    return campaign.council.filter(pk=user.pk).exists()


def can_read_par_sheet(user, sheet) -> bool:
    """A unit sees its own sheet; the campaign's council and standing agency see every sheet;
    province-wide readers (leaders, auditors) too, once results are drawn up (see queries)."""
    if user is None:
        return True
    g = grants_for(user)
    if _any_unit(g.can_report_for, sheet) or is_par_council(user, sheet.campaign):
        return True
    return g.has_role(Role.LEADER, Role.AUDITOR) and g.can_read_unit(sheet.campaign.province_id)


def can_self_score(user, sheet) -> bool:
    """The unit's reporters (and head) score its sheet and attach evidence."""
    return user is None or _any_unit(grants_for(user).can_report_for, sheet)


def can_submit_sheet(user, sheet) -> bool:
    """The unit head submits the self-assessment and the explanation (giải trình)."""
    return user is None or _any_unit(grants_for(user).can_approve_for, sheet)


def can_see_other_drafts(user, campaign) -> bool:
    """Council members do not see each other's unsubmitted appraisal; the standing agency does."""
    return user is None or can_manage_par(user, campaign.province_id)


def can_read_par_results(user, campaign) -> bool:
    """Results: the province's readers (standing agency, leaders, council, auditors); once
    published, every member of the province."""
    if user is None:
        return True
    g = grants_for(user)
    if g.has_role(Role.STANDING_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER, Role.AUDITOR) and g.can_read_unit(
        campaign.province_id
    ):
        return True
    if campaign.stage == "published":
        return g.can_read_unit(campaign.province_id) or any(
            m.unit.province_root is not None and m.unit.province_root.pk == campaign.province_id
            for m in g.memberships
        )
    return False


# ---------------------------------------------------------------------------------------------
# parindex, the province's own index: the province followed criterion by criterion (issue 21)
# ---------------------------------------------------------------------------------------------


def can_manage_province_index(user, province) -> bool:
    """The province's standing agency sets up the campaign, assigns leads, assembles the
    self-assessment report and enters the ministry's announced result."""
    return user is None or grants_for(user).can_coordinate(province)


def can_read_province_index(user, campaign) -> bool:
    """The province's readers (standing agency, leaders, council, auditors) and the people of
    every lead department of the campaign (they see the whole table, to see their share of it)."""
    if user is None:
        return True
    g = grants_for(user)
    if g.is_admin or (
        g.has_role(Role.STANDING_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER, Role.AUDITOR)
        and g.can_read_unit(campaign.province_id)
    ):
        return True
    leads = set(campaign.criteria.exclude(lead_unit=None).values_list("lead_unit_id", flat=True))
    return any(g.can_report_for(uid) for uid in leads)


def can_self_assess_province_criterion(user, criterion) -> bool:
    """A criterion's self-assessment and evidence belong to its lead department (its reporters
    and head); the standing agency may fill in for any criterion."""
    if user is None:
        return True
    if can_manage_province_index(user, criterion.campaign.province_id):
        return True
    return criterion.lead_unit_id is not None and grants_for(user).can_report_for(criterion.lead_unit_id)


# --------------------------------------------------------------------------- two-factor login


def two_factor_required(user) -> bool:
    """Administrators and standing officers must use a TOTP code when an administrator has
    switched ``SecurityPolicy.require_two_factor`` on."""
    from cchc.accounts.models import SecurityPolicy

    if user is None or not user.is_authenticated:
        return False
    g = grants_for(user)
    if not (g.is_admin or g.has_role(Role.STANDING_OFFICER)):
        return False
    return SecurityPolicy.current().require_two_factor


def can_set_security_policy(user) -> bool:
    return user is None or grants_for(user).is_admin


# ---------------------------------------------------------------------------------------------
# indicators: indicator sets, target links, values, dossier statistics (cchc.indicators)
# ---------------------------------------------------------------------------------------------


def can_manage_indicator_sets(user) -> bool:
    """Indicator sets and 766 definitions are shared data: administrators and standing officers
    load them (``cchc indicators load`` runs as the system, ``user=None``)."""
    if user is None:
        return True
    g = grants_for(user)
    return g.is_admin or any(m.role == Role.STANDING_OFFICER for m in g.memberships)


def can_link_targets(user, plan) -> bool:
    """The plan's province standing agency confirms which indicator measures a target."""
    return user is None or grants_for(user).can_coordinate(plan.province_id)


def can_enter_indicator_value(user, unit) -> bool:
    """Reporters and heads of the unit (or of a unit above it) enter its values; the standing
    agency covering it too (it collects whole sheets, one row per unit)."""
    if user is None:
        return True
    g = grants_for(user)
    return g.can_report_for(unit) or g.can_coordinate(unit)


def can_approve_indicator_value(user, unit) -> bool:
    """The unit head approves its unit's values (which locks them)."""
    return user is None or grants_for(user).can_approve_for(unit)


def can_reopen_indicator_value(user, unit) -> bool:
    """Only the standing agency covering the unit reopens an approved value."""
    return user is None or grants_for(user).can_coordinate(unit)


def can_ingest_dossiers(user, province) -> bool:
    """The province's standing agency ingests one-stop dossier exports."""
    return user is None or grants_for(user).can_coordinate(province)
