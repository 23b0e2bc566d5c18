from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cchc.jobs import lease, schedule


class Command(BaseCommand):
    help = (
        "Run the background task worker (django-tasks database backend): the daily schedule "
        "(cchc.jobs.schedule: the reminders at CCHC_REMIND_AT) queues its jobs when due, and a "
        "sweeper fails (or queues again) the jobs whose worker died (cchc.jobs.lease)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the queued (and due) tasks, then exit")

    def handle(self, *args, batch, **opts):
        result = lease.sweep()  # a worker that died before this one started
        if any(result.values()):
            self.stderr.write(f"job sweeper: {result}")
        started = schedule.run_due()  # today's daily runs, if due and not done yet
        if started:
            self.stderr.write(f"scheduled: {', '.join(started)}")
        threads = []
        if not batch:
            threads = [lease.Sweeper(), schedule.Scheduler()]
            for t in threads:
                t.start()
        try:
            call_command("db_worker", *(["--batch"] if batch else []))
        finally:
            for t in threads:
                t.stop.set()
