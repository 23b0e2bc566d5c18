"""The plan timeline (issue 24): tasks by quarter across the plan's years, coloured by state,
filtered by area and lead unit, a table view and an XLSX export; pages bounded."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db.models import F
from openpyxl import load_workbook

from cchc.plans.models import Area, Task, TaskUnit
from cchc.tracking.actions import do_assign_plan
from cchc.tracking.timeline import PAGE_SIZE, plan_years, task_span

pytestmark = pytest.mark.django_db


@pytest.fixture
def timeline_plan(plan_setup):
    plan = plan_setup["plan"]
    plan.period_start, plan.period_end = 2022, 2023
    plan.save(update_fields=["period_start", "period_end"])
    return plan_setup


def test_task_span_runs_from_the_start_year_to_the_due_quarter():
    class T:
        start_year, end_year, due_date = 2022, 2022, dt.date(2022, 8, 15)

    assert task_span(T(), [2022, 2023]) == ((2022, 1), (2022, 3))
    T.start_year, T.due_date = None, None
    assert task_span(T(), [2022, 2023]) == ((2022, 1), (2022, 4))


def test_plan_years_are_bounded(timeline_plan):
    plan = timeline_plan["plan"]
    assert plan_years(plan) == [2022, 2023]
    plan.period_end = 2999
    assert len(plan_years(plan)) == 10


def test_timeline_page_filters_and_colours(client, timeline_plan):
    plan, users = timeline_plan["plan"], timeline_plan["users"]
    client.force_login(users["officer"])
    body = client.get("/nhiem-vu/tien-do/", {"plan": plan.pk, "as_of": "10/01/2023"}).content.decode()
    assert 'id="timeline"' in body and "Năm 2022" in body and "Năm 2023" in body
    assert 'class="tl-bar state-overdue"' in body  # overdue lead work in the fixture
    assert "2022-" not in body.split("<main>")[1].split('id="timeline"')[1]  # no period codes
    area = Area.objects.filter(plan=plan).first()
    only = client.get("/nhiem-vu/tien-do/", {"plan": plan.pk, "area": area.pk}).content.decode()
    other = Task.objects.filter(plan=plan).exclude(area=area).first()
    if other is not None:
        assert other.title[:40] not in only
    table = client.get("/nhiem-vu/tien-do/", {"plan": plan.pk, "view": "table"}).content.decode()
    assert 'id="timeline-table"' in table and "Quý" in table
    xlsx = client.get("/nhiem-vu/tien-do/", {"plan": plan.pk, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert "Tình trạng" in header and "Quý I/2022" in header and "Quý IV/2023" in header
    assert ws.max_row == 1 + Task.objects.filter(plan=plan).count()


def test_timeline_query_count_does_not_grow_with_tasks(client, timeline_plan, django_assert_max_num_queries):
    plan, users, stp = timeline_plan["plan"], timeline_plan["users"], timeline_plan["units"]["HP-STP"]
    for i in range(PAGE_SIZE + 5):
        t = Task.objects.create(
            plan=plan, title=f"Nhiệm vụ thêm {i}", order=100 + i, due_date=dt.date(2023, 6, 30)
        )
        TaskUnit.objects.create(task=t, role="lead", text=stp.name, unit=stp)
    do_assign_plan(plan, actor=None)
    client.force_login(users["officer"])
    client.get("/nhiem-vu/tien-do/", {"plan": plan.pk})
    with django_assert_max_num_queries(26):  # the same with 0 or 60 tasks (measured: 25)
        body = client.get("/nhiem-vu/tien-do/", {"plan": plan.pk}).content.decode()
    assert body.count('<th scope="row" class="tl-task">') == PAGE_SIZE
    assert 'rel="next"' in body


def _led_tasks(plan, units, start, n, *, recurrence=""):
    """``n`` tasks ordered before the others (so they fill the first page), each led by every
    one of ``units``; ``recurrence`` "quarterly" repeats each lead's work every quarter."""
    for i in range(start, start + n):
        t = Task.objects.create(
            plan=plan,
            title=f"Nhiệm vụ do nhiều đơn vị chủ trì {i}",
            order=i,
            due_date=dt.date(2023, 6, 30),
            start_year=2022,
            recurrence=recurrence,
        )
        for u in units:
            TaskUnit.objects.create(task=t, role="lead", text=u.name, unit=u)
    do_assign_plan(plan, actor=None)


def _timeline(client, plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/nhiem-vu/tien-do/", {"plan": plan.pk}).content.decode()
    return len(ctx.captured_queries), body.count('<th scope="row" class="tl-task">'), len(body), body


def test_timeline_rows_queries_and_size_stay_flat_when_tasks_and_leads_grow(client, timeline_plan, org_tree):
    """One page of bars whatever the plan holds: the same queries, rows and (nearly) bytes with
    45 tasks led by two units as with 90 tasks led by fourteen units every quarter."""
    from cchc.testing.factories import make_unit

    plan, users = timeline_plan["plan"], timeline_plan["users"]
    stp, stttt = timeline_plan["units"]["HP-STP"], timeline_plan["units"]["HP-STTTT"]
    Task.objects.filter(plan=plan).update(order=F("order") + 10_000)  # the fixture's tasks last
    _led_tasks(plan, [stp, stttt], 100, PAGE_SIZE + 5)
    client.force_login(users["officer"])
    _timeline(client, plan)  # warm: the lead units' list is cached until an assignment changes
    small = _timeline(client, plan)
    many = [make_unit(org_tree["HP"], f"HP-TL{i}", f"Sở thử nghiệm dòng thời gian {i}") for i in range(12)]
    _led_tasks(plan, [stp, stttt, *many], 0, PAGE_SIZE + 5, recurrence="quarterly")
    _timeline(client, plan)
    queries, rows, size, body = _timeline(client, plan)
    assert small[1] == rows == PAGE_SIZE
    assert queries <= small[0], (small[0], queries)
    assert size < small[2] * 1.2, (small[2], size)  # the lead names say "và 11 đơn vị khác"
    assert "và 11 đơn vị khác" in body
    assert "Sở thử nghiệm dòng thời gian 11" in body  # the unit filter lists the new leads


def test_a_bar_is_one_cell_spanning_its_quarters():
    from cchc.tracking.timeline import Bar

    bar = Bar(task=None, leads=[], state="done", start=(2022, 3), end=(2023, 2), cells=[])
    bar.cells = [False, False, True, True, True, True, False, False]
    assert bar.segments == [
        (1, False, True),
        (1, False, False),
        (4, True, False),
        (1, False, False),
        (1, False, False),
    ]
    bar.cells = [True] * 8
    assert bar.segments == [(8, True, True)]
