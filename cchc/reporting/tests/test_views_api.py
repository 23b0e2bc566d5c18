import datetime as dt
import json

import pytest

from cchc.reporting import actions
from cchc.reporting.models import ReportStatus, UnitReport

pytestmark = pytest.mark.django_db


def _edit_url(org_tree, plan, unit="HP-STP", period="2022-H1"):
    return f"/bao-cao/don-vi/{org_tree[unit].pk}/{period}/?plan={plan.pk}"


def _submitted(users, org_tree, plan):
    """Sở Tư pháp's 2022 annual report, saved by its reporter, approved and submitted by its head."""
    r = actions.do_save_unit_report(
        unit=org_tree["HP-STP"], plan=plan, period_code="2022-Y", actor=users["reporter"]
    )
    actions.do_approve_unit_report(r, actor=users["head"])
    actions.do_submit_unit_report(r, actor=users["head"])
    return r


def test_reporter_saves_then_head_approves_and_submits_through_the_page(login, users, org_tree, plan):
    c = login(users["reporter"])
    page = c.get(_edit_url(org_tree, plan)).content.decode()
    assert "Cải cách thể chế" in page and "Rà soát văn bản QPPL" in page  # pre-filled narrative
    data = {"op": "save", "area_institutions": "Đã rà soát văn bản QPPL.", "annex_dossiers_received": "12"}
    r = c.post(_edit_url(org_tree, plan), data)
    assert r.status_code == 302
    report = UnitReport.objects.get()
    assert report.current_version.narrative["institutions"] == "Đã rà soát văn bản QPPL."
    assert report.current_version.annex["tasks_due"]["value"] == 1  # blank system figure keeps the system's
    c = login(users["head"])
    c.post(_edit_url(org_tree, plan), {"op": "approve"})
    c.post(_edit_url(org_tree, plan), {"op": "submit"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_neighbour_reporter_and_forged_ids_get_404(login, users, org_tree, plan):
    c = login(users["other_reporter"])
    assert c.get(_edit_url(org_tree, plan)).status_code == 404
    r = actions.do_save_unit_report(
        unit=org_tree["HP-STP"], plan=plan, period_code="2022-H1", actor=users["reporter"]
    )
    assert c.get(f"/bao-cao/{r.pk}/").status_code == 404
    assert c.get(f"/bao-cao/{r.pk}/tai-ve/docx/").status_code == 404
    assert c.get("/bao-cao/999999/").status_code == 404
    assert c.get(f"/api/reports/units/{r.pk}").status_code == 404
    assert c.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/").status_code == 404  # not province-wide
    assert login(users["dn_officer"]).get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/").status_code == 404


def test_officer_accepts_sees_consolidation_and_reminds(login, users, org_tree, plan, mailoutbox):
    r = _submitted(users, org_tree, plan)
    c = login(users["officer"])
    c.post(f"/bao-cao/{r.pk}/xem-xet/", {"op": "accept"})
    r.refresh_from_db()
    assert r.status == ReportStatus.ACCEPTED
    body = c.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/").content.decode()
    assert "Sở Thông tin và Truyền thông" in body and "thành 4 lượt giao chủ trì đến hạn" in body
    body = c.get(f"/bao-cao/tinh-hinh-nop/{plan.pk}/2022-Y/").content.decode()
    assert "Chưa gửi" in body
    resp = c.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/tai-ve/docx/")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxml")
    org_tree["HP-STTTT"].email = "stttt@hp.gov.vn"
    org_tree["HP-STTTT"].save()
    c.post(f"/bao-cao/tinh-hinh-nop/{plan.pk}/2022-Y/nhac/{org_tree['HP-STTTT'].pk}/")


def test_api_submit_and_read_scoped(login, users, org_tree, plan):
    c = login(users["head"])
    payload = {
        "unit_id": org_tree["HP-STP"].pk,
        "period": "2022-Q3",
        "plan_id": plan.pk,
        "narrative": {"institutions": "Báo cáo từ hệ thống của đơn vị"},
        "annex": {"dossiers_received": {"value": 30}, "tasks_due": {"value": 9}},
    }
    r = c.post("/api/reports/units", json.dumps(payload), content_type="application/json")
    assert r.status_code == 400 and "cần nêu lý do" in r.json()["message"]
    payload["annex"]["tasks_due"]["reason"] = "Thêm nhiệm vụ phát sinh"
    r = c.post("/api/reports/units", json.dumps(payload), content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "submitted" and body["annex"]["dossiers_received"]["value"] == 30
    assert c.get("/api/reports/units").json()[0]["id"] == body["id"]
    other = login(users["other_reporter"])
    assert other.get("/api/reports/units").json() == []
    r = other.post("/api/reports/units", json.dumps(payload), content_type="application/json")
    assert r.status_code == 404


def test_not_started_period_is_refused_in_the_api(login, users, org_tree, plan):
    import time_machine

    with time_machine.travel(dt.date(2022, 2, 1), tick=False):
        r = login(users["head"]).post(
            "/api/reports/units",
            json.dumps({"unit_id": org_tree["HP-STP"].pk, "period": "2022-Q3"}),
            content_type="application/json",
        )
    assert r.status_code == 400 and "chưa bắt đầu" in r.json()["message"]


def test_an_ad_hoc_report_is_opened_with_its_own_window(login, users, org_tree, plan):
    c = login(users["reporter"])
    stp = org_tree["HP-STP"].pk
    resp = c.get(f"/bao-cao/?unit={stp}&plan={plan.pk}&adhoc_from=2022-03-01&adhoc_to=2022-06-30")
    assert resp.status_code == 302
    url = resp["Location"]
    assert url == f"/bao-cao/don-vi/{stp}/adhoc:2022-03-01..2022-06-30/?plan={plan.pk}"
    body = c.get(url).content.decode()
    assert "đột xuất (01/03/2022 – 30/06/2022)" in body and "theo yêu cầu" in body
    # the window holds STP's task due 10/06/2022 (done, with evidence)
    assert "15/BC-STP" in body
    resp = c.post(url, {"op": "save", "area_institutions": "Báo cáo đột xuất"})
    report = UnitReport.objects.get(unit_id=stp, period_code="adhoc:2022-03-01..2022-06-30")
    assert report.due_date is None and report.data_from == dt.date(2022, 3, 1)
    bad = c.get(f"/bao-cao/?unit={stp}&adhoc_from=2022-06-30&adhoc_to=2022-03-01", follow=True)
    assert "ngày bắt đầu và ngày kết thúc hợp lệ" in bad.content.decode()


def test_consolidation_page_of_a_period_not_started_says_so(login, users, plan):
    resp = login(users["officer"]).get(f"/bao-cao/tong-hop/{plan.pk}/2099-Y/", follow=True)
    assert resp.redirect_chain and "năm 2099 chưa bắt đầu" in resp.content.decode()
    resp = login(users["officer"]).get(f"/bao-cao/tong-hop/{plan.pk}/2099-Y/tai-ve/docx/", follow=True)
    assert "chưa bắt đầu" in resp.content.decode()


def test_the_edit_page_shows_where_each_system_figure_comes_from(login, users, org_tree, plan):
    body = login(users["reporter"]).get(f"/bao-cao/don-vi/{org_tree['HP-STP'].pk}/2022-H1/?plan={plan.pk}")
    text = body.content.decode()
    assert "Nguồn: Hệ thống theo dõi nhiệm vụ: nhiệm vụ có hạn trong 01/01/2022–30/06/2022" in text


def test_api_reads_the_consolidation_scoped(login, users, org_tree, plan):
    from cchc.reporting.consolidation import build_consolidation

    url = f"/api/reports/consolidation?plan_id={plan.pk}&period=2022-Y"
    body = login(users["officer"]).get(url).json()
    c = build_consolidation(plan, "2022-Y")
    assert body["total"]["due"] == c.total.due == 4 and body["total"]["done"] == c.total.done
    assert sum(x["due"] for x in body["by_unit"]) == body["total"]["due"]
    assert body["missing_units"] == [u.name for u in c.missing_units] and body["as_of"] == "2022-12-14"
    assert body["paragraphs"] == c.paragraphs()
    assert login(users["reporter"]).get(url).status_code == 404  # a unit does not read the province
    assert (
        login(users["officer"])
        .get(f"/api/reports/consolidation?plan_id={plan.pk + 99}&period=2022-Y")
        .status_code
        == 404
    )
    r = login(users["officer"]).get(f"/api/reports/consolidation?plan_id={plan.pk}&period=2099-Y")
    assert r.status_code == 400 and "chưa bắt đầu" in r.json()["message"]


def test_remind_all_late_units_once_and_the_page_shows_when(login, users, org_tree, plan, mailoutbox):
    from cchc.reporting.models import ReportReminder

    _submitted(users, org_tree, plan)
    c = login(users["officer"])
    url = f"/bao-cao/tinh-hinh-nop/{plan.pk}/2022-Y/"
    body = c.get(url).content.decode()
    assert "nhac-tat-ca" in body
    c.post(url + "nhac-tat-ca/")
    reminded = set(
        ReportReminder.objects.filter(plan=plan, period_code="2022-Y").values_list("unit_id", flat=True)
    )
    assert org_tree["HP-STP"].pk not in reminded  # it has submitted
    assert org_tree["HP-STTTT"].pk in reminded
    n = len(reminded)
    c.post(url + "nhac-tat-ca/")  # the same day: nobody twice
    assert ReportReminder.objects.filter(plan=plan, period_code="2022-Y").count() == n
    from django.utils import timezone

    from cchc.domain.vnformat import format_date

    assert format_date(timezone.localdate()) in c.get(url).content.decode()
    assert login(users["reporter"]).post(url + "nhac-tat-ca/").status_code == 404


def test_reports_page_groups_by_plan_sorts_periods_and_marks_the_due_one(login, users, plan, time_machine):
    time_machine.move_to(dt.datetime(2022, 12, 17, 9, 0))  # the 2022 window closed on 14/12, due 20/12
    body = login(users["officer"]).get("/bao-cao/").content.decode()
    assert body.count(f'<h2 class="plan-group">{plan.number}') == 1
    # newest first, by the end of the data window
    order = ["Năm 2022", "Quý III năm 2022", "6 tháng đầu năm 2022", "Quý I năm 2022"]
    positions = [body.index(f"<td>{label}") for label in order]
    assert positions == sorted(positions)
    assert body.index('class="period-due"') == body.index('class="period-due"><td>Năm 2022')
    assert "Đến hạn gửi" in body and 'class="period-current"><td>Năm 2023' in body


def test_consolidation_is_prepared_in_the_background_and_only_its_requester_downloads_it(
    login, users, plan, django_capture_on_commit_callbacks
):
    from cchc.jobs.models import Job

    c = login(users["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = c.post(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/chuan-bi/docx/")
    job = Job.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/tep/{job.pk}/"
    assert job.status == "done" and job.progress == 100 and job.filename.endswith(".docx")
    page = c.get(f"/tep/{job.pk}/").content.decode()
    assert "Tải tệp" in page and 'hx-trigger="every 2s"' not in page  # finished: no more polling
    download = c.get(f"/tep/{job.pk}/tai-ve/")
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxml")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert login(users["auditor"]).get(f"/tep/{job.pk}/").status_code == 404
    assert (
        login(users["reporter"]).post(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/chuan-bi/docx/").status_code == 404
    )
    assert Job.objects.count() == 1


def test_a_job_whose_user_lost_access_fails_with_a_message(users, plan, org_tree):
    from cchc.jobs import runner
    from cchc.jobs.actions import do_request_job

    job = do_request_job(
        kind="reporting.consolidation",
        label="x",
        params={"plan_id": plan.pk, "period": "2022-Y", "fmt": "docx"},
        actor=users["reporter"],  # not province-wide: the builder's own check refuses
    )
    job = runner.run(job.pk)
    assert job.status == "failed" and "quyền" in job.message and not job.file
