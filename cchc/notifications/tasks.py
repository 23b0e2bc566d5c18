"""The daily reminder run as a background task (queued by the worker's schedule, ``cchc.jobs.schedule``)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders_task() -> dict[str, int]:
    """Send today's reminders of every registered kind; returns {kind: units that got a digest}.
    Safe to run twice (``ReminderLog``)."""
    from cchc.notifications import reminders

    return {name: len([d for d in digests if d.emails]) for name, digests in reminders.run().items()}
