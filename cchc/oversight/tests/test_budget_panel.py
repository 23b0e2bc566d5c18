"""The dashboard's CCHC budget panel: allocation against disbursement per plan area and per unit
(chart, table view, XLSX), a bounded unit list, and a query count that does not grow with units."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cchc.oversight import budget as panel
from cchc.oversight.dashboard import Scope
from cchc.testing.budget_flows import make_estimate, small_budget
from cchc.testing.factories import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(plan_setup):
    return small_budget(plan_setup)


def _scope(b, **kw) -> Scope:
    return Scope(province=b["units"]["HP"], unit_ids=None, as_of=dt.date(2022, 6, 30), year=2022, **kw)


def test_allocation_and_disbursement_per_area_and_unit(budget):
    p = panel.budget_panel(_scope(budget, plan=budget["plan"]))
    units = p["charts"]["budget_units"]
    assert units.categories == ["Sở Thông tin và Truyền thông", "Sở Tư pháp"]  # most allocated first
    # triệu đồng: approved 300 / 290, disbursed by 30/06/2022 120 / 160
    assert units.rows == [["Sở Thông tin và Truyền thông", 300, 120], ["Sở Tư pháp", 290, 160]]
    areas = p["charts"]["budget_areas"]
    assert areas.rows == [[budget["area"].title, 550, 280], ["Nhiệm vụ CCHC khác", 40, 0]]
    assert p["approved"] == "590.000.000 đ" and p["percent"] == "47,46%"


def test_scope_of_a_unit_shows_its_own_budget_only(budget):
    p = panel.budget_panel(
        Scope(
            province=budget["units"]["HP"],
            unit_ids={budget["units"]["HP-STP"].pk},
            as_of=dt.date(2022, 12, 31),
            year=2022,
        )
    )
    assert p["charts"]["budget_units"].categories == ["Sở Tư pháp"] and p["approved"] == "290.000.000 đ"
    assert (
        panel.budget_panel(
            Scope(province=budget["units"]["HP"], unit_ids=None, as_of=dt.date(2023, 6, 30), year=2023)
        )
        is None
    )


def _more_units(b, n: int) -> None:
    for i in range(n):
        unit = make_unit(b["units"]["HP"], f"HP-X{i:02d}", f"Đơn vị thử {i:02d}")
        make_estimate(b["round"], unit, on_time=True, lines=[(None, "province", 10 + i, 10 + i)])


def test_unit_list_is_bounded_and_queries_do_not_grow_with_units(budget):
    scope = _scope(budget, plan=budget["plan"])
    with CaptureQueriesContext(connection) as few:
        panel.budget_panel(scope)
    _more_units(budget, panel.TOP_UNITS + 5)
    with CaptureQueriesContext(connection) as many:
        p = panel.budget_panel(scope)
    assert len(many) == len(few)
    cats = p["charts"]["budget_units"].categories
    assert len(cats) == panel.TOP_UNITS + 1 and cats[-1] == "Các đơn vị khác (7 đơn vị)"
    assert p["units"] == panel.TOP_UNITS + 7 and p["units_more"] == 7
    # the "others" row is the sum of the units left out: the chart's total is the province's
    total = sum(row[1] for row in p["charts"]["budget_units"].rows)
    assert total == 590 + sum(10 + i for i in range(panel.TOP_UNITS + 5))


def test_dashboard_page_shows_the_panel_and_exports_it(budget, client):
    client.force_login(budget["users"]["leader"])
    q = {"plan": budget["plan"].pk, "year": 2022, "as_of": "2022-06-30"}
    page = client.get(reverse("oversight:dashboard"), q)
    html = page.content.decode()
    assert 'data-panel="budget"' in html and "590.000.000 đ" in html and "chart=budget_units" in html
    resp = client.get(reverse("oversight:dashboard"), {**q, "chart": "budget_units", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(resp.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert ["Sở Tư pháp", 290, 160] in values
