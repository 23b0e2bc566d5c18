"""Authentication with login throttling (``cchc.accounts.throttle``) and an audit of failures."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from cchc.accounts import throttle
from cchc.accounts.models import User
from cchc.audit.models import AuditAction
from cchc.audit.recording import record


class LockoutModelBackend(ModelBackend):
    """Username/password login, throttled per (user name, client address) and per address.

    The attempt is counted before the password is checked; while a delay runs the password is
    not checked at all (the right one is refused too) and ``request.cchc_throttled`` holds the
    seconds to wait. Every failure and every delay that starts is written to the audit trail with
    the client address. Unknown user names get exactly the same treatment and messages.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        address = throttle.client_address(request)
        account, per_address = throttle.reserve_attempt(username, address)
        user = User.objects.filter(username__iexact=username).first()
        refused = next((v for v in (account, per_address) if v is not None and not v.allowed), None)
        if refused is not None:
            if request is not None:
                request.cchc_throttled = refused.retry_after
            _audit(AuditAction.LOGIN_FAILED, username, user, address, reason="throttled")
            return None
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
        elif user.check_password(password) and self.user_can_authenticate(user):
            throttle.succeeded(username, address)
            return user
        _audit(AuditAction.LOGIN_FAILED, username, user, address, reason="wrong_password")
        for scope, verdict in (("account", account), ("address", per_address)):
            if verdict is not None and verdict.blocked_now:
                _audit(
                    AuditAction.LOGIN_THROTTLED,
                    username,
                    user,
                    address,
                    reason=scope,
                    failures=verdict.failures,
                    seconds=int(
                        throttle.delay_for(verdict.failures, _limit(scope)).total_seconds()  # type: ignore[union-attr]
                    ),
                )
        return None


def _limit(scope: str) -> int:
    from django.conf import settings

    return (
        settings.CCHC_LOGIN_MAX_FAILURES if scope == "account" else settings.CCHC_LOGIN_ADDRESS_MAX_FAILURES
    )


def _audit(action, username: str, user, address: str, **details) -> None:
    membership = user.memberships.select_related("unit").first() if user is not None else None
    record(
        actor=None,
        action=action,
        model="accounts.user",
        object_id=str(user.pk) if user is not None else "",
        object_repr=str(username)[:150],
        changes={"username": str(username)[:150], "address": address, **details},
        unit=membership.unit if membership else None,
        note=f"{details.get('reason', '')} · {address}",
    )
