from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from cchc.orgs.importing import export_units


class Command(BaseCommand):
    help = "Export the org tree as CSV (default) or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--out", default="-")

    def handle(self, *args, format, out, **opts):
        data = export_units(format)
        if out == "-":
            sys.stdout.buffer.write(data)
        else:
            with open(out, "wb") as fh:
                fh.write(data)
