"""Deadline states of an assignment: their names, the list filters, the quarter of continuous work.

The states themselves are computed by the database: :func:`cchc.tracking.states.annotate_state`
(the one definition). This module only names them:

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
