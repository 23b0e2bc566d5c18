"""The budget pages: rounds, a round's units, a unit's estimate form (lines limited to the unit's
tasks, amounts as people type them, save / submit), the appraisal and the spending of a line.
Bad input is shown beside its box with what was typed, and nothing is saved."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.budget.actions import LineInput, do_save_estimate
from cchc.budget.models import BudgetEstimate, BudgetLine, BudgetRound, BudgetSpending, EstimateStatus
from cchc.budget.tests.page_setup import make_estimate, make_round, record_spending
from cchc.core import generations
from cchc.testing.factories import make_unit, make_user
from cchc.testing.frame import warm_frame


@pytest.fixture
def budget(plan_setup):
    rnd = make_round(plan_setup["plan"], 2022, due=dt.date(2099, 12, 31))
    return {**plan_setup, "round": rnd}


def _form_url(b, unit_code="HP-STP"):
    return f"/kinh-phi/{b['round'].pk}/don-vi/{b['units'][unit_code].pk}/"


def _lines(*rows):
    """POST data of the estimate form: rows of (task id or "", description, source, amount text)."""
    data = {"task": [], "description": [], "source": [], "requested": []}
    for task, description, source, amount in rows:
        data["task"].append(str(task))
        data["description"].append(description)
        data["source"].append(source)
        data["requested"].append(amount)
    return data


def _snapshot():
    return (
        list(BudgetEstimate.objects.values_list("pk", "status", "declared_total", "version")),
        list(BudgetLine.objects.values_list("pk", "task_id", "requested", "approved")),
    )


def _units_table(resp) -> str:
    body = resp.content.decode()
    return body[body.index('id="units"') :]


# --------------------------------------------------------------------------- rounds
def test_round_list_shows_the_users_rounds_and_only_who_may_opens_one(budget, login, users):
    body = login(users["reporter"]).get("/kinh-phi/").content.decode()
    assert "Dự toán năm 2022" in body and "31/12/2099" in body
    assert 'id="round-create"' not in body
    assert login(users["reporter"]).post("/kinh-phi/", {"year": 2023}).status_code == 403
    assert "Dự toán năm 2022" not in login(users["dn_officer"]).get("/kinh-phi/").content.decode()
    assert 'id="round-create"' in login(users["officer"]).get("/kinh-phi/").content.decode()


def test_opening_a_round_with_a_bad_date_is_refused_beside_the_box(budget, login, users):
    client = login(users["officer"])
    data = {"plan": budget["plan"].pk, "year": "2023", "due_date": "31/02/2022", "basis": "216/KH-UBND"}
    resp = client.post("/kinh-phi/", data)
    assert resp.status_code == 400
    body = resp.content.decode()
    assert re.search(r'name="due_date"[^>]*aria-invalid="true"', body) or 'aria-invalid="true"' in body
    assert 'value="216/KH-UBND"' in body and BudgetRound.objects.count() == 1
    resp = client.post("/kinh-phi/", {**data, "due_date": "31/07/2022"})
    assert resp.status_code == 302
    created = BudgetRound.objects.get(year=2023)
    assert created.due_date == dt.date(2022, 7, 31) and resp.url == f"/kinh-phi/{created.pk}/"


def test_round_list_query_count_stays_flat(budget, login, users, django_assert_max_num_queries):
    client = login(users["officer"])
    client.get("/kinh-phi/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/kinh-phi/").status_code == 200
    for year in range(2023, 2030):
        make_round(budget["plan"], year)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/kinh-phi/").status_code == 200
    assert len(many) <= len(one)


def test_round_page_shows_units_status_totals_and_the_queue(budget, login, users):
    rnd, units = budget["round"], budget["units"]
    make_estimate(rnd, units["HP-STP"], amounts=(Decimal(1_250_000_000), Decimal(50_000_000)), submit=True)
    body = login(users["officer"]).get(f"/kinh-phi/{rnd.pk}/").content.decode()
    assert "Sở Tư pháp" in body and "Sở Thông tin và Truyền thông" in body  # sent / not started
    assert "1.300.000.000 đ" in body  # total requested
    assert "1.300" in body  # the unit's row, in triệu đồng
    assert 'id="appraisal-queue"' in body and "Đã gửi, chờ thẩm định" in body
    not_started = _units_table(login(users["officer"]).get(f"/kinh-phi/{rnd.pk}/?tinh-trang=not_started"))
    assert "Sở Thông tin và Truyền thông" in not_started and "Sở Tư pháp<" not in not_started
    mine = login(users["other_reporter"]).get(f"/kinh-phi/{rnd.pk}/").content.decode()
    assert "Sở Tư pháp</a>" not in mine and "1.300.000.000 đ" not in mine  # another unit's money
    assert 'id="appraisal-queue"' not in mine


def _round_queries(client, rnd) -> tuple[int, int, str]:
    """Queries of the round page computing its expected units (cached under the budget's data,
    bumped here as any estimate written would) and of the next, warm, request; its body."""
    generations.bump(generations.data("budget", rnd.plan.province.code))
    with CaptureQueriesContext(connection) as cold:
        client.get(f"/kinh-phi/{rnd.pk}/")
    with CaptureQueriesContext(connection) as warm:
        body = client.get(f"/kinh-phi/{rnd.pk}/").content.decode()
    return len(cold), len(warm), body


def test_round_page_query_count_stays_flat_as_units_and_lines_grow(budget, login, users):
    rnd, units = budget["round"], budget["units"]
    client = login(users["officer"])
    make_estimate(rnd, units["HP-STP"], submit=True)
    client.get(f"/kinh-phi/{rnd.pk}/")
    cold_few, warm_few, _body = _round_queries(client, rnd)
    make_estimate(rnd, units["HP-STTTT"], amounts=[Decimal(1_000_000)] * 12, appraise=True)
    record_spending(BudgetLine.objects.filter(estimate__unit=units["HP-STTTT"]).first(), Decimal(500_000))
    for i in range(8):
        unit = make_unit(units["HP"], f"HP-X{i}", f"Sở thử nghiệm {i}")
        make_estimate(rnd, unit, amounts=[Decimal(2_000_000)] * 5, submit=True)
    warm_frame(client)  # the new units changed every user's scopes: read again once
    cold_many, warm_many, body = _round_queries(client, rnd)
    assert "Sở thử nghiệm 7" in body
    assert cold_many <= cold_few and warm_many <= warm_few < cold_few


def test_the_round_page_shows_a_new_assignment_and_estimate_at_once(budget, login, users):
    """The expected units are cached (``queries.expected_unit_ids``): a unit assigned a task of
    the plan, or sending an estimate, is on the next request."""
    from cchc.tracking.actions import do_map_unit_mention

    rnd, units = budget["round"], budget["units"]
    client = login(users["officer"])
    make_unit(units["HP"], "HP-BQL", "Ban Quản lý khu kinh tế")
    warm_frame(client)
    assert "Ban Quản lý khu kinh tế" not in _units_table(client.get(f"/kinh-phi/{rnd.pk}/"))
    do_map_unit_mention(  # the plan's unresolved mention: the new unit is assigned its task
        actor=users["officer"], plan=budget["plan"], text="Ban Quản lý khu kinh tế", choice="unit:HP-BQL"
    )
    assert "Ban Quản lý khu kinh tế" in _units_table(client.get(f"/kinh-phi/{rnd.pk}/"))
    other = make_unit(units["HP"], "HP-KHAC", "Sở chưa được giao việc")
    warm_frame(client)
    assert "Sở chưa được giao việc" not in _units_table(client.get(f"/kinh-phi/{rnd.pk}/"))
    make_estimate(rnd, other)  # a unit with an estimate is expected too
    assert "Sở chưa được giao việc" in _units_table(client.get(f"/kinh-phi/{rnd.pk}/"))


# --------------------------------------------------------------------------- the estimate form
def test_the_task_picker_offers_only_the_units_tasks(budget, login, users):
    body = login(users["reporter"]).get(_form_url(budget)).content.decode()
    tasks = budget["tasks"]
    assert f'value="{tasks["law"].pk}"' in body and f'value="{tasks["yearly"].pk}"' in body
    assert f'value="{tasks["digital"].pk}"' not in body  # Sở TT&TT's task
    row = login(users["reporter"]).get(_form_url(budget) + "dong-moi/").content.decode()
    assert row.count('name="requested"') == 1 and f'value="{tasks["digital"].pk}"' not in row


def test_saving_a_draft_keeps_amounts_typed_with_dots(budget, login, users):
    tasks = budget["tasks"]
    data = {
        **_lines(
            (tasks["law"].pk, "", "province", "1.250.000.000"),
            ("", "Tập huấn cán bộ một cửa", "other", "35 000 000"),
            ("", "", "province", ""),  # an empty row is left out
        ),
        "declared_total": "",
        "note": "Theo 216/KH-UBND",
        "action": "save",
    }
    resp = login(users["reporter"]).post(_form_url(budget), data)
    assert resp.status_code == 302
    e = BudgetEstimate.objects.get(unit=budget["units"]["HP-STP"])
    assert e.status == EstimateStatus.DRAFT
    assert sorted(e.lines.values_list("requested", flat=True)) == [
        Decimal(35_000_000),
        Decimal(1_250_000_000),
    ]
    body = login(users["reporter"]).get(_form_url(budget)).content.decode()
    assert 'value="1.250.000.000"' in body and "Tập huấn cán bộ một cửa" in body


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.000.000", "không được âm"),
        ("1.250,5", "không có số lẻ"),
        ("12.5", "không có số lẻ"),
        ("một tỷ", "không phải là số"),
    ],
)
def test_a_bad_amount_is_refused_beside_its_box_and_nothing_is_saved(budget, login, users, amount, message):
    tasks = budget["tasks"]
    make_estimate(budget["round"], budget["units"]["HP-STP"])
    before = _snapshot()
    data = {
        **_lines(
            (tasks["law"].pk, "", "province", "20.000.000"),
            (tasks["yearly"].pk, "Kiểm tra", "province", amount),
        ),
        "declared_total": "",
        "action": "save",
    }
    resp = login(users["head"]).post(_form_url(budget), data)
    assert resp.status_code == 400
    body = resp.content.decode()
    rows = body.split('class="line-row')
    bad = next(r for r in rows if f'value="{amount}"' in r)
    assert message in bad and 'aria-invalid="true"' in bad  # beside the box, in its row
    assert 'value="20.000.000"' in body and "Kiểm tra</textarea>" in body  # what was typed is kept
    assert _snapshot() == before


def test_submitting_with_a_total_that_does_not_match_saves_nothing(budget, login, users):
    tasks = budget["tasks"]
    data = {
        **_lines(
            (tasks["law"].pk, "", "province", "100.000.000"),
            (tasks["yearly"].pk, "", "central", "50.000.000"),
        ),
        "declared_total": "160.000.000",
        "action": "submit",
    }
    resp = login(users["head"]).post(_form_url(budget), data)
    assert resp.status_code == 400
    body = resp.content.decode()
    assert re.search(r'id="declared_total"[^>]*value="160.000.000"[^>]*aria-invalid="true"', body)
    assert 'id="declared_total-error"' in body
    assert not BudgetEstimate.objects.exists() and not BudgetLine.objects.exists()
    resp = login(users["head"]).post(_form_url(budget), {**data, "declared_total": "150.000.000"})
    assert resp.status_code == 302
    e = BudgetEstimate.objects.get()
    assert e.status == EstimateStatus.SUBMITTED and e.declared_total == Decimal(150_000_000)
    assert e.on_time is True


def test_only_the_unit_head_submits(budget, login, users):
    tasks = budget["tasks"]
    data = {**_lines((tasks["law"].pk, "", "province", "10.000.000")), "declared_total": "10.000.000"}
    assert 'id="submit-estimate"' not in login(users["reporter"]).get(_form_url(budget)).content.decode()
    assert login(users["reporter"]).post(_form_url(budget), {**data, "action": "submit"}).status_code == 403
    assert not BudgetEstimate.objects.exists()
    assert 'id="submit-estimate"' in login(users["head"]).get(_form_url(budget)).content.decode()


def test_a_forged_line_for_another_units_task_is_refused(budget, login, users):
    tasks = budget["tasks"]
    data = {
        **_lines(
            (tasks["law"].pk, "", "province", "10.000.000"),
            (tasks["digital"].pk, "", "province", "5.000.000"),
        ),
        "declared_total": "15.000.000",
        "action": "save",
    }
    resp = login(users["reporter"]).post(_form_url(budget), data)
    assert resp.status_code == 400
    assert "không giao cho đơn vị" in resp.content.decode()
    assert not BudgetEstimate.objects.exists()


def test_a_sent_estimate_is_read_only_with_its_money(budget, login, users):
    make_estimate(budget["round"], budget["units"]["HP-STP"], amounts=(Decimal(1_250_000_000),), submit=True)
    body = login(users["reporter"]).get(_form_url(budget)).content.decode()
    assert 'id="estimate-form"' not in body and "1.250.000.000 đ" in body
    assert login(users["reporter"]).post(_form_url(budget), {"action": "save"}).status_code == 403


def test_another_units_estimate_and_a_forged_unit_are_not_found(budget, login, users):
    assert login(users["other_reporter"]).get(_form_url(budget)).status_code == 404
    assert (
        login(users["reporter"])
        .get(f"/kinh-phi/{budget['round'].pk}/don-vi/{budget['units']['DN-STP'].pk}/")
        .status_code
        == 404
    )
    assert login(users["reporter"]).get(f"/kinh-phi/{budget['round'].pk}/don-vi/999999/").status_code == 404


# --------------------------------------------------------------------------- appraisal
def _appraise_url(e):
    return f"/kinh-phi/du-toan/{e.pk}/tham-dinh/"


def test_adjusting_a_line_needs_a_reason_and_saves_nothing_without_one(budget, login, users):
    e = make_estimate(budget["round"], budget["units"]["HP-STP"], submit=True)
    first, second = e.lines.order_by("order", "pk")
    client = login(users["officer"])
    data = {
        f"approved-{first.pk}": "100.000.000",
        f"reason-{first.pk}": "",
        f"approved-{second.pk}": "80.000.000",
        "allocation_ref": "1234/QĐ-UBND ngày 20/12/2021",
        "decision": "adjust",
    }
    resp = client.post(_appraise_url(e), data)
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "Ghi lý do điều chỉnh" in body and 'value="100.000.000"' in body
    e.refresh_from_db()
    assert e.status == EstimateStatus.SUBMITTED and not e.lines.filter(approved__isnull=False).exists()
    resp = client.post(_appraise_url(e), {**data, f"reason-{first.pk}": "Trùng nội dung với đề án khác"})
    assert resp.status_code == 302
    e.refresh_from_db()
    first.refresh_from_db()
    assert e.status == EstimateStatus.APPRAISED and e.allocation_ref.startswith("1234/QĐ-UBND")
    assert first.approved == Decimal(100_000_000) and first.adjust_reason == "Trùng nội dung với đề án khác"


def test_returning_needs_a_reason(budget, login, users):
    e = make_estimate(budget["round"], budget["units"]["HP-STP"], submit=True)
    client = login(users["officer"])
    resp = client.post(_appraise_url(e), {"decision": "return", "return_reason": ""})
    assert resp.status_code == 400 and "Ghi lý do trả lại" in resp.content.decode()
    e.refresh_from_db()
    assert e.status == EstimateStatus.SUBMITTED
    assert (
        client.post(
            _appraise_url(e), {"decision": "return", "return_reason": "Thiếu thuyết minh"}
        ).status_code
        == 302
    )
    e.refresh_from_db()
    assert e.status == EstimateStatus.RETURNED and e.return_reason == "Thiếu thuyết minh"
    body = login(users["reporter"]).get(_form_url(budget)).content.decode()
    assert "Thiếu thuyết minh" in body and 'id="estimate-form"' in body  # back in the unit's hands


def test_the_unit_cannot_appraise_its_own_estimate(budget, login, users):
    e = make_estimate(budget["round"], budget["units"]["HP-STP"], submit=True)
    assert login(users["head"]).get(_appraise_url(e)).status_code == 403
    assert login(users["head"]).post(_appraise_url(e), {"decision": "accept"}).status_code == 403
    assert login(users["other_reporter"]).get(_appraise_url(e)).status_code == 404


def test_the_finance_agency_appraises(budget, login):
    stc = make_unit(budget["units"]["HP"], "HP-STC", "Sở Tài chính", is_finance_agency=True)
    officer = make_user("taichinh", stc, "reporter")
    e = make_estimate(budget["round"], budget["units"]["HP-STP"], submit=True)
    client = login(officer)
    assert 'id="appraisal-queue"' in client.get(f"/kinh-phi/{budget['round'].pk}/").content.decode()
    resp = client.post(_appraise_url(e), {"decision": "accept", "allocation_ref": "99/QĐ-UBND"})
    assert resp.status_code == 302
    assert set(e.lines.values_list("approved", flat=True)) == set(e.lines.values_list("requested", flat=True))


# --------------------------------------------------------------------------- spending
def test_spending_is_recorded_with_evidence_and_listed(budget, login, users):
    e = make_estimate(budget["round"], budget["units"]["HP-STP"], appraise=True)
    line = e.lines.order_by("pk").first()
    url = f"/kinh-phi/dong/{line.pk}/chi/"
    client = login(users["reporter"])
    base = {"period_code": "2022-Q2", "kind": "disbursed", "spent_on": "10/05/2022", "over_reason": ""}
    resp = client.post(url, {**base, "amount": "12.500.000", "evidence_ref": ""})
    assert resp.status_code == 400 and "số chứng từ" in resp.content.decode()
    resp = client.post(url, {**base, "amount": "12,5", "evidence_ref": "UNC 01"})
    assert resp.status_code == 400 and 'value="12,5"' in resp.content.decode()
    assert not BudgetSpending.objects.exists()
    assert client.post(url, {**base, "amount": "12.500.000", "evidence_ref": "UNC 01"}).status_code == 302
    body = client.get(url).content.decode()
    assert "12.500.000 đ" in body and "UNC 01" in body and "Quý II năm 2022" in body


def test_spending_above_the_allocation_needs_a_reason(budget, login, users):
    e = make_estimate(
        budget["round"], budget["units"]["HP-STP"], amounts=(Decimal(10_000_000),), appraise=True
    )
    line = e.lines.get()
    url = f"/kinh-phi/dong/{line.pk}/chi/"
    data = {
        "period_code": "2022-Q3",
        "kind": "disbursed",
        "spent_on": "01/08/2022",
        "amount": "11.000.000",
        "evidence_ref": "UNC 2",
    }
    resp = login(users["head"]).post(url, {**data, "over_reason": ""})
    assert resp.status_code == 400 and not BudgetSpending.objects.exists()
    assert login(users["head"]).post(url, {**data, "over_reason": "Phát sinh hội nghị"}).status_code == 302
    assert BudgetSpending.objects.get().over_reason == "Phát sinh hội nghị"


def test_readers_see_spending_but_only_the_unit_records_it(budget, login, users):
    e = make_estimate(budget["round"], budget["units"]["HP-STP"], appraise=True)
    line = e.lines.order_by("pk").first()
    sp = record_spending(line)
    url = f"/kinh-phi/dong/{line.pk}/chi/"
    body = login(users["leader"]).get(url).content.decode()
    assert 'id="spending-form"' not in body and "chung-tu.pdf" in body
    assert login(users["leader"]).post(url, {"amount": "1"}).status_code == 403
    resp = login(users["leader"]).get(f"/kinh-phi/chi/{sp.pk}/tep/")
    assert resp.status_code == 200 and b"".join(
        resp.streaming_content if resp.streaming else [resp.content]
    ).startswith(b"%PDF")
    assert login(users["other_reporter"]).get(url).status_code == 404


# --------------------------------------------------------------------------- the task page and home
def test_the_task_page_shows_the_tasks_budget(budget, login, users):
    from cchc.tracking.models import Assignment

    e = make_estimate(
        budget["round"], budget["units"]["HP-STP"], amounts=(Decimal(1_250_000_000),), appraise=True
    )
    record_spending(e.lines.get(), Decimal(250_000_000))
    task = e.lines.get().task
    a = Assignment.objects.filter(task=task, unit=budget["units"]["HP-STP"]).first()
    body = login(users["reporter"]).get(f"/nhiem-vu/{a.pk}/").content.decode()
    assert 'id="task-budget"' in body and "1.250.000.000 đ" in body and "250.000.000 đ" in body
    other = Assignment.objects.filter(unit=budget["units"]["HP-STTTT"]).first()
    assert (
        'id="task-budget"'
        not in login(users["other_reporter"]).get(f"/nhiem-vu/{other.pk}/").content.decode()
    )


def test_home_panels(budget, login, users):
    make_estimate(budget["round"], budget["units"]["HP-STP"], submit=True)
    assert "Dự toán kinh phí CCHC năm 2022" in login(users["officer"]).get("/").content.decode()
    body = login(users["other_reporter"]).get("/").content.decode()
    assert "Đơn vị chưa lập dự toán" in body


# --------------------------------------------------------------------------- the workbook
def _filled_template(client, url, amounts, total):
    """The downloaded template with ``amounts`` (per task row, in order) and the total row filled."""
    import io

    from openpyxl import load_workbook

    resp = client.get(url + "mau.xlsx")
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(resp.streaming_content) if resp.streaming else resp.content
    book = load_workbook(io.BytesIO(data))
    ws = book["Dự toán"]
    for i, value in enumerate(amounts, start=2):
        ws.cell(row=i, column=3, value="Ngân sách cấp tỉnh")
        ws.cell(row=i, column=4, value=value)
    ws.cell(row=ws.max_row, column=4, value=total)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_the_workbook_upload_lists_errors_per_row_and_saves_nothing(budget, login, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(users["reporter"])
    url = _form_url(budget)
    bad = _filled_template(client, url, ["1.250,5", "=2*100000", -5], 1_000_000)
    resp = client.post(url + "tai-len/", {"file": SimpleUploadedFile("du-toan.xlsx", bad)})
    assert resp.status_code == 400
    body = resp.content.decode()
    errors = body[body.index('id="import-errors"') :].split("</ul>")[0]
    for row in ("Dòng 2", "Dòng 3", "Dòng 4"):
        assert row in errors
    assert "Chưa lưu gì từ tệp" in body
    assert not BudgetEstimate.objects.exists() and not BudgetLine.objects.exists()
    good = _filled_template(client, url, [1_250_000_000, "35.000.000"], 1_285_000_000)
    resp = client.post(url + "tai-len/", {"file": SimpleUploadedFile("du-toan.xlsx", good)})
    assert resp.status_code == 302
    e = BudgetEstimate.objects.get()
    assert e.declared_total == Decimal(1_285_000_000) and e.status == EstimateStatus.DRAFT
    assert sorted(e.lines.values_list("requested", flat=True)) == [
        Decimal(35_000_000),
        Decimal(1_250_000_000),
    ]


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_estimate_appraisal_and_spending_pages_query_counts_stay_flat(budget, login, users):
    rnd, units = budget["round"], budget["units"]
    stp, stttt = units["HP-STP"], units["HP-STTTT"]
    head, officer = login(users["head"]), users["officer"]
    few = make_estimate(rnd, stp, amounts=[Decimal(1_000_000)] * 2, submit=True)
    many = make_estimate(rnd, stttt, amounts=[Decimal(1_000_000)] * 14, submit=True)
    client = login(officer)
    assert _queries(client, _appraise_url(many)) <= _queries(client, _appraise_url(few))
    assert _queries(client, _form_url(budget, "HP-STTTT")) <= _queries(client, _form_url(budget))
    # the unit's editable form: two lines, then fourteen
    rnd2 = make_round(budget["plan"], 2023)
    make_estimate(rnd2, stp, amounts=[Decimal(1_000_000)] * 2)
    url2 = f"/kinh-phi/{rnd2.pk}/don-vi/{stp.pk}/"
    small = _queries(head, url2)
    e2 = BudgetEstimate.objects.get(round=rnd2, unit=stp)
    lines = [LineInput(None, f"Việc {i}", "other", 1_000) for i in range(14)]
    do_save_estimate(e2, rnd2, stp, lines, None, "", actor=None)
    assert _queries(head, url2) <= small
    # a line's spending page: one payment, then six
    appraised = make_estimate(
        make_round(budget["plan"], 2024), stp, amounts=(Decimal(100_000_000),), appraise=True
    )
    line = appraised.lines.get()
    record_spending(line)
    one = _queries(head, f"/kinh-phi/dong/{line.pk}/chi/")
    for _ in range(5):
        record_spending(line, Decimal(1_000_000), with_file=False)
    assert _queries(head, f"/kinh-phi/dong/{line.pk}/chi/") <= one


def test_a_stale_form_is_refused_and_the_other_save_kept(budget, login, users):
    tasks = budget["tasks"]
    e = make_estimate(budget["round"], budget["units"]["HP-STP"])
    body = login(users["reporter"]).get(_form_url(budget)).content.decode()
    opened = re.search(r'name="version" value="(\d+)"', body).group(1)
    assert int(opened) == e.version
    data = {**_lines((tasks["law"].pk, "", "province", "7.000.000")), "declared_total": "", "action": "save"}
    assert login(users["head"]).post(_form_url(budget), {**data, "version": opened}).status_code == 302
    kept = _snapshot()
    resp = login(users["reporter"]).post(
        _form_url(budget),
        {**_lines((tasks["law"].pk, "", "province", "9.000.000")), "version": opened, "action": "save"},
    )
    assert resp.status_code == 400 and 'value="9.000.000"' in resp.content.decode()
    assert _snapshot() == kept


def test_an_estimate_no_longer_awaiting_appraisal_opens_on_its_page_with_a_message(budget, login, users):
    """An appraiser following an old link (the estimate appraised since, or returned) lands on the
    estimate with a word why, not on an error page; nothing changes."""
    e = make_estimate(budget["round"], budget["units"]["HP-STP"], amounts=[Decimal(5_000_000)], appraise=True)
    before = list(e.lines.values_list("approved", flat=True))
    resp = login(users["head"]).post(
        _appraise_url(e), {"decision": "return", "return_reason": "x"}, follow=True
    )
    assert resp.redirect_chain and resp.redirect_chain[-1][0].endswith(_form_url(budget))
    assert "Dự toán không ở trạng thái chờ thẩm định." in resp.content.decode()
    e.refresh_from_db()
    assert e.status == EstimateStatus.APPRAISED and list(e.lines.values_list("approved", flat=True)) == before
    assert login(users["other_reporter"]).get(_appraise_url(e)).status_code == 404


def test_budget_pages_never_read_the_plans_imported_document(budget, login, users):
    """The plan joined into every estimate and line carries its whole imported document
    (``Plan.interchange``, megabytes of JSON for a real plan): decoding it per row made the round
    page 3× slower on the demo. No budget page selects it."""
    rnd = budget["round"]
    e = make_estimate(rnd, budget["units"]["HP-STP"], amounts=[Decimal(5_000_000)], appraise=True)
    client = login(users["officer"])
    for url in (
        "/kinh-phi/",
        f"/kinh-phi/{rnd.pk}/",
        _form_url(budget),
        f"/kinh-phi/dong/{e.lines.first().pk}/chi/",
    ):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        assert not [q["sql"] for q in ctx.captured_queries if '"interchange"' in q["sql"]], url
