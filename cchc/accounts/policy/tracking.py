"""tracking: who may assign, report on, approve and review a plan's work (cchc.tracking)."""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.policy.grants import grants_for


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
    return _oversees_work(user)


def _oversees_work(user) -> bool:
    """The standing agency and the leaders (and administrators) follow the work province-wide."""
    return grants_for(user).has_role(Role.STANDING_OFFICER, Role.LEADER)


def can_list_missing_unit_plans(user) -> bool:
    """Which units have not yet made their own plan of a province plan: for those who follow the
    work province-wide (the standing agency, leaders)."""
    return _oversees_work(user)


def can_pick_calendar_unit(user) -> bool:
    """The deadline calendar of any readable unit; others see their own unit's."""
    return _oversees_work(user)


def can_see_own_unit_work(user) -> bool:
    """The "Việc của đơn vị tôi" page: for the reporters and heads of a unit (an administrator without a
    unit has no unit work)."""
    return any(m.role in {Role.REPORTER, Role.UNIT_HEAD} for m in grants_for(user).memberships)


def can_move_closed_unit_work(user) -> bool:
    """The page of closed units still holding open work: whoever coordinates some unit (which
    moves are allowed is :func:`can_move_unit_work`)."""
    ids = grants_for(user).coordinated_unit_ids
    return ids is None or bool(ids)
