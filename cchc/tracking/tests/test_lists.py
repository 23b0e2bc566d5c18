"""Task lists at scale: pagination (user-chosen, bounded), state chips, the task-centred list,
bad list parameters (never a 500), the API's limits and the streamed XLSX export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from cchc.testing.factories import make_area, make_plan
from cchc.tracking.tests.test_query_counts import grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(org_tree):
    plan = make_plan(org_tree)
    grow(plan, make_area(plan), org_tree, 0, 30)  # 60 assignments: 30 lead, 30 support
    return plan


def _get(client, user, url):
    client.force_login(user)
    return client.get(url, secure=True)


def test_the_task_list_is_paginated_with_a_total_and_chips(client, users, big):
    r = _get(client, users["officer"], "/nhiem-vu/danh-sach/?as_of=2023-01-01&size=25")
    body = r.content.decode()
    assert r.status_code == 200 and body.count('href="/nhiem-vu/') >= 25
    assert "Dòng 1–25 trong 60" in body and "Trang 1/3" in body
    # the chips: only lead shares can be overdue (30 leads: 15 never reported, 7 in progress, 4
    # claimed done and accepted, 4 claimed done awaiting approval)
    assert r.context["counts"]["overdue"] == 22 and r.context["counts"]["pending"] == 4
    assert r.context["counts"]["done"] == 4 and r.context["counts"]["total"] == 60


def test_bad_list_parameters_get_the_nearest_valid_value_or_a_message(client, users, big):
    officer = users["officer"]
    past = _get(client, officer, "/nhiem-vu/danh-sach/?page=999&size=25")
    assert past.status_code == 200 and past.context["page"].number == 3  # the last page
    huge = _get(client, officer, "/nhiem-vu/danh-sach/?size=10000")
    assert huge.status_code == 200 and huge.context["size"] == 200
    junk = _get(client, officer, "/nhiem-vu/danh-sach/?size=abc&page=x&sort=evil")
    assert junk.status_code == 200 and junk.context["size"] == 50 and junk.context["page"].number == 1
    bad_date = _get(client, officer, "/nhiem-vu/danh-sach/?as_of=2023-13-45")
    assert bad_date.status_code == 200 and "không hợp lệ" in bad_date.content.decode()
    unknown = _get(client, officer, "/nhiem-vu/danh-sach/?status=bogus")
    assert unknown.status_code == 200 and "Không có tình trạng" in unknown.content.decode()
    assert unknown.context["page"].paginator.count == 60  # shown unfiltered, with the message
    for url in ("/nhiem-vu/theo-nhiem-vu/?page=-3&size=0&as_of=x", "/nhiem-vu/?status=x&as_of=2023-02-30"):
        assert _get(client, officer if "theo" in url else users["reporter"], url).status_code == 200
    nul = _get(client, users["reporter"], "/nhiem-vu/?status=%00&as_of=2023-02-30")  # no text holds a NUL
    assert nul.status_code == 400 and "ký tự không hợp lệ" in nul.content.decode()


def test_the_api_bounds_and_checks_list_parameters(client, users, big):
    client.force_login(users["officer"])
    r = client.get("/api/tracking/assignments?limit=10000&as_of=2023-01-01", secure=True)
    assert r.status_code == 200 and len(r.json()) == 60 and r["X-Total-Count"] == "60"
    r = client.get("/api/tracking/assignments?limit=5&offset=58", secure=True)
    assert len(r.json()) == 2
    r = client.get("/api/tracking/assignments?status=bogus", secure=True)
    assert r.status_code == 400 and "bogus" in r.json()["message"]
    r = client.get("/api/tracking/assignments?as_of=2023-13-45", secure=True)
    assert r.status_code == 422
    r = client.get("/api/tracking/assignments?status=overdue&as_of=2023-01-01", secure=True)
    assert {row["role"] for row in r.json()} == {"lead"} and len(r.json()) == 22


def test_the_task_centred_list_shows_one_row_per_task_with_supports_in_short(client, users, big):
    r = _get(client, users["officer"], "/nhiem-vu/theo-nhiem-vu/?as_of=2023-01-01&size=100")
    assert r.status_code == 200
    items = r.context["items"]
    assert len(items) == 30 and all(len(i["leads"]) == 1 and i["support_units"] == 1 for i in items)
    assert {i["state"] for i in items} == {"overdue", "done", "done_late", "pending_approval"}
    overdue = _get(client, users["officer"], "/nhiem-vu/theo-nhiem-vu/?as_of=2023-01-01&status=overdue")
    assert overdue.context["page"].paginator.count == 22
    assert _get(client, users["reporter"], "/nhiem-vu/theo-nhiem-vu/").status_code == 403


def test_my_work_shows_lead_work_and_supporting_work_apart(client, users, big):
    lead = _get(client, users["reporter"], "/nhiem-vu/?as_of=2023-01-01")
    assert lead.context["role"] == "lead" and lead.context["page"].paginator.count == 30
    other = _get(client, users["other_reporter"], "/nhiem-vu/?as_of=2023-01-01&role=support")
    assert other.context["page"].paginator.count == 30 and other.context["counts"]["overdue"] == 0
    assert "Việc phối hợp" in other.content.decode()


def test_the_xlsx_export_streams_every_filtered_row(client, users, big):
    r = _get(client, users["officer"], "/nhiem-vu/danh-sach/?format=xlsx&status=overdue&as_of=2023-01-01")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "STT" and len(rows) == 1 + 22
    assert {row[9] for row in rows[1:]} == {"Quá hạn"}
