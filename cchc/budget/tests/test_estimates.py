"""Preparing, submitting, appraising and returning a unit's CCHC budget estimate (budget.actions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.budget.actions import (
    LineInput,
    do_appraise_estimate,
    do_create_round,
    do_save_estimate,
    do_submit_estimate,
)
from cchc.budget.models import BudgetEstimate, EstimateStatus
from cchc.core.errors import ConflictError, DomainError

pytestmark = pytest.mark.django_db


def _draft(world, lines, total=550_000_000, actor="reporter"):
    return do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines, total, "", actor=world["users"][actor]
    )


def test_a_reporter_saves_a_draft_with_lines_and_it_is_audited(world, lines_of):
    est = _draft(world, lines_of)
    assert est.status == EstimateStatus.DRAFT
    assert [ln.requested for ln in est.lines.all()] == [
        Decimal(300_000_000),
        Decimal(200_000_000),
        Decimal(50_000_000),
    ]
    assert est.lines.get(task=None).description == "Tập huấn cán bộ làm công tác CCHC"
    events = AuditEvent.objects.filter(model="budget.budgetestimate", object_id=str(est.pk))
    assert {e.action for e in events} == {"create", "update"}
    assert all(e.actor_name == world["users"]["reporter"].get_full_name() for e in events)
    lines_event = events.get(note="Các dòng dự toán")
    before, after = lines_event.changes["lines"]
    assert before == [] and [row[3] for row in after] == ["300000000", "200000000", "50000000"]


def test_saving_again_replaces_the_lines_and_records_what_changed(world, lines_of):
    est = _draft(world, lines_of)
    again = do_save_estimate(est, None, None, lines_of[:1], None, "sửa", actor=world["users"]["head"])
    assert again.pk == est.pk and again.lines.count() == 1 and again.declared_total is None
    last = AuditEvent.objects.filter(object_id=str(est.pk), note="Các dòng dự toán").order_by("-id").first()
    assert len(last.changes["lines"][0]) == 3 and len(last.changes["lines"][1]) == 1


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (LineInput(None, "Tập huấn", "province", "-5.000.000"), "không được âm"),
        (LineInput(None, "Tập huấn", "province", "1.250,5"), "số lẻ"),
        (LineInput(None, "Tập huấn", "province", 12.5), "số lẻ"),
        (LineInput(None, "Tập huấn", "province", "một trăm triệu"), "không phải là số"),
        (LineInput(None, "Tập huấn", "province", ""), "Chưa nhập số tiền"),
        (LineInput(None, "", "province", "1000"), "phải ghi nội dung"),
        (LineInput(None, "Tập huấn", "ngan-sach", "1000"), "nguồn kinh phí"),
    ],
)
def test_a_bad_line_is_refused_and_nothing_is_saved(world, lines_of, counts, bad, words):
    _draft(world, lines_of)
    before = counts()
    with pytest.raises(DomainError) as err:
        do_save_estimate(
            None,
            world["round"],
            world["units"]["HP-STP"],
            [*lines_of, bad],
            None,
            "",
            actor=world["users"]["reporter"],
        )
    assert words in err.value.details[0] and err.value.details[0].startswith("Dòng 4")
    assert counts() == before
    assert BudgetEstimate.objects.get().lines.count() == 3  # the draft is as it was


def test_a_line_for_another_units_task_is_refused(world, lines_of, counts):
    before = counts()
    digital = world["tasks"]["digital"]  # led by Sở TT&TT only
    with pytest.raises(DomainError) as err:
        _draft(world, [*lines_of, LineInput(digital.pk, "", "province", 1000)], total=None)
    assert "không giao cho đơn vị Sở Tư pháp" in err.value.details[0]
    assert counts() == before


def test_a_supporting_unit_may_budget_the_task_it_supports(world):
    law = world["tasks"]["law"]  # Sở TT&TT supports it
    est = do_save_estimate(
        None,
        world["round"],
        world["units"]["HP-STTTT"],
        [LineInput(law.pk, "", "province", 1000)],
        1000,
        "",
        actor=world["users"]["other_reporter"],
    )
    assert est.lines.get().task == law


def test_an_unknown_task_id_is_refused(world, counts):
    before = counts()
    with pytest.raises(DomainError) as err:
        _draft(world, [LineInput(10**9, "", "province", 1000)], total=None)
    assert "không có nhiệm vụ này" in err.value.details[0]
    assert counts() == before


def test_a_declared_total_not_matching_the_lines_is_refused(world, lines_of, counts):
    before = counts()
    with pytest.raises(DomainError) as err:
        _draft(world, lines_of, total="560.000.000")
    assert "Tổng cộng 560.000.000 đ không khớp với tổng các dòng 550.000.000 đ" in err.value.message
    assert counts() == before


def test_only_the_units_people_prepare_its_estimate(world, lines_of, counts):
    before = counts()
    for name in ("other_reporter", "finance", "leader", "dn_officer"):
        with pytest.raises(Forbidden):
            _draft(world, lines_of, actor=name)
    assert counts() == before


def test_a_unit_of_another_province_gets_no_estimate_in_the_round(world, counts):
    before = counts()
    with pytest.raises(DomainError):
        do_save_estimate(None, world["round"], world["units"]["DN-STP"], [], None, "", actor=None)
    assert counts() == before


# ------------------------------------------------------------------------------------ submission


def test_the_unit_head_submits_on_time_and_it_is_judged_by_the_local_day(world, lines_of, time_machine):
    est = _draft(world, lines_of)
    time_machine.move_to(dt.datetime(2021, 12, 15, 16, 59, tzinfo=dt.UTC))  # 23:59 in Hà Nội
    do_submit_estimate(est, actor=world["users"]["head"])
    est.refresh_from_db()
    assert est.status == EstimateStatus.SUBMITTED and est.on_time is True
    assert est.submitted_by == world["users"]["head"]
    event = AuditEvent.objects.filter(object_id=str(est.pk), note="Gửi dự toán").get()
    assert event.changes["status"] == ["draft", "submitted"]


def test_a_submission_after_the_due_day_is_late(world, lines_of, time_machine):
    est = _draft(world, lines_of)
    time_machine.move_to(dt.datetime(2021, 12, 15, 17, 1, tzinfo=dt.UTC))  # 00:01 on the 16th
    do_submit_estimate(est, actor=world["users"]["head"])
    est.refresh_from_db()
    assert est.on_time is False


def test_a_reporter_cannot_submit_and_a_draft_without_a_matching_total_cannot_be_sent(
    world, lines_of, counts
):
    est = _draft(world, lines_of, total=None)
    before = counts()
    with pytest.raises(Forbidden):
        do_submit_estimate(est, actor=world["users"]["reporter"])
    with pytest.raises(DomainError, match="Chưa ghi tổng cộng"):
        do_submit_estimate(est, actor=world["users"]["head"])
    empty = do_save_estimate(est, None, None, [], None, "", actor=world["users"]["head"])
    before = counts()
    with pytest.raises(DomainError, match="chưa có dòng"):
        do_submit_estimate(empty, actor=world["users"]["head"])
    assert counts() == before


def test_a_submitted_estimate_is_no_longer_edited(world, lines_of, counts):
    est = _draft(world, lines_of)
    do_submit_estimate(est, actor=world["users"]["head"])
    before = counts()
    with pytest.raises(DomainError, match="không sửa được"):
        do_save_estimate(est, None, None, lines_of[:1], None, "", actor=world["users"]["head"])
    with pytest.raises(DomainError):
        do_submit_estimate(est, actor=world["users"]["head"])
    assert counts() == before


# ------------------------------------------------------------------------------------- appraisal


@pytest.fixture
def submitted(world, lines_of, time_machine):
    """Sở Tư pháp's estimate, submitted on 10/12/2021 (before the due date)."""
    time_machine.move_to(dt.datetime(2021, 12, 10, 3, 0, tzinfo=dt.UTC))
    est = _draft(world, lines_of)
    return do_submit_estimate(est, actor=world["users"]["head"])


