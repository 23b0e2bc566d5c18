"""The lists' sort keys stored on each assignment (``tracking.sortkeys``) equal their sources (the
task's plan and order, the unit's code) after every kind of write, and the lists' order read
from them is the order the joins gave."""

from __future__ import annotations

import pytest
import time_machine
from django.db.models import F

from cchc.orgs.models import OrgUnit
from cchc.plans.hooks import plan_changed
from cchc.tracking import queries, sortkeys
from cchc.tracking.models import Assignment
from cchc.tracking.tests.test_current import NOW, _demo

pytestmark = pytest.mark.django_db

# the lists' sorts as they read the joined rows before the keys were stored
JOINED = {
    "due": (F("due_date").asc(nulls_last=True), "task__plan_id", "task__order", "unit__code", "period_label"),
    "-due": (
        F("due_date").desc(nulls_last=True),
        "task__plan_id",
        "task__order",
        "unit__code",
        "period_label",
    ),
    "unit": ("unit__code", F("due_date").asc(nulls_last=True), "task__order", "period_label"),
    "state": ("state", F("due_date").asc(nulls_last=True), "task__order", "unit__code"),
    "percent": ("percent_as_of", F("due_date").asc(nulls_last=True), "task__order", "unit__code"),
    "-updated": (F("updated_as_of").desc(nulls_last=True), "task__order", "unit__code"),
    "task": ("task__plan_id", "task__order", "period_label", "-role", "unit__code"),
}


def _names(ordering) -> list[str]:
    """The values a sort orders by (rows equal in all of them may come in any order)."""
    return [k.lstrip("-") if isinstance(k, str) else k.expression.name for k in ordering]


def test_demo_writes_keep_the_sort_keys_and_the_lists_keep_their_order(hp_plan):
    """Assigning the plan (bulk), the units' own plans and the moves of closed units' work."""
    with time_machine.travel(NOW, tick=False):
        _demo(hp_plan)
        rows = Assignment.objects.all()
        assert rows.filter(moved_to__isnull=False).exists()  # moves of closed units' work ran
        assert rows.filter(task__plan__parent_plan__isnull=False).exists()  # unit-plan copies
        assert rows.count() > 1000 and sortkeys.differences() == []
        assert not rows.filter(sort_plan=0).exists() and not rows.filter(sort_unit_code="").exists()
        today = NOW.date()
        assert set(JOINED) == set(queries.SORTS)
        for sort, joined in JOINED.items():
            for status in ("", "overdue"):
                scoped = queries.scoped_assignments(as_of=today)
                stored = queries.sorted_states(scoped, today, status=status, sort=sort)
                before = stored.order_by(*joined)
                got = list(stored.values_list(*_names(joined)))
                assert len(got) > 10 and got == list(before.values_list(*_names(joined))), (sort, status)


def test_a_saved_assignment_gets_its_keys_and_a_later_save_keeps_them(plan_setup):
    a = Assignment.objects.filter(task=plan_setup["tasks"]["law"]).first()
    assert (a.sort_plan, a.sort_order, a.sort_unit_code) == (a.task.plan_id, a.task.order, a.unit.code)
    a.delete()
    a.pk = None
    a._state.adding = True
    a.sort_plan, a.sort_unit_code = 0, ""
    a.save()
    assert sortkeys.differences() == []
    stale = Assignment.objects.get(pk=a.pk)
    Assignment.objects.filter(pk=a.pk).update(sort_unit_code="ZZ")  # as if recoded meanwhile
    stale.save()  # an instance loaded earlier does not put its keys back
    assert Assignment.objects.get(pk=a.pk).sort_unit_code == "ZZ"


def test_a_tasks_order_changed_is_followed_through_the_plans_hook(plan_setup):
    task = plan_setup["tasks"]["law"]
    Task = type(task)
    Task.objects.filter(pk=task.pk).update(order=task.order + 100)
    assert {d[0] for d in sortkeys.differences()} == set(
        Assignment.objects.filter(task=task).values_list("pk", flat=True)
    )
    plan_changed(task.plan, actor=None)
    assert sortkeys.differences() == []


def test_a_unit_recoded_in_the_admin_keeps_its_rows_sort_keys(plan_setup, rf):
    from django.contrib.admin.sites import site

    from cchc.orgs.admin import OrgUnitAdmin

    unit = Assignment.objects.filter(task=plan_setup["tasks"]["law"]).first().unit
    request = rf.post("/")
    request.user = plan_setup["users"].get("admin") or next(iter(plan_setup["users"].values()))
    unit.code = unit.code + "-MOI"
    form = type("Form", (), {"changed_data": ["code"]})()
    OrgUnitAdmin(OrgUnit, site).save_model(request, unit, form, change=True)
    assert Assignment.objects.filter(unit=unit, sort_unit_code=unit.code).exists()
    assert sortkeys.differences() == []


def test_refresh_repairs_a_tampered_key_and_writes_only_what_differs(plan_setup):
    a = Assignment.objects.filter(task=plan_setup["tasks"]["law"]).first()
    assert sortkeys.refresh_sort_keys() == 0
    Assignment.objects.filter(pk=a.pk).update(sort_order=999)
    assert [d[0] for d in sortkeys.differences()] == [a.pk]
    assert sortkeys.refresh_sort_keys(Assignment.objects.filter(unit=a.unit)) == 1
    assert sortkeys.differences() == []
