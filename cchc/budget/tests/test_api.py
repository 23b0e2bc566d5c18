"""/api/budget: reads scoped per role, forged and foreign ids a 404, the two writes (an estimate's
draft lines, a spending) refusing bad input with the Vietnamese message and saving nothing, and
query counts that stay flat as rows grow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.accounts.actions import do_issue_token
from cchc.budget.actions import do_create_round, do_save_estimate, do_submit_estimate
from cchc.budget.models import BudgetEstimate, BudgetLine
from cchc.testing.budget import appraised_round_2022
from cchc.testing.factories import make_plan, make_unit

pytestmark = pytest.mark.django_db
M = 1_000_000


@pytest.fixture
def funded(world):
    """Sở Tư pháp's estimate appraised (law 250 of 300 asked, other work 50) with 100 disbursed
    on "law"; Sở TT&TT's draft (digital 70): ``cchc.testing.budget``."""
    rows = appraised_round_2022(world, world["round"])
    stp = rows["appraised"]
    return {**world, "stp": stp, "law": stp.lines.order_by("order").first(), "draft": rows["draft"]}


def _as(client, user):
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------------------ reads


def test_rounds_are_listed_for_the_plans_province_paginated(world, client):
    other = make_plan(world["units"], number="9/KH")
    do_create_round(other, 2023, dt.date(2022, 12, 1), actor=None)
    r = _as(client, world["users"]["reporter"]).get("/api/budget/rounds")
    assert r.status_code == 200 and r["X-Total-Count"] == "2"
    assert [(x["year"], x["plan"]) for x in r.json()] == [(2023, "9/KH"), (2022, world["plan"].number)]
    page = client.get("/api/budget/rounds?limit=1&offset=1").json()
    assert [x["id"] for x in page] == [world["round"].pk]
    assert [x["year"] for x in client.get("/api/budget/rounds?year=2022").json()] == [2022]
    # another province's officer reads none of them, and not the plan either
    r = _as(client, world["users"]["dn_officer"]).get("/api/budget/rounds")
    assert r.json() == [] and r["X-Total-Count"] == "0"
    assert client.get(f"/api/budget/rounds?plan={world['plan'].pk}").status_code == 404


def test_round_detail_shows_each_unit_the_caller_reads(funded, client):
    rid = funded["round"].pk
    body = _as(client, funded["users"]["officer"]).get(f"/api/budget/rounds/{rid}").json()
    units = {u["unit_code"]: u for u in body["units"]}
    assert units["HP-STP"]["status"] == "appraised" and units["HP-STP"]["estimate_id"] == funded["stp"].pk
    assert units["HP-STP"]["requested"] == "350000000" and units["HP-STP"]["approved"] == "300000000"
    assert units["HP-STTTT"]["status"] == "draft" and units["HP-STTTT"]["status_label"] == "Đang lập"
    # totals: sent estimates only (the draft's 70 million does not count)
    assert body["totals"] == {
        "requested": "350000000",
        "approved": "300000000",
        "disbursed": "100000000",
        "settled": "0",
    }
    mine = _as(client, funded["users"]["other_reporter"]).get(f"/api/budget/rounds/{rid}").json()
    assert [u["unit_code"] for u in mine["units"]] == ["HP-STTTT"]
    assert mine["totals"]["requested"] == "0"
    assert _as(client, funded["users"]["dn_officer"]).get(f"/api/budget/rounds/{rid}").status_code == 404


@pytest.mark.parametrize("forged", ["999999", "-1", "9223372036854775808", "abc"])
def test_forged_ids_are_not_found(funded, client, forged):
    client = _as(client, funded["users"]["officer"])
    for path in (f"/api/budget/rounds/{forged}", f"/api/budget/estimates/{forged}"):
        assert client.get(path).status_code in (404, 422)
    r = client.post(f"/api/budget/lines/{forged}/spendings", {}, content_type="application/json")
    assert r.status_code in (404, 422)


