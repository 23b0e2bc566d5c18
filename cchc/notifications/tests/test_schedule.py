"""The worker sends task, report and PAR reminders on its own schedule: once a day at
CCHC_REMIND_AT (local time), never twice a day (immediate backend, frozen time)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from cchc.jobs import schedule
from cchc.jobs.models import ScheduledRun
from cchc.notifications.models import Notification, ReminderLog

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: int, hour: int, minute: int = 0):
    return time_machine.travel(dt.datetime(2022, 6, day, hour, minute, tzinfo=HANOI), tick=False)


def _sent(mailoutbox) -> list[str]:
    """What went out, by kind: the report digest has its own subject, PAR's names the campaign."""
    out = []
    for m in mailoutbox:
        assert m.to == ["stp@haiphong.gov.vn"]
        if "báo cáo định kỳ" in m.subject:
            out.append("report")
        elif "Tự đánh giá Xác định Chỉ số CCHC" in m.body:
            out.append("par")
        elif "Rà soát văn bản QPPL" in m.body:
            out.append("task")
    return sorted(out)


@pytest.fixture
def daily(remindable, settings):
    settings.CCHC_REMIND_AT = "07:00"
    settings.CCHC_REMIND_DAYS = "30,7,6,1"  # 13/06 is 7 days before 20/06, 14/06 is 6 days before
    return remindable


def test_every_kind_goes_out_once_a_day_at_the_configured_time(daily, mailoutbox):
    with _at(13, 6, 59):
        assert schedule.run_due() == []
    assert mailoutbox == [] and not ReminderLog.objects.exists()
    with _at(13, 7, 0):
        assert schedule.run_due() == ["notifications.reminders"]
    assert _sent(mailoutbox) == ["par", "report", "task"]
    with _at(13, 7, 1):
        assert schedule.run_due() == []  # the same day: not again
    with _at(13, 23, 59):
        assert schedule.run_due() == []
    assert len(mailoutbox) == 3
    assert ScheduledRun.objects.filter(name="notifications.reminders").count() == 1
    with _at(14, 6, 0):
        assert schedule.run_due() == []  # the next day, before the time
    with _at(14, 7, 5):
        assert schedule.run_due() == ["notifications.reminders"]
    assert _sent(mailoutbox[3:]) == ["par", "report", "task"]  # the 6-day lead time of each
    # each bell entry opens its own page
    urls = set(Notification.objects.filter(user=daily["users"]["reporter"]).values_list("url", flat=True))
    plan, sheet, unit = daily["plan"], daily["sheet"], daily["unit"]
    assert urls == {
        _my_work(),
        f"/bao-cao/don-vi/{unit.pk}/2022-H1/?plan={plan.pk}",
        f"/chi-so-cchc/phieu/{sheet.pk}/",
    }


def _my_work() -> str:
    from django.urls import reverse

    return reverse("tracking:my_work")


# The real database worker closes connections between runs (on PostgreSQL that would end the
# test's wrapping transaction): a transactional test, like production.
@pytest.mark.django_db(transaction=True)
def test_a_worker_started_after_the_time_sends_at_once_and_a_restart_does_not_repeat(
    daily, settings, mailoutbox
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with _at(13, 6, 30):
        call_command("worker", "--batch")  # not yet due: nothing queued
    assert not DBTaskResult.objects.exists() and mailoutbox == []
    with _at(13, 10, 30):
        call_command("worker", "--batch")
    assert _sent(mailoutbox) == ["par", "report", "task"]
    with _at(13, 11, 0):
        call_command("worker", "--batch")  # restarted (or a second worker): today's run is done
    assert len(mailoutbox) == 3
    assert [r.status for r in DBTaskResult.objects.all()] == ["SUCCESSFUL"]


def test_two_workers_racing_queue_the_run_once(daily, mailoutbox, monkeypatch):
    # both saw the run due; the second finds the day's row written by the first
    with _at(13, 7, 0):
        entry = schedule.due()[0]
        ScheduledRun.objects.create(name=entry.name, day=dt.date(2022, 6, 13))
        monkeypatch.setattr(schedule, "due", lambda now=None: [entry])
        assert schedule.run_due() == []
    assert mailoutbox == []


def test_the_time_is_a_setting(daily, settings, mailoutbox):
    settings.CCHC_REMIND_AT = "18:30"
    with _at(13, 18, 29):
        assert schedule.run_due() == []
    with _at(13, 18, 30):
        assert schedule.run_due() == ["notifications.reminders"]
    assert len(mailoutbox) == 3
