from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cchc.core.backup import BackupError, make_backup, read_key_file


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup / pg_dump) and the uploaded files into a new "
        "directory, with a manifest of row counts and checksums: cchc backup DIR"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a new or empty directory (created 0700)")
        parser.add_argument(
            "--key-file",
            default=os.environ.get("CCHC_BACKUP_KEY_FILE", ""),
            help="encrypt with the secret in this file (default: $CCHC_BACKUP_KEY_FILE; none: plain)",
        )

    def handle(self, *args, directory, key_file, **opts):
        try:
            manifest = make_backup(
                Path(directory),
                connection=connection,
                media_root=Path(settings.MEDIA_ROOT),
                key=read_key_file(key_file),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        data = manifest.data
        self.stdout.write(
            f"backup written to {directory}: {data['engine']}, {sum(data['row_counts'].values())} rows "
            f"in {len(data['row_counts'])} tables, {len(data['files'])} files (manifest.json)"
            f"{', encrypted' if data['encryption'] else ''}"
        )