@pytest.mark.parametrize(
    "name,status",
    [("reporter", 200), ("finance", 200), ("officer", 200), ("other_reporter", 404), ("dn_finance", 404)],
)
def test_an_estimate_is_read_by_its_unit_and_the_province_agencies_only(funded, client, name, status):
    r = _as(client, funded["users"][name]).get(f"/api/budget/estimates/{funded['stp'].pk}")
    assert r.status_code == status
    if status == 404:
        assert r.json()["message"] == "Không tìm thấy hoặc bạn không có quyền truy cập."
        return
    body = r.json()
    assert body["status"] == "appraised" and body["can_edit"] is False
    law = body["lines"][0]
    assert (law["requested"], law["approved"], law["disbursed"], law["settled"]) == (
        "300000000",
        "250000000",
        "100000000",
        "0",
    )
    assert law["adjust_reason"] == "Giảm quy mô" and law["task"] == "Rà soát văn bản quy phạm pháp luật"
    assert body["lines"][1]["task_id"] is None and body["lines"][1]["source_label"] == "Nguồn khác"
    assert body["totals"]["approved"] == "300000000" and body["declared_total"] == "350000000"


def test_funding_per_unit_and_source_is_scoped(funded, client):
    url = f"/api/budget/funding?plan={funded['plan'].pk}&year=2022"
    body = _as(client, funded["users"]["finance"]).get(url).json()
    rows = {(r["unit_code"], r["source"]): r for r in body["rows"]}
    assert set(rows) == {("HP-STP", "province"), ("HP-STP", "other")}  # the draft counts nowhere
    assert rows["HP-STP", "province"]["approved"] == "250000000"
    assert rows["HP-STP", "province"]["disbursed"] == "100000000"
    assert body["totals"]["requested"] == "350000000"
    before = _as(client, funded["users"]["finance"]).get(url + "&up_to=2022-02-28").json()
    assert before["totals"]["disbursed"] == "0"
    assert _as(client, funded["users"]["other_reporter"]).get(url).json()["rows"] == []
    assert _as(client, funded["users"]["dn_officer"]).get(url).status_code == 404
    assert _as(client, funded["users"]["officer"]).get(url.replace("2022", "1999")).status_code == 422


# ----------------------------------------------------------------------------------------- writes


