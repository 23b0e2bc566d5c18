"""The task board's and the plan page's cached parts (the page's aggregates and tasks, the plan's
lead units: ``cached_by_query``) follow the writes: a report shows on the board at once, new lead
work and a submitted unit plan change the plan page's number of missing unit plans at once."""

from __future__ import annotations

import re

import pytest

from cchc.plans.task_actions import do_submit_unit_plan
from cchc.testing.factories import make_task
from cchc.testing.progress import record
from cchc.tracking.actions import do_assign_plan, do_create_unit_plan
from cchc.tracking.models import Assignment

pytestmark = pytest.mark.django_db


def _row(client, url, title) -> str:
    html = client.get(url, secure=True).content.decode()
    rows = [r for r in re.findall(r"<tr>.*?</tr>", html, flags=re.S) if title in r]
    assert len(rows) == 1, title
    return rows[0]


def _missing(client, plan) -> str:
    html = client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/", secure=True).content.decode()
    found = re.search(r"(\d+) đơn vị chưa gửi kế hoạch", html)
    return found.group(1) if found else "0"


def test_a_report_shows_on_the_task_board_at_once(client, plan_setup):
    users, task = plan_setup["users"], plan_setup["tasks"]["digital"]
    client.force_login(users["officer"])
    url = "/nhiem-vu/theo-nhiem-vu/"
    assert "37%" not in _row(client, url, task.title)
    assert "37%" not in _row(client, url, task.title)  # now from the cache
    record(users["other_reporter"], Assignment.objects.get(task=task), status="in_progress", percent=37)
    assert "37%" in _row(client, url, task.title)


def test_the_plan_pages_missing_unit_plans_follow_new_work_and_submissions(client, plan_setup, org_tree):
    plan, users = plan_setup["plan"], plan_setup["users"]
    client.force_login(users["officer"])
    assert _missing(client, plan) == "2"  # Sở Tư pháp, Sở TT&TT lead
    assert _missing(client, plan) == "2"  # now from the cache
    make_task(
        plan, "Nhiệm vụ mới của Sở Nội vụ", lead=[org_tree["HP-SNV"]], timeframe_text="2024", end_year=2024
    )
    do_assign_plan(plan, actor=None)
    assert _missing(client, plan) == "3"
    unit_plan = do_create_unit_plan(actor=users["head"], unit=org_tree["HP-STP"], parent_plan=plan)
    do_submit_unit_plan(actor=users["head"], plan=unit_plan)
    assert _missing(client, plan) == "2"
