"""The leaders' dashboard: real figures from lead work, drill-down to the same list, scope, queries."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.urls import reverse

from cchc.oversight.tests.conftest import build_plan


def _dash(client, **q):
    return client.get(reverse("oversight:dashboard"), q)


def test_leader_sees_lead_work_only_and_correct_rates(client, data):
    client.force_login(data["users"]["leader"])
    resp = _dash(client, plan=data["plan"].pk, year=2022)
    assert resp.status_code == 200
    d = resp.context["d"]
    # 3 lead assignments due in 2022 (the support share of "law" is not counted)
    assert d.totals.total == 3
    assert (d.totals.done, d.totals.done_late, d.totals.overdue) == (1, 1, 1)
    assert str(d.totals.rate) == "66.67"
    body = resp.content.decode()
    assert "66,67%" in body
    units = d.charts["units"]
    assert set(units.categories) == {"STP", "Sở TT&TT"}
    assert d.overdue_units[0]["unit"].code == "HP-STP"
    assert [c for c in d.charts["areas"].categories] == [
        "I. CẢI CÁCH THỂ CHẾ",
        "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
    ]


def test_drill_down_lists_exactly_the_rows_behind_the_figure(client, data):
    client.force_login(data["users"]["leader"])
    d = _dash(client, plan=data["plan"].pk, year=2022).context["d"]
    overdue_url = d.overdue_units[0]["url"]
    rows = client.get(overdue_url).context["rows"]
    assert [r["task"]["title"] for r in rows] == ["Đơn giản hóa TTHC"]
    assert len(client.get(d.links["all"]).context["rows"]) == d.totals.total
    assert len(client.get(d.links["done_late"]).context["rows"]) == d.totals.done_late == 1
    # the links are in the page (tiles and the SVG bars)
    body = unescape(_dash(client, plan=data["plan"].pk, year=2022).content.decode())
    assert overdue_url in body


def test_as_of_a_past_date(client, data):
    client.force_login(data["users"]["leader"])
    d = _dash(client, plan=data["plan"].pk, year=2022, as_of="2022-04-30").context["d"]
    # on 30/04: digital (due 31/03, done 10/05) overdue; nothing done yet
    assert (d.totals.done + d.totals.done_late, d.totals.overdue) == (0, 1)


def test_first_view_is_the_main_plan_and_plan_empty_means_all(client, data):
    client.force_login(data["users"]["leader"])
    assert _dash(client).context["scope"].plan == data["plan"]
    assert _dash(client, plan="").context["scope"].plan is None
    assert _dash(client, plan="999999").status_code == 404


def test_trend_over_periods(client, data):
    client.force_login(data["users"]["leader"])
    trend = _dash(client, year=2022, plan="").context["d"].charts["trend"]
    assert trend.kind == "line" and trend.categories[-1] == "15/11/2022"
    values = trend.series[0].values
    assert values[0] == 0  # 31/03: digital due, not done
    assert str(values[-1]) == "66.67"


def test_unit_head_sees_own_unit_only(client, data):
    client.force_login(data["users"]["head"])
    d = _dash(client, year=2022).context["d"]
    assert d.totals.total == 2 and set(d.charts["units"].categories) == {"STP"}


def test_who_may_not_see_it(client, data):
    client.force_login(data["users"]["reporter"])
    assert _dash(client).status_code == 403
    client.force_login(data["users"]["dn_officer"])
    assert _dash(client).status_code == 200  # their own province
    assert _dash(client, province=data["units"]["HP"].pk).status_code == 404  # not Hải Phòng's


def test_each_chart_exports_xlsx(client, data):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(data["users"]["leader"])
    resp = _dash(client, plan=data["plan"].pk, year=2022, chart="units", format="xlsx")
    assert resp.status_code == 200
    ws = load_workbook(BytesIO(b"".join(resp.streaming_content) if resp.streaming else resp.content)).active
    assert [c.value for c in ws[1]][0] == "Đơn vị"
    assert _dash(client, chart="nope", format="xlsx").status_code == 404


def test_missing_apps_show_no_data_panels(client, data):
    client.force_login(data["users"]["leader"])
    body = _dash(client).content.decode()
    assert "Chưa có dữ liệu Chỉ số CCHC" in body and "Chưa có dữ liệu khảo sát" in body
    assert not re.search(r"<script>[^<]", body) and 'style="' not in body.split("<main>")[1]


@pytest.mark.parametrize("extra", [0, 40])
def test_query_count_does_not_grow_with_rows(
    client, org_tree, users, frozen, django_assert_max_num_queries, extra
):
    plan, _areas, _tasks = build_plan(org_tree, n_extra=extra)
    client.force_login(users["leader"])
    client.get(reverse("oversight:dashboard"))  # warm caches (content types, session)
    # 35: the page also compares the year with the year before (completion, targets, PAR, SIPAS),
    # finds the latest year with results and counts the inspection programmes (share inspected vs
    # required per organiser); a fixed number, whatever the rows
    with django_assert_max_num_queries(35):
        assert client.get(reverse("oversight:dashboard"), {"plan": plan.pk}).status_code == 200


def test_api_gives_the_same_figures(client, data):
    client.force_login(data["users"]["leader"])
    page = _dash(client, plan=data["plan"].pk, year=2022).context["d"]
    body = client.get("/api/oversight/dashboard", {"plan": data["plan"].pk, "year": 2022}).json()
    assert body["totals"]["total"] == page.totals.total and body["totals"]["overdue"] == page.totals.overdue
    assert {u["unit"] for u in body["units"]} == {"Sở Tư pháp", "Sở Thông tin và Truyền thông"}
    client.force_login(data["users"]["reporter"])
    assert client.get("/api/oversight/dashboard").status_code == 403
    client.force_login(data["users"]["dn_officer"])
    assert client.get("/api/oversight/dashboard", {"province": data["units"]["HP"].pk}).status_code == 404
    client.logout()
    assert client.get("/api/oversight/publications/HP").status_code == 200
    assert client.get("/api/oversight/publications/XX").status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"year": -1}, {"year": 10000}, {"year": 0}, {"as_of": "0001-01-01"}, {"as_of": "9999-12-31"}],
)
def test_api_out_of_range_year_or_date_is_a_400_not_a_500(client, data, params):
    client.force_login(data["users"]["leader"])
    resp = client.get("/api/oversight/dashboard", params)
    assert resp.status_code == 400, resp.content
    assert "message" in resp.json()


def test_figures_are_cached_per_province_and_day_and_a_report_shows_at_once(client, data):
    """The dashboard's state counts (the figures, the trend) are cached per province and day; a
    progress report bumps the province's generation, so the next view counts it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cchc.oversight.tests.conftest import report

    client.force_login(data["users"]["leader"])
    with CaptureQueriesContext(connection) as first:
        before = _dash(client, plan=data["plan"].pk, year=2022).context["d"].totals
    with CaptureQueriesContext(connection) as second:
        again = _dash(client, plan=data["plan"].pk, year=2022).context["d"].totals
    assert (again.total, again.overdue, again.done) == (before.total, before.overdue, before.done)
    counted = [
        q for q in first.captured_queries if "GROUP BY" in q["sql"] and "tracking_assignment" in q["sql"]
    ]
    cached = [
        q for q in second.captured_queries if "GROUP BY" in q["sql"] and "tracking_assignment" in q["sql"]
    ]
    assert len(cached) < len(counted)  # the state counts come from the cache the second time
    import datetime as dt

    report(data["users"], data["lead"]("tthc"), "done", 100, dt.datetime(2022, 11, 14, 9, tzinfo=dt.UTC))
    after = _dash(client, plan=data["plan"].pk, year=2022).context["d"].totals
    assert (
        after.overdue == before.overdue - 1
        and after.done + after.done_late == before.done + before.done_late + 1
    )


