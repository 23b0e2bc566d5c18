import datetime as dt

import pytest
import time_machine

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import ConflictError, DomainError
from cchc.reporting import actions
from cchc.reporting.models import ReportStatus, UnitReport
from cchc.reporting.tests.conftest import at

pytestmark = pytest.mark.django_db

FULL = {"dossiers_received": 100, "dossiers_resolved": 90, "dossiers_on_time": 88, "dossiers_late": 2}


def _draft(users, org_tree, plan, period="2022-H1", annex=None):
    return actions.do_save_unit_report(
        unit=org_tree["HP-STP"],
        plan=plan,
        period_code=period,
        actor=users["reporter"],
        narrative={"institutions": "Đã rà soát văn bản."},
        annex=annex or FULL,
    )


def _walk_to_submitted(users, report, when):
    actions.do_approve_unit_report(report, actor=users["head"])
    return actions.do_submit_unit_report(report, actor=users["head"], now=when)


def test_unit_walks_draft_approve_submit_and_standing_agency_accepts(users, org_tree, plan):
    report = _draft(users, org_tree, plan)
    assert report.status == ReportStatus.DRAFT and report.current_version.number == 1
    # pre-filled from the system: STP has one task due in the H1 window (done)
    annex = report.current_version.annex
    assert annex["tasks_due"]["value"] == 1 and annex["tasks_done"]["value"] == 1
    assert "Hệ thống theo dõi nhiệm vụ" in annex["tasks_due"]["source"]
    report = _walk_to_submitted(users, report, at(dt.date(2022, 6, 18)))
    assert report.status == ReportStatus.SUBMITTED and report.on_time is True
    report = actions.do_accept_unit_report(report, actor=users["officer"])
    assert report.status == ReportStatus.ACCEPTED and report.accepted_version_id == report.current_version_id
    assert AuditEvent.objects.filter(model="reporting.unitreport", object_id=str(report.pk)).count() == 4


def test_submission_after_due_date_is_late(users, org_tree, plan):
    report = _walk_to_submitted(users, _draft(users, org_tree, plan), at(dt.date(2022, 6, 21)))
    assert report.on_time is False


def test_roles_are_enforced(users, org_tree, plan):
    with pytest.raises(Forbidden):  # a neighbour unit's reporter
        actions.do_save_unit_report(
            unit=org_tree["HP-STP"],
            plan=plan,
            period_code="2022-H1",
            actor=users["other_reporter"],
            annex=FULL,
        )
    report = _draft(users, org_tree, plan)
    with pytest.raises(Forbidden):  # a reporter cannot approve
        actions.do_approve_unit_report(report, actor=users["reporter"])
    actions.do_approve_unit_report(report, actor=users["head"])
    with pytest.raises(Forbidden):  # a reporter cannot submit
        actions.do_submit_unit_report(report, actor=users["reporter"])
    actions.do_submit_unit_report(report, actor=users["head"])
    with pytest.raises(Forbidden):  # another province's standing agency cannot accept
        actions.do_accept_unit_report(report, actor=users["dn_officer"])
    with pytest.raises(Forbidden):
        actions.do_accept_unit_report(report, actor=users["head"])
    assert UnitReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_return_needs_a_comment_and_a_submitted_report_cannot_be_edited(users, org_tree, plan):
    report = _walk_to_submitted(users, _draft(users, org_tree, plan), None)
    with pytest.raises(ConflictError):
        _draft(users, org_tree, plan)
    with pytest.raises(DomainError):
        actions.do_return_unit_report(report, actor=users["officer"], comment="  ")
    report = actions.do_return_unit_report(report, actor=users["officer"], comment="Bổ sung số liệu")
    assert report.status == ReportStatus.RETURNED and report.review_comment == "Bổ sung số liệu"
    report = _draft(users, org_tree, plan)
    assert report.status == ReportStatus.DRAFT and report.versions.count() == 2


def test_resubmission_after_acceptance_keeps_the_accepted_version(users, org_tree, plan):
    report = _walk_to_submitted(users, _draft(users, org_tree, plan), None)
    report = actions.do_accept_unit_report(report, actor=users["officer"])
    accepted = report.accepted_version
    report = _draft(users, org_tree, plan, annex={**FULL, "pakn_received": 4})
    assert report.versions.count() == 2
    assert report.accepted_version_id == accepted.pk and report.current_version_id != accepted.pk
    assert report.accepted_version.annex["pakn_received"]["value"] is None
    assert report.current_version.annex["pakn_received"]["value"] == 4


def test_a_period_that_has_not_started_is_refused(users, org_tree, plan):
    with time_machine.travel(dt.date(2022, 5, 1), tick=False):
        with pytest.raises(DomainError, match="chưa bắt đầu"):
            actions.do_save_unit_report(
                unit=org_tree["HP-STP"], plan=plan, period_code="2022-Q3", actor=users["reporter"], annex=FULL
            )
    assert not UnitReport.objects.exists()


def test_a_figure_contradicting_the_system_needs_a_reason(users, org_tree, plan):
    with pytest.raises(DomainError, match="cần nêu lý do"):
        _draft(users, org_tree, plan, annex={**FULL, "tasks_due": 3})
    report = _draft(
        users,
        org_tree,
        plan,
        annex={**FULL, "tasks_due": {"value": 3, "reason": "Tính cả nhiệm vụ phát sinh"}},
    )
    assert report.current_version.contradictions() == ["tasks_due"]


def test_parts_cannot_exceed_their_whole(users, org_tree, plan):
    with pytest.raises(DomainError, match="không thể lớn hơn"):
        _draft(users, org_tree, plan, annex={"dossiers_received": 10, "dossiers_online": 11})


def test_reminders_are_sent_once_a_day(users, org_tree, plan, mailoutbox, django_capture_on_commit_callbacks):
    org_tree["HP-STTTT"].email = "stttt@haiphong.gov.vn"
    org_tree["HP-STTTT"].save()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.do_send_report_reminder(
            unit=org_tree["HP-STTTT"], plan=plan, period_code="2022-H1", actor=users["officer"]
        )
        assert not actions.do_send_report_reminder(
            unit=org_tree["HP-STTTT"], plan=plan, period_code="2022-H1", actor=users["officer"]
        )
    assert len(mailoutbox) == 1 and "stttt@haiphong.gov.vn" in mailoutbox[0].to
    with pytest.raises(Forbidden):
        actions.do_send_report_reminder(
            unit=org_tree["HP-STTTT"], plan=plan, period_code="2022-H1", actor=users["reporter"]
        )


def test_dossier_figures_must_add_up_as_in_bieu_ii06a(users, org_tree, plan):
    with pytest.raises(DomainError, match="phải bằng tổng"):  # 88 + 3 != 90
        _draft(users, org_tree, plan, annex={**FULL, "dossiers_late": 3})
    with pytest.raises(DomainError, match="phải bằng tổng"):  # received by channel: 60 + 50 > 100
        _draft(users, org_tree, plan, annex={**FULL, "dossiers_online": 60, "dossiers_direct": 50})
    with pytest.raises(DomainError, match="phải bằng tổng"):  # resolved + pending != received
        _draft(users, org_tree, plan, annex={**FULL, "dossiers_pending": 5})
    assert not UnitReport.objects.exists()
    report = _draft(users, org_tree, plan, annex={**FULL, "dossiers_online": 60, "dossiers_pending": 10})
    assert report.current_version.annex["dossiers_pending"]["value"] == 10
