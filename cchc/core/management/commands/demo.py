from __future__ import annotations

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from cchc.core.demo_users import DEMO_ACCOUNTS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create/migrate the database, load demo data and users, and serve on http://127.0.0.1:PORT"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--fresh", action="store_true", help="delete the SQLite demo database and start over"
        )
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and exit")
        parser.add_argument("--no-worker", action="store_true", help="do not start the background worker")

    def handle(self, *args, port, host, fresh, no_serve, no_worker, **opts):
        db = settings.DATABASES["default"]
        if fresh:
            if db["ENGINE"].endswith("sqlite3"):
                from django.db import connections

                connections.close_all()
                for suffix in ("", "-wal", "-shm"):
                    path = db["NAME"] + suffix
                    try:
                        import os

                        os.remove(path)
                    except FileNotFoundError:
                        pass
            else:
                self.stderr.write(
                    "--fresh only deletes the embedded SQLite database; use `cchc flush` on PostgreSQL"
                )
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=0)
        from django.contrib.auth import get_user_model

        if not get_user_model().objects.exists():
            self.stdout.write("Loading demo data…")
            from cchc.core.demo import load_demo

            load_demo(self.stdout)
        else:
            self.stdout.write("Demo data already present (use --fresh to start over).")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, unit in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {role:<17} {unit:<9} {full_name}")
        if no_serve:
            return
        worker = None
        if not no_worker:
            worker = subprocess.Popen([sys.executable, "-m", "cchc.cli", "worker"])
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nServing cchc at {url}  (Ctrl+C to stop)"))
        try:
            call_command("serve", host=host, port=port)
        finally:
            if worker:
                worker.terminate()
