"""Writes of the bell: ``notify`` (the one function other apps call to put a message in a user's
bell; no permission of its own: callers are actions that already checked) and marking read."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import Membership, User
from cchc.core import generations
from cchc.core.errors import DomainError
from cchc.notifications.models import Notification, NotificationKind
from cchc.notifications.queries import bell_generation
from cchc.orgs.models import OrgUnit

# roles of a unit's people who hear about its work (a unit-addressed notification)
UNIT_AUDIENCE = ("reporter", "unit_head")


def notify(user_or_unit, kind: str, text: str, url: str = "") -> list[Notification]:
    """Put ``text`` (linking to ``url``) in the bell of a user, or of every reporter and head of a
    unit. Returns the rows written. ``kind``: a :class:`NotificationKind` value."""
    if kind not in NotificationKind.values:
        raise DomainError(_("Loại thông báo không hợp lệ."), code="kind")
    text = str(text)[:500]
    if isinstance(user_or_unit, OrgUnit):
        users = list(
            User.objects.filter(
                pk__in=Membership.objects.filter(unit=user_or_unit, role__in=UNIT_AUDIENCE).values("user_id"),
                is_active=True,
            )
        )
    elif user_or_unit is None:
        users = []
    else:
        users = [user_or_unit]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, text=text, url=url[:500]) for u in users]
    )
    generations.bump(*(bell_generation(u.pk) for u in users))
    return rows


def do_mark_notifications_read(*, actor, ids: list[int] | None = None) -> int:
    """The user marks their notifications (all, or ``ids``) read."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    changed = qs.update(read_at=timezone.now())
    if changed:
        generations.bump(bell_generation(actor.pk))
    return changed