def test_the_finance_agency_accepts_every_line_as_requested(world, submitted):
    do_appraise_estimate(
        submitted, "accept", allocation_ref="123/QĐ-UBND ngày 20/12/2021", actor=world["users"]["finance"]
    )
    submitted.refresh_from_db()
    assert (
        submitted.status == EstimateStatus.APPRAISED and submitted.appraised_by == world["users"]["finance"]
    )
    assert all(ln.approved == ln.requested for ln in submitted.lines.all())
    assert submitted.allocation_ref == "123/QĐ-UBND ngày 20/12/2021"
    assert AuditEvent.objects.filter(model="budget.budgetline", note="Thẩm định").count() == 3


def test_an_adjusted_line_needs_its_reason_and_nothing_is_saved_without_it(world, submitted, counts):
    first, second, _ = submitted.lines.all()
    before = counts()
    with pytest.raises(DomainError) as err:
        do_appraise_estimate(
            submitted,
            "adjust",
            {first.pk: "250.000.000", second.pk: 200_000_000},
            {second.pk: "không đổi"},
            actor=world["users"]["finance_reporter"],
        )
    assert err.value.details == [
        "Dòng 1: giao 250.000.000 đ khác số đề nghị 300.000.000 đ, phải ghi lý do điều chỉnh."
    ]
    assert counts() == before
    submitted.refresh_from_db()
    assert (
        submitted.status == EstimateStatus.SUBMITTED
        and first.__class__.objects.get(pk=first.pk).approved is None
    )


