"""Deadline states as of a date: pure functions, no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cchc.tracking import status as st

D = dt.date


def test_overdue_when_past_due_and_not_done():
    assert (
        st.compute_state(status="in_progress", percent=80, due_date=D(2022, 12, 31), as_of=D(2023, 1, 1))
        == "overdue"
    )


def test_open_on_the_due_day_itself_with_progress():
    assert (
        st.compute_state(status="in_progress", percent=60, due_date=D(2022, 12, 31), as_of=D(2022, 12, 31))
        == "open"
    )


def test_at_risk_within_window_and_little_progress():
    args = dict(status="in_progress", due_date=D(2022, 12, 31), as_of=D(2022, 12, 10))
    assert st.compute_state(percent=Decimal("49.9"), **args) == "at_risk"
    assert st.compute_state(percent=50, **args) == "open"
    assert st.compute_state(percent=10, at_risk_days=5, **args) == "open"


def test_done_and_done_late():
    due = D(2022, 12, 31)
    assert (
        st.compute_state(
            status="done", percent=100, due_date=due, as_of=D(2023, 6, 1), done_on=D(2022, 12, 1)
        )
        == "done"
    )
    assert (
        st.compute_state(status="done", percent=100, due_date=due, as_of=D(2023, 6, 1), done_on=D(2023, 2, 1))
        == "done_late"
    )


def test_waiting_event_and_continuous_are_never_overdue():
    assert (
        st.compute_state(
            status="not_started", percent=0, due_date=None, as_of=D(2030, 1, 1), waiting_event=True
        )
        == "waiting_event"
    )
    assert (
        st.compute_state(status="not_started", percent=0, due_date=None, as_of=D(2030, 1, 1), continuous=True)
        == "open"
    )


def test_cancelled_is_its_own_state():
    assert (
        st.compute_state(status="cancelled", percent=0, due_date=D(2020, 1, 1), as_of=D(2022, 1, 1))
        == "cancelled"
    )


def test_reported_in_period_uses_the_quarter():
    assert st.reported_in_period(D(2022, 4, 2), D(2022, 6, 30))
    assert not st.reported_in_period(D(2022, 3, 31), D(2022, 6, 30))
    assert not st.reported_in_period(None, D(2022, 6, 30))
    assert st.quarter_bounds(D(2022, 11, 5)) == (D(2022, 10, 1), D(2022, 12, 31))


def test_filters():
    assert st.matches_filter("done_late", "done")
    assert st.matches_filter("overdue", "open")
    assert not st.matches_filter("done", "open")
    assert st.matches_filter("anything", None)
