"""The demo's 2022 budget of 216/KH-UBND reads like a real round: most units on time, a few late,
two not sent, one returned and sent again, a few lines cut with a reason, disbursement on a
realistic share of the plan's tasks, one line above its allocation with the reason stated."""

from __future__ import annotations

import pytest
from django.db.models import F, Sum

from cchc.audit.models import AuditEvent
from cchc.budget.demo import load_demo_budget
from cchc.budget.models import BudgetEstimate, BudgetLine, BudgetSpending
from cchc.budget.queries import expected_unit_ids
from cchc.core import figures
from cchc.plans.models import Task
from cchc.testing.budget_flows import demo_budget

pytestmark = pytest.mark.django_db


def test_demo_budget_of_2022(hp_plan):
    rnd = demo_budget(hp_plan)
    load_demo_budget()  # a second run adds nothing
    estimates = BudgetEstimate.objects.filter(round=rnd)
    expected = expected_unit_ids(rnd)
    assert set(estimates.values_list("unit_id", flat=True)) < expected
    on_time = estimates.filter(on_time=True).count()
    late = estimates.filter(on_time=False).count()
    assert 3 <= late <= 5 and on_time > 3 * late
    assert len(expected) - on_time - late == 2  # one draft, one not started
    assert estimates.filter(status="draft").count() == 1
    # Sở Tư pháp's went through the actions: sent, returned with a reason, sent again, appraised
    stp = estimates.get(unit__code="HP-STP")
    assert stp.status == "appraised" and stp.on_time and stp.allocation_ref
    notes = list(
        AuditEvent.objects.filter(model__iendswith="budgetestimate", object_id=str(stp.pk)).values_list(
            "note", flat=True
        )
    )
    assert notes.count("Gửi dự toán") == 2 and "Trả lại dự toán" in notes
    lines = BudgetLine.objects.filter(estimate__round=rnd)
    # every line's task is one assigned to its unit (lead or support); lines cut say why
    assert not lines.filter(task__isnull=False).exclude(task__assignments__unit=F("estimate__unit")).exists()
    cut = lines.filter(approved__isnull=False).exclude(approved=F("requested"))
    assert cut.count() >= 3 and not cut.filter(adjust_reason="").exists()
    assert not lines.exclude(requested__gt=0).exists()
    for ln in lines.filter(approved__isnull=False):
        assert ln.requested % 1_000_000 == 0  # whole millions, like estimates are written
    # disbursement on about 40% of the budgeted tasks; over the allocation only with a reason
    budgeted = set(lines.filter(approved__isnull=False, task__isnull=False).values_list("task_id", flat=True))
    spent = set(
        BudgetSpending.objects.filter(line__task__isnull=False).values_list("line__task_id", flat=True)
    )
    assert 0.3 <= len(spent) / len(budgeted) <= 0.5
    assert spent <= set(Task.objects.filter(plan=hp_plan).values_list("pk", flat=True))
    paid = {
        r["line"]: r["s"]
        for r in BudgetSpending.objects.filter(kind="disbursed").values("line").annotate(s=Sum("amount"))
    }
    over = [ln for ln in lines.filter(pk__in=paid) if paid[ln.pk] > ln.approved]
    assert len(over) == 1
    assert BudgetSpending.objects.filter(line=over[0]).exclude(over_reason="").exists()
    assert BudgetSpending.objects.filter(kind="settled").exists()
    assert not BudgetSpending.objects.filter(evidence_ref="", evidence="").exists()
    # the indicator: on time over the units expected
    r = figures.read("budget.estimates_on_time", hp_plan.province, 2022)
    assert (r.numerator, r.denominator) == (on_time, len(expected))
    # the bulk rows are audited as bulk writes are: every row listed once in a batch event
    from cchc.audit.recording import batch_rows

    for model, qs in (
        ("budget.budgetline", lines.exclude(estimate=stp)),
        ("budget.budgetspending", BudgetSpending.objects.all()),
    ):
        listed = [
            row["id"]
            for e in AuditEvent.objects.filter(model=model, changes__has_key="rows")
            for row in batch_rows(e)
        ]
        assert sorted(listed) == sorted(qs.values_list("pk", flat=True))
