"""The dashboard cached per province, scope, period and day (issue 22, point 3): a warm page reads
the cache in a handful of queries, whatever the rows; every kind of write that changes a figure
shows on the next request, the cache warm (its generation moves in the writing transaction)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core import generations
from cchc.oversight.tests.conftest import build_plan, report

WARM_QUERIES = 10  # session, user, memberships, grants, the page frame, the scope's plans


def _dash(client, **q):
    resp = client.get(reverse("oversight:dashboard"), q)
    assert resp.status_code == 200
    return resp


def _warm(client, **q):
    _dash(client, **q)
    return _dash(client, **q).context["d"]


def _count(client, **q) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _dash(client, **q)
    return len(ctx)


def test_a_warm_dashboard_reads_the_cache_in_a_handful_of_queries_flat_with_rows(
    client, org_tree, users, frozen
):
    build_plan(org_tree)
    client.force_login(users["leader"])
    cold = _count(client, plan="", year=2022)
    _dash(client, plan="", year=2022)
    small = _count(client, plan="", year=2022)
    build_plan(org_tree, n_extra=40)  # a second plan, 44 more lead tasks: the figures change
    after_write = _count(client, plan="", year=2022)
    _dash(client, plan="", year=2022)
    large = _count(client, plan="", year=2022)
    assert small == large <= WARM_QUERIES < cold
    assert after_write > large  # the assignments' batch bumped the figures: counted again
    # the first view (main plan, latest year with results) is cached too
    _dash(client)
    assert _count(client) <= WARM_QUERIES


def test_a_report_recorded_today_leaves_past_days_counts_cached(client, data):
    """The trend's quarter ends and last year's comparison are counted from the history known
    then: a report recorded today does not count them again; a report dated in the past does."""
    client.force_login(data["users"]["leader"])
    _warm(client, plan=data["plan"].pk, year=2022)
    report(data["users"], data["lead"]("later"), "in_progress", 10, None)  # now
    with CaptureQueriesContext(connection) as today:
        _dash(client, plan=data["plan"].pk, year=2022)
    report(data["users"], data["lead"]("tthc"), "done", 100, dt.datetime(2022, 9, 1, 9, tzinfo=dt.UTC))
    with CaptureQueriesContext(connection) as past:
        d = _dash(client, plan=data["plan"].pk, year=2022).context["d"]

    def state_counts(ctx):
        return [
            q for q in ctx.captured_queries if "GROUP BY" in q["sql"] and "tracking_assignment" in q["sql"]
        ]

    assert len(state_counts(today)) < len(state_counts(past))
    # 30/09/2022: tthc (due that day) now done by then; the trend shows it
    assert d.charts["trend"].series[0].values[2] == 100


def test_a_renamed_unit_shows_on_the_next_request(client, data):
    from cchc.orgs.actions import do_update_unit

    client.force_login(data["users"]["leader"])
    assert "STP" in _warm(client, plan=data["plan"].pk, year=2022).charts["units"].categories
    do_update_unit(actor=data["users"]["admin"], unit=data["units"]["HP-STP"], short_name="Tư pháp HP")
    categories = _dash(client, plan=data["plan"].pk, year=2022).context["d"].charts["units"].categories
    assert "Tư pháp HP" in categories and "STP" not in categories


def test_an_inspection_recorded_shows_on_the_next_request(client, data):
    from cchc.oversight import actions

    users, units = data["users"], data["units"]
    plan = actions.do_create_inspection_plan(
        actor=users["officer"],
        province=units["HP"],
        year=2022,
        unit_ids=[units["HP-STP"].pk],
        required_share="0.3",
    )
    client.force_login(users["leader"])
    assert _warm(client, plan=data["plan"].pk, year=2022).inspections[0]["done"] == 0
    actions.do_record_inspection(
        actor=users["officer"], inspection=plan.inspections.get(), inspected_on=dt.date(2022, 11, 1)
    )
    assert _dash(client, plan=data["plan"].pk, year=2022).context["d"].inspections[0]["done"] == 1


def test_spending_recorded_shows_on_the_next_request(client, plan_setup):
    from cchc.budget.actions import do_record_spending
    from cchc.testing.budget_flows import small_budget

    b = small_budget(plan_setup)
    client.force_login(b["users"]["leader"])
    q = {"plan": b["plan"].pk, "year": 2022}
    before = _warm(client, **q).budget
    assert before["disbursed"] == "310.000.000 đ"  # 60 + 30 + 100 + 120 (settled not counted)
    do_record_spending(
        b["stp_lines"][2],
        "2022-Q4",
        "disbursed",
        "10000000",
        dt.date(2022, 12, 1),
        evidence_ref="UNC 9",
        actor=b["users"]["reporter"],
    )
    assert _dash(client, **q).context["d"].budget["disbursed"] == "320.000.000 đ"


def test_each_apps_writes_move_the_dashboards_generations(data):
    """Indicators, PAR INDEX, surveys, publications: each app's audited action moves the data
    generation the dashboard is cached under (``audit.recording.record``)."""
    from cchc.oversight import actions as oversight_actions
    from cchc.surveys.actions import do_create_round
    from cchc.testing.parindex import issued_set, open_campaign
    from cchc.testing.surveys import SIPAS, questionnaire

    hp, users = data["units"]["HP"], data["users"]
    writes = {
        "surveys": lambda: do_create_round(
            province=hp,
            questionnaire=questionnaire(SIPAS),
            title="SIPAS 2022",
            year=2022,
            starts_on=dt.date(2022, 10, 1),
            ends_on=dt.date(2022, 11, 30),
            units=[(data["units"]["HP-STP"], 100)],
            actor=None,
        ),
        "parindex": lambda: open_campaign(
            data["units"],
            {"department": issued_set(data["units"], "department")},
            [data["units"]["HP-STP"]],
            actor=users["officer"],
        ),
        "oversight": lambda: oversight_actions.do_publish(
            actor=users["officer"], province=hp, kind="plans", year=2022
        ),
    }
    from cchc.oversight import sources

    names = sources.panel_generations(hp)
    for app, write in writes.items():
        before = dict(zip(names, generations.current_many(names), strict=True))
        write()
        after = dict(zip(names, generations.current_many(names), strict=True))
        moved = {n for n in names if after[n] != before[n]}
        assert generations.data(app, "HP") in moved, app
