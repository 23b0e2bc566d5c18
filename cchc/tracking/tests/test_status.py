"""Deadline states as of a date: the one definition (``cchc.tracking.states.annotate_state``, in
SQL), checked case by case on real rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.testing.factories import make_plan, make_task
from cchc.tracking import states as st
from cchc.tracking.current import refresh_current
from cchc.tracking.models import Assignment, ProgressUpdate
from cchc.tracking.queries import annotate_state, chip_counts, state_counts

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def make(org_tree):
    plan = make_plan(org_tree)
    counter = iter(range(1, 1000))

    def _make(
        *,
        status=None,
        percent=0,
        due_date=None,
        done_on=None,
        waiting_event=False,
        continuous=False,
        role="lead",
        approval="accepted",
        decided_on=None,
    ) -> Assignment:
        task = make_task(
            plan,
            f"Nhiệm vụ {next(counter)}",
            event="Sau khi Nghị định được ban hành" if waiting_event else "",
            recurrence="continuous" if continuous else "",
        )
        a = Assignment.objects.create(task=task, unit=org_tree["HP-STP"], role=role, due_date=due_date)
        if status:
            day = done_on or D(2022, 1, 5)
            ProgressUpdate.objects.create(
                assignment=a,
                at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                status=status,
                percent=Decimal(percent),
                approval_state=approval,
                decided_at=timezone.make_aware(dt.datetime.combine(decided_on, dt.time(9)))
                if decided_on
                else None,
            )
            refresh_current([a])  # written behind the actions' back
        return a

    return _make


def state(a: Assignment, as_of: dt.date, **kw) -> str:
    return annotate_state(Assignment.objects.filter(pk=a.pk), as_of, **kw).get().state


def test_overdue_when_past_due_and_not_done(make):
    a = make(status="in_progress", percent=80, due_date=D(2022, 12, 31))
    assert state(a, D(2023, 1, 1)) == "overdue"


def test_open_on_the_due_day_itself_with_progress(make):
    a = make(status="in_progress", percent=60, due_date=D(2022, 12, 31))
    assert state(a, D(2022, 12, 31)) == "open"


def test_at_risk_within_window_and_little_progress(make):
    low = make(status="in_progress", percent=Decimal("49.9"), due_date=D(2022, 12, 31))
    half = make(status="in_progress", percent=50, due_date=D(2022, 12, 31))
    assert state(low, D(2022, 12, 10)) == "at_risk"
    assert state(half, D(2022, 12, 10)) == "open"
    assert state(low, D(2022, 12, 10), risk_days=5) == "open"
    assert state(make(due_date=D(2022, 12, 31)), D(2022, 12, 10)) == "at_risk"  # nothing reported


def test_done_and_done_late(make):
    due = D(2022, 12, 31)
    assert (
        state(make(status="done", percent=100, due_date=due, done_on=D(2022, 12, 1)), D(2023, 6, 1)) == "done"
    )
    late = make(status="done", percent=100, due_date=due, done_on=D(2023, 2, 1))
    assert state(late, D(2023, 6, 1)) == "done_late"


def test_a_done_claim_is_pending_until_the_standing_agency_accepts_it(make):
    due = D(2022, 12, 31)
    for approval in ("pending_head", "approved_by_head"):
        a = make(status="done", percent=100, due_date=due, done_on=D(2022, 12, 1), approval=approval)
        assert state(a, D(2023, 6, 1)) == "pending_approval"
    accepted = make(
        status="done", percent=100, due_date=due, done_on=D(2022, 12, 1), decided_on=D(2023, 3, 1)
    )
    assert state(accepted, D(2023, 2, 1)) == "pending_approval"  # not yet accepted on that day
    assert state(accepted, D(2023, 3, 1)) == "done"
    returned = make(
        status="done",
        percent=100,
        due_date=due,
        done_on=D(2022, 12, 1),
        approval="returned",
        decided_on=D(2023, 1, 5),
    )
    assert state(returned, D(2023, 1, 2)) == "pending_approval"
    assert state(returned, D(2023, 1, 10)) == "overdue"  # sent back: in progress again, past due
    counts = chip_counts(state_counts(Assignment.objects.all(), D(2023, 6, 1)))
    assert (counts["pending"], counts["done"]) == (2, 1)


def test_waiting_event_and_continuous_are_never_overdue(make):
    assert state(make(waiting_event=True), D(2030, 1, 1)) == "waiting_event"
    assert state(make(continuous=True), D(2030, 1, 1)) == "open"


def test_a_supporting_share_is_never_overdue_on_its_own(make):
    support = make(role="support", due_date=D(2022, 12, 31))
    assert state(support, D(2023, 6, 1)) == "open"
    assert (
        state(make(role="support", status="done", percent=100, due_date=D(2022, 12, 31)), D(2023, 6, 1))
        == "done"
    )


def test_cancelled_is_its_own_state(make):
    assert (
        state(make(status="cancelled", due_date=D(2020, 1, 1), done_on=D(2021, 6, 1)), D(2022, 1, 1))
        == "cancelled"
    )


def test_reported_in_period_uses_the_quarter(make):
    a = make(status="in_progress", percent=10, continuous=True, done_on=D(2022, 4, 2))
    b = make(status="in_progress", percent=10, continuous=True, done_on=D(2022, 3, 31))

    def reported(x, day):
        return annotate_state(Assignment.objects.filter(pk=x.pk), day).get().reported_this_period

    assert reported(a, D(2022, 6, 30)) is True
    assert reported(b, D(2022, 6, 30)) is False
    assert reported(make(continuous=True), D(2022, 6, 30)) is False
    assert reported(make(due_date=D(2022, 12, 31)), D(2022, 6, 30)) is None  # not continuous work
    assert st.quarter_bounds(D(2022, 11, 5)) == (D(2022, 10, 1), D(2022, 12, 31))


def test_filters():
    assert st.matches_filter("done_late", "done")
    assert st.matches_filter("overdue", "open")
    assert st.matches_filter("pending_approval", "open")
    assert not st.matches_filter("pending_approval", "done")
    assert not st.matches_filter("done", "open")
    assert st.matches_filter("anything", None)
