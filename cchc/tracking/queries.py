"""Reads scoped to a user: assignments, the task table as of a date, unit plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cchc.accounts.policy import NotFound, grants_for
from cchc.domain.text import fold
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan, PlanStatus, TaskUnit
from cchc.tracking import status as st
from cchc.tracking.actions import PERIODIC, is_partial_group, needs_mapping
from cchc.tracking.models import ApprovalState, Assignment, Evidence, ProgressUpdate


def at_risk_days() -> int:
    return int(getattr(settings, "CCHC_AT_RISK_DAYS", 30))


def assignments_for(user) -> QuerySet[Assignment]:
    """Assignments of the units ``user`` may read."""
    ids = grants_for(user).readable_unit_ids
    qs = Assignment.objects.select_related("task", "task__plan", "task__area", "unit").defer(
        "task__plan__interchange"  # the imported document can be large: never decode it per row
    )
    return qs if ids is None else qs.filter(unit_id__in=ids)


def access_assignment(user, assignment_id) -> Assignment:
    try:
        pk = int(assignment_id)
    except (TypeError, ValueError):
        raise NotFound from None
    a = assignments_for(user).filter(pk=pk).first()
    if a is None:
        raise NotFound
    return a


def access_update(user, update_id) -> ProgressUpdate:
    try:
        pk = int(update_id)
    except (TypeError, ValueError):
        raise NotFound from None
    u = ProgressUpdate.objects.select_related("assignment", "assignment__unit").filter(pk=pk).first()
    if u is None or not grants_for(user).can_read_unit(u.assignment.unit_id):
        raise NotFound
    return u


def access_evidence(user, evidence_id) -> Evidence:
    try:
        pk = int(evidence_id)
    except (TypeError, ValueError):
        raise NotFound from None
    e = Evidence.objects.select_related("update__assignment").filter(pk=pk).first()
    if e is None or not grants_for(user).can_read_unit(e.update.assignment.unit_id):
        raise NotFound
    return e


def plans_for(user) -> QuerySet[Plan]:
    """Plans the user can see: province plans of provinces it reads, unit plans of units it reads."""
    g = grants_for(user)
    ids = g.readable_unit_ids
    qs = Plan.objects.select_related("province", "owner_unit").defer("interchange")
    if ids is None:
        return qs
    provinces = {m.unit.province_root.pk for m in g.memberships if m.unit.province_root}
    return qs.filter(Q(parent_plan__isnull=True, province_id__in=provinces) | Q(owner_unit_id__in=ids))


def access_plan(user, plan_id) -> Plan:
    try:
        pk = int(plan_id)
    except (TypeError, ValueError):
        raise NotFound from None
    plan = plans_for(user).filter(pk=pk).first()
    if plan is None:
        raise NotFound
    return plan


@dataclass
class AssignmentRow:
    """One line of the task table, as known on ``as_of``."""

    assignment: Assignment
    task: object
    plan: Plan
    area: object
    unit: OrgUnit
    role: str
    period_label: str
    due_date: dt.date | None
    status: str
    percent: Decimal
    state: str
    last_update_at: dt.datetime | None
    evidence: list[tuple[str, dt.date | None, str]] = field(default_factory=list)
    narrative: str = ""
    reported_this_period: bool | None = None  # continuous work only
    approval_state: str = ""
    returned_reason: str = ""


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def derived_updates(assignments) -> dict[int, list[ProgressUpdate]]:
    """Progress that units recorded on their own plans' copies of these assignments' work.

    A unit plan (cụ thể hóa) copies the unit's tasks of the province plan, each linked to its
    ``parent_task``; what the unit reports there flows up to its assignment on the parent task
    (same unit, same period). Keyed by the parent assignment's id; one query for the lot.
    """
    by_key = {(a.task_id, a.unit_id, a.period_label): a.pk for a in assignments}
    if not by_key:
        return {}
    plan_ids = {a.task.plan_id for a in assignments}
    derived = (
        Assignment.objects.filter(task__parent_task__plan_id__in=plan_ids)
        .select_related("task")
        .prefetch_related(
            Prefetch(
                "updates", queryset=ProgressUpdate.objects.prefetch_related("evidence").order_by("at", "id")
            )
        )
    )
    out: dict[int, list[ProgressUpdate]] = {}
    for d in derived:
        pk = by_key.get((d.task.parent_task_id, d.unit_id, d.period_label))
        if pk is not None:
            out.setdefault(pk, []).extend(d.updates.all())
    return out


def row_as_of(
    a: Assignment,
    as_of: dt.date,
    updates: list[ProgressUpdate] | None = None,
    derived: list[ProgressUpdate] | None = None,
) -> AssignmentRow:
    """The row of ``a`` from its progress history up to the end of ``as_of``.

    ``derived``: the unit's progress on its own plan's copy of this work (:func:`derived_updates`;
    looked up when None); the latest known update of either history decides the state.
    """
    history = updates if updates is not None else list(a.updates.all())
    if derived is None:
        derived = derived_updates([a]).get(a.pk, [])
    history = history + derived
    known = [u for u in history if _local_date(u.at) <= as_of]
    known.sort(key=lambda u: (u.at, u.pk))
    latest = known[-1] if known else None
    status, percent, narrative, evidence = "not_started", Decimal(0), "", []
    done_on = None
    approval, returned_reason = "", ""
    if latest is not None:
        status, percent, narrative = latest.status, latest.percent, latest.narrative
        approval = latest.approval_state
        if (
            latest.approval_state == ApprovalState.RETURNED
            and latest.decided_at
            and _local_date(latest.decided_at) <= as_of
        ):
            returned_reason = latest.return_reason
            if status == "done":
                status = "in_progress"
        if status == "done":
            done_on = _local_date(latest.at)
        for u in known:
            evidence += [(e.doc_number, e.doc_date, e.issuer) for e in u.evidence.all()]
    task = a.task
    continuous = task.recurrence in PERIODIC
    waiting = bool(task.event) and (task.event_date is None or task.event_date > as_of)
    state = st.compute_state(
        status=status,
        percent=percent,
        due_date=a.due_date,
        as_of=as_of,
        done_on=done_on,
        waiting_event=waiting,
        continuous=continuous,
        at_risk_days=at_risk_days(),
    )
    return AssignmentRow(
        assignment=a,
        task=task,
        plan=task.plan,
        area=task.area,
        unit=a.unit,
        role=a.role,
        period_label=a.period_label,
        due_date=a.due_date,
        status=status,
        percent=percent,
        state=state,
        last_update_at=latest.at if latest else None,
        evidence=evidence,
        narrative=narrative,
        reported_this_period=(
            st.reported_in_period(_local_date(latest.at) if latest else None, as_of) if continuous else None
        ),
        approval_state=approval,
        returned_reason=returned_reason,
    )


def assignment_rows(
    *,
    plan=None,
    unit=None,
    as_of: dt.date,
    user=None,
    area=None,
    status: str | None = None,
    q: str = "",
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    role: str | None = None,
) -> list[AssignmentRow]:
    """The task table as of ``as_of``: filtered, scoped to ``user`` (None = everything), by due date.

    ``status`` is a filter of :data:`cchc.tracking.status.FILTERS` (overdue, at-risk, done, open)
    or a state name. ``q`` matches task text and unit names, accent-insensitively.
    """
    qs = (
        (assignments_for(user) if user is not None else Assignment.objects.all())
        .select_related("task", "task__plan", "task__area", "unit")
        .defer("task__plan__interchange")
    )
    # work moved from a closed unit: the old row until its last day, the successor's from then
    qs = qs.exclude(held_to__lt=as_of).exclude(held_from__gt=as_of)
    if plan is not None:
        qs = qs.filter(task__plan=plan)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if area is not None:
        qs = qs.filter(task__area=area)
    if role:
        qs = qs.filter(role=role)
    if due_from:
        qs = qs.filter(due_date__gte=due_from)
    if due_to:
        qs = qs.filter(due_date__lte=due_to)
    qs = qs.prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.prefetch_related("evidence").order_by("at", "id"))
    )
    needle = fold(q).strip() if q else ""
    rows = []
    qs = list(qs)
    rolled_up = derived_updates(qs)
    for a in qs:
        if needle:
            hay = fold(
                " ".join(
                    [a.task.title, a.task.parent_title, a.task.objective, a.unit.name, a.unit.short_name]
                )
            )
            if needle not in hay:
                continue
        row = row_as_of(a, as_of, list(a.updates.all()), rolled_up.get(a.pk, []))
        if status and not st.matches_filter(row.state, status):
            continue
        rows.append(row)
    far = dt.date(9999, 12, 31)
    rows.sort(key=lambda r: (r.due_date or far, r.task.plan_id, r.task.order, r.unit.code, r.period_label))
    return rows


def unit_plans_for(user) -> QuerySet[Plan]:
    return plans_for(user).filter(parent_plan__isnull=False)


def units_without_plan(plan: Plan, user=None) -> list[OrgUnit]:
    """Lead units of ``plan`` that have not submitted their own plan yet (draft counts as missing)."""
    qs = Assignment.objects.filter(task__plan=plan, role="lead")
    if user is not None:
        ids = grants_for(user).readable_unit_ids
        if ids is not None:
            qs = qs.filter(unit_id__in=ids)
    lead_ids = set(qs.values_list("unit_id", flat=True))
    done = set(
        Plan.objects.filter(
            parent_plan=plan, status__in=[PlanStatus.SUBMITTED, PlanStatus.ACKNOWLEDGED]
        ).values_list("owner_unit_id", flat=True)
    )
    return list(OrgUnit.objects.filter(pk__in=lead_ids - done).order_by("code"))


def unresolved_mentions(plan: Plan) -> list[dict]:
    """Distinct mention texts of ``plan`` the standing agency still has to map (unresolved, or a
    restricted group such as "các sở liên quan"): text, roles, vague flag, the tasks naming it."""
    out: dict[str, dict] = {}
    qs = (
        TaskUnit.objects.filter(task__plan=plan)
        .filter(Q(unit__isnull=True, group__isnull=True) | Q(group__isnull=False))
        .select_related("task", "group")
        .order_by("task__order", "role", "order")
    )
    for m in qs:
        if not needs_mapping(m):
            continue
        item = out.setdefault(m.text, {"text": m.text, "roles": set(), "vague": False, "tasks": []})
        item["roles"].add(m.role)
        item["vague"] = item["vague"] or m.vague or is_partial_group(m)
        if m.task not in item["tasks"]:
            item["tasks"].append(m.task)
    return list(out.values())


TASK_STATE_ORDER = ("overdue", "at_risk", "open", "waiting_event", "done_late", "done", "cancelled")


def task_items(plan: Plan, rows: list[AssignmentRow]) -> list[dict]:
    """The plan's framework table: one item per task (plan order) with its rows, the lead units'
    worst state, their mean percent, the last update and the mentions still to map."""
    from collections import Counter

    by_task: dict[int, dict] = {}
    tasks = plan.tasks.select_related("area").prefetch_related("unit_mentions").order_by("order")
    for task in tasks:
        by_task[task.pk] = {
            "task": task,
            "rows": [],
            "unresolved": [m for m in task.unit_mentions.all() if needs_mapping(m)],
        }
    for r in rows:
        if r.task.pk in by_task:
            by_task[r.task.pk]["rows"].append(r)
    for item in by_task.values():
        leads = [r for r in item["rows"] if r.role == "lead"]
        states = Counter(r.state for r in leads)
        item["leads"] = leads
        item["supports"] = sorted({r.unit.name for r in item["rows"] if r.role == "support"})
        item["state"] = next((s for s in TASK_STATE_ORDER if states[s]), "")
        item["percent"] = (sum(r.percent for r in leads) / len(leads)) if leads else None
        item["last_update_at"] = max(
            (r.last_update_at for r in item["rows"] if r.last_update_at), default=None
        )
    return list(by_task.values())


# --- approval queues ---------------------------------------------------------------------------


def approval_queue(user, kind: str, *, plan_id=None, unit_id=None) -> QuerySet[ProgressUpdate]:
    """The updates waiting for ``user`` in queue ``kind`` (``policy.QUEUE_HEAD``: "done" claims
    awaiting the head of the user's units; ``policy.QUEUE_REVIEW``: claims a head approved,
    awaiting the standing agency of the units it coordinates), oldest first. Only the latest
    update of an assignment is decided (older ones were superseded). One SQL query; paginate it.
    ``kind`` not one of the user's queues gives nothing."""
    from django.db.models import OuterRef, Subquery

    from cchc.accounts import policy

    if kind not in policy.approval_queue_kinds(user):
        return ProgressUpdate.objects.none()
    g = grants_for(user)
    if kind == policy.QUEUE_HEAD:
        qs = ProgressUpdate.objects.filter(approval_state=ApprovalState.PENDING_HEAD)
        ids = g.approvable_unit_ids
    else:
        qs = ProgressUpdate.objects.filter(approval_state=ApprovalState.APPROVED_BY_HEAD)
        ids = g.coordinated_unit_ids
    if ids is not None:
        qs = qs.filter(assignment__unit_id__in=ids)
    qs = qs.filter(assignment__moved_to__isnull=True)  # moved to a successor: decided there
    if plan_id:
        qs = qs.filter(assignment__task__plan_id=plan_id)
    if unit_id:
        qs = qs.filter(assignment__unit_id=unit_id)
    latest = ProgressUpdate.objects.filter(assignment=OuterRef("assignment")).order_by("-at", "-id")
    return (
        qs.filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("assignment", "assignment__unit", "assignment__task", "assignment__task__plan")
        .defer("assignment__task__plan__interchange")
        .order_by("at", "id")
    )


