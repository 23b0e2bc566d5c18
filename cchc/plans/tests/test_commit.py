"""Committing a plan: the rows it creates, atomicity, duplicates, permission, tracking hand-over."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import ConflictError
from cchc.orgs.models import OrgUnit
from cchc.plans.actions import do_commit_plan, do_import_plan
from cchc.plans.models import Area, IndexCriterion, Plan, SurveyTarget, Target, Task, TaskUnit
from cchc.testing.factories import make_user
from cchc.testing.interchange import small_interchange


@pytest.mark.django_db
def test_seed_000_commits_framework_tasks_with_leads_resolved_to_hai_phong_units(demo_tree, seed, no_assign):
    hp = OrgUnit.objects.get(code="HP")
    outcome = do_import_plan(
        actor=demo_tree["officer"], data=seed("000"), filename="000.txt", province=hp, commit=True
    )
    plan = outcome.plan
    assert plan.number == "216/KH-UBND"
    assert plan.issued_on.isoformat() == "2021-09-23"
    assert plan.areas.count() == 8
    framework = plan.tasks.exclude(area=None)
    assert 100 <= framework.count() <= 140
    # the first activity of the annex (I. Cải cách thể chế): "Xây dựng, ban hành kế hoạch …", led by Sở Tư pháp
    first = framework.filter(area__code="I").order_by("order").first()
    lead = first.unit_mentions.filter(role="lead").first()
    assert lead.unit is not None and lead.unit.code == "HP-STP"  # Sở Tư pháp of Hải Phòng
    assert lead.unit.name == "Sở Tư pháp"
    # cells are split against the tree of 2021, where Sở Thông tin và Truyền thông still existed
    # (merged in 2025): one unit, not "Sở Thông tin" and "Truyền thông"
    stttt = TaskUnit.objects.filter(task__plan=plan, unit__code="HP-STTTT")
    assert stttt.count() >= 10
    assert not TaskUnit.objects.filter(task__plan=plan, text__in=["Truyền thông", "Sở Thông tin"]).exists()
    assert TaskUnit.objects.filter(task__plan=plan, unit__code="HP-STNMT").exists()
    # unresolved mentions are kept as written, never dropped
    unresolved = TaskUnit.objects.filter(task__plan=plan, unit=None, group=None)
    assert unresolved.exists()
    assert all(m.text for m in unresolved)
    # most framework rows name a resolved lead
    resolved = TaskUnit.objects.filter(task__in=framework, role="lead").exclude(unit=None, group=None)
    assert resolved.values("task").distinct().count() >= 0.7 * framework.count()
    event = AuditEvent.objects.get(action="import", object_id=str(plan.pk))
    assert event.changes["tasks"][1] == plan.tasks.count()
    assert event.changes["areas"][1] == 8


@pytest.mark.django_db
def test_hanoi_seed_keeps_index_and_sipas_tables(demo_tree, seed, no_assign):
    plan = do_import_plan(
        actor=None, data=seed("003"), filename="003.txt", province=OrgUnit.objects.get(code="HN"), commit=True
    ).plan
    assert plan.index_criteria.count() >= 30
    assert plan.survey_targets.count() >= 5


@pytest.mark.django_db
def test_small_plan_rows_and_resolution(users, org_tree, no_assign):
    plan = do_commit_plan(actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"])
    assert (Area.objects.count(), Target.objects.count(), Task.objects.count()) == (1, 1, 2)
    task = plan.tasks.get(order=0)
    assert task.parent_title == "Rà soát văn bản" and str(task.due_date) == "2023-06-30"
    mentions = {m.text: m for m in task.unit_mentions.all()}
    assert mentions["Sở Tư pháp"].unit == org_tree["HP-STP"]
    assert mentions["Sở Thông tin và Truyền thông"].unit == org_tree["HP-STTTT"]
    assert mentions["Ban XYZ"].unit is None and mentions["Ban XYZ"].group is None
    assert plan.tasks.get(order=1).recurrence == "yearly"
    assert IndexCriterion.objects.count() == SurveyTarget.objects.count() == 0


@pytest.mark.django_db
def test_failure_mid_commit_leaves_no_plan_rows(users, org_tree, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(TaskUnit.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        do_commit_plan(actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"])
    assert Plan.objects.count() == Task.objects.count() == Area.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


@pytest.mark.django_db
def test_failure_mid_import_leaves_no_plan_or_preview(demo_tree, seed, monkeypatch):
    from cchc.plans.models import PlanImport

    monkeypatch.setattr(
        TaskUnit.objects, "bulk_create", lambda *a, **k: (_ for _ in ()).throw(ValueError("x"))
    )
    with pytest.raises(ValueError):
        do_import_plan(
            actor=None,
            data=seed("000"),
            filename="000.txt",
            province=OrgUnit.objects.get(code="HP"),
            commit=True,
        )
    assert Plan.objects.count() == Task.objects.count() == PlanImport.objects.count() == 0


@pytest.mark.django_db
def test_same_number_refused_unless_replace(users, org_tree, no_assign):
    first = do_commit_plan(actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"])
    with pytest.raises(ConflictError) as err:
        do_commit_plan(actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"])
    assert "01/KH-UBND" in str(err.value.message) and "đã có" in str(err.value.message)
    assert Plan.objects.count() == 1
    second = do_commit_plan(
        actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"], replace=True
    )
    assert list(Plan.objects.values_list("pk", flat=True)) == [second.pk]
    assert second.pk != first.pk
    # another province may use the same number
    do_commit_plan(actor=users["dn_officer"], interchange=small_interchange(), province=org_tree["DN"])
    assert Plan.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reporter", "leader", "dn_officer"])
def test_only_the_provinces_standing_officer_may_commit(users, org_tree, who):
    with pytest.raises(Forbidden):
        do_commit_plan(actor=users[who], interchange=small_interchange(), province=org_tree["HP"])
    assert Plan.objects.count() == 0


@pytest.mark.django_db
def test_commit_hands_the_plan_to_task_tracking(users, org_tree, monkeypatch):
    calls = []
    import cchc.tracking.actions as tracking

    monkeypatch.setattr(tracking, "do_assign_plan", lambda plan, *, actor: calls.append((plan.pk, actor)))
    plan = do_commit_plan(actor=users["officer"], interchange=small_interchange(), province=org_tree["HP"])
    assert calls == [(plan.pk, users["officer"])]


@pytest.mark.django_db
def test_index_plan_page_shows_the_par_index_and_sipas_tables(demo_tree, seed, no_assign, client):
    hanoi_officer = make_user("snv.hn", "HN-SNV", "standing_officer", full_name="Cán bộ SNV Hà Nội")
    plan = do_import_plan(
        actor=hanoi_officer,
        data=seed("003"),
        filename="003.txt",
        province=OrgUnit.objects.get(code="HN"),
        commit=True,
    ).plan
    client.force_login(hanoi_officer)
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    criterion = plan.index_criteria.exclude(lead_text="").first()
    survey = plan.survey_targets.exclude(implementers_text="").first()
    assert criterion.lead_text in html and survey.implementers_text in html
    assert "Chỉ số hài lòng (SIPAS)" in html
