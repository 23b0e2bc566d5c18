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
    # the third copy got the second's rows in one INSERT … SELECT: the rows the action makes
    # (assigning it again adds nothing), task mapped to task, with one audit event
    s2, s3 = (Plan.objects.get(number=n) for n in ["216-S2/KH-UBND", "216-S3/KH-UBND"])
    fields = ("task__order", "unit", "role", "via_group", "period_label", "start_date", "due_date")

    def rows(p):
        return sorted(Assignment.objects.filter(task__plan=p).values_list(*fields))

    assert rows(s3) == rows(s2) and len(rows(s3)) == 1 + 3 * departments
    assert all(a.family_task_id == a.task_id for a in Assignment.objects.filter(task__plan=s3))
    assert do_assign_plan(s3, actor=None).created == 0
    from cchc.audit.models import AuditEvent

    event = AuditEvent.objects.get(model="tracking.assignment", object_repr__contains="216-S3")
    assert event.changes["template_plan"] == s2.pk and event.province_code == "HP"
    new = OrgUnit.objects.filter(code__contains="-S2-").first()
    assert new.name and not new.name.startswith("Sở Tư pháp")  # names of their own
    # the bulk-inserted history is in the current-progress columns too
    from cchc.tracking.current import differences

    assert Assignment.objects.exclude(current_update=None).exists() and differences() == []
    from cchc.tracking import sortkeys

    assert sortkeys.differences() == []  # the copies' stored sort keys: their plan, order, unit
    with pytest.raises(CommandError):
        call_command("seed_scale", "2")  # once per database