def approval_queue_counts(user) -> dict[str, int]:
    """``{kind: number waiting}`` for each queue the user works (one COUNT per queue)."""
    from cchc.accounts import policy

    return {kind: approval_queue(user, kind).count() for kind in policy.approval_queue_kinds(user)}


def closed_units_with_work(user) -> list[dict]:
    """Closed units (``valid_to`` set) the user coordinates that still hold assignments not moved
    and not finished (status done/cancelled), with that count and the candidate receivers (the
    recorded successors, else the province's current units). Three queries."""
    from django.db.models import Count

    from cchc.orgs.models import UnitSuccession

    g = grants_for(user)
    ids = g.coordinated_unit_ids
    qs = OrgUnit.objects.filter(valid_to__isnull=False)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    qs = (
        qs.filter(assignments__moved_to__isnull=True)
        .exclude(assignments__status__in=["done", "cancelled"])
        .annotate(open_count=Count("assignments", distinct=True))
        .select_related("province")
        .order_by("province__code", "code")
    )
    units = list(qs)
    succ: dict[int, list] = {}
    for s in UnitSuccession.objects.filter(predecessor__in=units).select_related("successor"):
        succ.setdefault(s.predecessor_id, []).append(s.successor)
    provinces = {u.province_id for u in units}
    current = list(OrgUnit.objects.filter(province_id__in=provinces, valid_to__isnull=True).order_by("code"))
    return [
        {
            "unit": u,
            "open_count": u.open_count,
            "successors": succ.get(u.pk, []),
            "choices": succ.get(u.pk) or [c for c in current if c.province_id == u.province_id],
        }
        for u in units
    ]
