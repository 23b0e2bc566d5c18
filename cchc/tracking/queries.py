"""Reads scoped to a user: assignments, the task table as of a date, unit plans."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet

from cchc.accounts.policy import grants_for, readable, scoped_get, units_for
from cchc.core.lookups import given
from cchc.domain.text import fold
from cchc.orgs.models import OrgUnit
from cchc.plans.mentions import is_partial_group, needs_mapping
from cchc.plans.models import Plan, PlanStatus, Task, TaskUnit
from cchc.plans.queries import plans_for
from cchc.tracking.models import ApprovalState, Assignment, Evidence, ProgressUpdate
from cchc.tracking.states import (  # noqa: F401  (the public contract, re-exported)
    annotate_state,
    at_risk_days,
    chip_counts,
    day_end,
    filter_state,
    state_counts,
)


def assignments_for(user) -> QuerySet[Assignment]:
    """Assignments of the units ``user`` may read."""
    qs = Assignment.objects.select_related("task", "task__plan", "task__area", "unit").defer(
        "task__plan__interchange"  # the imported document can be large: never decode it per row
    )
    return readable(user, qs)


def access_assignment(user, assignment_id) -> Assignment:
    return scoped_get(assignments_for(user), assignment_id)


def access_update(user, update_id) -> ProgressUpdate:
    return scoped_get(
        ProgressUpdate.objects.select_related("assignment", "assignment__unit"),
        update_id,
        check=lambda u: grants_for(user).can_read_unit(u.assignment.unit_id),
    )


def access_evidence(user, evidence_id) -> Evidence:
    return scoped_get(
        Evidence.objects.select_related("update__assignment"),
        evidence_id,
        check=lambda e: grants_for(user).can_read_unit(e.update.assignment.unit_id),
    )


@dataclass
class AssignmentRow:
    """One line of the task table, as known on ``as_of`` (every field read from
    :func:`annotate_state`; nothing here computes a state)."""

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

    @property
    def url(self) -> str:
        """The assignment's page (``tracking/_rows.html`` links each row to it)."""
        from django.urls import reverse

        return reverse("tracking:assignment_detail", args=[self.assignment.pk])


def row_of(a: Assignment) -> AssignmentRow:
    """The row of an assignment annotated by :func:`annotate_state`."""
    return AssignmentRow(
        assignment=a,
        task=a.task,
        plan=a.task.plan,
        area=a.task.area,
        unit=a.unit,
        role=a.role,
        period_label=a.period_label,
        due_date=a.due_date,
        status=a.eff_status,
        percent=a.percent_as_of,
        state=a.state,
        last_update_at=a.updated_as_of,
        narrative=a.latest_narrative,
        reported_this_period=a.reported_this_period,
        approval_state=a.latest_approval,
        returned_reason=a.returned_reason_as_of,
    )


def attach_evidence(rows: list[AssignmentRow], as_of: dt.date) -> list[AssignmentRow]:
    """Fill ``row.evidence`` with the proof documents of each row's family known on ``as_of``
    (its own updates and those of the unit-plan copies): one query for the lot."""
    keys: dict[tuple, list[AssignmentRow]] = {}
    for r in rows:
        a = r.assignment
        keys.setdefault((a.family_task_id, a.unit_id, a.role, a.period_label), []).append(r)
        r.evidence = []
    if not keys:
        return rows
    qs = (
        Evidence.objects.filter(
            update__assignment__family_task_id__in={k[0] for k in keys},
            update__assignment__unit_id__in={k[1] for k in keys},
            update__at__lt=day_end(as_of),
        )
        .values_list(
            "update__assignment__family_task_id",
            "update__assignment__unit_id",
            "update__assignment__role",
            "update__assignment__period_label",
            "doc_number",
            "doc_date",
            "issuer",
        )
        .order_by("update__at", "update__id", "id")
    )
    for fam, unit_id, role, label, number, date, issuer in qs:
        for r in keys.get((fam, unit_id, role, label), ()):
            r.evidence.append((number, date, issuer))
    return rows


