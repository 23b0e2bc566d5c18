from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve cchc with waitress (a production WSGI server). Put a TLS reverse proxy in front."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **opts):
        from waitress import serve

        from cchc.wsgi import application

        serve(application, host=host, port=port, threads=threads, ident="cchc")
