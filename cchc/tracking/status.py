"""Deadline states of an assignment as of a date: pure functions over plain values (no database).

States:
- ``waiting_event``: bound to an event ("Sau khi … được ban hành") not yet recorded.
- ``done`` / ``done_late``: done on or before / after its due date.
- ``cancelled``: the unit reported it will not be done (with a reason).
- ``overdue``: past its due date and not done.
- ``at_risk``: due within ``at_risk_days`` (setting ``CCHC_AT_RISK_DAYS``, default 30) with
  less than 50% progress.
- ``open``: anything else (including continuous work, which is never overdue as a whole; whether
  it was reported in the current period is :func:`reported_in_period`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

WAITING_EVENT = "waiting_event"
DONE = "done"
DONE_LATE = "done_late"
CANCELLED = "cancelled"
OVERDUE = "overdue"
AT_RISK = "at_risk"
OPEN = "open"

STATES = (OVERDUE, AT_RISK, OPEN, WAITING_EVENT, DONE, DONE_LATE, CANCELLED)
AT_RISK_PERCENT = Decimal(50)

# --status filter of lists and the CLI -> states it selects
FILTERS = {
    "overdue": {OVERDUE},
    "at-risk": {AT_RISK},
    "done": {DONE, DONE_LATE},
    "done-on-time": {DONE},
    "done-late": {DONE_LATE},
    "open": {OPEN, AT_RISK, OVERDUE, WAITING_EVENT},
    "waiting-event": {WAITING_EVENT},
    "cancelled": {CANCELLED},
}


def compute_state(
    *,
    status: str,
    percent: Decimal | int | float,
    due_date: dt.date | None,
    as_of: dt.date,
    done_on: dt.date | None = None,
    waiting_event: bool = False,
    continuous: bool = False,
    at_risk_days: int = 30,
) -> str:
    """The state of work with ``status``/``percent`` (as known on ``as_of``) against ``due_date``."""
    if status == "done":
        if due_date is not None and done_on is not None and done_on > due_date:
            return DONE_LATE
        return DONE
    if status == "cancelled":
        return CANCELLED
    if waiting_event:
        return WAITING_EVENT
    if continuous or due_date is None:
        return OPEN
    if as_of > due_date:
        return OVERDUE
    if (due_date - as_of).days <= at_risk_days and Decimal(str(percent)) < AT_RISK_PERCENT:
        return AT_RISK
    return OPEN


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter containing ``day``: continuous work is reported every quarter."""
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end_month = 3 * q + 3
    end = (dt.date(day.year + (end_month == 12), end_month % 12 + 1, 1)) - dt.timedelta(days=1)
    return start, end


def reported_in_period(last_report_on: dt.date | None, as_of: dt.date) -> bool:
    """Whether continuous work has a report in the reporting period (quarter) containing ``as_of``."""
    if last_report_on is None:
        return False
    start, _end = quarter_bounds(as_of)
    return start <= last_report_on <= as_of


def matches_filter(state: str, wanted: str | None) -> bool:
    if not wanted:
        return True
    return state in FILTERS.get(wanted, {wanted})
