from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError
from cchc.orgs.importing import do_import_orgs


class Command(BaseCommand):
    help = "Import an org tree from CSV/XLSX (units file, optional --groups file). All rows or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--groups", default=None)

    def handle(self, *args, file, groups, **opts):
        try:
            data = Path(file).read_bytes()
            gdata = Path(groups).read_bytes() if groups else None
        except OSError as exc:
            raise CommandError(f"cannot read file: {exc}") from exc
        try:
            result = do_import_orgs(
                actor=None, data=data, filename=file, groups_data=gdata, groups_filename=groups or ""
            )
        except DomainError as exc:
            details = "\n".join(f"  - {d}" for d in exc.details)
            raise CommandError(f"{exc.message}\n{details}".rstrip()) from exc
        self.stdout.write(f"{result.created} units created, {result.updated} updated, {result.groups} groups")
