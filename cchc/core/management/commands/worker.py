from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run the background task worker (django-tasks database backend); apps queue their recurring "
        "jobs first, and a sweeper fails (or queues again) the jobs whose worker died (cchc.jobs.lease)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the queued tasks, then exit")

    def handle(self, *args, batch, **opts):
        from django.apps import apps

        from cchc.jobs import lease

        result = lease.sweep()  # a worker that died before this one started
        if any(result.values()):
            self.stderr.write(f"job sweeper: {result}")
        for config in apps.get_app_configs():  # recurring jobs (e.g. tracking's daily reminders)
            if hasattr(config, "schedule_jobs"):
                config.schedule_jobs()
        sweeper = None
        if not batch:
            sweeper = lease.Sweeper()
            sweeper.start()
        try:
            call_command("db_worker", *(["--batch"] if batch else []))
        finally:
            if sweeper:
                sweeper.stop.set()