def test_a_units_system_saves_its_draft_with_a_token(world, client, counts):
    user = world["users"]["reporter"]
    _row, token = do_issue_token(actor=None, user=user, name="phần mềm kế toán")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    payload = {
        "unit_id": world["units"]["HP-STP"].pk,
        "lines": [
            {"task_id": world["tasks"]["law"].pk, "source": "province", "requested": "1.250.000.000"},
            {"description": "Tập huấn", "source": "other", "requested": 50_000_000},
        ],
        "declared_total": "1300000000",
        "expected_version": 0,
    }
    before = counts()
    r = client.post(
        f"/api/budget/rounds/{world['round'].pk}/estimates", payload, content_type="application/json", **auth
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "draft" and body["can_edit"] is True
    assert [ln["requested"] for ln in body["lines"]] == ["1250000000", "50000000"]
    est = BudgetEstimate.objects.get(pk=body["id"])
    assert counts()[4] > before[4]  # audited
    # then the lines are replaced through the estimate's own address
    payload2 = {
        "lines": [{"description": "In tài liệu", "source": "district", "requested": 7}],
        "expected_version": body["version"],
    }
    r = client.post(
        f"/api/budget/estimates/{est.pk}/lines", payload2, content_type="application/json", **auth
    )
    assert r.status_code == 200, r.content
    assert list(est.lines.values_list("description", "requested")) == [("In tài liệu", Decimal(7))]
    # a stale version: 409, nothing changed
    r = client.post(
        f"/api/budget/estimates/{est.pk}/lines", payload2, content_type="application/json", **auth
    )
    assert r.status_code == 409 and "người khác" in r.json()["message"]
    assert est.lines.count() == 1


BAD_LINES = [
    ({"source": "province", "requested": "-5.000.000", "description": "x"}, "không được âm"),
    ({"source": "province", "requested": "1.250,5", "description": "x"}, "số đồng nguyên"),
    ({"source": "province", "requested": "một trăm triệu", "description": "x"}, "không phải là số"),
    ({"source": "budget", "requested": 5, "description": "x"}, "nguồn kinh phí không hợp lệ"),
    ({"source": "province", "requested": 5}, "phải ghi nội dung"),
    ({"task": "digital", "source": "central", "requested": 5}, "không giao cho đơn vị"),
    ({"task_id": 99999, "source": "central", "requested": 5}, "không có nhiệm vụ này"),
]


@pytest.mark.parametrize("line,message", BAD_LINES)
def test_bad_lines_are_refused_in_vietnamese_and_nothing_is_saved(world, client, counts, line, message):
    line = dict(line)
    if "task" in line:
        line["task_id"] = world["tasks"][line.pop("task")].pk
    payload = {"unit_id": world["units"]["HP-STP"].pk, "lines": [line]}
    before = counts()
    r = _as(client, world["users"]["reporter"]).post(
        f"/api/budget/rounds/{world['round'].pk}/estimates", payload, content_type="application/json"
    )
    assert r.status_code == 400, r.content
    body = r.json()
    assert body["message"].startswith("Dự toán có 1 lỗi, chưa lưu gì") and message in body["message"]
    assert message in body["details"][0]
    assert counts() == before


def test_other_refusals_of_an_estimate(world, lines_of, client, counts):
    u, url = world["users"], f"/api/budget/rounds/{world['round'].pk}/estimates"
    stp = world["units"]["HP-STP"].pk
    line = {"task_id": world["tasks"]["law"].pk, "source": "province", "requested": 100}
    before = counts()
    # totals that do not match their lines
    r = _as(client, u["reporter"]).post(
        url, {"unit_id": stp, "lines": [line], "declared_total": 99}, content_type="application/json"
    )
    assert r.status_code == 400 and "không khớp" in r.json()["message"]
    # a unit the caller does not read: 404; one it reads but does not prepare for: 403
    r = _as(client, u["other_reporter"]).post(
        url, {"unit_id": stp, "lines": [line]}, content_type="application/json"
    )
    assert r.status_code == 404
    r = _as(client, u["finance"]).post(
        url, {"unit_id": stp, "lines": [line]}, content_type="application/json"
    )
    assert r.status_code == 403 and "Chỉ cán bộ của đơn vị" in r.json()["message"]
    # a float with cents and an id beyond any column: the schema refuses (422)
    for bad in ({**line, "requested": 12.5}, {**line, "task_id": 2**64}):
        r = _as(client, u["reporter"]).post(
            url, {"unit_id": stp, "lines": [bad]}, content_type="application/json"
        )
        assert r.status_code == 422
    assert counts() == before
    # a sent estimate is not edited any more
    est = do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines_of, 550 * M, "", actor=u["head"]
    )
    do_submit_estimate(est, actor=u["head"])
    before = counts()
    r = _as(client, u["reporter"]).post(
        f"/api/budget/estimates/{est.pk}/lines", {"lines": [line]}, content_type="application/json"
    )
    assert r.status_code == 400 and "Dự toán đã gửi" in r.json()["message"]
    assert counts() == before


def _spend(client, line_id, **kw):
    payload = {
        "period_code": "2022-Q2",
        "kind": "disbursed",
        "amount": "20.000.000",
        "spent_on": "2022-05-20",
        "evidence_ref": "PC 15",
        **kw,
    }
    return client.post(f"/api/budget/lines/{line_id}/spendings", payload, content_type="application/json")


def test_spending_is_recorded_with_its_voucher_number(funded, client):
    r = _spend(_as(client, funded["users"]["reporter"]), funded["law"].pk)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (
        body["amount"] == "20000000" and body["line_disbursed"] == "120000000" and body["over_reason"] == ""
    )
    assert funded["law"].spendings.count() == 2


