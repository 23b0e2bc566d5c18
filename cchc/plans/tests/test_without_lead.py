"""Tasks without a lead after commit: the plan's "Nhiệm vụ chưa có đơn vị chủ trì" page (paginated
and filtered in the database, bulk assignment of a lead unit), the count on the home page, and the
explicit confirmation that commit asks for when names are unresolved or tasks have no lead."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.audit.models import AuditEvent
from cchc.plans.actions import do_commit_plan
from cchc.plans.models import Plan, PlanImport, TaskUnit
from cchc.testing.frame import warm_frame
from cchc.testing.interchange import small_interchange


def _plan_with_leadless(org_tree, officer, n: int, number: str = "01/KH-UBND") -> Plan:
    data = small_interchange(number=number)
    base = data["tasks"][1]
    for k in range(n):
        t = copy.deepcopy(base)
        t["title"] = f"Nhiệm vụ chưa giao số {k + 1}"
        t["lead"] = [] if k % 2 == 0 else [{"text": "Ban Không Có Thật"}]
        data["tasks"].append(t)
    return do_commit_plan(actor=officer, interchange=data, province=org_tree["HP"])


def _url(plan) -> str:
    return reverse("plans:plan_without_lead", args=[plan.pk])


@pytest.mark.django_db
def test_page_lists_tasks_without_lead_and_assigns_them_in_bulk(users, org_tree, login):
    plan = _plan_with_leadless(org_tree, users["officer"], 4)
    client = login(users["officer"])
    html = client.get(_url(plan)).content.decode()
    assert "4 nhiệm vụ chưa có đơn vị chủ trì" in html
    assert "Nhiệm vụ chưa giao số 1" in html and "Ban Không Có Thật" in html  # as written
    assert "Rà soát văn bản quy phạm pháp luật" not in html  # led by Sở Tư pháp
    assert '<option value="Sở Tư pháp">' in html  # the searchable unit list
    detail = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="without-lead-link"' in detail

    ids = list(plan.tasks.filter(title__startswith="Nhiệm vụ chưa giao số").values_list("pk", flat=True))
    response = client.post(_url(plan), {"task": ids[:3], "unit": "Sở Tư pháp"})
    assert response.status_code == 302
    led = TaskUnit.objects.filter(task_id__in=ids[:3], role="lead", unit=org_tree["HP-STP"])
    assert led.count() == 3
    assert AuditEvent.objects.filter(changes__leads_assigned__1=3).exists()
    from cchc.tracking.models import Assignment

    assert Assignment.objects.filter(task_id__in=ids[:3], unit=org_tree["HP-STP"], role="lead").count() >= 3
    assert "1 nhiệm vụ chưa có đơn vị chủ trì" in client.get(_url(plan)).content.decode()


@pytest.mark.django_db
def test_a_unit_outside_the_list_or_no_task_is_refused_and_nothing_saved(users, org_tree, login):
    plan = _plan_with_leadless(org_tree, users["officer"], 2)
    client = login(users["officer"])
    ids = list(plan.tasks.filter(title__startswith="Nhiệm vụ chưa giao").values_list("pk", flat=True))
    before = TaskUnit.objects.count()
    r = client.post(_url(plan), {"task": ids, "unit": "Sở Tư pháp Đà Nẵng (không có)"})
    assert r.status_code == 400 and "Chọn đơn vị chủ trì" in r.content.decode()
    r = client.post(_url(plan), {"unit": "Sở Tư pháp"})
    assert r.status_code == 400 and "Chưa chọn nhiệm vụ nào" in r.content.decode()
    assert TaskUnit.objects.count() == before


@pytest.mark.django_db
def test_a_reporter_may_see_but_not_assign(users, org_tree, login):
    plan = _plan_with_leadless(org_tree, users["officer"], 2)
    client = login(users["reporter"])
    ids = list(plan.tasks.values_list("pk", flat=True))
    page = client.get(_url(plan))
    assert page.status_code == 200 and 'name="task"' not in page.content.decode()
    assert client.post(_url(plan), {"task": ids, "unit": "Sở Tư pháp"}).status_code == 403


@pytest.mark.django_db
def test_page_queries_do_not_grow_with_rows(users, org_tree, login):
    small = _plan_with_leadless(org_tree, users["officer"], 3)
    large = _plan_with_leadless(org_tree, users["officer"], 40, number="02/KH-UBND")
    client = login(users["officer"])
    warm_frame(client)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(plan)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_home_shows_the_count_to_the_standing_officer(users, org_tree, login):
    _plan_with_leadless(org_tree, users["officer"], 5)
    html = login(users["officer"]).get("/").content.decode()
    assert "5 nhiệm vụ chưa có đơn vị chủ trì" in html


@pytest.mark.django_db
def test_commit_asks_for_confirmation_listing_what_is_open(users, org_tree, login, seed, no_assign):
    client = login(users["officer"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/ke-hoach/nhap/", {"province": org_tree["HP"].pk, "file": SimpleUploadedFile("004.txt", seed("004"))}
    )
    url = response["Location"]
    html = client.get(url).content.decode()
    assert 'id="before-commit"' in html
    assert "nhiệm vụ chưa có đơn vị chủ trì" in html and "tên đơn vị chưa xác định" in html
    assert "Hải Dương" in html  # the out-of-province warning (a Hải Dương plan filed under Hải Phòng)
    refused = client.post(url, {"action": "commit"})
    assert refused.status_code == 400 and "Tôi đã xem các điểm trên" in refused.content.decode()
    assert Plan.objects.count() == 0 and PlanImport.objects.get().status == "pending"
    assert client.post(url, {"action": "commit", "confirm": "1"}).status_code == 302
    assert Plan.objects.count() == 1
