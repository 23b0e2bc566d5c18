"""The inspection programme: proposal reaching the share, confirmation below it, findings that
become tracked tasks of the inspected unit, the DOCX report, the share inspected vs the target."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.notifications.models import Notification
from cchc.orgs.models import OrgUnit
from cchc.oversight import actions
from cchc.oversight.models import Finding
from cchc.plans.models import Task
from cchc.testing.factories import make_unit
from cchc.tracking.models import Assignment


@pytest.fixture
def more_departments(org_tree):
    """Hải Phòng with 10 inspectable departments (the standing agency itself is not one)."""
    for i in range(8):
        make_unit(org_tree["HP"], f"HP-S{i}", f"Sở số {i}")
    return org_tree


def _create(users, units, ids, **kw):
    return actions.do_create_inspection_plan(
        actor=users["officer"],
        province=units["HP"],
        year=2022,
        unit_ids=ids,
        checklist=[
            {"code": "1", "title": "Chỉ đạo, điều hành"},
            {"code": "2", "title": "Thủ tục hành chính"},
        ],
        team=[{"name": "Nguyễn Thị Thu", "position": "Trưởng đoàn"}],
        **kw,
    )


def _create_three(users, units):
    """The plan most tests start from: Sở Tư pháp, Sở TT&TT and Sở số 0 inspected in 2022."""
    ids = [units["HP-STP"].pk, units["HP-STTTT"].pk, OrgUnit.objects.get(code="HP-S0").pk]
    return _create(users, units, ids)


def _finding(users, ins, kind="ton_tai", **kw):
    return actions.do_add_finding(actor=users["officer"], inspection=ins, kind=kind, **kw)


def test_proposal_reaches_the_share_and_favours_overdue_units(data, more_departments):
    prop = actions.proposal_for(data["units"]["HP"], 2023, ["department"], actions._share("30"))
    assert prop.population == 10 and prop.needed == 3 and len(prop.selected) == 3
    assert prop.rule == "overdue"  # no PAR INDEX scores in this installation
    # Sở Tư pháp has overdue lead work at the end of 2022; the others none, or less
    assert prop.selected[0].code == "HP-STP"


def test_below_share_needs_confirmation_with_a_reason(data, more_departments):
    users, units = data["users"], data["units"]
    with pytest.raises(DomainError) as exc:
        _create(users, units, [units["HP-STP"].pk])
    assert exc.value.code == "below_share" and exc.value.details[0]["needed"] == 3
    with pytest.raises(DomainError):
        _create(users, units, [units["HP-STP"].pk], confirm_below_share=True)  # no reason
    plan = _create(
        users,
        units,
        [units["HP-STP"].pk],
        confirm_below_share=True,
        below_share_reason="Thiếu nhân lực năm 2022",
    )
    assert plan.below_share_reason == "Thiếu nhân lực năm 2022"


def test_only_the_standing_agency_plans_and_units_must_be_in_scope(data, more_departments):
    users, units = data["users"], data["units"]
    with pytest.raises(Forbidden):
        actions.do_create_inspection_plan(actor=users["leader"], province=units["HP"], year=2022, unit_ids=[])
    with pytest.raises(DomainError):
        _create(users, units, [units["DN-STP"].pk])  # another province's unit
    with pytest.raises(DomainError):
        _create(users, units, [units["HP-SNV"].pk])  # the standing agency inspects, is not inspected


def test_finding_with_action_becomes_a_task_of_the_unit(client, data, more_departments):
    users, units = data["users"], data["units"]
    plan = _create_three(users, units)
    ins = plan.inspections.get(unit=units["HP-STP"])
    assert Notification.objects.filter(user=users["reporter"], kind="inspection").exists()
    actions.do_record_inspection(actor=users["officer"], inspection=ins, inspected_on=dt.date(2022, 7, 1))
    _finding(users, ins, kind="dat", checklist_code="1", text="Đầy đủ kế hoạch", evidence="KH 12")
    f = _finding(
        users,
        ins,
        checklist_code="2",
        text="Hồ sơ quá hạn chưa xin lỗi",
        evidence="Sổ theo dõi",
        action="Gửi văn bản xin lỗi",
        action_due=dt.date(2022, 12, 31),
    )
    task = Task.objects.get(pk=f.task_id)
    plan.refresh_from_db()
    assert task.plan_id == plan.followup_plan_id and task.due_date == dt.date(2022, 12, 31)
    a = Assignment.objects.get(task=task)
    assert (a.unit, a.role, a.due_date) == (units["HP-STP"], "lead", dt.date(2022, 12, 31))
    assert AuditEvent.objects.filter(model__icontains="finding").exists()
    # tracked like any task: in the unit's own work list and the province's task list
    client.force_login(users["reporter"])
    mine = client.get(reverse("tracking:my_work")).context["rows"]
    assert a.pk in {r["assignment"]["pk"] for r in mine}
    client.force_login(users["officer"])
    page = client.get(reverse("oversight:inspection_detail", kwargs={"inspection_id": ins.pk}))
    assert reverse("tracking:assignment_detail", kwargs={"assignment_id": a.pk}) in page.content.decode()
    # a second action in the same year lands in the same follow-up plan
    ins2 = plan.inspections.get(unit=units["HP-STTTT"])
    f2 = _finding(users, ins2, text="Chậm số hóa", action="Số hóa hồ sơ", action_due=dt.date(2023, 3, 31))
    assert Task.objects.get(pk=f2.task_id).plan_id == plan.followup_plan_id


def test_bad_findings_are_refused_and_write_nothing(data, more_departments):
    users, units = data["users"], data["units"]
    plan = _create_three(users, units)
    ins = plan.inspections.first()
    for kw in (
        {"kind": "dat", "text": "Tốt", "action": "Làm gì đó", "action_due": dt.date(2022, 12, 1)},
        {"kind": "ton_tai", "text": "Chậm", "action": "Khắc phục"},  # no due date
        {"kind": "ton_tai", "text": "", "action": ""},
        {"kind": "xau", "text": "?"},
        {"kind": "dat", "text": "x", "checklist_code": "99"},
    ):
        with pytest.raises(DomainError):
            actions.do_add_finding(actor=users["officer"], inspection=ins, **kw)
    assert (
        not Finding.objects.exists() and not Task.objects.filter(plan__title__startswith="Khắc phục").exists()
    )
    with pytest.raises(Forbidden):
        actions.do_add_finding(actor=users["head"], inspection=ins, kind="dat", text="x")


def test_report_docx_in_decree_30_layout(client, data, more_departments):
    users, units = data["users"], data["units"]
    plan = _create_three(users, units)
    ins = plan.inspections.get(unit=units["HP-STP"])
    actions.do_record_inspection(
        actor=users["officer"], inspection=ins, inspected_on=dt.date(2022, 7, 1), conclusion="Cơ bản đạt"
    )
    _finding(users, ins, text="Hồ sơ quá hạn", action="Xin lỗi", action_due=dt.date(2022, 9, 1))
    client.force_login(users["officer"])
    resp = client.get(reverse("oversight:inspection_report", kwargs={"inspection_id": ins.pk}))
    assert resp.status_code == 200
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "BIÊN BẢN" in text and "Sở Tư pháp" in text and "Hải Phòng, ngày 01 tháng 7 năm 2022" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Xin lỗi" in cells and "01/09/2022" in cells
    sec = doc.sections[0]
    assert round(sec.left_margin.mm) == 30 and round(sec.right_margin.mm) == 15
    # the inspected unit's head reads its own inspection; another unit's reporter does not
    client.force_login(users["head"])
    assert (
        client.get(reverse("oversight:inspection_detail", kwargs={"inspection_id": ins.pk})).status_code
        == 200
    )
    client.force_login(users["other_reporter"])
    assert (
        client.get(reverse("oversight:inspection_detail", kwargs={"inspection_id": ins.pk})).status_code
        == 404
    )


def test_share_inspected_against_the_target(client, data, more_departments):
    users, units = data["users"], data["units"]
    plan = _create_three(users, units)
    for ins in plan.inspections.all()[:2]:
        actions.do_record_inspection(actor=users["officer"], inspection=ins, inspected_on=dt.date(2022, 7, 1))
    client.force_login(users["leader"])
    row = client.get(reverse("oversight:inspection_plan_list")).context["rows"][0]
    assert (row["coverage"]["planned"], row["coverage"]["done"], row["coverage"]["population"]) == (3, 2, 10)
    assert row["coverage"]["reached"] is False  # 2 of 10 inspected, 3 needed


def test_create_page_proposes_and_asks_for_confirmation(client, data, more_departments):
    users, units = data["users"], data["units"]
    client.force_login(users["officer"])
    page = client.get(reverse("oversight:inspection_plan_create"), {"year": 2023})
    assert page.status_code == 200 and len(page.context["proposed_ids"]) == 3
    form = {
        "year": 2023,
        "levels": "department",
        "required_share": "30",
        "units": [units["HP-STP"].pk],
        "checklist": "1 | Chỉ đạo",
    }
    resp = client.post(reverse("oversight:inspection_plan_create"), form)
    assert resp.status_code == 400 and resp.context["needs_confirmation"]
    assert "Lý do" in resp.content.decode()
    form |= {
        "team": "Nguyễn Thị Thu | Trưởng đoàn | Sở Nội vụ",
        "confirm_below_share": "1",
        "below_share_reason": "Sáp nhập đơn vị",
    }
    resp = client.post(reverse("oversight:inspection_plan_create"), form)
    assert resp.status_code == 302
