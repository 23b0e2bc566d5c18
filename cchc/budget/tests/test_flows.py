"""The budget's flows: the funding sums the reports and the dashboard read, and the computed
indicator ``budget.estimates_on_time`` (on time / late / not sent over the expected units)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.budget.queries import funding_rows, funding_total
from cchc.core import figures
from cchc.testing.budget_flows import M, make_estimate, small_budget
from cchc.tracking.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(plan_setup):
    return small_budget(plan_setup)


def test_funding_by_unit_and_source_sums_sent_estimates_and_spending_up_to_the_date(budget):
    units, plan = budget["units"], budget["plan"]
    rows = funding_rows(year=2022, plan=plan, up_to=dt.date(2022, 6, 30), by=("unit", "source"))
    got = {(r.unit_id, r.source): (r.requested, r.approved, r.disbursed, r.settled) for r in rows}
    stp, tt = units["HP-STP"].pk, units["HP-STTTT"].pk
    assert got == {
        (stp, "province"): (240 * M, 190 * M, 60 * M, 0),  # the August payment is after the date
        (stp, "central"): (100 * M, 100 * M, 100 * M, 0),  # settled in December: after the date
        (tt, "province"): (300 * M, 300 * M, 120 * M, 0),
    }  # the draft of An Lão is not counted
    total = funding_total(rows)
    assert (total.approved, total.disbursed, total.disbursed_pct) == (590 * M, 280 * M, Decimal("47.46"))
    assert funding_total([]).disbursed_pct is None
    year_end = funding_total(funding_rows(year=2022, plan=plan, by=("source",)))
    assert (year_end.disbursed, year_end.settled) == (310 * M, 100 * M)


def test_funding_by_area_puts_other_work_apart(budget):
    rows = {r.area_id: r for r in funding_rows(year=2022, plan=budget["plan"], by=("area",))}
    assert rows[None].requested == 40 * M  # "Nhiệm vụ CCHC khác"
    assert rows[budget["area"].pk].requested == 600 * M


def test_funding_queries_do_not_grow_with_units(budget):
    plan = budget["plan"]
    with CaptureQueriesContext(connection) as few:
        funding_rows(year=2022, plan=plan, by=("unit", "source"))
    make_estimate(
        budget["round"],
        budget["units"]["HP-Q-HONGBANG"],
        on_time=True,
        lines=[(None, "district", 10, 10), (None, "other", 5, 5)],
    )
    with CaptureQueriesContext(connection) as more:
        rows = funding_rows(year=2022, plan=plan, by=("unit", "source"))
    assert len(rows) == 5 and len(more) == len(few) == 1


def _assigned_units(plan) -> set[int]:
    return set(Assignment.objects.filter(task__plan=plan).values_list("unit_id", flat=True))


def test_estimates_on_time_indicator_counts_on_time_late_and_not_sent(budget):
    hp, plan = budget["units"]["HP"], budget["plan"]
    expected = _assigned_units(plan) | {budget["units"]["HP-H-ANLAO"].pk}
    r = figures.read("budget.estimates_on_time", hp, 2022)
    # STP on time; STTTT late; An Lão's draft and every other assigned unit: not sent
    assert (r.numerator, r.denominator) == (1, len(expected))
    assert r.value == Decimal(100) / len(expected)
    assert [i["value"] for i in r.inputs] == [1, 1, len(expected) - 2]
    assert figures.read("budget.estimates_on_time", budget["units"]["HP-H-ANLAO"], 2022).value == 0
    assert figures.read("budget.estimates_on_time", budget["units"]["HP-STP"], 2022).value == 100
    assert figures.read("budget.estimates_on_time", budget["units"]["HP-STTTT"], 2022).value == 0


def test_no_round_means_no_value_with_its_reason(budget):
    r = figures.read("budget.estimates_on_time", budget["units"]["HP"], 2023)
    assert r.value is None and "Chưa có kỳ lập dự toán" in r.label
    dn = figures.read("budget.estimates_on_time", budget["units"]["DN"], 2022)
    assert dn.value is None


def test_the_indicator_is_in_the_shipped_catalogue_as_computed():
    from pathlib import Path

    from cchc.domain.indicatorsets import COMPUTED_SOURCES, read_file

    path = Path(__file__).resolve().parents[2] / "indicators" / "data" / "plan-targets-indicators.json"
    data = read_file(path.read_bytes(), path.name)
    item = next(i for i in data["indicators"] if i.get("computed_source") == "budget.estimates_on_time")
    assert item["kind"] == "computed" and "budget.estimates_on_time" in COMPUTED_SOURCES