def test_unit_charts_draw_the_best_and_worst_and_the_full_list_pages_every_unit(
    client, org_tree, users, frozen, monkeypatch, django_assert_max_num_queries
):
    """Issue 22: a province's hundreds of lead units are not all drawn on the dashboard; the page
    links to the full list, page by page, and the XLSX keeps every unit."""
    import datetime as dt

    from openpyxl import load_workbook

    from cchc.oversight import dashboard
    from cchc.testing.factories import make_area, make_plan, make_task, make_unit
    from cchc.tracking.actions import do_assign_plan

    hp = org_tree["HP"]
    plan = make_plan(org_tree)
    area = make_area(plan)
    n = 2 * dashboard.UNITS_SHOWN + 5
    for i in range(n):
        unit = make_unit(hp, f"HP-X{i:02}", f"Sở thử nghiệm {i:02}", "department", "department")
        make_task(
            plan,
            f"Việc {i}",
            area=area,
            lead=[unit],
            start_year=2022,
            end_year=2022,
            due_date=dt.date(2022, 6, 30),
        )
    do_assign_plan(plan, actor=None)
    client.force_login(users["leader"])
    resp = _dash(client, plan=plan.pk)
    assert resp.context["d"].unit_total == n
    assert len(resp.context["charts"]["units"].categories) == 2 * dashboard.UNITS_SHOWN
    body = unescape(resp.content.decode())
    units_url = resp.context["units_url"]
    assert units_url in body and f"Xem đủ {n} đơn vị" in body
    xlsx = client.get(reverse("oversight:dashboard"), {"plan": plan.pk, "chart": "units", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == n + 1  # the header and every unit

    monkeypatch.setattr(dashboard, "UNITS_PER_PAGE", 10)
    seen = []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(20):
            r = client.get(units_url + f"&page={page}")
        seen += [row["unit"].code for row in r.context["rows"]]
    assert len(seen) == n == len(set(seen))
    last = client.get(units_url + "&page=999")  # past the end: the last page
    assert [row["unit"].code for row in last.context["rows"]] == seen[20:]
