"""The standing agency maps a committed plan's unresolved unit mentions; mapping assigns the work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.plans.models import TaskUnit
from cchc.testing.factories import make_task, make_unit
from cchc.tracking.actions import do_map_unit_mention
from cchc.tracking.models import Assignment

pytestmark = pytest.mark.django_db

MENTION = "Ban Quản lý khu kinh tế"


def _unresolved(plan):
    return TaskUnit.objects.filter(task__plan=plan, unit__isnull=True, group__isnull=True)


def test_mapping_a_mention_to_a_unit_creates_its_assignments_on_every_task(plan_setup):
    plan, units, users = plan_setup["plan"], plan_setup["units"], plan_setup["users"]
    other = make_task(plan, "Cải cách tài chính công", unresolved=[MENTION], start_year=2022, end_year=2022)
    result = do_map_unit_mention(actor=users["officer"], plan=plan, text=MENTION, choice="unit:HP-SNV")
    assert (result.mentions, result.created) == (2, 2)
    assert not _unresolved(plan).exists()
    snv = Assignment.objects.filter(unit=units["HP-SNV"])
    assert {a.task_id for a in snv} == {plan_setup["tasks"]["group"].pk, other.pk}
    assert snv.get(task=other).due_date == dt.date(2022, 12, 31)
    assert AuditEvent.objects.filter(model="plans.taskunit", actor_id=users["officer"].pk).count() == 2


def test_mapping_to_a_group_expands_it_at_the_plan_date(plan_setup):
    plan, units, users = plan_setup["plan"], plan_setup["units"], plan_setup["users"]
    make_unit(
        units["HP"], "HP-Q-MOI", "Quận Mới", "district", "urban_district", valid_from=dt.date(2024, 1, 1)
    )
    do_map_unit_mention(actor=users["officer"], plan=plan, text=MENTION, choice="group:HP:cap-huyen")
    task = plan_setup["tasks"]["group"]
    mapped = TaskUnit.objects.get(task=task, text=MENTION)
    assert mapped.group.key == "HP:cap-huyen"
    codes = set(Assignment.objects.filter(task=task, role="lead").values_list("unit__code", flat=True))
    assert "HP-Q-MOI" not in codes  # created after the plan was issued (23/09/2021)


@pytest.mark.parametrize("role", ["reporter", "head", "dn_officer"])
def test_only_the_plans_standing_agency_maps_mentions(plan_setup, role):
    plan = plan_setup["plan"]
    with pytest.raises(Forbidden):
        do_map_unit_mention(actor=plan_setup["users"][role], plan=plan, text=MENTION, choice="unit:HP-SNV")
    assert _unresolved(plan).count() == 1


@pytest.mark.parametrize("choice", ["", "unit:DN-SNV", "unit:NOPE", "group:HP:khong-co"])
def test_a_choice_outside_the_plans_org_tree_is_refused(plan_setup, choice):
    plan = plan_setup["plan"]
    before = Assignment.objects.count()
    with pytest.raises(DomainError):
        do_map_unit_mention(actor=plan_setup["users"]["officer"], plan=plan, text=MENTION, choice=choice)
    assert _unresolved(plan).count() == 1 and Assignment.objects.count() == before


def test_mapping_an_already_mapped_text_is_refused(plan_setup):
    plan, officer = plan_setup["plan"], plan_setup["users"]["officer"]
    do_map_unit_mention(actor=officer, plan=plan, text=MENTION, choice="unit:HP-SNV")
    with pytest.raises(DomainError):
        do_map_unit_mention(actor=officer, plan=plan, text=MENTION, choice="unit:HP-STP")
    assert TaskUnit.objects.get(text=MENTION).unit.code == "HP-SNV"


def test_mentions_page_lists_and_maps(plan_setup, login):
    plan, users = plan_setup["plan"], plan_setup["users"]
    url = reverse("tracking:plan_mentions", kwargs={"plan_id": plan.pk})
    client = login(users["officer"])
    table = client.get(reverse("tracking:plan_table", kwargs={"plan_id": plan.pk})).content.decode()
    assert url in table
    page = client.get(url).content.decode()
    assert MENTION in page and 'value="unit:HP-SNV"' in page and "DN-SNV" not in page
    response = client.post(url, {"text": MENTION, "choice": "unit:HP-SNV"}, follow=True)
    assert "1 phân công mới được tạo" in response.content.decode()
    assert Assignment.objects.filter(unit__code="HP-SNV", task=plan_setup["tasks"]["group"]).exists()
    assert "Mọi đơn vị nêu trong kế hoạch đã được xác định." in client.get(url).content.decode()


@pytest.mark.parametrize("role", ["reporter", "head", "dn_officer"])
def test_mentions_page_is_refused_to_others(plan_setup, login, role):
    plan = plan_setup["plan"]
    client = login(plan_setup["users"][role])
    url = reverse("tracking:plan_mentions", kwargs={"plan_id": plan.pk})
    assert client.get(url).status_code in {403, 404}
    client.post(url, {"text": MENTION, "choice": "unit:HP-SNV"})
    assert _unresolved(plan).count() == 1


def _partial_task(plan):
    from cchc.orgs.models import OrgGroup

    task = make_task(plan, "Rà soát thủ tục hành chính", lead=[], start_year=2022, end_year=2022)
    TaskUnit.objects.create(
        task=task,
        role="support",
        text="Các sở, ban, ngành liên quan",
        group=OrgGroup.objects.get(key="HP:so-ban-nganh"),
    )
    return task


def test_a_restricted_group_is_not_expanded_to_every_member(plan_setup):
    from cchc.tracking.actions import do_assign_plan

    plan = plan_setup["plan"]
    task = _partial_task(plan)
    result = do_assign_plan(plan, actor=None)
    assert result.created == 0 and result.unresolved == 2
    assert not Assignment.objects.filter(task=task).exists()
    from cchc.tracking.queries import unresolved_mentions

    texts = {m["text"]: m for m in unresolved_mentions(plan)}
    assert texts["Các sở, ban, ngành liên quan"]["vague"] is True


def test_mapping_a_restricted_group_to_chosen_units_assigns_only_those(plan_setup):
    plan, officer = plan_setup["plan"], plan_setup["users"]["officer"]
    task = _partial_task(plan)
    result = do_map_unit_mention(
        actor=officer, plan=plan, text="Các sở, ban, ngành liên quan", choice=["unit:HP-STP", "unit:HP-SNV"]
    )
    assert result.created == 2
    assert set(Assignment.objects.filter(task=task).values_list("unit__code", "role")) == {
        ("HP-STP", "support"),
        ("HP-SNV", "support"),
    }
    # mapped to the whole group on purpose: the group's members become the plan's units
    task2 = _partial_task(plan)
    do_map_unit_mention(
        actor=officer, plan=plan, text="Các sở, ban, ngành liên quan", choice="group:HP:so-ban-nganh"
    )
    assert set(Assignment.objects.filter(task=task2).values_list("unit__code", flat=True)) == {
        "HP-SNV",
        "HP-STP",
        "HP-STTTT",
    }
