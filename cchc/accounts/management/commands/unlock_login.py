from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.accounts.actions import do_unlock_login
from cchc.accounts.models import User


class Command(BaseCommand):
    help = "Lift the login delays of a user (after repeated wrong passwords): cchc unlock-login USERNAME"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **opts):
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        removed = do_unlock_login(actor=None, user=user)
        self.stdout.write(f"{user.username}: {removed} login delay record(s) removed")
