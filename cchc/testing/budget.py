"""Budget test data: Hải Phòng's 2022 round of plan_setup's plan, Sở Tư pháp's estimate sent and
appraised with one disbursement, Sở TT&TT's draft (the fuzz run's data, tests_fuzz/)."""

from __future__ import annotations

import datetime as dt


def appraised_round_2022(plan_setup, rnd=None) -> dict:
    """The round (``rnd``, or the plan's 2022 round opened here), ``appraised`` (Sở Tư pháp: the
    task "law" asked 300.000.000, approved 250.000.000 "Giảm quy mô", 100.000.000 disbursed in
    2022-Q1; "other CCHC work" 50.000.000 approved as asked) and ``draft`` (Sở TT&TT: "digital"
    70.000.000 central), written through the actions by the fixtures' users."""
    from cchc.budget.actions import (
        LineInput,
        do_appraise_estimate,
        do_create_round,
        do_record_spending,
        do_save_estimate,
        do_submit_estimate,
    )

    users, units, tasks = plan_setup["users"], plan_setup["units"], plan_setup["tasks"]
    if rnd is None:
        rnd = do_create_round(plan_setup["plan"], 2022, dt.date(2021, 12, 15), "minh họa", actor=None)
    lines = [
        LineInput(tasks["law"].pk, "", "province", 300_000_000),
        LineInput(None, "Tập huấn cán bộ làm công tác CCHC", "other", 50_000_000),
    ]
    appraised = do_save_estimate(None, rnd, units["HP-STP"], lines, 350_000_000, "", actor=users["head"])
    do_submit_estimate(appraised, actor=users["head"])
    first = appraised.lines.order_by("order").first()
    do_appraise_estimate(
        appraised, "adjust", {first.pk: 250_000_000}, {first.pk: "Giảm quy mô"}, actor=users["officer"]
    )
    do_record_spending(
        first, "2022-Q1", "disbursed", 100_000_000, dt.date(2022, 3, 1), None, "PC 1", actor=users["reporter"]
    )
    draft = do_save_estimate(
        None,
        rnd,
        units["HP-STTTT"],
        [LineInput(tasks["digital"].pk, "", "central", 70_000_000)],
        None,
        "",
        actor=users["other_reporter"],
    )
    return {"round": rnd, "appraised": appraised, "draft": draft}
