"""``cchc remind [--as-of DATE] [--dry-run]``: send (or show) reminder digests per unit.

A running ``cchc worker`` sends them daily by itself (``send_reminders_task``); without a worker,
run this from cron, e.g. ``0 7 * * * cchc remind``.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from cchc.tracking.reminders import do_send_reminders


class Command(BaseCommand):
    help = "Send (or --dry-run show) reminder digests to units"

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="show what would go out, send nothing")

    def handle(self, *args, **opts):
        try:
            as_of = dt.date.fromisoformat(opts["as_of"]) if opts["as_of"] else None
        except ValueError:
            raise CommandError("--as-of must be YYYY-MM-DD") from None
        digests = do_send_reminders(actor=None, as_of=as_of, dry_run=opts["dry_run"])
        for d in digests:
            to = ", ".join(d.emails) or "(không có email)"
            self.stdout.write(f"== {d.unit.name} → {to}: {len(d.items)} mục")
            for kind, _key, line in d.items:
                self.stdout.write(f"   [{kind}] {line}")
        verb = "sẽ gửi" if opts["dry_run"] else "đã gửi"
        self.stdout.write(f"{len([d for d in digests if d.emails])} đơn vị {verb} nhắc việc.")
