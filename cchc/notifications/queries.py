"""Reads of the bell: a user's own notifications only."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
