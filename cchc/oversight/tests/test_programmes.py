"""Issue 21 point 7: inspection programmes per organising unit, the standing agency never in its
own population, unscored units first, team members (any unit) recording findings, and the
dashboard panel of share inspected vs required per organiser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.orgs.importing import load_shipped_trees
from cchc.orgs.models import OrgUnit
from cchc.oversight import actions, queries, sources
from cchc.oversight.models import Finding, Inspection, InspectionPlan
from cchc.testing.factories import make_unit, make_user


@pytest.fixture
def subordinates(org_tree):
    """Sở TT&TT with four subordinate units (one closed before 2022) and a head."""
    dept = org_tree["HP-STTTT"]
    units = [
        make_unit(dept, f"HP-STTTT-{i}", f"Trung tâm {i}", "other", "public_service_unit") for i in range(3)
    ]
    make_unit(
        dept,
        "HP-STTTT-OLD",
        "Trung tâm đã giải thể",
        "other",
        "public_service_unit",
        valid_to=dt.date(2021, 6, 30),
    )
    return units


@pytest.fixture
def dept_head(org_tree):
    return make_user("giamdoc.stttt", org_tree["HP-STTTT"], "unit_head", full_name="Giám đốc Sở TT&TT")


def _team_member(org_tree):
    # a reporter of another department: on the team, not a coordinator of anything
    return make_user("thanhvien.stp", org_tree["HP-STP"], "reporter", full_name="Thành viên đoàn")


def test_shipped_org_data_flags_each_standing_agency_and_it_is_never_inspected(db):
    load_shipped_trees()
    flagged = set(OrgUnit.objects.filter(is_standing_agency=True).values_list("code", flat=True))
    assert {"HP-SNV", "HN-SNV", "DN-SNV", "HD-SNV", "VP-SNV"} <= flagged
    hp = OrgUnit.objects.get(code="HP")
    population = sources.inspectable_units(hp, ["department"], dt.date(2023, 1, 1))
    assert not population.filter(code="HP-SNV").exists()
    assert population.filter(code="HP-STP").exists()
    proposal = actions.proposal_for(hp, 2023, ["department"], actions._share("1"))
    assert "HP-SNV" not in {c.code for c in proposal.selected}  # even at 100%


def test_import_without_the_column_keeps_the_flag_and_with_it_sets_it(org_tree):
    from cchc.orgs.importing import do_import_orgs

    csv_no_col = "code,parent_code,level,kind,name\nHP-SNV,HP,department,department,Sở Nội vụ\n".encode()
    do_import_orgs(actor=None, data=csv_no_col, filename="u.csv")
    assert OrgUnit.objects.get(code="HP-SNV").is_standing_agency
    csv_col = "code,parent_code,level,kind,name,standing_agency\nHP-SNV,HP,department,department,Sở Nội vụ,\n"
    do_import_orgs(actor=None, data=csv_col.encode(), filename="u.csv")
    assert not OrgUnit.objects.get(code="HP-SNV").is_standing_agency


def test_department_programme_over_its_subordinates(org_tree, users, subordinates, dept_head):
    dept, hp = org_tree["HP-STTTT"], org_tree["HP"]
    population = list(sources.inspectable_units(hp, [], dt.date(2022, 1, 1), dept))
    # the subordinates valid in 2022: the closed one is out, the department itself is out
    assert {u.code for u in population} == {u.code for u in subordinates}
    proposal = actions.proposal_for(hp, 2022, [], actions._share("0.3"), dept)
    assert proposal.needed == 1 and proposal.population == 3
    plan = actions.do_create_inspection_plan(
        actor=dept_head,
        province=hp,
        organiser=dept,
        year=2022,
        unit_ids=[c.unit_id for c in proposal.selected],
        levels=[],
    )
    assert plan.organiser == dept and plan.population_count == 3
    # the province's own programme of the same year is a separate one
    province_plan = actions.do_create_inspection_plan(
        actor=users["officer"], province=hp, year=2022, unit_ids=[org_tree["HP-STP"].pk], required_share="0.3"
    )
    assert province_plan.organiser == hp and province_plan.population_count == 2  # STP, STTTT
    # a unit outside the department's subtree is refused
    with pytest.raises(DomainError) as exc:
        actions.do_create_inspection_plan(
            actor=dept_head, province=hp, organiser=dept, year=2023, unit_ids=[org_tree["HP-STP"].pk]
        )
    assert "không thuộc diện kiểm tra" in exc.value.message
    # another department's head may not draw up Sở TT&TT's programme
    with pytest.raises(Forbidden):
        actions.do_create_inspection_plan(
            actor=users["head"], province=hp, organiser=dept, year=2023, unit_ids=[subordinates[0].pk]
        )
    assert InspectionPlan.objects.count() == 2


def test_team_member_of_another_unit_records_findings_others_are_refused(
    client, org_tree, users, more_departments_free
):
    hp = org_tree["HP"]
    member = _team_member(org_tree)
    plan = actions.do_create_inspection_plan(
        actor=users["officer"],
        province=hp,
        year=2022,
        unit_ids=[org_tree["HP-STTTT"].pk],
        required_share="0.3",
        members=["thanhvien.stp"],
        checklist=[{"code": "1", "title": "Chỉ đạo, điều hành"}],
    )
    ins = plan.inspections.get()
    client.force_login(member)
    url = reverse("oversight:inspection_detail", kwargs={"inspection_id": ins.pk})
    assert client.get(url).status_code == 200
    r = client.post(url, {"op": "finding", "kind": "dat", "text": "Đạt yêu cầu", "checklist_code": "1"})
    assert r.status_code == 302
    assert Finding.objects.filter(inspection=ins, text="Đạt yêu cầu").count() == 1
    assert AuditEvent.objects.filter(model__iendswith="finding", actor_id=member.pk).exists()
    # the member sees the programme in the list
    assert "Kế hoạch kiểm tra" in client.get(reverse("oversight:inspection_plan_list")).content.decode()

    # someone not on the team: a clear message, nothing saved
    client.force_login(users["other_reporter"])  # Sở TT&TT's reporter: reads the inspection of its unit
    before = Finding.objects.count()
    r = client.post(url, {"op": "finding", "kind": "dat", "text": "Tự ghi", "checklist_code": "1"})
    assert r.status_code == 403
    assert "không có tên trong đoàn kiểm tra" in r.content.decode()
    assert Finding.objects.count() == before
    with pytest.raises(Forbidden):
        actions.do_add_finding(actor=users["other_reporter"], inspection=ins, kind="dat", text="x")
    assert Finding.objects.count() == before

    # the organiser changes the team: the member is off it and refused from then on
    actions.do_set_inspection_team(actor=users["officer"], plan=plan, usernames=[])
    with pytest.raises(Forbidden):
        actions.do_add_finding(actor=member, inspection=ins, kind="dat", text="Sau khi rời đoàn")
    with pytest.raises(DomainError):
        actions.do_set_inspection_team(actor=users["officer"], plan=plan, usernames=["khong-co-ai"])


@pytest.fixture
def more_departments_free(org_tree):
    return org_tree


def test_dashboard_panel_share_inspected_per_organiser(
    client, org_tree, users, subordinates, dept_head, django_assert_max_num_queries
):
    hp = org_tree["HP"]
    province_plan = actions.do_create_inspection_plan(
        actor=users["officer"], province=hp, year=2022, unit_ids=[org_tree["HP-STP"].pk], required_share="0.3"
    )
    dept_plan = actions.do_create_inspection_plan(
        actor=dept_head,
        province=hp,
        organiser=org_tree["HP-STTTT"],
        year=2022,
        unit_ids=[subordinates[0].pk],
        levels=[],
    )
    Inspection.objects.filter(plan=dept_plan).update(status="done", inspected_on=dt.date(2022, 9, 1))
    with django_assert_max_num_queries(1):
        rows = queries.programme_coverage(hp, 2022)
    by = {r["organiser"].code: r for r in rows}
    assert [r["organiser"].code for r in rows] == ["HP", "HP-STTTT"]
    assert (by["HP"]["done"], by["HP"]["needed"], by["HP"]["reached"]) == (0, 1, False)
    assert (by["HP-STTTT"]["done"], by["HP-STTTT"]["population"], by["HP-STTTT"]["reached"]) == (1, 3, True)
    client.force_login(users["leader"])
    body = client.get(reverse("oversight:dashboard"), {"year": 2022}).content.decode()
    assert 'data-panel="inspections"' in body
    assert "Sở Thông tin và Truyền thông" in body and "Chưa đạt (0/1)" in body
    assert province_plan.pk
