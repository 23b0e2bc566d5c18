from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.accounts.actions import do_issue_token
from cchc.accounts.models import User


class Command(BaseCommand):
    help = "Issue an API token for a user (for a system integration). The key is shown once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'he-thong-mot-cua'")

    def handle(self, *args, username, name, **opts):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        _token, key = do_issue_token(actor=None, user=user, name=name)
        self.stdout.write(key)
