"""Campaign → self-assessment → round 1 → explanation → round 2: rules, locks, audit, conflicts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import ConflictError, DomainError
from cchc.parindex import actions, queries
from cchc.parindex.models import Score, SheetStatus
from cchc.parindex.tests.conftest import score_of, self_assess, sheet_of
from cchc.testing.factories import make_unit, make_user

FULL = {"1.1": "2", "1.2.1": "2", "1.2.2": "1,5", "2.2": "1", "T.1": "1", "T.2": "0"}


def test_campaign_gives_each_unit_a_sheet_of_its_block(campaign):
    blocks = dict(campaign.sheets.values_list("unit__code", "block"))
    assert blocks == {
        "HP-STP": "department",
        "HP-STTTT": "department",
        "HP-Q-HONGBANG": "district",
        "HP-H-ANLAO": "district",
    }
    assert sheet_of(campaign, "HP-STP").scores.count() == 7  # the leaves, survey and bonus included


def test_campaign_refuses_a_draft_set_and_units_without_a_set(users, org_tree):
    import datetime as dt

    from cchc.testing.parindex import small_rows

    draft = actions.do_load_criteria_set(
        actor=None, province=org_tree["HP"], year=2022, block="department", title="Dự thảo", rows=small_rows()
    )
    kw = dict(
        actor=users["officer"],
        province=org_tree["HP"],
        year=2022,
        title="X",
        self_deadline=dt.date(2022, 12, 1),
        explanation_deadline=dt.date(2022, 12, 2),
        appraisal_deadline=dt.date(2022, 12, 3),
    )
    with pytest.raises(DomainError):
        actions.do_create_campaign(sets={"department": draft}, units=[org_tree["HP-STP"]], **kw)
    issued = actions.do_issue_criteria_set(actor=None, criteria_set=draft)
    with pytest.raises(DomainError) as exc:
        actions.do_create_campaign(sets={"department": issued}, units=[org_tree["HP-Q-HONGBANG"]], **kw)
    assert exc.value.code == "units"
    with pytest.raises(Forbidden):
        actions.do_create_campaign(
            sets={"department": issued}, units=[org_tree["HP-STP"]], **{**kw, "actor": users["reporter"]}
        )


@pytest.mark.parametrize(
    "code,points,kind",
    [
        ("1.1", "2.5", "above_max"),
        ("1.1", "-1", "negative"),
        ("2.1", "1", "survey_only"),
        ("1.1", "x", "not_a_number"),
    ],
)
def test_bad_self_scores_change_nothing(campaign, users, code, points, kind):
    s = score_of(sheet_of(campaign, "HP-STP"), code)
    with pytest.raises(DomainError) as exc:
        actions.do_self_score(actor=users["reporter"], score=s, points=points, expected_version=s.version)
    assert exc.value.code == kind
    fresh = Score.objects.get(pk=s.pk)
    assert fresh.self_points is None and fresh.version == s.version


def test_another_units_reporter_is_refused(campaign, users):
    s = score_of(sheet_of(campaign, "HP-STP"), "1.1")
    for role in ("other_reporter", "council", "leader"):
        with pytest.raises(Forbidden):
            actions.do_self_score(actor=users[role], score=s, points="1", expected_version=s.version)


def test_submit_needs_every_score_and_evidence_then_locks(campaign, users):
    sheet = sheet_of(campaign, "HP-STP")
    self_assess(sheet, users["reporter"], {"1.1": "2"}, evidence=False)
    with pytest.raises(DomainError) as exc:
        actions.do_submit_sheet(actor=users["head"], sheet=sheet)
    assert exc.value.code == "incomplete"
    assert any("1.1" in d and "kiểm chứng" in d for d in exc.value.details)
    assert any("1.2.1" in d for d in exc.value.details)
    with pytest.raises(Forbidden):  # the reporter cannot submit
        actions.do_submit_sheet(actor=users["reporter"], sheet=sheet)
    self_assess(sheet, users["reporter"], FULL, head=users["head"])
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and sheet.submitted_by_name == "Head"
    s = score_of(sheet, "1.1")
    with pytest.raises(DomainError) as exc:
        actions.do_self_score(actor=users["reporter"], score=s, points="1", expected_version=s.version)
    assert exc.value.code == "locked" and Score.objects.get(pk=s.pk).self_points == D("2")


def test_an_explanation_instead_of_evidence_is_enough(campaign, users):
    sheet = sheet_of(campaign, "HP-STP")
    self_assess(sheet, users["reporter"], FULL, evidence=False)
    for code in ("1.1", "1.2.1", "2.2"):
        s = score_of(sheet, code)
        actions.do_self_score(
            actor=users["reporter"],
            score=s,
            points=s.self_points,
            note="Văn bản đang trình ký",
            expected_version=s.version,
        )
    actions.do_submit_sheet(actor=users["head"], sheet=sheet)


def test_stale_version_is_a_conflict(campaign, users):
    s = score_of(sheet_of(campaign, "HP-STP"), "1.1")
    actions.do_self_score(actor=users["reporter"], score=s, points="1", expected_version=s.version)
    with pytest.raises(ConflictError):
        actions.do_self_score(actor=users["head"], score=s, points="2", expected_version=s.version)
    assert Score.objects.get(pk=s.pk).self_points == D("1")


def test_prefill_from_an_indicator_and_override_needs_a_reason(campaign, users, monkeypatch):
    monkeypatch.setattr("cchc.parindex.sources.indicator_value", lambda code, unit, year: D("25"))
    sheet = sheet_of(campaign, "HP-STP")
    assert actions.do_prefill_sheet(actor=users["reporter"], sheet=sheet) == 1
    s = score_of(sheet, "1.2.1")
    assert s.prefill_points == D("1") and s.self_points == D("1") and "kiem_tra_cchc" in s.prefill_source
    with pytest.raises(DomainError) as exc:
        actions.do_self_score(actor=users["reporter"], score=s, points="2", expected_version=s.version)
    assert exc.value.code == "override_reason"
    actions.do_self_score(
        actor=users["reporter"],
        score=s,
        points="2",
        override_reason="Số liệu quý IV bổ sung",
        expected_version=s.version,
    )
    assert Score.objects.get(pk=s.pk).self_points == D("2")


@pytest.mark.django_db
def test_sources_answer_none_when_nothing_was_measured_or_surveyed():
    from cchc.parindex import sources

    assert sources.indicator_value("x", 1, 2022) is None
    assert sources.survey_index(1, 2022) is None


def _submitted(campaign, users):
    sheet = sheet_of(campaign, "HP-STP")
    self_assess(sheet, users["reporter"], FULL, head=users["head"])
    sheet.refresh_from_db()
    return sheet


def test_two_rounds_with_explanation(campaign, users):
    sheet = _submitted(campaign, users)
    council = users["council"]
    s = score_of(sheet, "1.1")
    actions.do_appraise(
        actor=council, score=s, round=1, points="1", comment="Ban hành chậm", expected_version=s.version
    )
    # another unit's reporter and the unit itself cannot appraise
    with pytest.raises(Forbidden):
        actions.do_appraise(actor=users["reporter"], score=s, round=1, points="2", expected_version=None)
    actions.do_close_round(actor=council, sheet=sheet, round=1)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.ROUND1
    accepted = score_of(sheet, "1.2.2")
    assert accepted.round1_points == D("1.5")  # unscored items accept the self-score, audited too
    assert AuditEvent.objects.filter(
        model="parindex.score", object_id=str(accepted.pk), changes__has_key="round1_points"
    ).exists()
    s = score_of(sheet, "1.1")
    with pytest.raises(DomainError) as exc:  # round 1 is closed
        actions.do_appraise(actor=council, score=s, round=1, points="2", expected_version=s.version)
    assert exc.value.code == "round_closed"
    with pytest.raises(DomainError):  # only contested items are explained
        other = score_of(sheet, "2.2")
        actions.do_explain(
            actor=users["reporter"], score=other, explanation="x", expected_version=other.version
        )
    actions.do_explain(
        actor=users["reporter"], score=s, explanation="Đã ban hành ngày 10/1", expected_version=s.version
    )
    s = score_of(sheet, "1.1")
    actions.do_add_evidence(actor=users["reporter"], score=s, url="https://example.org/kh.pdf")
    assert s.evidence.filter(stage="explanation").count() == 1
    actions.do_submit_explanation(actor=users["head"], sheet=sheet)
    actions.do_appraise(
        actor=council,
        score=s,
        round=2,
        points="2",
        comment="Chấp nhận giải trình",
        expected_version=s.version,
    )
    actions.do_close_round(actor=council, sheet=sheet, round=2)
    s = score_of(sheet, "1.1")
    assert (s.self_points, s.round1_points, s.round2_points, s.final_points) == (
        D("2"),
        D("1"),
        D("2"),
        D("2"),
    )
    changes = [e.changes for e in AuditEvent.objects.filter(model="parindex.score", object_id=str(s.pk))]
    assert [D(c["round1_points"][1]) for c in changes if "round1_points" in c] == [D("1")]
    assert [D(c["round2_points"][1]) for c in changes if "round2_points" in c] == [D("2")]


def test_two_council_members_saving_the_same_item(campaign, users, org_tree):
    second = make_user("hd2", org_tree["HP-SNV"], "council_member", full_name="Thành viên 2")
    campaign.council.add(second)
    sheet = _submitted(campaign, users)
    s = score_of(sheet, "1.1")
    seen = s.version  # both opened the item at this version
    actions.do_appraise(actor=users["council"], score=s, round=1, points="1.5", expected_version=seen)
    with pytest.raises(ConflictError):
        actions.do_appraise(actor=second, score=s, round=1, points="0.5", expected_version=seen)
    assert Score.objects.get(pk=s.pk).round1_points == D("1.5")
    # the second member does not see the first one's draft, the standing agency does
    rows = {r["criterion"].code: r for r in queries.visible_scores(second, sheet)}
    assert rows["1.1"]["round1_points"] is None and rows["1.1"]["self_points"] == D("2")
    rows = {r["criterion"].code: r for r in queries.visible_scores(users["council"], sheet)}
    assert rows["1.1"]["round1_points"] == D("1.5") and rows["1.1"]["round1_draft"]
    rows = {r["criterion"].code: r for r in queries.visible_scores(users["officer"], sheet)}
    assert rows["1.1"]["round1_points"] == D("1.5")


def test_council_before_submission_and_above_max(campaign, users):
    sheet = sheet_of(campaign, "HP-STP")
    s = score_of(sheet, "1.1")
    with pytest.raises(DomainError) as exc:
        actions.do_appraise(actor=users["council"], score=s, round=1, points="1", expected_version=s.version)
    assert exc.value.code == "round_closed"
    sheet = _submitted(campaign, users)
    s = score_of(sheet, "1.1")
    with pytest.raises(DomainError) as exc:
        actions.do_appraise(actor=users["council"], score=s, round=1, points="9", expected_version=s.version)
    assert exc.value.code == "above_max" and Score.objects.get(pk=s.pk).round1_points is None


def test_survey_points_entered_by_the_standing_agency(campaign, users, monkeypatch):
    sheet = sheet_of(campaign, "HP-STP")
    s = score_of(sheet, "2.1")
    with pytest.raises(Forbidden):
        actions.do_enter_survey_points(actor=users["council"], score=s, points="2")
    with pytest.raises(DomainError):
        actions.do_enter_survey_points(actor=users["officer"], score=s, points="3.5")
    with pytest.raises(DomainError):
        actions.do_enter_survey_points(actor=users["officer"], score=score_of(sheet, "1.1"), points="1")
    actions.do_enter_survey_points(actor=users["officer"], score=s, points="2,4")
    assert Score.objects.get(pk=s.pk).survey_points == D("2.4")
    # the surveys app (when merged) gives an index that the set's rule converts
    monkeypatch.setattr(
        "cchc.parindex.sources.survey_index", lambda unit, year, source, index_code="": D("80")
    )
    assert actions.do_apply_survey_index(actor=users["officer"], campaign=campaign) == 4
    s = Score.objects.get(pk=s.pk)
    assert s.survey_points == D("2.4") and s.survey_source == "surveys:sipas"  # 80/100 × 3 points
    actions.do_enter_survey_points(actor=users["officer"], score=s, points="3")
    assert Score.objects.get(pk=s.pk).survey_points == D("3")


def test_sheet_of_a_merged_unit_is_carried_by_its_successor(campaign, users, org_tree):
    from cchc.orgs.models import UnitSuccession

    new = make_unit(org_tree["HP"], "HP-SKHCN", "Sở Khoa học và Công nghệ")
    UnitSuccession.objects.create(predecessor=org_tree["HP-STTTT"], successor=new, kind="merge")
    reporter = make_user("bc.skhcn", new, "reporter", full_name="BC")
    sheet = sheet_of(campaign, "HP-STTTT")
    assert sheet in queries.sheets_for(reporter, campaign)
    assert queries.access_sheet(reporter, sheet.pk) == sheet
    s = score_of(sheet, "1.1")
    actions.do_self_score(actor=reporter, score=s, points="1", expected_version=s.version)
    assert sheet.unit.code == "HP-STTTT"  # the sheet keeps the unit as it was


def test_deadline_reminders_go_out_once(campaign, users, org_tree, mailoutbox):
    import datetime as dt

    from cchc.parindex.reminders import do_send_par_reminders

    org_tree["HP-STP"].email = "stp@example.org"
    org_tree["HP-STP"].save()
    digests = do_send_par_reminders(as_of=dt.date(2022, 12, 10))  # 5 days before 15/12
    stp = next(d for d in digests if d.unit.code == "HP-STP")
    assert stp.items[0][0] == "due_soon" and "15/12/2022" in stp.items[0][2]
    assert len(mailoutbox) == 1 and "Tự đánh giá" in mailoutbox[0].body
    assert not [d for d in do_send_par_reminders(as_of=dt.date(2022, 12, 11)) if d.unit.code == "HP-STP"]
    late = do_send_par_reminders(as_of=dt.date(2022, 12, 16))
    assert next(d for d in late if d.unit.code == "HP-STP").items[0][0] == "overdue"
    self_assess(sheet_of(campaign, "HP-STP"), users["reporter"], FULL, head=users["head"])
    assert not [d for d in do_send_par_reminders(as_of=dt.date(2022, 12, 20)) if d.unit.code == "HP-STP"]
