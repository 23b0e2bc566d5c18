"""Authentication with lockout after repeated failures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from cchc.accounts.models import User


class LockoutModelBackend(ModelBackend):
    """Username/password login that refuses a locked account, even with the right password.

    After ``CCHC_LOGIN_MAX_FAILURES`` failures the account is locked for
    ``CCHC_LOGIN_LOCKOUT_MINUTES``; a success resets the counter.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        now = timezone.now()
        if user.locked_until and user.locked_until > now:
            if request is not None:
                request.cchc_locked = True
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_logins or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
            return user
        failures = user.failed_logins + 1
        locked_until = None
        if failures >= settings.CCHC_LOGIN_MAX_FAILURES:
            locked_until = now + dt.timedelta(minutes=settings.CCHC_LOGIN_LOCKOUT_MINUTES)
            failures = 0
            if request is not None:
                request.cchc_locked = True
        User.objects.filter(pk=user.pk).update(failed_logins=failures, locked_until=locked_until)
        return None
