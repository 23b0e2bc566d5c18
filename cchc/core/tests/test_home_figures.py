"""Every headline figure on the home page equals the count of the list it links to.

A figure that says "12 nhiệm vụ quá hạn" and opens a list of 1,500 rows is worse than no figure:
each panel's number and each of its per-unit items must be the total of the list behind its link
(the same lead work, the same date, the same units)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest

from cchc.testing.progress import record

pytestmark = pytest.mark.django_db

ROLES = ["reporter", "head", "officer", "leader", "admin"]


def _list_total(client, url) -> int | None:
    """The total of a tracking or approval list (its paginator), or None for other pages."""
    if not urlparse(url).path.startswith("/nhiem-vu/"):
        return None
    resp = client.get(url)
    assert resp.status_code == 200, url
    page = resp.context.get("page") if resp.context else None
    return page.paginator.count if page is not None else None


@pytest.fixture
def busy(plan_setup, time_machine):
    """Overdue, at-risk, done-awaiting-approval and supporting work as of the frozen day."""
    time_machine.move_to(dt.datetime(2023, 3, 1, 9, 0), tick=False)
    from cchc.tracking.actions import do_approve_progress, do_review_progress
    from cchc.tracking.models import Assignment

    users = plan_setup["users"]
    law = Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")
    done = record(users["reporter"], law)
    do_approve_progress(actor=users["head"], update=done)
    do_review_progress(actor=users["officer"], update=done, decision="accept")  # done, not listed as open
    yearly = Assignment.objects.filter(task=plan_setup["tasks"]["yearly"], role="lead").order_by("due_date")[
        0
    ]
    record(users["reporter"], yearly)  # a claim waiting for the head (chờ duyệt)
    return plan_setup


@pytest.mark.parametrize("role", ROLES)
def test_each_headline_figure_equals_the_list_it_links_to(busy, client, role):
    client.force_login(busy["users"][role])
    panels = client.get("/").context["panels"]
    checked = 0
    for panel in panels:
        if panel.get("stat") is not None and panel.get("url"):
            total = _list_total(client, panel["url"])
            if total is not None:
                assert total == panel["stat"], (panel["key"], panel["url"])
                checked += 1
        for item in panel.get("items") or []:
            m = re.search(r":\s*([\d.]+)\s*$", str(item.get("label", "")))
            if m and item.get("url"):
                total = _list_total(client, item["url"])
                if total is not None:
                    assert total == int(m.group(1).replace(".", "")), (panel["key"], item)
                    checked += 1
    if role in {"reporter", "head", "officer", "leader"}:
        assert checked, f"no headline figure of {role} links to a list"
