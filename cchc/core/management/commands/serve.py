"""``cchc serve``: the production server, one command.

Several worker processes (gunicorn, threaded workers), sized to the machine's cores by default,
so that Python runs on every core; static files collected once (pre-compressed, served by
WhiteNoise). Put a TLS reverse proxy in front (docs/operations.md). ``--workers 1 --engine
waitress`` keeps the single-process server (Windows, debugging).
"""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


def default_workers() -> int:
    """One worker per core (``CCHC_WORKERS`` overrides): the work is mostly Python."""
    raw = os.environ.get("CCHC_WORKERS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class Command(BaseCommand):
    help = "Serve cchc with several worker processes (gunicorn). Put a TLS reverse proxy in front."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
        parser.add_argument("--threads", type=int, default=4, help="threads per process")
        parser.add_argument("--engine", choices=["gunicorn", "waitress"], default="gunicorn")

    def handle(self, *args, host, port, workers, threads, engine, **opts):
        from django.conf import settings

        call_command("collectstatic", interactive=False, verbosity=0)
        settings.WHITENOISE_USE_FINDERS = False  # serve the collected, compressed files
        workers = workers or default_workers()
        if engine == "waitress" or os.name == "nt":
            from django.core.wsgi import get_wsgi_application
            from waitress import serve

            serve(get_wsgi_application(), host=host, port=port, threads=threads, ident="cchc")
            return
        from gunicorn.app.base import BaseApplication

        options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 120,
            "graceful_timeout": 20,
            "keepalive": 5,
            # a worker is replaced after this many requests: memory stays bounded
            "max_requests": 5000,
            "max_requests_jitter": 500,
            "proc_name": "cchc",
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
        }

        class Server(BaseApplication):
            def load_config(self):
                for key, value in options.items():
                    self.cfg.set(key, value)

            def load(self):
                from django.core.wsgi import get_wsgi_application

                return get_wsgi_application()

        self.stdout.write(f"cchc: http://{host}:{port}/ ({workers} processes × {threads} threads)")
        self.stdout.flush()
        Server().run()
