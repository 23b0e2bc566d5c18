"""``cchc remind [--as-of DATE] [--dry-run] [--kind tasks|reports|par …]``: send (or show) every
registered kind of reminder (task, report and PAR deadlines), one digest per unit and kind.

A running ``cchc worker`` does this by itself once a day at ``CCHC_REMIND_AT`` (default 07:00);
the command is for a first look (``--dry-run``) or a machine without a worker.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from cchc.notifications import reminders


class Command(BaseCommand):
    help = "Send (or --dry-run show) the reminder digests of every kind (tasks, reports, PAR INDEX) to units"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="show what would go out, send nothing")
        parser.add_argument(
            "--kind",
            action="append",
            choices=[k.name for k in reminders.kinds()],
            help="only this kind (repeatable; default: all)",
        )

    def handle(self, *args, **opts):
        try:
            as_of = dt.date.fromisoformat(opts["as_of"]) if opts["as_of"] else None
        except ValueError:
            raise CommandError("--as-of must be YYYY-MM-DD") from None
        runs = reminders.run(as_of=as_of, dry_run=opts["dry_run"], only=opts["kind"])
        verb = "sẽ gửi" if opts["dry_run"] else "đã gửi"
        for name, digests in runs.items():
            for d in digests:
                to = ", ".join(d.emails) or "(không có email)"
                self.stdout.write(f"== [{name}] {d.unit.name} → {to}: {len(d.items)} mục")
                for kind, _key, line in d.items:
                    self.stdout.write(f"   [{kind}] {line}")
            self.stdout.write(f"{name}: {len([d for d in digests if d.emails])} đơn vị {verb} nhắc việc.")
