"""``cchc seed-scale N`` grows a province: N times its units and plans, the same group expansion."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan
from cchc.testing.factories import make_area, make_plan, make_task
from cchc.tracking.actions import do_assign_plan
from cchc.tracking.models import Assignment

pytestmark = pytest.mark.django_db


def test_seed_scale_multiplies_units_and_plans_with_the_same_group_expansion(org_tree, capsys):
    from cchc.orgs.models import OrgGroup

    hp = org_tree["HP"]
    group = OrgGroup.objects.create(
        key="HP:test-sbn", province=hp, name="Các Sở, ban, ngành", levels=["department"]
    )
    plan = make_plan(org_tree)
    make_task(
        plan,
        "Rà soát thủ tục hành chính",
        area=make_area(plan),
        lead=[org_tree["HP-STP"]],
        groups=[group],
        timeframe_text="2022",
        start_year=2022,
        end_year=2022,
    )
    do_assign_plan(plan, actor=None)
    departments = OrgUnit.objects.filter(province=hp, level="department").count()
    call_command("seed_scale", "3")
    assert OrgUnit.objects.filter(province=hp, level="department").count() == 3 * departments
    copies = Plan.objects.filter(number__in=["216-S2/KH-UBND", "216-S3/KH-UBND"])
    assert copies.count() == 2
    for p in [plan, *copies]:
        # the group reaches every department of the grown province, the lead stays one unit
        assert Assignment.objects.filter(task__plan=p, role="support").count() == 3 * departments
        assert Assignment.objects.filter(task__plan=p, role="lead").count() == 1
    new = OrgUnit.objects.filter(code__contains="-S2-").first()
    assert new.name and not new.name.startswith("Sở Tư pháp")  # names of their own
    # the bulk-inserted history is in the current-progress columns too
    from cchc.tracking.current import differences

    assert Assignment.objects.exclude(current_update=None).exists() and differences() == []
    with pytest.raises(CommandError):
        call_command("seed_scale", "2")  # once per database
