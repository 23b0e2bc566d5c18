"""What the budget page tests and the access-matrix fragment build (through the actions, as the
system): a round of a plan, a unit's estimate of its tasks, submitted, appraised, with spending."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.budget import actions
from cchc.budget.models import BudgetSource
from cchc.budget.queries import unit_tasks
from cchc.core.uploads import tiny_pdf


def make_round(plan, year=2022, due=None):
    return actions.do_create_round(
        plan, year, due or dt.date(year - 1, 7, 31), "216/KH-UBND mục V", actor=None
    )


def make_estimate(
    rnd, unit, *, amounts=(Decimal(120_000_000), Decimal(80_000_000)), submit=False, appraise=False
):
    """``unit``'s estimate: one line per amount, each on one of the unit's tasks (the last one as
    "other CCHC work" when the unit has fewer tasks)."""
    tasks = list(unit_tasks(rnd, unit))
    lines = [
        actions.LineInput(
            task_id=tasks[i].pk if i < len(tasks) else None,
            description="" if i < len(tasks) else f"Công việc CCHC khác {i}",
            source=BudgetSource.PROVINCE,
            requested=amount,
        )
        for i, amount in enumerate(amounts)
    ]
    estimate = actions.do_save_estimate(None, rnd, unit, lines, sum(amounts), "", actor=None)
    if submit or appraise:
        actions.do_submit_estimate(estimate, actor=None)
    if appraise:
        approved = {line.pk: line.requested for line in estimate.lines.all()}
        actions.do_appraise_estimate(
            estimate, "accept", approved, {}, "", "1234/QĐ-UBND ngày 20/12/2021", actor=None
        )
    estimate.refresh_from_db()
    return estimate


def record_spending(line, amount=Decimal(10_000_000), *, with_file=True):
    file = (
        SimpleUploadedFile("chung-tu.pdf", tiny_pdf("chung tu"), content_type="application/pdf")
        if with_file
        else None
    )
    return actions.do_record_spending(
        line,
        "2022-Q2",
        "disbursed",
        amount,
        dt.date(2022, 5, 10),
        file,
        "" if with_file else "UNC 15",
        "",
        actor=None,
    )
