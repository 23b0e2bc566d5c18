from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cchc.core.errors import DomainError
from cchc.orgs.importing import SHIPPED_DATA, load_shipped_trees


class Command(BaseCommand):
    help = (
        "Load the org trees shipped with cchc (provinces, departments, districts, communes and "
        f"their groups, from {SHIPPED_DATA}). Run once after `cchc migrate`; safe to run again."
    )

    def handle(self, *args, **opts):
        try:
            result = load_shipped_trees(actor=None)
        except DatabaseError:
            raise CommandError("the database is not ready: run `cchc migrate` first") from None
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(f"{result.created} units created, {result.updated} updated, {result.groups} groups")
