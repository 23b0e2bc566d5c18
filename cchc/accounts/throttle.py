"""Login throttling that an attacker cannot turn against the officers it protects.

Two counters per login attempt, both kept in ``LoginThrottle`` rows:

- per (user name, client address): ``CCHC_LOGIN_MAX_FAILURES`` failures, then a delay that
  starts at ``CCHC_LOGIN_DELAY_SECONDS`` and doubles with each further failure, up to
  ``CCHC_LOGIN_LOCKOUT_MINUTES``. Someone guessing from elsewhere slows only themselves: the
  owner at their own address is never locked out by them.
- per client address across user names (``username`` ""): ``CCHC_LOGIN_ADDRESS_MAX_FAILURES``
  failures, then the same growing delay for every login from that address (one client trying one
  password against every account).

Failures older than ``CCHC_LOGIN_WINDOW_MINUTES`` are forgotten. An attempt is *reserved* as a
failure before the password is checked, with a compare-and-swap ``UPDATE`` (the row changes only
if nobody else changed it since it was read), so 20 parallel guesses cannot all pass the check:
the one that reaches the limit sets the delay for the rest. A success clears the (user name,
address) counter and gives back its reservation on the address counter.

Unknown user names are throttled exactly like real ones, and the refusal message is the same.
The client address is ``cchc.core.client.client_address`` (the peer, or behind a trusted proxy
the header named by ``CCHC_CLIENT_IP_HEADER``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cchc.accounts.models import LoginThrottle
from cchc.core.client import client_address  # noqa: F401 (the one definition, re-exported)

CAS_ATTEMPTS = 25


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def delay_for(failures: int, limit: int) -> dt.timedelta | None:
    """The wait after ``failures`` failures with a limit of ``limit``: none below the limit, then
    the base delay doubling with each failure, capped."""
    if failures < limit:
        return None
    base = settings.CCHC_LOGIN_DELAY_SECONDS
    cap = settings.CCHC_LOGIN_LOCKOUT_MINUTES * 60
    exponent = min(failures - limit, 30)
    return dt.timedelta(seconds=min(cap, base * 2**exponent))


@dataclass
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, when refused
    blocked_now: bool = False  # this attempt started a delay (for the audit trail)
    failures: int = 0


def _row(username: str, address: str) -> LoginThrottle:
    row = LoginThrottle.objects.filter(username=username, address=address).first()
    if row is None:
        try:
            with transaction.atomic():
                row = LoginThrottle.objects.create(username=username, address=address)
        except IntegrityError:
            row = LoginThrottle.objects.get(username=username, address=address)
    return row


def _reserve(username: str, address: str, limit: int, now) -> Verdict:
    window = dt.timedelta(minutes=settings.CCHC_LOGIN_WINDOW_MINUTES)
    for _ in range(CAS_ATTEMPTS):
        row = _row(username, address)
        if row.blocked_until and row.blocked_until > now:
            return Verdict(False, retry_after=math.ceil((row.blocked_until - now).total_seconds()))
        expired = row.last_failure_at is None or row.last_failure_at < now - window
        failures = 1 if expired else row.failures + 1
        wait = delay_for(failures, limit)
        changed = LoginThrottle.objects.filter(
            pk=row.pk, failures=row.failures, last_failure_at=row.last_failure_at
        ).update(failures=failures, last_failure_at=now, blocked_until=now + wait if wait else None)
        if changed:
            return Verdict(True, blocked_now=wait is not None, failures=failures)
    # Heavy contention on this very counter: refuse rather than let a guess through unchecked.
    return Verdict(False, retry_after=settings.CCHC_LOGIN_DELAY_SECONDS)


def reserve_attempt(username: str, address: str) -> tuple[Verdict, Verdict | None]:
    """Count this attempt as a failure on both counters before the password is checked.

    Returns the (user name, address) and address verdicts; the attempt may go ahead only if both
    allow it. The address counter is not touched when the first refuses.
    """
    now = timezone.now()
    name = normalise_username(username)
    account = _reserve(name, address, settings.CCHC_LOGIN_MAX_FAILURES, now)
    if not account.allowed:
        return account, None
    return account, _reserve("", address, settings.CCHC_LOGIN_ADDRESS_MAX_FAILURES, now)


def succeeded(username: str, address: str) -> None:
    """The password was right: forget this account's failures from this address and give back
    the reservation on the address counter (a valid login does not reset the address)."""
    name = normalise_username(username)
    LoginThrottle.objects.filter(username=name, address=address).delete()
    LoginThrottle.objects.filter(username="", address=address, failures__gt=0).update(
        failures=F("failures") - 1
    )
    prune()  # keep the table small: guesses at random names leave rows that only expire


def clear(username: str) -> int:
    """Remove every delay of a user name (an administrator's unlock); returns rows removed."""
    deleted, _ = LoginThrottle.objects.filter(username=normalise_username(username)).delete()
    return deleted


def clear_address(address: str) -> int:
    deleted, _ = LoginThrottle.objects.filter(address=address).delete()
    return deleted


def prune(now=None) -> int:
    """Delete counters whose failures have expired."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.CCHC_LOGIN_WINDOW_MINUTES)
    deleted, _ = (
        LoginThrottle.objects.filter(last_failure_at__lt=cutoff).exclude(blocked_until__gt=now).delete()
    )
    return deleted
