"""The bell in the header: the user's unread notification count (one query per page)."""

from __future__ import annotations

from cchc.notifications.queries import unread_count


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell_unread": unread_count(user)}
