"""Org pages and API follow the policy: scoped lists, 404 for foreign ids, JSON errors."""

from __future__ import annotations

import pytest

from cchc.accounts.actions import do_issue_token


def test_unit_list_is_scoped_and_accent_insensitive(login, users, org_tree):
    client = login(users["officer"])
    body = client.get("/co-quan/?q=so tu phap").content.decode()
    assert "Sở Tư pháp" in body and "Thành phố Đà Nẵng" not in body
    reporter = login(users["reporter"])
    body = reporter.get("/co-quan/").content.decode()
    assert "Sở Tư pháp" in body and "Sở Thông tin và Truyền thông" not in body


def test_foreign_unit_page_is_404(login, users, org_tree):
    client = login(users["reporter"])
    assert client.get(f"/co-quan/{org_tree['HP-STTTT'].pk}/").status_code == 404
    assert client.get(f"/co-quan/{org_tree['HP-STP'].pk}/").status_code == 200


def test_import_page_is_admin_only_and_reports_row_errors(login, users, org_tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    assert login(users["officer"]).get("/co-quan/nhap/").status_code == 403
    client = login(users["admin"])
    bad = SimpleUploadedFile("u.csv", "code,level,kind,name\nX1,bogus,department,Sở X\n".encode())
    response = client.post("/co-quan/nhap/", {"file": bad})
    assert response.status_code == 400
    assert "Tệp có lỗi, chưa nhập dữ liệu nào." in response.content.decode()
    from cchc.orgs.models import OrgUnit

    assert not OrgUnit.objects.filter(code="X1").exists()


def test_api_requires_auth_and_returns_json_errors(client, users, org_tree):
    response = client.get("/api/orgs/units")
    assert response.status_code == 401
    assert response.json()["message"]
    token, key = do_issue_token(actor=None, user=users["reporter"], name="he-thong-mot-cua")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    units = client.get("/api/orgs/units", **auth).json()
    assert [u["code"] for u in units] == ["HP-STP"]
    foreign = client.get(f"/api/orgs/units/{org_tree['HP-STTTT'].pk}", **auth)
    assert foreign.status_code == 404 and "Traceback" not in foreign.content.decode()
    assert client.get("/api/orgs/units", HTTP_AUTHORIZATION="Bearer cchc_wrong").status_code == 401


@pytest.mark.django_db
def test_group_members_at_a_date_via_api(login, users, org_tree):
    from cchc.orgs.models import OrgGroup

    client = login(users["officer"])
    group = OrgGroup.objects.get(key="HP:cap-huyen")
    data = client.get(f"/api/orgs/groups/{group.pk}?at=2022-01-01").json()
    assert sorted(m["code"] for m in data["members"]) == ["HP-H-ANLAO", "HP-Q-HONGBANG"]
    assert login(users["dn_officer"]).get(f"/api/orgs/groups/{group.pk}").status_code == 404


def test_openapi_schema_lists_org_endpoints(client, users):
    client.force_login(users["reporter"])
    schema = client.get("/api/openapi.json").json()
    assert "/api/orgs/units" in schema["paths"]


def test_unit_list_shows_one_page_of_rows_whatever_the_size(login, users, org_tree):
    """A province's units list is paginated in the database: the page's rows and queries stay the
    same when the province grows, and a page past the end shows the last page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cchc.accounts.access import access_changed
    from cchc.orgs.models import Level, OrgUnit
    from cchc.orgs.views import UNITS_PER_PAGE

    province = org_tree["HP-STP"].province
    client = login(users["officer"])

    def rows_and_queries(url):
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).content.decode()
        return body.count("<tr><td>"), len(ctx.captured_queries), body

    client.get("/co-quan/")
    small_rows, small_queries, _ = rows_and_queries("/co-quan/")
    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"HP-X{i:03}", name=f"Xã Thử {i}", level=Level.COMMUNE, province=province, parent=province
        )
        for i in range(2 * UNITS_PER_PAGE + 5)
    )
    access_changed()  # bulk_create sends no signals: its writer says the scopes changed
    client.get("/co-quan/")  # the page frame reads the new scopes once (then cached)
    big_rows, big_queries, body = rows_and_queries("/co-quan/")
    assert small_rows < UNITS_PER_PAGE and big_rows == UNITS_PER_PAGE
    assert big_queries <= small_queries + 1  # the pager's COUNT
    assert "Trang 1/3" in body
    _, _, last = rows_and_queries("/co-quan/?page=999")
    assert "Trang 3/3" in last
    _, _, filtered = rows_and_queries(f"/co-quan/?level={Level.COMMUNE}&page=2")
    assert "Trang 2/3" in filtered and f"level={Level.COMMUNE}&amp;page=3" in filtered
