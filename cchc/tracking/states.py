"""THE definition of an assignment's deadline state as of a date, as a queryset annotation.

Every list, panel, calendar, CLI, API, reminder and report reads the state through
:func:`annotate_state` (re-exported by :mod:`cchc.tracking.queries`); nothing computes it row by
row in Python. See docs/tracking.md ("Where the state is defined").

Inputs, all in SQL:

- the **latest progress update known at the end of ``as_of``** (local time) of the assignment's
  *family*: the assignment itself and the unit-plan copies of the same work (same unit, role and
  period, tasks linked by ``parent_task``), both ways. ``Assignment.family_task_id`` (the province
  task of the family) makes that one indexed lookup;
- its completion date (``completed_on``, else the day it was reported): done after the due
  date is ``done_late``;
- its approval: a "done" claim is done only once the standing agency accepted it (at or before
  ``as_of``); before that it is ``pending_approval`` ("chờ duyệt"); a claim returned at or before
  ``as_of`` counts as "in progress" again;
- the assignment's due date, role, and the task's event and recurrence.

Accountability: a supporting (phối hợp) share is never ``overdue`` or ``at_risk`` on its own (the
lead carries the task's deadline); it shows its own progress, done and cancelled states.

The names, the list filters and the quarter of continuous work are defined here too (one
module for the deadline states).

States:
- ``waiting_event``: bound to an event ("Sau khi … được ban hành") not yet recorded.
- ``done`` / ``done_late``: done on or before / after its due date, the claim accepted by the
  standing agency (after the unit head approved it).
- ``pending_approval``: a "done" claim not yet accepted ("Chờ duyệt"): not counted as done.
- ``cancelled``: the unit reported it will not be done (with a reason).
- ``overdue``: past its due date and not done.
- ``at_risk``: due within ``at_risk_days`` (setting ``CCHC_AT_RISK_DAYS``, default 30) with
  less than 50% progress.
- ``open``: anything else (including continuous work, which is never overdue as a whole, and a
  supporting share, whose deadline the lead carries).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateTimeField,
    DecimalField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import Exact, GreaterThan, In, IsNull, LessThan, LessThanOrEqual
from django.utils import timezone

from cchc.plans.models import Recurrence
from cchc.tracking.as_of import as_of_rows
from cchc.tracking.models import ApprovalState, ProgressUpdate

WAITING_EVENT = "waiting_event"
DONE = "done"
DONE_LATE = "done_late"
PENDING_APPROVAL = "pending_approval"
CANCELLED = "cancelled"
OVERDUE = "overdue"
AT_RISK = "at_risk"
OPEN = "open"

STATES = (OVERDUE, AT_RISK, OPEN, WAITING_EVENT, PENDING_APPROVAL, DONE, DONE_LATE, CANCELLED)
AT_RISK_PERCENT = Decimal(50)

# --status filter of lists and the CLI -> states it selects
FILTERS = {
    "overdue": {OVERDUE},
    "at-risk": {AT_RISK},
    "done": {DONE, DONE_LATE},
    "done-on-time": {DONE},
    "done-late": {DONE_LATE},
    "open": {OPEN, AT_RISK, OVERDUE, WAITING_EVENT, PENDING_APPROVAL},
    "pending-approval": {PENDING_APPROVAL},
    "waiting-event": {WAITING_EVENT},
    "cancelled": {CANCELLED},
}


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter containing ``day``: continuous work is reported every quarter."""
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end_month = 3 * q + 3
    end = (dt.date(day.year + (end_month == 12), end_month % 12 + 1, 1)) - dt.timedelta(days=1)
    return start, end


def matches_filter(state: str, wanted: str | None) -> bool:
    if not wanted:
        return True
    return state in FILTERS.get(wanted, {wanted})


PERIODIC_VALUES = [
    Recurrence.CONTINUOUS,
    Recurrence.QUARTERLY,
    Recurrence.SIX_MONTHLY,
    Recurrence.MONTHLY,
]


AS_OF_MIN = dt.date(2000, 1, 1)
AS_OF_MAX = dt.date(2100, 12, 31)


def clamp_as_of(day: dt.date) -> dt.date:
    """The nearest date a state can be asked for (2000 to 2100): year 1 or 9999 is an input
    mistake, and the day after 31/12/9999 does not exist."""
    return min(max(day, AS_OF_MIN), AS_OF_MAX)


def at_risk_days() -> int:
    return int(getattr(settings, "CCHC_AT_RISK_DAYS", 30))


