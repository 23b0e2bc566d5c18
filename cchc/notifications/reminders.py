"""Reminders: ONE registry of reminder kinds, the digests they build, and the one daily run.

Each app owns the content of its reminders and registers the kind in ``AppConfig.ready()``::

    from cchc.notifications import reminders
    reminders.register("tasks", collect=build_digests, link=task_link, order=10)

* ``collect(as_of) -> list[Digest]``: what would go out on ``as_of``, one digest per unit, the
  items already in the log (:class:`ReminderLog`) left out.
* ``link(unit, kind, key) -> str``: the page an item opens; the bell entry of a digest links to
  it (one bell entry per page the digest's items open).

This module owns what is generic: the lead times (``CCHC_REMIND_DAYS``), a unit's addresses,
sending (mail + bell + log, each item once: a run repeated the same day, or a parallel run,
sends nothing new) and :func:`run` (every kind; ``cchc remind`` and the worker's daily
schedule, ``CCHC_REMIND_AT``, call it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import Membership, Role
from cchc.notifications.actions import notify
from cchc.notifications.models import ReminderLog


@dataclass(frozen=True)
class ReminderKind:
    name: str
    collect: Callable[[dt.date], list]
    link: Callable[[object, str, str], str]
    order: int = 100


_KINDS: dict[str, ReminderKind] = {}


def register(name: str, *, collect: Callable, link: Callable, order: int = 100) -> None:
    """Add (or replace, on a second ``ready()``) the reminder kind ``name``."""
    _KINDS[name] = ReminderKind(name=name, collect=collect, link=link, order=order)


def kinds() -> list[ReminderKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.name))


def kind(name: str) -> ReminderKind:
    return _KINDS[name]


def remind_at() -> dt.time:
    """When the daily run is due (local time): ``CCHC_REMIND_AT`` ("HH:MM", default 07:00)."""
    return dt.time.fromisoformat(getattr(settings, "CCHC_REMIND_AT", "07:00"))


def remind_days() -> list[int]:
    """The lead times, longest first (``CCHC_REMIND_DAYS``: a list or "30,7,1")."""
    raw = getattr(settings, "CCHC_REMIND_DAYS", "30,7,1")
    if isinstance(raw, str):
        raw = [p for p in raw.replace(";", ",").split(",") if p.strip()]
    return sorted({int(d) for d in raw}, reverse=True)


def lead_time(days_left: int, days: list[int] | None = None) -> int | None:
    """The shortest lead time ``days_left`` has reached (None: not yet within any)."""
    return min((d for d in (remind_days() if days is None else days) if days_left <= d), default=None)


def sent_keys(**filters) -> set[tuple[int, str, str]]:
    """(unit id, kind, key) of the reminders already sent (optionally filtered)."""
    return set(ReminderLog.objects.filter(**filters).values_list("unit_id", "kind", "key"))


def unit_emails(unit) -> list[str]:
    """Where a unit's reminders go: its own address, else its active reporters' and head's."""
    if unit.email:
        return [unit.email]
    return sorted(
        set(
            Membership.objects.filter(
                unit=unit, role__in=[Role.REPORTER, Role.UNIT_HEAD], user__is_active=True
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@dataclass
class Digest:
    """One unit's reminders of one kind. Subclasses give the ``subject``, ``heads()`` ({item kind:
    heading}, in the order they are listed) and, optionally, a ``closing()`` line."""

    unit: object
    emails: list[str]
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, key, line)

    @property
    def subject(self) -> str:
        raise NotImplementedError

    def heads(self) -> dict[str, str]:
        raise NotImplementedError

    def closing(self) -> str:
        return ""

    @property
    def body(self) -> str:
        lines = [_("Kính gửi %(unit)s,") % {"unit": self.unit.name}, ""]
        for kind, head in self.heads().items():
            rows = [line for k, _key, line in self.items if k == kind]
            if rows:
                lines.append(f"{head}:")
                lines += [f"  - {r}" for r in rows]
                lines.append("")
        if closing := self.closing():
            lines.append(closing)
        return "\n".join(lines)


def send(name: str, digests: list[Digest]) -> None:
    """Mail each digest of kind ``name``, put it in the bell of the unit's people and log its items
    in the same transaction, so no item goes out twice: a parallel run that logged them first
    wins. A unit without an address is not logged; it is reminded once it has one."""
    link = _KINDS[name].link
    now = timezone.now()
    for d in digests:
        if not d.emails:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.bulk_create(
                    [ReminderLog(unit=d.unit, kind=k, key=key, sent_at=now) for k, key, _line in d.items]
                )
                send_mail(d.subject, d.body, settings.DEFAULT_FROM_EMAIL, d.emails)
                _bell(d, link)
        except IntegrityError:
            continue  # a parallel run sent it


def _bell(digest: Digest, link: Callable) -> None:
    """The same reminder in the bell of the unit's reporters and heads: one entry per page its
    items open (the digest's subject when they all open one page, else that page's first line)."""
    pages: dict[str, list[str]] = {}
    for kind, key, line in digest.items:
        pages.setdefault(link(digest.unit, kind, key), []).append(line)
    for url, lines in pages.items():
        text = str(digest.subject) if len(pages) == 1 else lines[0]
        notify(digest.unit, "due", text, url)


def collect_and_send(name: str, *, as_of: dt.date | None = None, dry_run: bool = False) -> list[Digest]:
    """Build kind ``name``'s digests for ``as_of`` (default today) and send them (``dry_run``: only list)."""
    digests = _KINDS[name].collect(as_of or timezone.localdate())
    if not dry_run:
        send(name, digests)
    return digests


def run(*, as_of: dt.date | None = None, dry_run: bool = False, only: list[str] | None = None) -> dict:
    """The daily run: every registered kind (or those in ``only``), in order. Returns
    {kind name: digests}. Safe to repeat: the log keeps every item to one sending."""
    as_of = as_of or timezone.localdate()
    return {
        k.name: collect_and_send(k.name, as_of=as_of, dry_run=dry_run)
        for k in kinds()
        if only is None or k.name in only
    }
