"""The worker's daily schedule: jobs that run once a day at a local time, never twice a day.

An app registers a daily job in its ``AppConfig.ready()`` (notifications does its reminder run)::

    from cchc.jobs import schedule
    schedule.register("notifications.reminders", send_reminders_task, at=remind_at)

``at`` is a ``datetime.time`` (local time, ``TIME_ZONE``) or a function returning one (read
from settings when the schedule is checked). ``cchc worker`` calls :func:`run_due` when it
starts (a run due today and not yet done goes out at once) and then every
``CCHC_SCHEDULE_SECONDS`` (default 60). A run is recorded as a :class:`ScheduledRun` row
(unique per name and day) BEFORE its task is queued: with two workers, or after a restart, only
the one that wrote the row queues it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.jobs.models import ScheduledRun
from cchc.jobs.periodic import Every

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    name: str
    task: object  # a django-tasks task (``.enqueue()``) or a plain callable
    at: dt.time | Callable[[], dt.time]

    def time(self) -> dt.time:
        return self.at() if callable(self.at) else self.at


_ENTRIES: dict[str, Entry] = {}


def register(name: str, task, *, at: dt.time | Callable[[], dt.time]) -> None:
    """Run ``task`` once a day at ``at`` (local time). Registering a name again replaces it."""
    _ENTRIES[name] = Entry(name=name, task=task, at=at)


def entries() -> list[Entry]:
    return sorted(_ENTRIES.values(), key=lambda e: e.name)


def due(now: dt.datetime | None = None) -> list[Entry]:
    """The entries whose time has come today (local) and that have not run today."""
    local = timezone.localtime(now or timezone.now())
    done = set(ScheduledRun.objects.filter(day=local.date()).values_list("name", flat=True))
    return [e for e in entries() if e.name not in done and local.time() >= e.time()]


def run_due(now: dt.datetime | None = None) -> list[str]:
    """Queue every due entry, each at most once a day (the ``ScheduledRun`` row decides between
    two workers). Returns the names queued."""
    local = timezone.localtime(now or timezone.now())
    started = []
    for entry in due(local):
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=entry.name, day=local.date())
        except IntegrityError:
            continue  # another worker took it
        started.append(entry.name)
        try:
            (entry.task.enqueue if hasattr(entry.task, "enqueue") else entry.task)()
        except Exception:
            log.exception("scheduled job %s failed", entry.name)
    return started


def _run_due_and_log() -> None:
    started = run_due()
    if started:
        log.info("scheduled jobs queued: %s", started)


class Scheduler(Every):
    """The worker's schedule thread (daemon): :func:`run_due` every ``CCHC_SCHEDULE_SECONDS``."""

    def __init__(self):
        super().__init__(
            "cchc-schedule", lambda: float(getattr(settings, "CCHC_SCHEDULE_SECONDS", 60)), _run_due_and_log
        )
