"""The bell's page: the user's notifications (and live lines other apps register) and "mark read"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cchc.notifications import actions, live, queries
from cchc.notifications.models import NotificationKind


@login_required
def notification_list(request):
    items = list(queries.notifications_for(request.user)[:100])
    return render(
        request,
        "notifications/list.html",
        {"items": items, "due": live.items_for(request), "kinds": dict(NotificationKind.choices)},
    )


@login_required
@require_POST
def notifications_read(request):
    actions.do_mark_notifications_read(actor=request.user)
    return redirect("notifications:list")
