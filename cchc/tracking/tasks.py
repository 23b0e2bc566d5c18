"""Background jobs run by ``cchc worker`` (django-tasks).

The reminder job is scheduled: each run queues the next one for the following day at
``CCHC_REMIND_HOUR`` (default 7, local time), and ``cchc worker`` queues the first run when
none is waiting (:func:`schedule_reminders`), so a running worker sends digests every day.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task


def remind_hour() -> int:
    return int(getattr(settings, "CCHC_REMIND_HOUR", 7))


def next_reminder_run(now: dt.datetime | None = None) -> dt.datetime:
    """The next ``CCHC_REMIND_HOUR`` o'clock (local time) after ``now``."""
    local = timezone.localtime(now or timezone.now())
    run = local.replace(hour=remind_hour(), minute=0, second=0, microsecond=0)
    return run if run > local else run + dt.timedelta(days=1)


def schedule_reminders(now: dt.datetime | None = None):
    """Queue the next daily reminder run unless one is already waiting; None when the backend
    cannot defer (tests' immediate backend) or a run is already queued."""
    from django_tasks_db.models import DBTaskResult

    backend = send_reminders_task.get_backend()
    if not backend.supports_defer:
        return None
    if DBTaskResult.objects.filter(task_path=send_reminders_task.module_path, status="READY").exists():
        return None
    return send_reminders_task.using(run_after=next_reminder_run(now)).enqueue()


@task()
def send_reminders_task() -> int:
    """Send today's reminder digests and queue tomorrow's run; returns how many units got one.
    Safe to run twice (``ReminderLog``)."""
    from cchc.tracking.reminders import do_send_reminders

    sent = len([d for d in do_send_reminders(actor=None) if d.emails])
    schedule_reminders()
    return sent
