"""Home panels cached per user and day under their apps' data generations (issue 22, point 3): a
warm home reads none of their data, and a write that changes a panel's figure shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.testing.progress import record

pytestmark = pytest.mark.django_db


def _panel(client, key):
    return next((p for p in client.get("/").context["panels"] if p["key"] == key), None)


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx)


def test_a_claim_shows_in_the_queue_panel_on_the_next_request(plan_setup, client):
    from cchc.tracking.models import Assignment

    users = plan_setup["users"]
    client.force_login(users["head"])
    client.get("/")
    assert _panel(client, "tracking-approval-queue")["stat"] == 0  # cached now
    law = Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")
    record(users["reporter"], law)
    assert _panel(client, "tracking-approval-queue")["stat"] == 1


def test_a_new_task_shows_in_the_plans_panel_and_a_warm_home_stays_flat(plan_setup, client, users):
    from cchc.testing.factories import make_task
    from cchc.tracking.actions import do_assign_plan

    client.force_login(users["officer"])
    before = _panel(client, "plans")
    small = _count(client)
    for i in range(30):
        make_task(
            plan_setup["plan"],
            f"Việc thêm {i}",
            area=plan_setup["area"],
            lead=[plan_setup["units"]["HP-STP"]],
        )
    do_assign_plan(plan_setup["plan"], actor=None)
    after = _panel(client, "plans")
    assert after["items"][0] != before["items"][0]  # "n nhiệm vụ": 30 more
    assert _count(client) == small
