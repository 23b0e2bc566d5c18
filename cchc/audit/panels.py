"""The audit home panel: the latest changes, for auditors and administrators."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.accounts.policy import grants_for
from cchc.audit.views import events_for


def audit_panel(request, role):
    if role not in {Role.ADMIN, Role.AUDITOR} or not grants_for(request.user).can_read_audit():
        return None
    events = list(events_for(request.user)[:5])
    return {
        "key": "audit",
        "title": _("Thay đổi gần đây"),
        "items": [
            {"label": f"{e.actor_name or _('Hệ thống')}: {e.get_action_display()} {e.object_repr}"}
            for e in events
        ]
        or [{"label": _("Chưa có thay đổi nào.")}],
        "url": reverse("audit:event_list"),
        "link_label": _("Xem nhật ký"),
    }
