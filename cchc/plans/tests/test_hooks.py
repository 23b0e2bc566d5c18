"""``plans.hooks.on_plan_changed``: plans' writes hand a changed plan to the apps above it."""

from __future__ import annotations

import pytest

from cchc.plans import hooks
from cchc.plans.actions import do_assign_leads, do_commit_plan
from cchc.testing.interchange import small_interchange


@pytest.fixture
def seen(monkeypatch):
    calls = []
    monkeypatch.setattr(
        hooks, "_PLAN_CHANGED", [*hooks._PLAN_CHANGED, lambda plan, actor: calls.append(plan)]
    )
    return calls


def test_tracking_registers_its_assignment():
    from cchc.tracking.actions import assign_changed_plan

    assert assign_changed_plan in hooks._PLAN_CHANGED


def test_a_committed_plan_is_handed_over_and_assigned(org_tree, seen):
    from cchc.tracking.models import Assignment

    plan = do_commit_plan(actor=None, interchange=small_interchange(), province=org_tree["HP"])
    assert seen == [plan]
    assert Assignment.objects.filter(task__plan=plan, unit=org_tree["HP-STP"]).exists()


def test_a_lead_given_is_handed_over(org_tree, seen):
    from cchc.plans.models import Plan
    from cchc.plans.queries import tasks_without_lead

    interchange = small_interchange()
    interchange["tasks"].append(
        {"area": "I", "title": "Việc chưa có chủ trì", "outputs": [], "lead": [], "support": []}
    )
    plan = do_commit_plan(actor=None, interchange=interchange, province=org_tree["HP"])
    ids = list(tasks_without_lead(Plan.objects.filter(pk=plan.pk)).values_list("pk", flat=True))
    seen.clear()
    assert do_assign_leads(plan, task_ids=ids, unit=org_tree["HP-SNV"], actor=None) == len(ids) > 0
    assert seen == [plan]
