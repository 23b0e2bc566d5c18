"""A page's query count does not grow with its rows: each main page is loaded on a small dataset
and on one twice as large, and must use the same number of queries (and stay under a bound)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cchc.testing.factories import make_area, make_plan, make_task
from cchc.tracking.actions import do_assign_plan
from cchc.tracking.models import Assignment, ProgressUpdate

pytestmark = pytest.mark.django_db
MAX_QUERIES = 40


def grow(plan, area, org_tree, start: int, n: int) -> None:
    """``n`` more tasks, each led by Sở Tư pháp with Sở TT&TT supporting, half of them reported."""
    stp, stttt = org_tree["HP-STP"], org_tree["HP-STTTT"]
    for i in range(start, start + n):
        make_task(
            plan,
            f"Nhiệm vụ số {i}",
            area=area,
            lead=[stp],
            support=[stttt],
            due_date=dt.date(2022, 1 + i % 12, 10),
            timeframe_text="2022",
            end_year=2022,
        )
    do_assign_plan(plan, actor=None)
    for k, a in enumerate(Assignment.objects.filter(task__plan=plan, updates__isnull=True, role="lead")):
        if k % 2:
            continue
        done = k % 4 == 0
        ProgressUpdate.objects.create(
            assignment=a,
            at=timezone.make_aware(dt.datetime(2022, 3, 1, 9)),
            status="done" if done else "in_progress",
            percent=Decimal(100 if done else 30),
            approval_state="accepted" if k % 8 == 0 else ("pending_head" if done else "accepted"),
        )
    from cchc.tracking.current import rebuild_current

    rebuild_current(Assignment.objects.filter(task__plan=plan))  # updates made behind the actions' back


PAGES = [
    ("officer", "/"),
    ("reporter", "/"),
    ("head", "/"),
    ("leader", "/"),
    ("admin", "/"),
    ("officer", "/nhiem-vu/danh-sach/?as_of=2022-06-01"),
    ("officer", "/nhiem-vu/danh-sach/?status=overdue&as_of=2022-12-01&size=200"),
    ("officer", "/nhiem-vu/theo-nhiem-vu/?as_of=2022-06-01"),
    ("reporter", "/nhiem-vu/?as_of=2022-06-01"),
    ("reporter", "/nhiem-vu/?role=support"),
    ("officer", "/nhiem-vu/lich-han/?as_of=2022-01-01"),
    ("officer", "/nhiem-vu/ke-hoach/{plan}/?as_of=2022-06-01"),
    ("officer", "/bao-cao/"),
    ("officer", "/bao-cao/tong-hop/{plan}/2022-Y/"),
]


# The list pages' own budgets (frame included: session, user, grants, navigation, bell), on the
# first request of a day (counts not cached yet). Each list reads its page's rows in ONE query of
# the displayed columns (docs/performance.md, "List pages' own cost"): lower these when a page
# loses a query, never raise them to make a change pass.
LIST_BUDGETS = {
    "/nhiem-vu/danh-sach/?as_of=2022-06-01": 13,
    "/nhiem-vu/danh-sach/?status=overdue&as_of=2022-12-01&size=200": 13,
    "/nhiem-vu/theo-nhiem-vu/?as_of=2022-06-01": 17,
    "/nhiem-vu/?as_of=2022-06-01": 9,
    "/nhiem-vu/?role=support": 8,
    "/nhiem-vu/lich-han/?as_of=2022-01-01": 12,
}


def _count(client, user, url) -> int:
    from django.core.cache import cache

    client.force_login(user)
    cache.clear()  # the queries that compute the page (panels cached under data generations included)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, secure=True)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def test_main_pages_use_as_many_queries_on_a_doubled_dataset(
    client, org_tree, users, django_assert_max_num_queries
):
    plan = make_plan(org_tree)
    area = make_area(plan)
    grow(plan, area, org_tree, 0, 12)
    urls = [(who, url.format(plan=plan.pk)) for who, url in PAGES]
    small = {(who, url): _count(client, users[who], url) for who, url in urls}
    grow(plan, area, org_tree, 12, 12)
    assert Assignment.objects.filter(task__plan=plan).count() == 48
    for who, url in urls:
        with django_assert_max_num_queries(MAX_QUERIES):
            big = _count(client, users[who], url)
        assert big == small[(who, url)], (
            f"{who} {url}: {small[(who, url)]} queries, then {big} on twice the rows"
        )
        assert big <= LIST_BUDGETS.get(url, MAX_QUERIES), (url, big)
