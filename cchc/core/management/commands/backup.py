from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cchc.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup / pg_dump) and the uploaded files into a new "
        "directory, with a manifest of row counts and checksums: cchc backup DIR"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new or empty directory")

    def handle(self, *args, directory, **opts):
        try:
            manifest = make_backup(
                Path(directory), connection=connection, media_root=Path(settings.MEDIA_ROOT)
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        data = manifest.data
        self.stdout.write(
            f"backup written to {directory}: {data['engine']}, {sum(data['row_counts'].values())} rows "
            f"in {len(data['row_counts'])} tables, {len(data['files'])} files (manifest.json)"
        )
