"""The plan timeline (issue 24): tasks by quarter across the plan's years, coloured by state,
filtered by area and lead unit, a table view and an XLSX export; pages bounded."""

from __future__ import annotations

import datetime as dt
import io

import pytest
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
