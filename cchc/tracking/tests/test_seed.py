"""The real Hải Phòng plan (seed 000) through the importer: assigned to real units; demo progress."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command

from cchc.tracking.models import Assignment, Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_seed_000_tasks_are_assigned_to_real_units(hp_plan, capsys):
    tasks = hp_plan.tasks.count()
    assert tasks >= 90
    leads = Assignment.objects.filter(task__plan=hp_plan, role="lead")
    assert leads.values("task").distinct().count() >= tasks * 0.8
    assert leads.filter(unit__code="HP-STP").exists() and leads.filter(unit__code="HP-STTTT").exists()
    # committing again is a no-op for tracking
    from cchc.tracking.actions import do_assign_plan

    assert do_assign_plan(hp_plan, actor=None).created == 0
    call_command("tasks", "list", "--status", "overdue", "--as-of", "2023-01-01", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["count"] > 0
    assert all(r["due_date"] and r["due_date"] <= "2022-12-31" for r in data["rows"])
    assert all(r["state"] == "overdue" and r["status"] != "done" for r in data["rows"])
    # every lead assignment due by then and not done is listed (nothing was reported yet)
    # (supporting shares are never overdue on their own: the lead carries the task's deadline)
    due = Assignment.objects.filter(task__plan=hp_plan, due_date__lte=dt.date(2022, 12, 31))
    assert data["count"] == due.filter(role="lead").count() < due.count()


def test_demo_progress_is_deterministic_and_covers_demo_units(hp_plan):
    from cchc.tracking.demo import load_demo_progress

    with time_machine.travel(dt.datetime(2023, 3, 1, 3, tzinfo=dt.UTC), tick=False):
        load_demo_progress()
        load_demo_progress()  # second run: nothing added
    updates = ProgressUpdate.objects.all()
    assert updates.filter(assignment__unit__code="HP-STP").exists()
    assert updates.filter(assignment__unit__code="HP-STTTT").exists()
    assert updates.filter(status="done").exists() and Evidence.objects.exclude(file="").exists()
    states = set(updates.values_list("approval_state", flat=True))
    assert {"accepted", "returned", "approved_by_head"} <= states
    # the history is dated like a real one: before today, most done work done on time
    from cchc.tracking.queries import assignment_rows

    assert updates.filter(at__date__lt=dt.date(2023, 1, 1)).exists()
    rows = assignment_rows(plan=hp_plan, as_of=dt.date(2023, 3, 1), role="lead")
    done = [r.state for r in rows if r.state in {"done", "done_late"}]
    assert done.count("done") > done.count("done_late") > 0
    assert any(r.state == "overdue" for r in rows)


def test_seed_000_vague_and_restricted_mentions_are_not_expanded_to_every_unit(hp_plan):
    from cchc.plans.mentions import is_partial_group
    from cchc.plans.models import TaskUnit
    from cchc.tracking.queries import unresolved_mentions

    restricted = [
        m for m in TaskUnit.objects.filter(task__plan=hp_plan, group__isnull=False) if is_partial_group(m)
    ]
    for m in restricted:
        exact = TaskUnit.objects.filter(task=m.task, group=m.group).exclude(pk=m.pk)
        if not any(not is_partial_group(o) for o in exact):  # no unrestricted mention of the group
            assert not Assignment.objects.filter(task=m.task, via_group=m.group).exists(), m.text
    vague = TaskUnit.objects.filter(task__plan=hp_plan, vague=True)
    assert vague.exists() and not vague.exclude(unit__isnull=True, group__isnull=True).exists()
    texts = {item["text"] for item in unresolved_mentions(hp_plan)}
    from cchc.tracking.actions import addressed_units, is_every_unit_lead, plan_date

    every = [m for m in vague if is_every_unit_lead(m)]
    # shown to the standing agency to map, not guessed ...
    assert {m.text for m in vague if m not in every} <= texts
    # ... except the standing duties of "các cơ quan, đơn vị" (5 in 216/KH-UBND): every unit the
    # plan addresses, at the plan's date
    assert len({m.task_id for m in every}) == 5 and not {m.text for m in every} & texts
    addressed = {u.pk for u, _g in addressed_units(hp_plan, plan_date(hp_plan))}
    for m in every:
        leads = set(Assignment.objects.filter(task=m.task, role="lead").values_list("unit_id", flat=True))
        assert addressed <= leads


def test_demo_unit_plans_one_acknowledged_one_submitted_others_missing(hp_plan):
    from cchc.plans.models import Plan
    from cchc.tracking.demo import load_demo_progress, load_demo_unit_plans
    from cchc.tracking.queries import units_without_plan

    with time_machine.travel(dt.datetime(2023, 3, 1, 3, tzinfo=dt.UTC), tick=False):
        load_demo_progress()
        load_demo_unit_plans()
        load_demo_unit_plans()  # second run: nothing added
    plans = {p.owner_unit.code: p for p in Plan.objects.filter(parent_plan=hp_plan)}
    assert {c: p.status for c, p in plans.items()} == {"HP-STP": "acknowledged", "HP-STTTT": "submitted"}
    stp = plans["HP-STP"]
    assert (
        stp.tasks.filter(parent_task__isnull=False).exists() and stp.tasks.filter(parent_task=None).exists()
    )
    missing = {u.code for u in units_without_plan(hp_plan)}
    assert "HP-STP" not in missing and "HP-STTTT" not in missing and "HP-SNV" in missing