def matching_task_ids(q: str, plan=None) -> set[int] | None:
    """Tasks whose text (activity, task, objective) contains ``q`` accent-insensitively; None
    for no search. Plan texts have no folded column, so this folds the tasks' texts (one query
    over tasks, never over assignments)."""
    needle = fold(q).strip() if q else ""
    if not needle:
        return None
    tasks = Task.objects.all() if plan is None else Task.objects.filter(plan=plan)
    return {
        pk
        for pk, *texts in tasks.values_list("pk", "title", "parent_title", "objective")
        if needle in fold(" ".join(t or "" for t in texts))
    }


# The task's plan and order and the unit's code are read from the row's stored copies
# (``sort_plan``, ``sort_order``, ``sort_unit_code``: ``cchc.tracking.sortkeys``), so that a page
# walks an index of the assignment table (``Assignment.Meta.indexes``) instead of sorting every
# row in scope through joins. "unit" keeps the join: PostgreSQL walks the units by code and each
# unit's rows (an index over the stored code would first walk every unit outside the scope).
SORTS = {
    "due": (F("due_date").asc(nulls_last=True), "sort_plan", "sort_order", "sort_unit_code", "period_label"),
    "-due": (
        F("due_date").desc(nulls_last=True),
        "sort_plan",
        "sort_order",
        "sort_unit_code",
        "period_label",
    ),
    "unit": ("unit__code", F("due_date").asc(nulls_last=True), "sort_order", "period_label"),
    "state": ("state", F("due_date").asc(nulls_last=True), "sort_order", "sort_unit_code"),
    "percent": ("percent_as_of", F("due_date").asc(nulls_last=True), "sort_order", "sort_unit_code"),
    "-updated": (F("updated_as_of").desc(nulls_last=True), "sort_order", "sort_unit_code"),
    "task": ("sort_plan", "sort_order", "period_label", "-role", "sort_unit_code"),
}


def scoped_assignments(
    *,
    plan=None,
    unit=None,
    as_of: dt.date,
    user=None,
    area=None,
    q: str = "",
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    role: str | None = None,
    task=None,
) -> QuerySet[Assignment]:
    """The assignments of the task table as of ``as_of`` before any state is read: scoped to
    ``user`` (None = everything) and filtered, not annotated, not sorted. The lists key their
    cached counts on its SQL (cheap to compile: no state expressions) and annotate it once."""
    qs = readable(user, Assignment.objects.all()) if user is not None else Assignment.objects.all()
    # work moved from a closed unit: the old row until its last day, the successor's from then
    qs = qs.exclude(held_to__lt=as_of).exclude(held_from__gt=as_of)
    qs = qs.filter(
        **given(
            task__plan=plan,
            unit=unit,
            task__area=area,
            task=task,
            role=role,
            due_date__gte=due_from,
            due_date__lte=due_to,
        )
    )
    task_ids = matching_task_ids(q, plan)
    if task_ids is not None:
        qs = qs.filter(Q(task_id__in=task_ids) | Q(unit__search_key__contains=fold(q).strip()))
    return qs


def sorted_states(qs: QuerySet[Assignment], as_of: dt.date, *, status: str | None = None, sort: str = "due"):
    """``qs`` (of :func:`scoped_assignments`) annotated with each row's state as of ``as_of``
    (:func:`annotate_state`), kept to ``status`` and sorted (:data:`SORTS`)."""
    qs = qs.select_related("task", "task__plan", "task__area", "unit").defer("task__plan__interchange")
    qs = filter_state(annotate_state(qs, as_of), status, as_of)
    return qs.order_by(*SORTS.get(sort, SORTS["due"]))


