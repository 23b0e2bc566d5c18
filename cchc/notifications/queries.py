"""Reads of the bell: a user's own notifications only."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def bell_generation(user_id: int) -> str:
    """The generation of one user's bell (``core.generations``): bumped by every write of their
    notifications (``notifications.actions``), the only writer of the table."""
    return f"bell:{user_id}"


def unread_count(user) -> int:
    """The user's unread notifications: counted once, then read from the cache (on every page's
    header) until their bell changes."""
    if not getattr(user, "is_authenticated", False):
        return 0
    from cchc.core import generations

    return generations.cached(
        bell_generation(user.pk),
        "unread",
        lambda: Notification.objects.filter(user=user, read_at__isnull=True).count(),
        committed_only=True,
    )
