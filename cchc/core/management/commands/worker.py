from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (django-tasks database backend); apps queue their recurring jobs first."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the queued tasks, then exit")

    def handle(self, *args, batch, **opts):
        from django.apps import apps

        for config in apps.get_app_configs():  # recurring jobs (e.g. tracking's daily reminders)
            if hasattr(config, "schedule_jobs"):
                config.schedule_jobs()
        call_command("db_worker", *(["--batch"] if batch else []))
