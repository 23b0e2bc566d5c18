"""Background jobs run by ``cchc worker`` (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_report_reminders_task() -> int:
    """Send today's report reminders (before and after due dates); returns how many units got
    one. Safe to run twice: what went out is logged."""
    from cchc.reporting.reminders import do_send_report_reminders

    return len([d for d in do_send_report_reminders(actor=None) if d.emails])
