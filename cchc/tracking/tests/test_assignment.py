"""Committing a plan assigns each task to its units, per period, idempotently."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.plans.models import TaskUnit
from cchc.testing.factories import make_unit
from cchc.tracking.actions import do_assign_plan, do_record_event
from cchc.tracking.models import Assignment

pytestmark = pytest.mark.django_db


def test_lead_and_support_units_get_assignments(plan_setup):
    t = plan_setup["tasks"]
    rows = Assignment.objects.filter(task=t["law"])
    assert {(a.unit.code, a.role) for a in rows} == {("HP-STP", "lead"), ("HP-STTTT", "support")}
    assert all(a.due_date == dt.date(2022, 12, 31) for a in rows)


def test_range_is_due_at_end_of_its_last_year(plan_setup):
    a = Assignment.objects.get(task=plan_setup["tasks"]["digital"])
    assert a.due_date == dt.date(2025, 12, 31) and a.start_date == dt.date(2021, 1, 1)


def test_yearly_task_gets_one_instance_per_plan_year(plan_setup):
    rows = Assignment.objects.filter(task=plan_setup["tasks"]["yearly"]).order_by("period_label")
    assert [a.period_label for a in rows] == ["2021", "2022", "2023", "2024", "2025"]
    assert [a.due_date for a in rows] == [dt.date(y, 12, 31) for y in range(2021, 2026)]


def test_continuous_task_is_one_assignment_without_due_date(plan_setup):
    a = Assignment.objects.get(task=plan_setup["tasks"]["continuous"])
    assert a.due_date is None and a.period_label == ""


def test_group_expands_to_members_at_plan_date_and_unresolved_stays_visible(plan_setup):
    task = plan_setup["tasks"]["group"]
    codes = set(
        Assignment.objects.filter(task=task, via_group__isnull=False).values_list("unit__code", flat=True)
    )
    assert codes == {"HP-Q-HONGBANG", "HP-H-ANLAO"}
    assert TaskUnit.objects.filter(task=task, unit__isnull=True, group__isnull=True).count() == 1


def test_assigning_twice_creates_nothing_new_and_fixed_mapping_adds_missing(plan_setup):
    plan, units = plan_setup["plan"], plan_setup["units"]
    before = Assignment.objects.count()
    again = do_assign_plan(plan, actor=None)
    assert again.created == 0 and again.unresolved == 1
    assert Assignment.objects.count() == before
    TaskUnit.objects.filter(unit__isnull=True, group__isnull=True).update(unit=units["HP-SNV"])
    fixed = do_assign_plan(plan, actor=None)
    assert fixed.created == 1
    assert Assignment.objects.filter(task=plan_setup["tasks"]["group"], unit=units["HP-SNV"]).exists()


def test_reporter_cannot_assign_a_province_plan(plan_setup):
    from cchc.accounts.policy import Forbidden

    with pytest.raises(Forbidden):
        do_assign_plan(plan_setup["plan"], actor=plan_setup["users"]["reporter"])


def test_event_bound_task_waits_until_event_is_recorded(plan_setup):
    task = plan_setup["tasks"]["event"]
    a = Assignment.objects.get(task=task)
    assert a.due_date is None
    from cchc.accounts.policy import Forbidden
    from cchc.tracking.queries import row_as_of

    assert row_as_of(a, dt.date(2022, 1, 1)).state == "waiting_event"
    with pytest.raises(Forbidden):
        do_record_event(actor=plan_setup["users"]["reporter"], task=task, event_date=dt.date(2022, 3, 1))
    do_record_event(actor=plan_setup["users"]["officer"], task=task, event_date=dt.date(2022, 3, 1))
    a.refresh_from_db()
    assert a.due_date == dt.date(2022, 5, 30)  # 90 days
    assert row_as_of(a, dt.date(2022, 6, 1)).state == "overdue"


def test_group_members_are_those_of_the_plans_date_not_today(org_tree):
    from cchc.orgs.models import OrgGroup
    from cchc.testing.factories import make_plan, make_task

    hp = org_tree["HP"]
    make_unit(hp, "HP-H-CU", "Huyện Cũ", "district", "rural_district", valid_to=dt.date(2020, 12, 31))
    make_unit(hp, "HP-Q-MOI", "Quận Mới", "district", "urban_district", valid_from=dt.date(2024, 1, 1))
    plan = make_plan(org_tree, number="1/KH-UBND", issued=dt.date(2021, 3, 1))
    later = make_plan(org_tree, number="2/KH-UBND", issued=dt.date(2024, 6, 1), start=2024, end=2025)
    group = OrgGroup.objects.get(key="HP:cap-huyen")
    for p in (plan, later):
        make_task(p, "Đơn giản hóa thủ tục hành chính", groups=[group], start_year=2024, end_year=2024)
        do_assign_plan(p, actor=None)

    def codes(p):
        return set(Assignment.objects.filter(task__plan=p).values_list("unit__code", flat=True))

    assert codes(plan) == {"HP-Q-HONGBANG", "HP-H-ANLAO"}
    assert codes(later) == {"HP-Q-HONGBANG", "HP-H-ANLAO", "HP-Q-MOI"}