def day_end(as_of: dt.date) -> dt.datetime:
    """The first instant after ``as_of`` in the platform's time zone: updates before it are known."""
    return timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))


def family_updates(as_of: dt.date, outer: str = "") -> QuerySet[ProgressUpdate]:
    """Updates of the outer assignment's family known at the end of ``as_of``, latest first."""
    p = outer
    return ProgressUpdate.objects.filter(
        assignment__family_task_id=OuterRef(p + "family_task_id"),
        assignment__unit_id=OuterRef(p + "unit_id"),
        assignment__role=OuterRef(p + "role"),
        assignment__period_label=OuterRef(p + "period_label"),
        at__lt=day_end(as_of),
    ).order_by("-at", "-id")


def _deadline_state(ref, percent, as_of: dt.date, days: int) -> Case:
    """The state of work that is not (effectively) done or cancelled. ``ref(name)`` reads the
    assignment's fields: ``F`` in the assignment query, ``OuterRef`` inside the update subquery,
    so that the same rule is written once and each subquery appears once in the SQL."""
    waiting = Q(~Exact(ref("task__event"), Value(""))) & (
        Q(IsNull(ref("task__event_date"), True)) | Q(GreaterThan(ref("task__event_date"), Value(as_of)))
    )
    no_deadline = (
        Q(In(ref("task__recurrence"), PERIODIC_VALUES))
        | Q(IsNull(ref("due_date"), True))
        | Q(Exact(ref("role"), Value("support")))  # the lead carries the task's deadline
    )
    return Case(
        When(waiting, then=Value(WAITING_EVENT)),
        When(no_deadline, then=Value(OPEN)),
        When(LessThan(ref("due_date"), Value(as_of)), then=Value(OVERDUE)),
        When(
            Q(LessThanOrEqual(ref("due_date"), Value(as_of + dt.timedelta(days=days))))
            & Q(LessThan(percent, Value(AT_RISK_PERCENT))),
            then=Value(AT_RISK),
        ),
        default=Value(OPEN),
        output_field=CharField(),
    )


def annotate_state(qs: QuerySet, as_of: dt.date, *, risk_days: int | None = None) -> QuerySet:
    """``qs`` (of ``Assignment``) with its state and progress as known at the end of ``as_of``
    (the names of :func:`annotate_state_from_history`).

    For today the values come from the current-progress columns the writes keep
    (:mod:`cchc.tracking.current`): plain predicates on the row, no subquery. For another date
    they are computed from the history, set-based (:mod:`cchc.tracking.as_of`: the families'
    latest updates as of the date picked once and joined, then the same rule over them). Both
    give the same answer as :func:`annotate_state_from_history`, the per-row reference (tested).
    """
    if as_of == timezone.localdate():
        return annotate_current(qs, as_of, risk_days=risk_days)
    return annotate_as_of(qs, as_of, risk_days=risk_days)


def current_state(as_of: dt.date, *, risk_days: int | None = None) -> Case:
    """The state of an assignment from its current-progress columns, as of ``as_of`` (today or
    later): the rule of :func:`annotate_state_from_history` written over the row's own columns."""
    days = at_risk_days() if risk_days is None else risk_days
    accepted = Q(cur_status="done", cur_approval=ApprovalState.ACCEPTED)
    return Case(
        When(accepted & Q(due_date__lt=F("cur_done_on")), then=Value(DONE_LATE)),
        When(accepted, then=Value(DONE)),
        When(cur_status="done", then=Value(PENDING_APPROVAL)),
        When(cur_status="cancelled", then=Value(CANCELLED)),
        default=_deadline_state(F, F("cur_percent"), as_of, days),
        output_field=CharField(),
    )


def annotate_current(qs: QuerySet, as_of: dt.date, *, risk_days: int | None = None) -> QuerySet:
    """:func:`annotate_state` for today or a later date, from the current-progress columns."""
    return _from_columns(qs, as_of, risk_days, approval=F("cur_approval"))


def annotate_as_of(qs: QuerySet, as_of: dt.date, *, risk_days: int | None = None) -> QuerySet:
    """:func:`annotate_state` for a past date, set-based: the rows with their current columns as
    of the date (:func:`cchc.tracking.as_of.as_of_rows`: the families' latest updates then,
    picked once and joined), read by today's rule. The same values as
    :func:`annotate_state_from_history`, the per-row reference (tested for every demo row).
    ``latest_approval`` is the update's own (``cur_approval`` there is the state known then)."""
    approval = Coalesce(F("current_update__approval_state"), Value(""), output_field=CharField())
    return _from_columns(as_of_rows(qs, day_end(as_of)), as_of, risk_days, approval=approval)