def assignment_queryset(
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
    sort: str = "due",
    task=None,
) -> QuerySet[Assignment]:
    """The task table as of ``as_of`` as ONE annotated queryset (filter, sort, count, paginate it
    in the database): scoped to ``user`` (None = everything), filtered, sorted (:data:`SORTS`).

    ``status`` is a filter of :data:`cchc.tracking.states.FILTERS` (overdue, at-risk, done, open,
    pending-approval) or a state name. ``q`` matches task text and unit names, accent-insensitively.
    """
    scoped = scoped_assignments(
        plan=plan,
        unit=unit,
        as_of=as_of,
        user=user,
        area=area,
        q=q,
        due_from=due_from,
        due_to=due_to,
        role=role,
        task=task,
    )
    return sorted_states(scoped, as_of, status=status, sort=sort)


# What a list row shows (tracking/_rows.html), read as plain values: no model instances per row.
LIST_FIELDS = (
    "id",
    "task__title",
    "task__parent_task_id",
    "task__plan__number",
    "task__plan__title",
    "unit__short_name",
    "unit__name",
    "role",
    "period_label",
    "due_date",
    "state",
    "percent_as_of",
    "updated_as_of",
    "reported_this_period",
    "returned_reason_as_of",
)


def list_values(qs: QuerySet[Assignment]) -> QuerySet:
    """The displayed columns of an annotated, sorted queryset (:func:`sorted_states`): slice it
    for a page (one query), then :func:`list_row` each value."""
    return qs.values(*LIST_FIELDS)


def detail_url_parts() -> tuple[str, str]:
    """The assignment page's address before and after its id: one ``reverse()`` per page, not one
    ``{% url %}`` per row (templates write ``{{ pre }}{{ id }}{{ post }}``)."""
    from django.urls import reverse

    pre, post = reverse("tracking:assignment_detail", args=[987654321]).split("987654321", 1)
    return pre, post


def detail_url_format() -> str:
    """The assignment page's address with ``%d`` for its id (the rows' links)."""
    pre, post = detail_url_parts()
    return pre.replace("%", "%%") + "%d" + post.replace("%", "%%")


def list_row(v: dict, url: str) -> dict:
    """A row of ``tracking/_rows.html`` from :func:`list_values` (the attribute paths of
    :class:`AssignmentRow` that the template reads, as dictionaries; ``url`` its detail page)."""
    return {
        "url": url,
        "assignment": {"pk": v["id"]},
        "task": {"title": v["task__title"], "parent_task_id": v["task__parent_task_id"]},
        "plan": {"number": v["task__plan__number"], "title": v["task__plan__title"]},
        "unit": {"short_name": v["unit__short_name"], "name": v["unit__name"]},
        "role": v["role"],
        "period_label": v["period_label"],
        "due_date": v["due_date"],
        "state": v["state"],
        "percent": v["percent_as_of"],
        "last_update_at": v["updated_as_of"],
        "reported_this_period": v["reported_this_period"],
        "returned_reason": v["returned_reason_as_of"],
    }


def assignment_rows(*, evidence: bool = True, **filters) -> list[AssignmentRow]:
    """Every row of :func:`assignment_queryset` (exports, reports, the CLI): one query, plus one
    for the evidence when ``evidence``. Pages use the queryset and paginate instead."""
    as_of = filters["as_of"]
    rows = [row_of(a) for a in _shared_related(assignment_queryset(**filters))]
    return attach_evidence(rows, as_of) if evidence else rows


def _shared_related(qs: QuerySet[Assignment]) -> list[Assignment]:
    """The assignments of ``qs`` with their task (its plan and area) and unit loaded once each
    and shared by every row, not joined into each row: a plan's 7.000 lead rows at
    ``seed-scale 10`` are 7.000 model instances instead of 35.000 (a report's rows, exports)."""
    from cchc.plans.models import Task

    assignments = list(qs.select_related(None).defer(None))
    tasks = Task.objects.filter(pk__in={a.task_id for a in assignments}).select_related("plan", "area")
    tasks = {t.pk: t for t in tasks.defer("plan__interchange")}
    plans = {}
    for t in tasks.values():  # one plan instance per plan, as one row of the join had
        t.plan = plans.setdefault(t.plan_id, t.plan)
    units = OrgUnit.objects.in_bulk({a.unit_id for a in assignments})
    for a in assignments:
        a.task, a.unit = tasks[a.task_id], units[a.unit_id]
    return assignments