@pytest.mark.parametrize(
    "who,kw,status,message",
    [
        ("reporter", {"amount": "200.000.000"}, 400, "phải ghi lý do chi vượt"),
        ("reporter", {"amount": "0"}, 400, "lớn hơn 0"),
        ("reporter", {"amount": "1.5"}, 400, "số đồng nguyên"),
        ("reporter", {"kind": "spent"}, 400, "Loại chi không hợp lệ"),
        ("reporter", {"period_code": "2022-Q9"}, 400, "Kỳ báo cáo không hợp lệ"),
        ("reporter", {"spent_on": "2999-01-01"}, 400, "tương lai"),
        ("reporter", {"evidence_ref": "   "}, 400, "số chứng từ"),
        ("reporter", {"evidence_ref": ""}, 422, "không hợp lệ"),
        ("finance", {}, 403, "Chỉ cán bộ của đơn vị"),
        ("other_reporter", {}, 404, "Không tìm thấy"),
        ("dn_finance", {}, 404, "Không tìm thấy"),
    ],
)
def test_bad_spending_is_refused_and_nothing_is_saved(funded, client, counts, who, kw, status, message):
    before = counts()
    r = _spend(_as(client, funded["users"][who]), funded["law"].pk, **kw)
    assert r.status_code == status, r.content
    assert message in r.json()["message"]
    assert counts() == before


def test_spending_on_a_line_not_appraised_is_refused(funded, client, counts):
    draft_line = funded["draft"].lines.get()
    before = counts()
    r = _spend(_as(client, funded["users"]["other_reporter"]), draft_line.pk)
    assert r.status_code == 400 and "chưa được thẩm định" in r.json()["message"]
    assert counts() == before


def test_unauthenticated_calls_are_refused(world, client):
    assert client.get("/api/budget/rounds").status_code == 401
    assert _spend(client, 1).status_code == 401


# ---------------------------------------------------------------------------------- query counts


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n: int) -> None:
    """``n`` more units with a sent estimate of three lines each, ``n`` more rounds."""
    hp = world["units"]["HP"]
    for i in range(n):
        unit = make_unit(hp, f"HP-X{i}", f"Sở thử {i}")
        est = BudgetEstimate.objects.create(
            round=world["round"], unit=unit, status="submitted", declared_total=3, on_time=True
        )
        BudgetLine.objects.bulk_create(
            BudgetLine(estimate=est, description=f"Việc {k}", source="other", requested=1, order=k)
            for k in range(3)
        )
        plan = make_plan(world["units"], number=f"{i}/KH")
        do_create_round(plan, 2022, dt.date(2021, 12, 1), actor=None)


def test_query_counts_stay_flat_as_rows_grow(funded, client):
    client = _as(client, funded["users"]["officer"])
    urls = [
        "/api/budget/rounds",
        f"/api/budget/rounds/{funded['round'].pk}",
        f"/api/budget/estimates/{funded['stp'].pk}",
        f"/api/budget/funding?plan={funded['plan'].pk}&year=2022",
    ]
    small = [_queries(client, u) for u in urls]
    _grow(funded, 6)
    est = funded["stp"]
    BudgetLine.objects.bulk_create(
        BudgetLine(
            estimate=est, description=f"Thêm {k}", source="other", requested=1, approved=1, order=10 + k
        )
        for k in range(10)
    )
    large = [_queries(client, u) for u in urls]
    assert large == small
    body = client.get(f"/api/budget/rounds/{funded['round'].pk}").json()
    assert len(body["units"]) >= 8 and body["totals"]["requested"] == str(350 * M + 6 * 3 + 10)


def test_budget_schema_names_are_unique_in_the_openapi_schema():
    """django-ninja names an OpenAPI component by the schema class's name: a budget ``RoundOut``
    made /api/surveys/rounds claim the budget's round shape (found by the fuzz run)."""
    from ninja import Schema

    import cchc.api  # noqa: F401 (every router mounted)
    from cchc.budget import schemas

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    ours = {
        c.__name__ for c in vars(schemas).values() if isinstance(c, type) and c.__module__ == schemas.__name__
    }
    clashes = {
        c.__name__: c.__module__
        for c in walk(Schema)
        if c.__name__ in ours and c.__module__ != schemas.__name__
    }
    assert len(ours) >= 10 and clashes == {}
