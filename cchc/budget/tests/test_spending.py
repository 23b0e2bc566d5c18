"""Spending (giải ngân, quyết toán) per appraised line: evidence, periods, never above the
allocation without a reason (budget.actions.do_record_spending)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.budget.actions import do_appraise_estimate, do_record_spending, do_save_estimate, do_submit_estimate
from cchc.core.errors import DomainError
from cchc.core.uploads import tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraised(world, lines_of, time_machine):
    """Sở Tư pháp's estimate appraised: line 1 allocated 250.000.000 (asked 300.000.000)."""
    time_machine.move_to(dt.datetime(2021, 12, 10, 3, 0, tzinfo=dt.UTC))
    users = world["users"]
    est = do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines_of, 550_000_000, "", actor=users["reporter"]
    )
    do_submit_estimate(est, actor=users["head"])
    first = est.lines.first()
    do_appraise_estimate(
        est, "adjust", {first.pk: 250_000_000}, {first.pk: "Giảm quy mô"}, actor=users["finance"]
    )
    time_machine.move_to(dt.datetime(2022, 7, 1, 3, 0, tzinfo=dt.UTC))
    first.refresh_from_db()
    return first


def _spend(world, line, amount, *, who="reporter", **kw):
    args = {
        "period_code": "2022-Q2",
        "kind": "disbursed",
        "spent_on": dt.date(2022, 5, 20),
        "evidence_ref": "PC 15",
    }
    args.update(kw)
    return do_record_spending(
        line,
        args["period_code"],
        args["kind"],
        amount,
        args["spent_on"],
        args.get("evidence_file"),
        args["evidence_ref"],
        args.get("over_reason", ""),
        actor=world["users"][who],
    )


def test_spending_with_a_voucher_number_is_recorded_and_audited(world, appraised):
    row = _spend(world, appraised, "100.000.000")
    assert row.amount == Decimal(100_000_000) and row.recorded_by == world["users"]["reporter"]
    event = AuditEvent.objects.get(model="budget.budgetspending", object_id=str(row.pk))
    assert event.action == "create" and event.changes["amount"] == [None, "100000000"]
    assert event.actor_name == world["users"]["reporter"].get_full_name()


def test_spending_with_an_evidence_file_keeps_the_file(world, appraised):
    row = _spend(
        world, appraised, 5_000_000, evidence_ref="", evidence_file=("chung-tu.pdf", tiny_pdf("PC 16"))
    )
    assert row.evidence_type == "application/pdf" and row.evidence_name == "chung-tu.pdf"
    with row.evidence.open("rb") as fh:
        assert fh.read().startswith(b"%PDF-")


def test_above_the_allocation_needs_a_reason(world, appraised, counts):
    _spend(world, appraised, 200_000_000)
    before = counts()
    with pytest.raises(DomainError) as err:
        _spend(world, appraised, 60_000_000)
    assert err.value.code == "over"
    assert "260.000.000 đ vượt dự toán được giao 250.000.000 đ" in err.value.message
    assert counts() == before
    row = _spend(world, appraised, 60_000_000, over_reason="Phát sinh thêm lớp tập huấn theo chỉ đạo")
    assert row.over_reason.startswith("Phát sinh")
    # settlement is counted apart from disbursement
    assert _spend(world, appraised, 250_000_000, kind="settled", period_code="2022-Y").over_reason == ""


def test_a_reason_given_without_an_overrun_is_not_kept(world, appraised):
    assert _spend(world, appraised, 1_000, over_reason="không cần").over_reason == ""


@pytest.mark.parametrize(
    ("kw", "amount", "words"),
    [
        ({}, "-1000", "không được âm"),
        ({}, "1000,5", "số lẻ"),
        ({}, 0, "lớn hơn 0"),
        ({}, "mười triệu", "không phải là số"),
        ({"evidence_ref": ""}, 1000, "chứng từ"),
        ({"kind": "paid"}, 1000, "Loại chi"),
        ({"period_code": "Q2/2022"}, 1000, "Kỳ báo cáo"),
        ({"spent_on": dt.date(2030, 1, 1)}, 1000, "tương lai"),
        ({"evidence_ref": "", "evidence_file": ("a.pdf", b"<html>")}, 1000, "không phải PDF"),
    ],
)
def test_bad_spending_is_refused_and_nothing_saved(world, appraised, counts, kw, amount, words):
    before = counts()
    with pytest.raises(DomainError) as err:
        _spend(world, appraised, amount, **kw)
    assert words in err.value.message
    assert counts() == before


def test_only_the_units_people_record_spending(world, appraised, counts):
    before = counts()
    for name in ("other_reporter", "finance", "officer", "leader"):
        with pytest.raises(Forbidden):
            _spend(world, appraised, 1000, who=name)
    assert counts() == before


def test_no_spending_before_the_appraisal(world, lines_of, counts):
    est = do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines_of, None, "", actor=world["users"]["reporter"]
    )
    before = counts()
    with pytest.raises(DomainError, match="chưa được thẩm định"):
        _spend(world, est.lines.first(), 1000)
    assert counts() == before
