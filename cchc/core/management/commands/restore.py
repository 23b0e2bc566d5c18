from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cchc.core.backup import BackupError, read_key_file, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `cchc backup` directory into the configured EMPTY database and media folder, "
        "after checking its checksums; then compare row counts and evidence checksums: cchc restore DIR"
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument(
            "--key-file",
            default=os.environ.get("CCHC_BACKUP_KEY_FILE", ""),
            help="the key an encrypted backup was made with (default: $CCHC_BACKUP_KEY_FILE)",
        )

    def handle(self, *args, directory, key_file, **opts):
        connection.close()  # restore writes through its own connection
        try:
            report = restore_backup(
                Path(directory),
                db=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                key=read_key_file(key_file),
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        for table, (expected, found) in report.count_mismatches.items():
            self.stderr.write(f"  {table}: {expected} rows in the backup, {found} restored")
        for name in report.evidence_bad:
            self.stderr.write(f"  evidence file missing or changed: {name}")
        if not report.ok:
            raise CommandError("restore finished with differences (above)")
        # values cached for the database that was there before are keyed by ids the restored one
        # may reuse: a shared cache (Redis) is emptied; local-memory caches die with their processes
        cache.clear()
        self.stdout.write(
            f"restored {sum(report.counts.values())} rows in {len(report.counts)} tables; "
            f"{report.evidence_checked} evidence files match their checksums"
        )
