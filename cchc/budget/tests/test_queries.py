"""The budget's aggregates: funding per unit and source, per area, per task (budget.queries)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.budget import queries
from cchc.budget.actions import (
    LineInput,
    do_appraise_estimate,
    do_record_spending,
    do_save_estimate,
    do_submit_estimate,
)
from cchc.core import generations

pytestmark = pytest.mark.django_db
M = 1_000_000


@pytest.fixture
def funded(world, lines_of, time_machine):
    """Sở Tư pháp appraised (law 250 of 300, yearly 200, other 50) with spending in Q1, Q2 and a
    settlement; Sở TT&TT submitted (law 40 central, digital 70 central), not appraised; a draft
    elsewhere counts nowhere."""
    time_machine.move_to(dt.datetime(2021, 12, 10, 3, 0, tzinfo=dt.UTC))
    u, t = world["users"], world["tasks"]
    stp = do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines_of, 550 * M, "", actor=u["head"]
    )
    do_submit_estimate(stp, actor=u["head"])
    law, yearly, other = stp.lines.all()
    do_appraise_estimate(stp, "adjust", {law.pk: 250 * M}, {law.pk: "Giảm"}, actor=u["finance"])
    stttt = do_save_estimate(
        None,
        world["round"],
        world["units"]["HP-STTTT"],
        [LineInput(t["law"].pk, "", "central", 40 * M), LineInput(t["digital"].pk, "", "central", 70 * M)],
        110 * M,
        "",
        actor=u["other_head"],
    )
    do_submit_estimate(stttt, actor=u["other_head"])
    time_machine.move_to(dt.datetime(2022, 12, 31, 3, 0, tzinfo=dt.UTC))
    for line, period, kind, amount, day in [
        (law, "2022-Q1", "disbursed", 100 * M, dt.date(2022, 3, 1)),
        (law, "2022-Q2", "disbursed", 50 * M, dt.date(2022, 6, 1)),
        (yearly, "2022-Q2", "disbursed", 20 * M, dt.date(2022, 6, 2)),
        (law, "2022-Y", "settled", 150 * M, dt.date(2022, 12, 20)),
    ]:
        do_record_spending(line, period, kind, amount, day, None, "PC", "", actor=u["reporter"])
    return world


def _row(rows, unit_code, source):
    return next(r for r in rows if r["unit_code"] == unit_code and r["source"] == source)


def test_funding_by_unit_and_source_in_one_query(funded):
    with CaptureQueriesContext(connection) as ctx:
        rows = queries.funding_by_unit_and_source(funded["plan"], 2022)
    assert len(ctx.captured_queries) == 1
    stp = _row(rows, "HP-STP", "province")
    assert (stp["requested"], stp["approved"], stp["disbursed"], stp["settled"]) == (
        500 * M,
        450 * M,
        170 * M,
        150 * M,
    )
    assert _row(rows, "HP-STP", "other")["approved"] == 50 * M
    stttt = _row(rows, "HP-STTTT", "central")
    assert (stttt["requested"], stttt["approved"], stttt["disbursed"]) == (110 * M, 0, 0)
    assert stttt["source_label"] == "Ngân sách trung ương"
    assert len(rows) == 3


def test_spending_up_to_a_day(funded):
    rows = queries.funding_by_unit_and_source(funded["plan"], 2022, up_to_date=dt.date(2022, 3, 31))
    stp = _row(rows, "HP-STP", "province")
    assert (stp["disbursed"], stp["settled"]) == (100 * M, 0)


def test_funding_rows_are_scoped_to_the_reader(funded):
    rows = queries.funding_by_unit_and_source(funded["plan"], 2022, user=funded["users"]["reporter"])
    assert {r["unit_code"] for r in rows} == {"HP-STP"}


def test_funding_by_area(funded):
    rows = queries.funding_by_area(funded["plan"], 2022)
    area = next(r for r in rows if r["area_id"] == funded["area"].pk)
    assert (area["requested"], area["approved"], area["disbursed"]) == (610 * M, 450 * M, 170 * M)
    none = next(r for r in rows if r["area_id"] is None)
    assert none["requested"] == 50 * M


def test_task_budget_per_unit(funded):
    rows = queries.task_budget(funded["tasks"]["law"])
    by_unit = {r["unit_name"]: r for r in rows}
    assert by_unit["Sở Tư pháp"]["approved"] == 250 * M
    assert by_unit["Sở Tư pháp"]["disbursed"] == 150 * M
    assert by_unit["Sở Thông tin và Truyền thông"]["requested"] == 40 * M
    assert {
        r["unit_name"] for r in queries.task_budget(funded["tasks"]["law"], funded["users"]["other_reporter"])
    } == {"Sở Thông tin và Truyền thông"}


def test_estimate_totals(funded):
    totals = {
        e.unit.code: e for e in queries.estimate_totals(queries.estimates_for(funded["users"]["officer"]))
    }
    assert totals["HP-STP"].requested_total == 550 * M and totals["HP-STP"].approved_total == 500 * M
    assert totals["HP-STTTT"].approved_total == Decimal(0)


def test_lines_with_spending(funded):
    est = queries.estimates_for(funded["users"]["head"]).get(unit__code="HP-STP")
    with CaptureQueriesContext(connection) as ctx:
        lines = list(queries.lines_with_spending(est))
        titles = [ln.task.title if ln.task else ln.description for ln in lines]
    assert len(ctx.captured_queries) == 1
    assert [(ln.disbursed, ln.settled) for ln in lines] == [(150 * M, 150 * M), (20 * M, 0), (0, 0)]
    assert titles[2] == "Tập huấn cán bộ làm công tác CCHC"
    q1 = list(queries.lines_with_spending(est, up_to_date=dt.date(2022, 3, 31)))
    assert q1[0].disbursed == 100 * M


def test_round_units_follow_every_expected_unit_within_the_readers_scope(funded):
    rnd = funded["round"]
    rows = queries.round_units(rnd, funded["users"]["finance"])
    by_code = {r["unit"].code: r for r in rows}
    assert by_code["HP-STP"]["status"] == "appraised" and by_code["HP-STP"]["approved"] == 500 * M
    assert by_code["HP-STTTT"]["status"] == "submitted" and by_code["HP-STTTT"]["requested"] == 110 * M
    assert by_code["HP-Q-HONGBANG"]["estimate"] is None and by_code["HP-Q-HONGBANG"]["status"] == ""
    assert {r["unit"].code for r in queries.round_units(rnd, funded["users"]["reporter"])} == {"HP-STP"}
    assert queries.round_units(rnd, funded["users"]["dn_officer"]) == []
    officer = funded["users"]["officer"]
    queries.round_units(rnd, officer)  # the officer's grants are computed once (per request)
    with CaptureQueriesContext(connection) as ctx:
        queries.round_units(rnd, officer)
    assert len(ctx.captured_queries) == 2  # units, estimates (the expected units are cached)
    generations.bump(generations.data("budget", rnd.plan.province.code))
    with CaptureQueriesContext(connection) as ctx:
        queries.round_units(rnd, officer)
    assert len(ctx.captured_queries) == 4  # and assigned units, units with estimates, read again
