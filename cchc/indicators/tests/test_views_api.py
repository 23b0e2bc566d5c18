"""Pages and API: catalogue, indicator page with charts, data entry, sheet upload, dossier upload
with its job, plan attainment, DHIS2 data-value sets."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import Workbook

from cchc.indicators import actions
from cchc.indicators.models import DossierIngest, IndicatorValue, ValueStatus
from cchc.indicators.tests.conftest import HEADER, dossier_row

pytestmark = pytest.mark.django_db


def _values(ind, org_tree, n_years):
    a = ind["TL_HAI_LONG_TTHC"]
    for code in ["HP", "HP-STP", "HP-STTTT", "HP-Q-HONGBANG", "HP-H-ANLAO"]:
        for year in range(2022 - n_years + 1, 2023):
            actions.do_enter_value(a, org_tree[code], f"{year}-Y", 80 + year % 7, actor=None)


@pytest.mark.parametrize("n_years", [1, 4])
def test_indicator_page_table_charts_and_query_count(
    login, users, ind, org_tree, n_years, django_assert_max_num_queries
):
    _values(ind, org_tree, n_years)
    client = login(users["officer"])
    # the page shell (session, memberships, the notification bell) plus the page's own queries
    with django_assert_max_num_queries(21):
        body = client.get("/chi-so/TL_HAI_LONG_TTHC/").content.decode()
    assert body.count('<svg class="chart') == 2 and "Sở Tư pháp" in body and "Năm 2022" in body
    words = re.sub(r"<[^>]+>", " ", body.split("<main>")[1])  # what a reader sees, not links
    assert "2022-Y" not in words and "TL_HAI_LONG_TTHC" not in words
    resp = client.get("/chi-so/TL_HAI_LONG_TTHC/?format=xlsx")
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/chi-so/TL_HAI_LONG_TTHC/?chart=line").status_code == 200
    with django_assert_max_num_queries(17):
        assert "TL_HS_DUNG_HAN" in client.get("/chi-so/?q=hồ sơ").content.decode()


def test_data_entry_page_validation_and_approval(login, users, ind, org_tree):
    stp = org_tree["HP-STP"]
    a = ind["TL_HAI_LONG_TTHC"]
    url = f"/chi-so/nhap/{stp.pk}/2022-Y/"
    client = login(users["reporter"])
    body = client.post(
        url, {f"v-{a.pk}": "140", f"ver-{a.pk}": "0", f"c-{a.pk}": "Theo phiếu"}
    ).content.decode()
    assert "0–100%" in body and not IndicatorValue.objects.exists()
    # the field is marked, labelled, focused, and what was typed is kept
    assert f'id="v-{a.pk}" name="v-{a.pk}" inputmode="decimal" value="140" aria-invalid="true"' in body
    assert (
        f'aria-describedby="err-{a.pk}" autofocus' in body
        and f'<label class="sr-only" for="v-{a.pk}">' in body
    )
    assert f'id="c-{a.pk}" name="c-{a.pk}" value="Theo phiếu"' in body and 'role="alert"' in body
    resp = client.post(url, {f"v-{a.pk}": "88,5", f"ver-{a.pk}": "0", f"c-{a.pk}": "Khảo sát quý IV"})
    assert resp.status_code == 302
    row = IndicatorValue.objects.get()
    assert str(row.value) == "88.5000" and row.comment == "Khảo sát quý IV"
    # the reporter may not approve; the head does, and the value is locked
    assert client.post(f"/chi-so/so-lieu/{row.pk}/duyet/", {"version": row.version}).status_code == 403
    login(users["head"]).post(f"/chi-so/so-lieu/{row.pk}/duyet/", {"version": row.version})
    row.refresh_from_db()
    assert row.status == ValueStatus.APPROVED
    assert "Đã duyệt, khóa" in login(users["reporter"]).get(url).content.decode()
    assert login(users["other_reporter"]).get(url).status_code == 404  # another unit: not even readable
    assert "Lưu số liệu" not in login(users["leader"]).get(url).content.decode()  # leaders read only
    assert login(users["dn_officer"]).get(url).status_code == 404


def test_sheet_upload_page_lists_row_errors(login, users, ind):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Giá trị"])
    ws.append(["HP-STP", "", 95])
    ws.append(["HP-STTTT", "", 140])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "so-lieu.xlsx"
    client = login(users["officer"])
    body = client.post("/chi-so/TL_HAI_LONG_TTHC/tai-len/", {"ky": "2022-Y", "file": buf}).content.decode()
    assert 'id="errors"' in body and "140" in body and not IndicatorValue.objects.exists()
    tpl = client.get("/chi-so/TL_HAI_LONG_TTHC/tai-len/?ky=2022-Y&format=xlsx")
    assert tpl.status_code == 200 and len(tpl.content) > 1000


def test_dossier_upload_runs_as_a_job_and_shows_progress(
    login, users, org_tree, shipped, django_capture_on_commit_callbacks
):
    text = (
        HEADER
        + dossier_row("A1", "Sở Tư pháp", "03/01/2022", "05/01/2022", "04/01/2022")
        + dossier_row("A2", "Sở Lạ", "03/01/2022", "05/01/2022", "04/01/2022")
    )
    f = io.BytesIO(text.encode("utf-8"))
    f.name = "ho-so.csv"
    client = login(users["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/chi-so/ho-so/", {"file": f, "mapping": ""})
    assert resp.status_code == 302
    ing = DossierIngest.objects.get()
    assert ing.status == "done" and ing.rows_accepted == 1  # the immediate backend ran the job
    body = client.get(resp["Location"]).content.decode()
    assert "<progress" in body and "Sở Lạ" in body and "cơ quan không có trong danh mục" in body
    assert "hx-trigger" not in body  # finished: no more polling
    assert login(users["reporter"]).get("/chi-so/ho-so/").status_code == 403


def test_plan_attainment_page_and_link_confirmation(login, users, hp_plan, shipped):
    from cchc.accounts.models import User

    officer = User.objects.get(username="snv.haiphong")
    client = login(officer)
    client.post(
        f"/chi-so/ke-hoach/{hp_plan.pk}/gan-chi-so/",
        {"suggest": "1", "target": hp_plan.targets.first().pk, "ky": "2022-Y"},
    )
    body = client.get(f"/chi-so/ke-hoach/{hp_plan.pk}/?ky=2022-Y").content.decode()
    assert 'id="attainment"' in body and "TL_HS_LUAN_CHUYEN_DIEN_TU" in body and "Chưa có số liệu" in body
    t = hp_plan.targets.get(subject__startswith="tỷ lệ giao dịch thanh toán")
    client.post(
        f"/chi-so/ke-hoach/{hp_plan.pk}/gan-chi-so/",
        {"target": t.pk, "indicator": "TL_HS_THANH_TOAN_TT", "ky": "2022-Y"},
    )
    t.refresh_from_db()
    assert t.indicator_link.status == "confirmed" and t.indicator_link.confirmed_by == officer
    assert client.get(f"/chi-so/ke-hoach/{hp_plan.pk}/?ky=2022-Y&format=xlsx").status_code == 200


def test_api_data_value_sets_json_csv_and_refusals(client, users, ind, org_tree):
    client.force_login(users["officer"])
    payload = {"dataValues": [
        {"dataElement": "TL_HAI_LONG_TTHC", "orgUnit": "HP-STP", "period": "2022", "value": "91.5"},
        {"dataElement": "TL_HAI_LONG_TTHC", "orgUnit": "HP-STTTT", "period": "2022-Y", "value": "87"},
    ]}  # fmt: skip
    resp = client.post("/api/indicators/dataValueSets", json.dumps(payload), content_type="application/json")
    assert resp.status_code == 200, resp.content
    assert resp.json()["importCount"] == {"imported": 2, "updated": 0, "ignored": 0, "deleted": 0}
    bad = {"dataValues": [
        {"dataElement": "TL_HAI_LONG_TTHC", "orgUnit": "HP-STP", "period": "2022", "value": "95"},
        {"dataElement": "TL_HAI_LONG_TTHC", "orgUnit": "HP-Q-HONGBANG", "period": "2022", "value": "140"},
    ]}  # fmt: skip
    resp = client.post("/api/indicators/dataValueSets", json.dumps(bad), content_type="application/json")
    assert resp.status_code == 400 and resp.json()["details"][0]["row"] == 2
    assert str(IndicatorValue.objects.get(unit=org_tree["HP-STP"]).value) == "91.5000"  # untouched
    csv_body = "dataelement,period,orgunit,value,comment\nTL_HAI_LONG_TTHC,2022,HP-Q-HONGBANG,77,qua CSV\n"
    resp = client.post("/api/indicators/dataValueSets", csv_body, content_type="text/csv")
    assert resp.status_code == 200 and resp.json()["importCount"]["imported"] == 1
    got = client.get("/api/indicators/dataValueSets?dataElement=TL_HAI_LONG_TTHC&period=2022").json()
    assert {(v["orgUnit"], v["value"]) for v in got["dataValues"]} == {
        ("HP-STP", "91.5000"),
        ("HP-STTTT", "87.0000"),
        ("HP-Q-HONGBANG", "77.0000"),
    }
    client.force_login(users["reporter"])
    resp = client.post("/api/indicators/dataValueSets", csv_body.replace("77", "78"), content_type="text/csv")
    assert resp.status_code == 400 and "Quận Hồng Bàng" in resp.json()["details"][0]["message"]
    assert client.get("/api/indicators/TL_HS_DUNG_HAN").json()["kind"] == "formula"