def iter_rows(qs: QuerySet[Assignment], as_of: dt.date, chunk: int = 1000):
    """The rows of an annotated queryset, streamed in chunks (with their evidence): memory stays
    flat whatever the row count (exports)."""
    batch = []
    for a in qs.iterator(chunk_size=chunk):
        batch.append(row_of(a))
        if len(batch) >= chunk:
            yield from attach_evidence(batch, as_of)
            batch = []
    yield from attach_evidence(batch, as_of)


def row_as_of(a: Assignment, as_of: dt.date, *_ignored) -> AssignmentRow:
    """The row of one assignment as of ``as_of`` (with its family's evidence)."""
    one = annotate_state(
        Assignment.objects.filter(pk=a.pk).select_related("task", "task__plan", "task__area", "unit"), as_of
    ).defer("task__plan__interchange")
    return attach_evidence([row_of(one.get())], as_of)[0]


def _worst(states) -> str:
    present = set(states)
    return next((s for s in TASK_STATE_ORDER if s in present), "")


def task_queryset(
    *, user, as_of: dt.date, plan=None, area=None, unit=None, q: str = "", status: str | None = None
) -> QuerySet[Task]:
    """Tasks of the province plans ``user`` reads that have work assigned, in plan order; ``status``
    keeps the tasks with a lead (chủ trì) assignment in that state, ``unit`` those the unit leads
    or supports. All in SQL (pagination counts tasks)."""
    work = assignments_for(user).filter(task__plan__parent_plan__isnull=True)
    if unit is not None:
        work = work.filter(unit=unit)
    tasks = Task.objects.filter(pk__in=work.values("task_id")).select_related("plan", "area")
    tasks = tasks.defer("plan__interchange")
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    if area is not None:
        tasks = tasks.filter(area=area)
    ids = matching_task_ids(q, plan)
    if ids is not None:
        tasks = tasks.filter(pk__in=ids)
    if status:
        leads = filter_state(annotate_state(assignments_for(user).filter(role="lead"), as_of), status, as_of)
        if plan is not None:
            leads = leads.filter(task__plan=plan)
        tasks = tasks.filter(pk__in=leads.values("task_id"))
    return tasks.order_by("plan_id", "order", "pk")


LEADS_SHOWN = 10  # a task led by more units shows their number and links to its list
SUPPORT_NAMES_SHOWN = 20