def test_adjusting_with_reasons_sets_the_allocation_per_line(world, submitted):
    first, second, third = submitted.lines.all()
    do_appraise_estimate(
        submitted,
        "adjust",
        {str(first.pk): "250.000.000", third.pk: 0},
        {str(first.pk): "Trùng nội dung đã bố trí", third.pk: "Lồng ghép vào kinh phí thường xuyên"},
        actor=world["users"]["officer"],
    )
    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    assert (first.approved, first.adjust_reason) == (Decimal(250_000_000), "Trùng nội dung đã bố trí")
    assert (second.approved, second.adjust_reason) == (Decimal(200_000_000), "")
    assert third.approved == 0
    event = AuditEvent.objects.get(model="budget.budgetline", object_id=str(first.pk))
    assert event.changes["approved"] == [None, "250000000"]


@pytest.mark.parametrize("bad", ["-1", "1,5", "abc"])
def test_a_bad_approved_amount_is_refused(world, submitted, counts, bad):
    first = submitted.lines.first()
    before = counts()
    with pytest.raises(DomainError):
        do_appraise_estimate(
            submitted, "adjust", {first.pk: bad}, {first.pk: "lý do"}, actor=world["users"]["finance"]
        )
    assert counts() == before


def test_a_line_of_another_estimate_is_refused_in_the_appraisal(world, submitted, counts):
    other = do_save_estimate(
        None,
        world["round"],
        world["units"]["HP-STTTT"],
        [LineInput(None, "Khác", "other", 5)],
        5,
        "",
        actor=world["users"]["other_reporter"],
    )
    before = counts()
    with pytest.raises(DomainError, match="không thuộc dự toán này"):
        do_appraise_estimate(
            submitted,
            "adjust",
            {other.lines.get().pk: 1},
            {other.lines.get().pk: "x"},
            actor=world["users"]["finance"],
        )
    assert counts() == before


def test_who_may_not_appraise(world, submitted, counts):
    before = counts()
    for name in ("head", "reporter", "leader", "dn_finance", "dn_officer", "other_head"):
        with pytest.raises(Forbidden):
            do_appraise_estimate(submitted, "accept", actor=world["users"][name])
    assert counts() == before


