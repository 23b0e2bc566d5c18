"""Background jobs run by ``cchc worker`` (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders_task() -> int:
    """Send today's reminder digests; returns how many units got one. Safe to run twice."""
    from cchc.tracking.reminders import do_send_reminders

    return len([d for d in do_send_reminders(actor=None) if d.emails])