def task_summaries(tasks: list[Task], as_of: dt.date, *, user=None) -> list[dict]:
    """One item per task of a page (a bounded number of queries and rows, whatever the number of
    units a task reaches): the lead rows (up to :data:`LEADS_SHOWN`; more are counted) and
    their worst state and mean percent, the supporting units in short (how many, how many done,
    their names up to :data:`SUPPORT_NAMES_SHOWN`), the last update."""
    from django.db.models import Count, Max, Sum
    from django.utils import timezone

    qs = Assignment.objects.filter(task__in=tasks)
    if user is not None and as_of == timezone.localdate() and grants_for(user).readable_unit_ids:
        # today: the units the user reads as a (hashed) semi-join, not a list of ids tested on
        # every row; PostgreSQL then reads the page's tasks by the task index alone (a past
        # date's states read a shadowed table, :mod:`cchc.tracking.as_of`: a plain list there)
        qs = qs.filter(unit__in=units_for(user))
    elif user is not None:
        qs = readable(user, qs)
    qs = qs.exclude(held_to__lt=as_of).exclude(held_from__gt=as_of)
    stats: dict[int, dict] = {
        t.pk: {"lead": Counter(), "support": Counter(), "sum": 0, "last": None} for t in tasks
    }

    def aggregates():
        grouped = (
            annotate_state(qs.order_by(), as_of)
            .values("task_id", "role", "state")
            .annotate(n=Count("id"), p=Sum("percent_as_of"), last=Max("updated_as_of"))
            .order_by()
        )
        supports = (
            qs.filter(role="support")
            .order_by()
            .values("task_id")
            .annotate(n=Count("unit_id", distinct=True))
            .values_list("task_id", "n")
        )
        return list(grouped), dict(supports)

    # the page's aggregates (states, percents, supporting units) cached like the chips' counts:
    # until the next write that changes an assignment's state (the names are read fresh)
    grouped, support_units = cached_by_query(qs, f"board|{as_of}", aggregates)
    for g in grouped:
        s = stats[g["task_id"]]
        s[g["role"]][g["state"]] += g["n"]
        if g["role"] == "lead":
            s["sum"] += g["p"] or 0
        if g["last"] and (s["last"] is None or g["last"] > s["last"]):
            s["last"] = g["last"]
    few_leads = [pk for pk, s in stats.items() if 0 < sum(s["lead"].values()) <= LEADS_SHOWN]
    leads: dict[int, list[dict]] = {}
    if few_leads:
        lead_qs = qs.filter(role="lead", task_id__in=few_leads).select_related(
            "task", "task__plan", "task__area", "unit"
        )
        url = detail_url_format()
        ordered = annotate_state(lead_qs, as_of).order_by("task_id", "period_label", "unit__code")
        for v in ordered.values("task_id", *LIST_FIELDS):
            leads.setdefault(v["task_id"], []).append(list_row(v, url % v["id"]))
    few_supports = [pk for pk, n in support_units.items() if n <= SUPPORT_NAMES_SHOWN]
    names: dict[int, set] = {}
    if few_supports:
        for task_id, short, name in (
            qs.filter(role="support", task_id__in=few_supports)
            .order_by()
            .values_list("task_id", "unit__short_name", "unit__name")
            .distinct()
        ):
            names.setdefault(task_id, set()).add(short or name)
    out = []
    for task in tasks:
        s = stats[task.pk]
        n_leads = sum(s["lead"].values())
        out.append(
            {
                "task": task,
                "leads": leads.get(task.pk, []),
                "lead_count": n_leads,
                "more_leads": n_leads > LEADS_SHOWN,
                "state": _worst(s["lead"].elements()),
                "percent": (s["sum"] / n_leads) if n_leads else None,
                "support_units": support_units.get(task.pk, 0),
                "support_done": s["support"]["done"] + s["support"]["done_late"],
                "support_names": sorted(names.get(task.pk, ())),
                "last_update_at": s["last"],
            }
        )
    return out