def test_return_needs_a_reason_then_the_unit_edits_and_resubmits(
    world, submitted, lines_of, counts, time_machine
):
    before = counts()
    with pytest.raises(DomainError, match="phải ghi lý do"):
        do_appraise_estimate(submitted, "return", return_reason="  ", actor=world["users"]["finance"])
    assert counts() == before
    do_appraise_estimate(
        submitted, "return", return_reason="Thiếu thuyết minh dòng 3", actor=world["users"]["finance"]
    )
    submitted.refresh_from_db()
    assert (
        submitted.status == EstimateStatus.RETURNED and submitted.return_reason == "Thiếu thuyết minh dòng 3"
    )
    assert submitted.on_time is True
    # the unit edits it again, after the due date, and sends it again
    time_machine.move_to(dt.datetime(2022, 1, 5, 3, 0, tzinfo=dt.UTC))
    do_save_estimate(
        submitted,
        None,
        None,
        lines_of[:2],
        500_000_000,
        "Bổ sung thuyết minh",
        actor=world["users"]["reporter"],
    )
    do_submit_estimate(submitted, actor=world["users"]["head"])
    submitted.refresh_from_db()
    # the appraiser still sees why it came back, until the decision
    assert (
        submitted.status == EstimateStatus.SUBMITTED and submitted.return_reason == "Thiếu thuyết minh dòng 3"
    )
    assert submitted.on_time is True  # judged at the first submission (docs/budget.md)
    assert submitted.submitted_at.date() == dt.date(2022, 1, 5)
    do_appraise_estimate(submitted, "accept", actor=world["users"]["finance"])
    submitted.refresh_from_db()
    assert submitted.status == EstimateStatus.APPRAISED and submitted.return_reason == ""
    assert submitted.lines.count() == 2


def test_an_estimate_not_submitted_cannot_be_appraised(world, lines_of, counts):
    est = _draft(world, lines_of)
    before = counts()
    with pytest.raises(DomainError, match="Chỉ thẩm định dự toán đã gửi"):
        do_appraise_estimate(est, "accept", actor=world["users"]["finance"])
    with pytest.raises(DomainError):
        do_appraise_estimate(est, "approve-all", actor=world["users"]["finance"])
    assert counts() == before


# ---------------------------------------------------------------------------------------- rounds


def test_rounds_are_opened_by_the_standing_or_finance_agency_once_per_plan_and_year(world, counts):
    plan = world["plan"]
    assert do_create_round(plan, 2023, dt.date(2022, 12, 1), "", actor=world["users"]["finance"]).year == 2023
    assert AuditEvent.objects.filter(model="budget.budgetround", action="create").count() == 2
    before = counts()
    with pytest.raises(DomainError, match="đã có kỳ lập dự toán"):
        do_create_round(plan, 2023, dt.date(2022, 12, 1), "", actor=world["users"]["officer"])
    for name in ("head", "reporter", "leader", "dn_finance", "dn_officer"):
        with pytest.raises(Forbidden):
            do_create_round(plan, 2024, dt.date(2023, 12, 1), "", actor=world["users"][name])
    with pytest.raises(DomainError):
        do_create_round(plan, "năm sau", dt.date(2023, 12, 1), "", actor=world["users"]["officer"])
    assert counts() == before


def test_a_stale_form_is_a_conflict_and_changes_nothing(world, lines_of, counts):
    est = _draft(world, lines_of)
    opened_at = est.version
    do_save_estimate(
        est, None, None, lines_of[:2], None, "", actor=world["users"]["head"], expected_version=opened_at
    )
    before = counts()
    with pytest.raises(ConflictError):  # the reporter's form was opened before the head's save
        do_save_estimate(
            est, None, None, lines_of, None, "", actor=world["users"]["reporter"], expected_version=opened_at
        )
    with pytest.raises(ConflictError):  # a form for a new estimate, but a colleague created it meanwhile
        do_save_estimate(
            None,
            world["round"],
            world["units"]["HP-STP"],
            lines_of,
            None,
            "",
            actor=world["users"]["reporter"],
            expected_version=0,
        )
    assert counts() == before
