"""sources.lead_state_counts counts tracking's one state definition in the database: the same
counts, in all, per unit, per area and per plan, as the task pages' row_as_of, date by date."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from cchc.oversight import sources
from cchc.oversight.tests.conftest import report
from cchc.testing.factories import make_task
from cchc.tracking import queries as tq
from cchc.tracking.actions import (
    do_approve_progress,
    do_create_unit_plan,
    do_record_event,
    do_record_progress,
    do_review_progress,
)
from cchc.tracking.models import Assignment


def test_same_state_as_the_task_lists(data):
    users, units, plan = data["users"], data["units"], data["plan"]
    # a returned claim, an event-bound task, continuous work, a unit-plan copy's progress
    later = data["lead"]("later")
    u = do_record_progress(
        actor=users["reporter"] if later.unit.code == "HP-STP" else users["other_reporter"],
        assignment=later,
        status="done",
        percent=100,
        narrative="Xong",
        expected_version=later.version,
        at=dt.datetime(2022, 9, 1, 9, tzinfo=dt.UTC),
    )
    do_approve_progress(actor=None, update=u)  # the system stands in for the unit head
    do_review_progress(actor=users["officer"], update=u, decision="return", reason="Thiếu")
    ev = make_task(plan, "Sau Nghị định", lead=[units["HP-STP"]], event="Nghị định được ban hành")
    make_task(plan, "Thường xuyên", lead=[units["HP-STP"]], recurrence="continuous", start_year=2021)
    from cchc.tracking.actions import do_assign_plan

    do_assign_plan(plan, actor=None)
    do_record_event(actor=users["officer"], task=ev, event_date=dt.date(2022, 2, 1))
    unit_plan = do_create_unit_plan(actor=users["reporter"], unit=units["HP-STP"], parent_plan=plan)
    copy = Assignment.objects.filter(task__plan=unit_plan, task__parent_task=data["tasks"]["tthc"]).get()
    report(users, copy, "done", 100, dt.datetime(2022, 10, 3, 9, tzinfo=dt.UTC))

    qs = sources.lead_assignments(province=units["HP"])
    dates = [
        dt.date(2022, 3, 31),
        dt.date(2022, 6, 30),
        dt.date(2022, 9, 1),
        dt.date(2022, 10, 2),
        dt.date(2022, 11, 15),
    ]
    counted = sources.lead_state_counts(qs, dates)
    items = list(qs.select_related("task", "task__plan", "task__area", "unit"))
    theirs = {(a.pk, d): tq.row_as_of(a, d).state for a in items for d in dates}
    for d in dates:
        c = counted[d]
        assert c.total == Counter(theirs[(a.pk, d)] for a in items), d
        for key, by in (
            (lambda a: a.unit_id, c.by_unit),
            (lambda a: a.task.area_id, c.by_area),
            (lambda a: a.task.plan_id, c.by_plan),
        ):
            expected: dict = {}
            for a in items:
                expected.setdefault(key(a), Counter())[theirs[(a.pk, d)]] += 1
            assert by == expected, d
    # the returned claim is not done; the unit plan's copy, reported done and accepted on 3/10,
    # makes the province row done (late: due 30/9) from then on
    assert theirs[(later.pk, dt.date(2022, 11, 15))] not in {"done", "done_late", "pending_approval"}
    tthc = data["lead"]("tthc").pk
    assert theirs[(tthc, dt.date(2022, 10, 2))] == "overdue"
    assert theirs[(tthc, dt.date(2022, 11, 15))] in {"done", "done_late"}
    assert {s for s in theirs.values()} >= {"done", "done_late", "overdue", "open"}
    assert len(items) >= 6