def plan_sections(plan: Plan) -> list[dict]:
    """The plan page's outline: its areas in order (and "other tasks" without an area) with their
    number of tasks and targets, in two grouped queries."""
    from django.db.models import Count

    from cchc.plans.models import Target

    tasks = dict(plan.tasks.order_by().values("area_id").annotate(n=Count("id")).values_list("area_id", "n"))
    targets = dict(
        Target.objects.filter(plan=plan)
        .order_by()
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    out = [
        {"area": a, "key": str(a.pk), "tasks": tasks.get(a.pk, 0), "targets": targets.get(a.pk, 0)}
        for a in plan.areas.order_by("order", "pk")
    ]
    if tasks.get(None) or targets.get(None):
        out.append({"area": None, "key": "0", "tasks": tasks.get(None, 0), "targets": targets.get(None, 0)})
    return out


def unit_plans_for(user) -> QuerySet[Plan]:
    return plans_for(user).filter(parent_plan__isnull=False)


def unit_ids_without_plan(plan: Plan, user=None) -> set[int]:
    """Ids of the lead units of ``plan`` (those ``user`` reads) that have not submitted their own
    plan yet (draft counts as missing). The lead units (every lead row of the plan read, tens of
    thousands in a province) are cached until the next write that creates or moves work (the
    figures' generation, :func:`cached_by_query`); the submitted plans are read fresh."""
    qs = Assignment.objects.filter(task__plan=plan, role="lead")
    if user is not None:
        ids = grants_for(user).readable_unit_ids
        if ids is not None:
            qs = qs.filter(unit_id__in=ids)
    lead_ids = cached_by_query(
        qs,  # the plan's creation time in the key: a replaced plan whose id is reused is another
        f"plan-leads|{plan.created_at.isoformat()}",
        lambda: set(qs.order_by().values_list("unit_id", flat=True).distinct()),
    )
    done = set(
        Plan.objects.filter(
            parent_plan=plan, status__in=[PlanStatus.SUBMITTED, PlanStatus.ACKNOWLEDGED]
        ).values_list("owner_unit_id", flat=True)
    )
    return lead_ids - done


def units_without_plan(plan: Plan, user=None) -> list[OrgUnit]:
    """Lead units of ``plan`` that have not submitted their own plan yet (draft counts as missing)."""
    return list(OrgUnit.objects.filter(pk__in=unit_ids_without_plan(plan, user)).order_by("code"))


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


TASK_STATE_ORDER = (
    "overdue",
    "at_risk",
    "open",
    "waiting_event",
    "pending_approval",
    "done_late",
    "done",
    "cancelled",
)


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


QUEUE_FIELDS = (
    "id",
    "assignment_id",
    "assignment__task__title",
    "assignment__task__plan__number",
    "assignment__period_label",
    "assignment__due_date",
    "assignment__unit__short_name",
    "assignment__unit__name",
    "status",
    "percent",
    "at",
    "narrative",
    "author_name",
)


def queue_rows(values) -> list[dict]:
    """The rows of ``tracking/approval_queue.html`` from a page of ``approval_queue(…).values(
    *QUEUE_FIELDS)``: the columns it shows as flat dictionaries (no model instances per row)."""
    labels = dict(ProgressUpdate._meta.get_field("status").flatchoices)
    return [
        {
            "pk": v["id"],
            "assignment_id": v["assignment_id"],
            "title": v["assignment__task__title"],
            "plan_number": v["assignment__task__plan__number"],
            "period_label": v["assignment__period_label"],
            "due_date": v["assignment__due_date"],
            "unit": v["assignment__unit__short_name"] or v["assignment__unit__name"],
            "status": labels.get(v["status"], v["status"]),
            "percent": v["percent"],
            "at": v["at"],
            "narrative": v["narrative"],
            "author_name": v["author_name"],
        }
        for v in values
    ]


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


def cached_by_query(qs, what: str, build, *, user=None, province_id=None):
    """``build()`` cached until the next write that changes the state of an assignment it may
    count, keyed by ``qs``'s own SQL (its scope, filters and date) and today: list counts, chips,
    home panels. ``user``: the reader ``qs`` is scoped to, keyed by its province's figures
    generation (``current.figures_generations_for``), so a report in another province leaves
    it cached; ``province_id``: a count within one province; neither: every province's."""
    import hashlib

    from django.core.exceptions import EmptyResultSet
    from django.utils import timezone

    from cchc.core import generations
    from cchc.tracking.current import ALL_FIGURES, figures_generation, figures_generations_for

    try:
        sql = str(qs.query)
    except EmptyResultSet:
        return build()
    key = f"{what}|{timezone.localdate()}|" + hashlib.sha256(sql.encode()).hexdigest()
    if user is not None:
        names = figures_generations_for(user)
    else:
        names = [figures_generation(province_id) if province_id else ALL_FIGURES]
    return generations.cached(names, key, build)
