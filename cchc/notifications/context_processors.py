"""The bell in the header: the user's unread notification count (cached per user: ``queries.unread_count``)."""

from __future__ import annotations

from functools import cache

from cchc.notifications.queries import unread_count


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # counted only when a template shows it (not for htmx fragments), once per request
    return {"bell_unread": cache(lambda: unread_count(user))}
