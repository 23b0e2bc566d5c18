"""``cchc seed-scale N``: grow the loaded demo into a province-sized dataset (N times its units and plans)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError
from cchc.tracking.scale import seed_scale


class Command(BaseCommand):
    help = "Grow the demo N times (units, plans, assignments, progress): cchc seed-scale N"

    def add_arguments(self, parser):
        parser.add_argument("factor", type=int, help="N: how many times the demo's units and plans (2 to 20)")

    def handle(self, *args, **opts):
        factor = opts["factor"]
        if not 2 <= factor <= 20:
            raise CommandError("N must be between 2 and 20")
        try:
            stats = seed_scale(factor, out=lambda s: self.stdout.write(s))
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"+{stats['units']} units, +{stats['plans']} plans, +{stats['assignments']} assignments, "
            f"+{stats['updates']} progress updates"
        )
