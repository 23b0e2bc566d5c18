"""Oversight fixtures: a Hải Phòng plan with lead and support work, with some progress, as of 2022."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cchc.testing.factories import make_area, make_plan, make_task
from cchc.tracking.actions import EvidenceInput, do_assign_plan, do_record_progress
from cchc.tracking.models import Assignment

TODAY = dt.datetime(2022, 11, 15, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield timezone.localdate()


def build_plan(org_tree, n_extra: int = 0):
    plan = make_plan(org_tree)
    a1 = make_area(plan)
    a2 = make_area(plan, title="CẢI CÁCH THỦ TỤC HÀNH CHÍNH", code="II", order=2)
    stp, stttt = org_tree["HP-STP"], org_tree["HP-STTTT"]

    def task(title, area, lead, year, due, support=()):
        return make_task(
            plan, title, area=area, lead=[lead], support=support, start_year=year, end_year=year, due_date=due
        )

    tasks = {
        "law": task("Rà soát văn bản", a1, stp, 2022, dt.date(2022, 6, 30), support=[stttt]),
        "digital": task("Chính quyền số", a2, stttt, 2022, dt.date(2022, 3, 31)),
        "tthc": task("Đơn giản hóa TTHC", a2, stp, 2022, dt.date(2022, 9, 30)),
        "later": task("Việc năm sau", a1, stttt, 2023, dt.date(2023, 6, 30)),
    }
    for i in range(n_extra):
        lead, area = (stp, a1) if i % 2 else (stttt, a2)
        task(f"Việc thêm {i}", area, lead, 2022, dt.date(2022, 1 + i % 12, 20), support=[stttt])
    do_assign_plan(plan, actor=None)
    return plan, {"I": a1, "II": a2}, tasks


def report(users, a, status, percent, at):
    """A unit's update; a "done" claim is then approved by its head and accepted by the standing
    agency the same day (a claim counts as done only once accepted: tracking.states)."""
    from cchc.tracking.actions import do_approve_progress, do_review_progress

    reporter = users["reporter"] if a.unit.code == "HP-STP" else users["other_reporter"]
    update = do_record_progress(
        actor=reporter,
        assignment=a,
        status=status,
        percent=percent,
        narrative="Đã thực hiện",
        evidence=[EvidenceInput(doc_number="1/QĐ")] if status == "done" else [],
        expected_version=a.version,
        at=at,
    )
    if status == "done":
        update = do_approve_progress(actor=None, update=update, at=at)
        update = do_review_progress(actor=None, update=update, decision="accept", at=at)
    return update


@pytest.fixture
def data(org_tree, users, frozen):
    """law (STP lead): done on time; digital (STTTT): done late; tthc (STP): overdue; later: open."""
    plan, areas, tasks = build_plan(org_tree)

    def lead(key):
        return Assignment.objects.get(task=tasks[key], role="lead")

    tz = dt.UTC
    report(users, lead("law"), "done", 100, dt.datetime(2022, 6, 20, 9, tzinfo=tz))
    report(users, lead("digital"), "done", 100, dt.datetime(2022, 5, 10, 9, tzinfo=tz))
    report(users, lead("tthc"), "in_progress", 40, dt.datetime(2022, 8, 1, 9, tzinfo=tz))
    return {"plan": plan, "areas": areas, "tasks": tasks, "units": org_tree, "users": users, "lead": lead}
