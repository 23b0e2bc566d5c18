"""Pages and API follow the policy: scoped lists, 404 for foreign ids, updates with files, approval."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.testing.progress import record
from cchc.tracking.models import Assignment, Evidence, ProgressUpdate
from cchc.tracking.tests.conftest import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def law(plan_setup):
    return Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")


def test_my_work_shows_only_my_units_tasks(plan_setup, login):
    body = login(plan_setup["users"]["reporter"]).get("/nhiem-vu/").content.decode()
    assert "Rà soát văn bản quy phạm pháp luật" in body and "Xây dựng chính quyền số" not in body


def test_task_list_filters_and_scopes(plan_setup, login):
    client = login(plan_setup["users"]["officer"])
    body = client.get("/nhiem-vu/danh-sach/?q=chinh quyen so").content.decode()
    assert "Xây dựng chính quyền số" in body and "Rà soát văn bản" not in body
    body = client.get("/nhiem-vu/danh-sach/?status=overdue&as_of=2023-01-01").content.decode()
    assert "Rà soát văn bản quy phạm pháp luật" in body and "Xây dựng chính quyền số" not in body
    dn = login(plan_setup["users"]["dn_officer"]).get("/nhiem-vu/danh-sach/").content.decode()
    assert "Rà soát văn bản" not in dn


def test_list_page_query_count_does_not_grow_with_rows(plan_setup, login):
    client = login(plan_setup["users"]["officer"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/nhiem-vu/danh-sach/").status_code == 200
    assert len(ctx.captured_queries) <= 25, len(ctx.captured_queries)


def test_plan_table_and_xlsx(plan_setup, login):
    client = login(plan_setup["users"]["officer"])
    plan = plan_setup["plan"]
    body = client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/").content.decode()
    area = plan_setup["area"]
    assert str(area) in body and "6 nhiệm vụ" in body  # the outline: areas with their task counts
    assert f"?area={area.pk}" in body  # each area's tasks load on demand
    part = client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/?area={area.pk}", headers={"HX-Request": "true"})
    fragment = part.content.decode()
    assert "<html" not in fragment and "Rà soát văn bản quy phạm pháp luật" in fragment
    assert "Ban Quản lý khu kinh tế" in fragment  # unresolved mention stays visible
    assert "Tình trạng" in fragment
    full = client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/?area={area.pk}&page=99").content.decode()
    assert "<html" in full and "Rà soát văn bản quy phạm pháp luật" in full  # past the end: last page
    assert client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/?area=abc").status_code == 404
    response = client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(plan_setup["users"]["dn_officer"]).get(f"/nhiem-vu/ke-hoach/{plan.pk}/").status_code == 404


def test_plan_table_links_to_missing_unit_plans_only_for_who_may_open_it(plan_setup, login):
    plan = plan_setup["plan"]
    missing = f"/nhiem-vu/ke-hoach/{plan.pk}/chua-lap-ke-hoach/"
    assert (
        missing
        in login(plan_setup["users"]["officer"]).get(f"/nhiem-vu/ke-hoach/{plan.pk}/").content.decode()
    )
    reporter = login(plan_setup["users"]["reporter"])
    assert missing not in reporter.get(f"/nhiem-vu/ke-hoach/{plan.pk}/").content.decode()
    assert reporter.get(missing).status_code == 403
    assert missing not in reporter.get("/nhiem-vu/ke-hoach-don-vi/").content.decode()
    assert missing in login(plan_setup["users"]["officer"]).get("/nhiem-vu/ke-hoach-don-vi/").content.decode()


def test_foreign_assignment_is_404_and_forged_id_too(plan_setup, login, law):
    other = login(plan_setup["users"]["other_reporter"])
    digital = Assignment.objects.get(task=plan_setup["tasks"]["digital"])
    assert other.get(f"/nhiem-vu/{digital.pk}/").status_code == 200
    dn = login(plan_setup["users"]["dn_officer"])
    assert dn.get(f"/nhiem-vu/{law.pk}/").status_code == 404
    assert dn.get("/nhiem-vu/999999/").status_code == 404


def test_reporter_posts_update_with_file_and_head_approves(plan_setup, login, law):
    client = login(plan_setup["users"]["reporter"])
    f = SimpleUploadedFile("qd.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        f"/nhiem-vu/{law.pk}/cap-nhat/",
        {
            "status": "done",
            "percent": "100",
            "narrative": "Đã ban hành",
            "doc_number": "12/QĐ-STP",
            "doc_date": "2022-01-05",
            "issuer": "Sở Tư pháp",
            "files": f,
            "version": law.version,
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(assignment=law)
    ev = Evidence.objects.get(update=update)
    download = client.get(f"/nhiem-vu/tai-lieu/{ev.pk}/")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert login(plan_setup["users"]["dn_officer"]).get(f"/nhiem-vu/tai-lieu/{ev.pk}/").status_code == 404
    head = login(plan_setup["users"]["head"])
    assert "Duyệt báo cáo hoàn thành" in head.get(f"/nhiem-vu/{law.pk}/").content.decode()
    assert head.post(f"/nhiem-vu/bao-cao/{update.pk}/duyet/").status_code == 302
    update.refresh_from_db()
    assert update.approval_state == "approved_by_head"


def test_stale_form_shows_conflict_message(plan_setup, login, law):
    client = login(plan_setup["users"]["reporter"])
    data = {"status": "in_progress", "percent": "10", "version": 1}
    assert client.post(f"/nhiem-vu/{law.pk}/cap-nhat/", data).status_code == 302
    response = client.post(f"/nhiem-vu/{law.pk}/cap-nhat/", {**data, "percent": "90"})
    assert response.status_code == 409
    assert "người khác cập nhật" in response.content.decode()
    law.refresh_from_db()
    assert law.percent == 10


def test_other_units_reporter_cannot_post(plan_setup, login, law):
    client = login(plan_setup["users"]["other_reporter"])
    response = client.post(
        f"/nhiem-vu/{law.pk}/cap-nhat/", {"status": "in_progress", "percent": "10", "version": 1}
    )
    assert response.status_code in (403, 404)
    assert not ProgressUpdate.objects.exists()


def test_calendar_is_a_month_grid_with_navigation_opening_on_the_current_month(plan_setup, login):
    c = login(plan_setup["users"]["reporter"])
    body = c.get("/nhiem-vu/lich-han/?as_of=2022-06-01").content.decode()
    assert "Lịch hạn tháng 06/2022" in body  # opens on the month of the date asked (today by default)
    assert "?month=2022-05" in body and "?month=2022-07" in body
    assert "Rà soát văn bản quy phạm pháp luật" not in body  # due in December
    body = c.get("/nhiem-vu/lich-han/?as_of=2022-06-01&month=2022-12").content.decode()
    assert "Lịch hạn tháng 12/2022" in body and "Rà soát văn bản quy phạm pháp luật" in body
    day = body.index(">31/12</div>")
    assert body.index("Rà soát văn bản quy phạm pháp luật") > day  # in the cell of its due day
    assert "Xây dựng chính quyền số" not in body  # another unit's work
    assert c.get("/nhiem-vu/lich-han/?month=99999-99&as_of=bad").status_code == 200


def test_calendar_filters_by_unit_for_the_standing_agency(plan_setup, login, org_tree):
    c = login(plan_setup["users"]["officer"])
    url = "/nhiem-vu/lich-han/?as_of=2022-06-01&month=2025-12"
    body = c.get(url).content.decode()
    assert "Xây dựng chính quyền số" in body
    body = c.get(url + f"&unit={org_tree['HP-STP'].pk}").content.decode()
    assert "Xây dựng chính quyền số" not in body


def test_api_list_read_and_post(plan_setup, client, login, law):
    c = login(plan_setup["users"]["reporter"])
    rows = c.get("/api/tracking/assignments?status=overdue&as_of=2023-01-01").json()
    assert any(r["id"] == law.pk for r in rows)
    assert c.get(f"/api/tracking/assignments/{law.pk}").json()["unit"] == "Sở Tư pháp"
    f = SimpleUploadedFile("qd.pdf", pdf_bytes(), content_type="application/pdf")
    response = c.post(
        f"/api/tracking/assignments/{law.pk}/updates",
        {
            "status": "done",
            "percent": "100",
            "expected_version": 1,
            "doc_number": "1/QĐ",
            "doc_date": "2022-01-01",
            "files": [f],
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["evidence"][0]["content_type"] == "application/pdf"
    again = c.post(
        f"/api/tracking/assignments/{law.pk}/updates",
        {"status": "in_progress", "percent": "140", "expected_version": 2},
    )
    assert again.status_code == 400
    stale = c.post(
        f"/api/tracking/assignments/{law.pk}/updates",
        {"status": "in_progress", "percent": "40", "expected_version": 1},
    )
    assert stale.status_code == 409
    other = login(plan_setup["users"]["dn_officer"])
    assert other.get(f"/api/tracking/assignments/{law.pk}").status_code == 404


def test_unit_plan_flow(plan_setup, login):
    from cchc.plans.models import Plan

    plan = plan_setup["plan"]
    officer = login(plan_setup["users"]["officer"])
    body = officer.get(f"/nhiem-vu/ke-hoach/{plan.pk}/chua-lap-ke-hoach/").content.decode()
    assert "Sở Tư pháp" in body
    reporter = login(plan_setup["users"]["reporter"])
    response = reporter.post("/nhiem-vu/ke-hoach-don-vi/tao/", {"parent_plan": plan.pk})
    assert response.status_code == 302
    unit_plan = Plan.objects.get(parent_plan=plan)
    assert unit_plan.status == "draft"
    assert set(unit_plan.tasks.values_list("parent_task_id", flat=True)) >= {plan_setup["tasks"]["law"].pk}
    reporter.post(
        f"/nhiem-vu/ke-hoach-don-vi/{unit_plan.pk}/",
        {"op": "add", "title": "Tập huấn", "due_date": "2022-09-30"},
    )
    reporter.post(f"/nhiem-vu/ke-hoach-don-vi/{unit_plan.pk}/", {"op": "submit"})
    unit_plan.refresh_from_db()
    assert unit_plan.status == "submitted" and unit_plan.tasks.filter(title="Tập huấn").exists()
    login(plan_setup["users"]["officer"]).post(
        f"/nhiem-vu/ke-hoach-don-vi/{unit_plan.pk}/", {"op": "acknowledge"}
    )
    unit_plan.refresh_from_db()
    assert unit_plan.status == "acknowledged"
    body = officer.get(f"/nhiem-vu/ke-hoach/{plan.pk}/chua-lap-ke-hoach/").content.decode()
    assert "<li>Sở Tư pháp</li>" not in body
    assert dt.date


def test_home_panels(plan_setup, login):
    body = login(plan_setup["users"]["reporter"]).get("/").content.decode()
    assert "Việc của đơn vị" in body
    body = login(plan_setup["users"]["officer"]).get("/").content.decode()
    assert "Nhiệm vụ quá hạn theo đơn vị" in body


def test_plan_xlsx_has_the_plans_columns_one_row_per_task_with_status(plan_setup, login, law):
    import time_machine
    from openpyxl import load_workbook

    from cchc.domain.planparse.template import TASK_COLUMNS

    with time_machine.travel(dt.datetime(2022, 6, 15, 3, tzinfo=dt.UTC), tick=False):
        record(plan_setup["users"]["reporter"], law, "in_progress", 40, "", expected_version=1)
    plan = plan_setup["plan"]
    client = login(plan_setup["users"]["officer"])
    data = client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/?format=xlsx&as_of=2022-07-01").content
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[2])
    assert header == [label for _k, label, _w in TASK_COLUMNS] + [
        "Tình trạng",
        "Tiến độ (%)",
        "Cập nhật lần cuối",
    ]
    body = rows[3:]
    assert len(body) == plan.tasks.count()
    law_row = next(r for r in body if r[3] == "Rà soát văn bản quy phạm pháp luật")
    col = {label: i for i, label in enumerate(header)}
    assert law_row[col["Chủ trì"]] == "Sở Tư pháp"
    assert law_row[col["Phối hợp"]] == "Sở Thông tin và Truyền thông"
    assert law_row[col["Thời gian"]] == "2022"
    assert (law_row[col["Tình trạng"]], law_row[col["Tiến độ (%)"]]) == ("Trong hạn", 40)
    assert law_row[col["Cập nhật lần cuối"]] is not None
    assert wb.worksheets[1].title == "Theo đơn vị"


def test_officer_records_the_event_date_from_the_task_page(plan_setup, login):
    task = plan_setup["tasks"]["event"]
    a = Assignment.objects.get(task=task)
    page = f"/nhiem-vu/{a.pk}/"
    url = f"/nhiem-vu/su-kien/{task.pk}/"
    reporter = login(plan_setup["users"]["reporter"])
    assert "event-form" not in reporter.get(page).content.decode()
    assert reporter.post(url, {"event_date": "2022-03-01"}).status_code == 403
    officer = login(plan_setup["users"]["officer"])
    body = officer.get(page).content.decode()
    assert "event-form" in body and "Chờ sự kiện" in body
    bad = officer.post(url, {"event_date": "2099-01-01", "next": page}, follow=True).content.decode()
    assert "Ngày xảy ra sự kiện không được ở tương lai." in bad
    a.refresh_from_db()
    assert a.due_date is None
    response = officer.post(url, {"event_date": "2022-03-01", "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]
    a.refresh_from_db()
    assert (a.start_date, a.due_date) == (dt.date(2022, 3, 1), dt.date(2022, 5, 30))
    assert "event-form" not in officer.get(page).content.decode()


def test_progress_form_shows_the_percent_as_a_person_writes_it():
    from decimal import Decimal

    from cchc.tracking.forms import ProgressForm

    assert 'value="60"' in str(ProgressForm(initial={"percent": Decimal("60.00"), "version": 1})["percent"])
    assert 'value="12.5"' in str(ProgressForm(initial={"percent": Decimal("12.50"), "version": 1})["percent"])
