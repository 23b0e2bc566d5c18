"""Automatic report reminders before and after due dates (notifications' ReminderLog, never twice)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cchc.notifications.models import Notification, ReminderLog
from cchc.reporting import actions
from cchc.reporting.reminders import do_send_report_reminders
from cchc.reporting.tests.conftest import at

pytestmark = pytest.mark.django_db

FULL = {"dossiers_received": 100}


@pytest.fixture
def addressed(org_tree):
    for code in ("HP-STP", "HP-STTTT"):
        org_tree[code].email = f"{code.lower()}@haiphong.gov.vn"
        org_tree[code].save()
    return org_tree


def _to(mail) -> str:
    return mail.to[0]


def test_due_soon_goes_out_once_per_lead_time_to_units_that_must_report(addressed, plan, mailoutbox):
    # 2022-H1 is due on 20/06/2022; 13/06 is 7 days before. Both units lead a task due in the window.
    digests = do_send_report_reminders(as_of=dt.date(2022, 6, 13))
    assert sorted(_to(m) for m in mailoutbox) == ["hp-stp@haiphong.gov.vn", "hp-stttt@haiphong.gov.vn"]
    body = mailoutbox[0].body
    assert "Sắp đến hạn gửi" in body and "6 tháng đầu năm 2022" in body and "216/KH-UBND" in body
    assert "hạn gửi 20/06/2022 (còn 7 ngày)" in body
    assert all(k == "report_due" for d in digests for k, _key, _line in d.items)
    # the same day again, or the next day (still the 7-day lead time): nothing new
    do_send_report_reminders(as_of=dt.date(2022, 6, 13))
    do_send_report_reminders(as_of=dt.date(2022, 6, 14))
    assert len(mailoutbox) == 2


def test_a_unit_that_has_sent_its_report_is_not_reminded(users, addressed, plan, mailoutbox):
    report = actions.do_save_unit_report(
        unit=addressed["HP-STP"], plan=plan, period_code="2022-H1", annex=FULL, actor=users["reporter"]
    )
    actions.do_approve_unit_report(report, actor=users["head"])
    actions.do_submit_unit_report(report, actor=users["head"], now=at(dt.date(2022, 6, 15)))
    do_send_report_reminders(as_of=dt.date(2022, 6, 19))  # 1 day before
    assert [_to(m) for m in mailoutbox] == ["hp-stttt@haiphong.gov.vn"]


def test_a_draft_is_still_reminded(users, addressed, plan, mailoutbox):
    actions.do_save_unit_report(
        unit=addressed["HP-STP"], plan=plan, period_code="2022-H1", annex=FULL, actor=users["reporter"]
    )
    do_send_report_reminders(as_of=dt.date(2022, 6, 19))
    assert "hp-stp@haiphong.gov.vn" in [_to(m) for m in mailoutbox]


def test_overdue_report_is_reminded_once_after_the_due_date_and_old_periods_are_left_alone(
    addressed, plan, mailoutbox
):
    do_send_report_reminders(as_of=dt.date(2022, 6, 25))
    late = [m for m in mailoutbox if "Đã quá hạn gửi" in m.body]
    assert len(late) == 2
    assert "6 tháng đầu năm 2022" in late[0].body and "(quá hạn 5 ngày)" in late[0].body
    # 2022-Q1 (due 20/03/2022) is more than the longest lead time (30 days) ago: not mailed
    assert not any("Quý I năm 2022" in m.body for m in mailoutbox)
    do_send_report_reminders(as_of=dt.date(2022, 6, 26))
    assert len([m for m in mailoutbox if "Đã quá hạn gửi" in m.body]) == 2


def test_no_address_means_nothing_logged_so_it_goes_out_later(org_tree, plan, mailoutbox):
    do_send_report_reminders(as_of=dt.date(2022, 6, 13))
    assert mailoutbox == [] and not ReminderLog.objects.filter(kind="report_due").exists()


def test_remind_command_dry_run_lists_and_sends_nothing(addressed, plan, mailoutbox):
    out = io.StringIO()
    call_command("remind", "--kind", "reports", "--as-of", "2022-06-13", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Sở Tư pháp" in text and "[report_due]" in text and "reports: 2 đơn vị sẽ gửi" in text
    assert mailoutbox == [] and not ReminderLog.objects.exists()
    call_command("remind", "--kind", "reports", "--as-of", "2022-06-13", stdout=io.StringIO())
    assert len(mailoutbox) == 2


def test_task_sends_todays_reminders(addressed, plan, mailoutbox, time_machine):
    from cchc.notifications.tasks import send_reminders_task

    time_machine.move_to(dt.datetime(2022, 6, 13, 8, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    result = send_reminders_task.enqueue()
    assert result.return_value["reports"] == 2
    assert len([m for m in mailoutbox if "báo cáo định kỳ" in m.subject]) == 2


def test_a_report_reminder_in_the_bell_opens_the_unit_report(users, addressed, plan, client):
    do_send_report_reminders(as_of=dt.date(2022, 6, 13))
    note = Notification.objects.get(user=users["reporter"])
    stp = addressed["HP-STP"]
    assert note.kind == "due" and "báo cáo" in note.text
    assert note.url == f"/bao-cao/don-vi/{stp.pk}/2022-H1/?plan={plan.pk}"  # not the task page
    client.force_login(users["reporter"])
    page = client.get(note.url)
    assert page.status_code == 200 and "6 tháng đầu năm 2022" in page.content.decode()
