"""Page-bounded pages: the plan page (outline, then each area's tasks a page at a time), the task
board and the task list render one page of rows and run as many queries on a small province as
on one with twice the tasks and three times the units (a group expanded to every department,
leads by every unit), as of today (the current-progress columns) and as of a past date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.orgs.models import OrgGroup
from cchc.testing.factories import make_area, make_plan, make_task, make_unit
from cchc.testing.frame import warm_frame
from cchc.tracking.actions import do_assign_plan
from cchc.tracking.tests.test_query_counts import grow

pytestmark = pytest.mark.django_db

PAGE = 25  # the smallest page size offered; the plan page's area pages hold 25 tasks


def _units(hp, n, start):
    for i in range(start, start + n):
        make_unit(hp, f"HP-SX{i}", f"Sở thử nghiệm {i}")


def _province(plan, area, org_tree, start, n_tasks, n_units):
    _units(org_tree["HP"], n_units, start)
    group = OrgGroup.objects.get(key="HP:so-ban-nganh")
    for i in range(start, start + n_tasks):
        make_task(
            plan,
            f"Nhiệm vụ phối hợp {i}",
            area=area,
            lead=[org_tree["HP-STP"]],
            groups=[group],
            due_date=dt.date(2022, 1 + i % 12, 5),
            timeframe_text="2022",
            end_year=2022,
        )
    do_assign_plan(plan, actor=None)
    grow(plan, area, org_tree, 1000 + start, n_tasks)
    if connection.vendor == "postgresql":
        # Planner statistics as a live database has them (autovacuum analyzes it): after the
        # suite's earlier tests the tables' statistics say "0 rows" over pages of rolled-back
        # rows, and PostgreSQL then plans the past-date states' subqueries as scans per row
        # (minutes instead of milliseconds). ANALYZE counts this transaction's own rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _get(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, secure=True, headers={"HX-Request": "true"} if "area=" in url else {})
    assert response.status_code == 200, url
    body = response.content.decode()
    return len(ctx.captured_queries), len(re.findall(r"<tr[ >]", body)), len(body)


@pytest.mark.parametrize("as_of", ["", "&as_of=2022-06-01"])
def test_pages_stay_flat_from_a_small_to_a_larger_province(client, org_tree, users, as_of):
    plan = make_plan(org_tree)
    area = make_area(plan)
    urls = [
        f"/nhiem-vu/ke-hoach/{plan.pk}/?x=1{as_of}",
        f"/nhiem-vu/ke-hoach/{plan.pk}/?area={area.pk}{as_of}",
        f"/nhiem-vu/ke-hoach/{plan.pk}/?area={area.pk}&page=2{as_of}",
        f"/nhiem-vu/theo-nhiem-vu/?size=25{as_of}",
        f"/nhiem-vu/danh-sach/?size=25{as_of}",
        f"/nhiem-vu/danh-sach/?size=25&status=overdue{as_of}",
    ]
    _province(plan, area, org_tree, 0, 30, 10)
    small = {u: _get(client, users["officer"], u) for u in urls}
    _province(plan, area, org_tree, 30, 30, 20)
    for u in urls:
        queries, rows, size = _get(client, users["officer"], u)
        assert queries <= small[u][0], (u, small[u][0], queries)  # a shortcut may skip one
        assert small[u][1] <= rows <= PAGE + 2, (u, small[u][1], rows)  # one page at most
        # the page's HTML does not grow with the units a task reaches
        assert size < small[u][2] * 1.5 + 2000, (u, small[u][2], size)


@pytest.mark.parametrize(
    "query",
    [
        "page=999999",
        "page=-3",
        "page=abc",
        "size=1000000",
        "size=-1",
        "status=bogus",
        "as_of=0001-01-01",
        "as_of=9999-12-31",
        "as_of=2022-02-30",
    ],
)
def test_bad_input_answers_a_bounded_page(client, org_tree, users, query):
    plan = make_plan(org_tree)
    area = make_area(plan)
    grow(plan, area, org_tree, 0, 30)
    client.force_login(users["officer"])
    for url in (
        f"/nhiem-vu/danh-sach/?{query}",
        f"/nhiem-vu/theo-nhiem-vu/?{query}",
        f"/nhiem-vu/ke-hoach/{plan.pk}/?area={area.pk}&{query}",
        f"/dieu-hanh/?{query}",
    ):
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        assert len(re.findall(r"<tr[ >]", body)) <= 200 + 2, url
    if query.startswith("as_of=0001") or query.startswith("as_of=9999"):
        body = client.get(f"/nhiem-vu/danh-sach/?{query}", secure=True).content.decode()
        assert "Chỉ tính được đến ngày trong khoảng 01/01/2000–31/12/2100" in body


def test_calendar_shows_a_few_rows_per_day_and_counts_the_rest(client, org_tree, users):
    plan = make_plan(org_tree)
    area = make_area(plan)
    stp = org_tree["HP-STP"]
    url = "/nhiem-vu/lich-han/?month=2022-03&as_of=2022-06-01"

    def add(n, start):
        for i in range(start, start + n):
            make_task(plan, f"Việc ngày 15/3 số {i}", area=area, lead=[stp], due_date=dt.date(2022, 3, 15))
        do_assign_plan(plan, actor=None)

    add(6, 0)
    client.force_login(users["officer"])
    warm_frame(client)
    with CaptureQueriesContext(connection) as small:
        body = client.get(url, secure=True).content.decode()
    assert body.count('<li class="state-') == 4 and "và 2 nhiệm vụ khác" in body
    add(60, 6)
    with CaptureQueriesContext(connection) as big:
        body = client.get(url, secure=True).content.decode()
    assert body.count('<li class="state-') == 4 and "và 62 nhiệm vụ khác" in body
    assert "66 nhiệm vụ chủ trì đến hạn trong tháng" in body and "66 quá hạn" in body
    assert len(big.captured_queries) == len(small.captured_queries)
