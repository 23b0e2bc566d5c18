"""A small CCHC budget for tests (rows written directly, in the shape ``budget.actions`` writes
them) and the demo's 2022 budget of 216/KH-UBND on the real plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cchc.budget.models import BudgetEstimate, BudgetLine, BudgetRound, BudgetSpending

M = Decimal(1_000_000)


def make_estimate(rnd, unit, *, on_time, status="appraised", lines=()):
    sent = (
        timezone.make_aware(dt.datetime(2021, 11, 10 if on_time else 25, 9)) if on_time is not None else None
    )
    est = BudgetEstimate.objects.create(
        round=rnd, unit=unit, status=status, on_time=on_time, submitted_at=sent
    )
    out = []
    for i, (task, source, requested, approved) in enumerate(lines):
        out.append(
            BudgetLine.objects.create(
                estimate=est,
                task=task,
                description="" if task else "Tập huấn CCHC",
                source=source,
                requested=requested * M,
                approved=None if approved is None else approved * M,
                adjust_reason="" if approved in (None, requested) else "Giảm theo định mức",
                order=i,
            )
        )
    return est, out


def make_spending(line, amount, day, kind="disbursed"):
    return BudgetSpending.objects.create(
        line=line,
        period_code=f"{day.year}-Q{(day.month - 1) // 3 + 1}",
        kind=kind,
        amount=amount * M,
        spent_on=day,
        evidence_ref="UNC 1",
    )


def small_budget(plan_setup) -> dict:
    """``plan_setup`` with a 2022 round: Sở Tư pháp's estimate sent on time and appraised (three
    lines, one cut; spending in March, June, August, settled in December), Sở TT&TT's sent late
    (one line, spending in May), An Lão's a draft."""
    units, tasks = plan_setup["units"], plan_setup["tasks"]
    rnd = BudgetRound.objects.create(plan=plan_setup["plan"], year=2022, due_date=dt.date(2021, 11, 15))
    _stp, stp_lines = make_estimate(
        rnd,
        units["HP-STP"],
        on_time=True,
        lines=[
            (tasks["law"], "province", 200, 150),
            (tasks["yearly"], "central", 100, 100),
            (None, "province", 40, 40),
        ],
    )
    _tt, tt_lines = make_estimate(
        rnd, units["HP-STTTT"], on_time=False, lines=[(tasks["digital"], "province", 300, 300)]
    )
    make_estimate(
        rnd, units["HP-H-ANLAO"], on_time=None, status="draft", lines=[(None, "district", 50, None)]
    )
    make_spending(stp_lines[0], 60, dt.date(2022, 3, 20))
    make_spending(stp_lines[0], 30, dt.date(2022, 8, 1))
    make_spending(stp_lines[1], 100, dt.date(2022, 6, 1))
    make_spending(stp_lines[1], 100, dt.date(2022, 12, 1), kind="settled")
    make_spending(tt_lines[0], 120, dt.date(2022, 5, 5))
    return {**plan_setup, "round": rnd, "stp_lines": stp_lines, "tt_lines": tt_lines}


def demo_budget(hp_plan):
    """The real plan 216/KH-UBND assigned to its units, with the demo's 2022 budget (order 85)."""
    from cchc.budget.demo import load_demo_budget
    from cchc.tracking.actions import do_assign_plan

    do_assign_plan(hp_plan, actor=None)
    load_demo_budget()
    return BudgetRound.objects.get(plan=hp_plan, year=2022)