def _from_columns(qs: QuerySet, as_of: dt.date, risk_days: int | None, *, approval) -> QuerySet:
    returned = Q(cur_approval=ApprovalState.RETURNED)
    qs = qs.annotate(
        state=current_state(as_of, risk_days=risk_days),
        eff_status=F("cur_status"),
        percent_as_of=F("cur_percent"),
        updated_as_of=F("cur_at"),
        latest_approval=approval,
        latest_narrative=Coalesce(F("current_update__narrative"), Value(""), output_field=CharField()),
        returned_reason_as_of=Case(
            When(returned, then=F("current_update__return_reason")),
            default=Value(""),
            output_field=CharField(),
        ),
    )
    return qs.annotate(reported_this_period=_reported_this_period(as_of))


def _reported_this_period(as_of: dt.date) -> Case:
    return Case(
        When(
            Q(task__recurrence__in=PERIODIC_VALUES),
            then=Case(
                When(updated_as_of__gte=_quarter_start(as_of), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        ),
        default=Value(None),
        output_field=BooleanField(null=True),
    )


def annotate_state_from_history(qs: QuerySet, as_of: dt.date, *, risk_days: int | None = None) -> QuerySet:
    """``qs`` (of ``Assignment``) with, as known at the end of ``as_of``:

    - ``state``: one of :data:`cchc.tracking.states.STATES`;
    - ``eff_status`` (not_started / in_progress / done / cancelled; a returned "done" claim is
      in progress again), ``percent_as_of``, ``updated_as_of`` (the latest update's time),
      ``latest_narrative``, ``latest_approval``, ``returned_reason_as_of``;
    - ``reported_this_period`` (continuous work: reported in the quarter containing ``as_of``).

    Filter with ``state__in=...``, sort with ``order_by("state")``, count with :func:`state_counts`.
    Each value is one correlated subquery over the family's updates (an index lookup); the
    state's whole rule runs inside its subquery, so no subquery is repeated.
    """
    days = at_risk_days() if risk_days is None else risk_days
    end = day_end(as_of)
    ups = family_updates(as_of)
    returned = Q(approval_state=ApprovalState.RETURNED, decided_at__lt=end)
    accepted = Q(approval_state=ApprovalState.ACCEPTED) & (Q(decided_at__isnull=True) | Q(decided_at__lt=end))
    # on time / late: by the date the work was actually completed (``completed_on``); the report
    # date only where no completion date was recorded
    completed = Coalesce(F("completed_on"), TruncDate("at", tzinfo=timezone.get_current_timezone()))
    done_late = Q(LessThan(OuterRef("due_date"), completed))
    percent = DecimalField(max_digits=5, decimal_places=2)
    state_of_latest = Case(
        When(Q(status="done") & returned, then=_deadline_state(OuterRef, F("percent"), as_of, days)),
        When(Q(status="done") & accepted & done_late, then=Value(DONE_LATE)),
        When(Q(status="done") & accepted, then=Value(DONE)),
        When(status="done", then=Value(PENDING_APPROVAL)),
        When(status="cancelled", then=Value(CANCELLED)),
        default=_deadline_state(OuterRef, F("percent"), as_of, days),
        output_field=CharField(),
    )
    status_of_latest = Case(
        When(Q(status="done") & returned, then=Value("in_progress")),
        default=F("status"),
        output_field=CharField(),
    )
    reason_of_latest = Case(
        When(returned, then=F("return_reason")), default=Value(""), output_field=CharField()
    )

    def latest(expr, output):
        return Subquery(ups.annotate(_v=expr).values("_v")[:1], output_field=output)

    qs = qs.annotate(
        state=Coalesce(
            latest(state_of_latest, CharField()),
            _deadline_state(F, Value(0, output_field=percent), as_of, days),
        ),
        eff_status=Coalesce(latest(status_of_latest, CharField()), Value("not_started")),
        percent_as_of=Coalesce(latest(F("percent"), percent), Value(0, output_field=percent)),
        updated_as_of=latest(F("at"), DateTimeField()),
        latest_approval=Coalesce(latest(F("approval_state"), CharField()), Value("")),
        latest_narrative=Coalesce(latest(F("narrative"), CharField()), Value("")),
        returned_reason_as_of=Coalesce(latest(reason_of_latest, CharField()), Value("")),
    )
    return qs.annotate(reported_this_period=_reported_this_period(as_of))


def _quarter_start(as_of: dt.date) -> dt.datetime:
    start, _end = quarter_bounds(as_of)
    return timezone.make_aware(dt.datetime.combine(start, dt.time()))


def filter_state(qs: QuerySet, wanted: str | None, as_of: dt.date | None = None) -> QuerySet:
    """Keep rows of an annotated ``qs`` whose state matches a filter of ``status.FILTERS`` (or a
    state name); an unknown name keeps nothing rather than everything.

    Given ``as_of`` of today, the filter is written as plain predicates on the current-progress
    columns (:func:`current_state_q`), which the indexes serve."""
    if not wanted:
        return qs
    states = frozenset(FILTERS.get(wanted, {wanted}))
    if as_of is not None and as_of == timezone.localdate():
        q = current_state_q(states, as_of)
        if q is not None:
            return qs.filter(q)
    return qs.filter(state__in=sorted(states))


OPEN_STATUSES = ("not_started", "in_progress")


def current_state_q(states: frozenset, as_of: dt.date, *, risk_days: int | None = None) -> Q | None:
    """The rows whose state as of ``as_of`` (today or later) is one of ``states``, as predicates
    on the row's columns (the rule of :func:`current_state`, state by state); None when a state
    has no simpler form than the rule itself (open, waiting for an event)."""
    days = at_risk_days() if risk_days is None else risk_days
    accepted = Q(cur_status="done", cur_approval=ApprovalState.ACCEPTED)
    late = Q(due_date__lt=F("cur_done_on"))
    waiting = ~Q(task__event="") & (Q(task__event_date__isnull=True) | Q(task__event_date__gt=as_of))
    deadline = (
        Q(role="lead", cur_status__in=OPEN_STATUSES, due_date__isnull=False)
        & ~Q(task__recurrence__in=PERIODIC_VALUES)
        & ~waiting
    )
    forms = {
        DONE_LATE: accepted & late,
        DONE: accepted & (Q(due_date__isnull=True) | Q(cur_done_on__isnull=True) | ~late),
        PENDING_APPROVAL: Q(cur_status="done") & ~Q(cur_approval=ApprovalState.ACCEPTED),
        CANCELLED: Q(cur_status="cancelled"),
        OVERDUE: deadline & Q(due_date__lt=as_of),
        AT_RISK: deadline
        & Q(due_date__gte=as_of, due_date__lte=as_of + dt.timedelta(days=days))
        & Q(cur_percent__lt=AT_RISK_PERCENT),
    }
    if states == frozenset(FILTERS["open"]):
        return ~Q(cur_status__in=["done", "cancelled"]) | Q(cur_status="done") & ~Q(
            cur_approval=ApprovalState.ACCEPTED
        )
    if not states <= set(forms):
        return None
    out = Q(pk__in=[])
    for s in sorted(states):
        out |= forms[s]
    return out


def state_counts(qs: QuerySet, as_of: dt.date, *, by: str | None = None) -> dict:
    """Rows per state of ``qs`` (Assignments; annotated by :func:`annotate_state` or not) in ONE
    aggregate query.

    Without ``by``: ``{state: n}``. With ``by`` (a field path such as ``"unit_id"``,
    ``"task__area_id"``, ``"task__plan_id"``, ``"role"``): ``{key: {state: n}}``.
    """
    annotated = qs.order_by() if "state" in qs.query.annotations else annotate_state(qs.order_by(), as_of)
    fields = ["state"] if by is None else [by, "state"]
    rows = annotated.values(*fields).annotate(n=Count("id")).order_by()
    if by is None:
        return {r["state"]: r["n"] for r in rows}
    out: dict = {}
    for r in rows:
        out.setdefault(r[by], {})[r["state"]] = r["n"]
    return out


def chip_counts(counts: dict) -> dict:
    """The filter chips' numbers from :func:`state_counts` (total, overdue, at risk, done, …)."""
    c = counts

    def n(*states):
        return sum(c.get(s, 0) for s in states)

    return {
        "total": sum(c.values()),
        "overdue": n(OVERDUE),
        "at_risk": n(AT_RISK),
        "done": n(DONE, DONE_LATE),
        "pending": n(PENDING_APPROVAL),
        "waiting": n(WAITING_EVENT),
        "open": n(*FILTERS["open"]),
    }
