"""Standing duties of "các cơ quan, đơn vị" reach every unit the plan addresses."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.plans.models import TaskUnit
from cchc.testing.factories import make_area, make_plan, make_task, make_unit
from cchc.tracking.actions import do_assign_plan
from cchc.tracking.models import Assignment
from cchc.tracking.queries import units_without_plan, unresolved_mentions

pytestmark = pytest.mark.django_db


def _duty(
    plan, text="các cơ quan, đơn vị", title="Cụ thể hóa Kế hoạch này thành kế hoạch CCHC của cơ quan, đơn vị"
):
    task = make_task(plan, title, area=make_area(plan), due_date=dt.date(2021, 10, 20))
    TaskUnit.objects.create(task=task, role="lead", text=text, vague=True, order=0)
    return task


def test_every_unit_of_the_groups_the_plan_names_gets_the_duty(plan_setup):
    plan = plan_setup["plan"]
    task = _duty(plan)
    do_assign_plan(plan, actor=None)
    leads = set(Assignment.objects.filter(task=task, role="lead").values_list("unit__code", flat=True))
    # the plan names "UBND các quận, huyện" (the group task): its members at the plan's date
    assert leads == {"HP-Q-HONGBANG", "HP-H-ANLAO"}
    assert all(a.due_date == dt.date(2021, 10, 20) for a in Assignment.objects.filter(task=task))
    assert "các cơ quan, đơn vị" not in {m["text"] for m in unresolved_mentions(plan)}
    # making their own plan: every one of them is listed until it submits
    assert {u.code for u in units_without_plan(plan)} >= leads


def test_without_named_groups_the_provinces_departments_and_districts_are_addressed(org_tree):
    plan = make_plan(org_tree, number="99/KH-UBND")
    task = _duty(plan, "Tất cả các cơ quan, đơn vị trên địa bàn thành phố")
    restricted = _duty(plan, "các cơ quan, đơn vị có liên quan", "Phối hợp tuyên truyền")
    do_assign_plan(plan, actor=None)
    leads = set(Assignment.objects.filter(task=task).values_list("unit__code", flat=True))
    assert leads == {"HP-SNV", "HP-STP", "HP-STTTT", "HP-Q-HONGBANG", "HP-H-ANLAO"}
    assert not Assignment.objects.filter(task=restricted).exists()  # "có liên quan": the agency picks
    assert "các cơ quan, đơn vị có liên quan" in {m["text"] for m in unresolved_mentions(plan)}


def test_a_unit_created_after_the_plan_is_not_addressed(org_tree):

    make_unit(org_tree["HP"], "HP-SNEW", "Sở Mới", valid_from=dt.date(2024, 1, 1))
    plan = make_plan(org_tree, number="98/KH-UBND")
    task = _duty(plan)
    do_assign_plan(plan, actor=None)
    assert not Assignment.objects.filter(task=task, unit__code="HP-SNEW").exists()
    assert do_assign_plan(plan, actor=None).created == 0  # idempotent
