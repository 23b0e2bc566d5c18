"""Home-page panels: a reporter's open/overdue counts; overdue work by unit for the standing agency."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.tracking.queries import assignment_rows


def my_unit_panel(request, role):
    if role not in {"reporter", "unit_head"} or not request.membership:
        return None
    rows = assignment_rows(
        unit=request.membership.unit, user=request.user, as_of=timezone.localdate(), status="open"
    )
    overdue = sum(1 for r in rows if r.state == "overdue")
    return {
        "key": "tracking-my-unit",
        "title": _("Việc của đơn vị"),
        "stat": len(rows),
        "text": _("nhiệm vụ chưa hoàn thành, trong đó %(n)s quá hạn") % {"n": overdue},
        "url": reverse("tracking:my_work"),
        "link_label": _("Xem việc của đơn vị"),
    }


def overdue_by_unit_panel(request, role):
    if role not in {"standing_officer", "admin", "leader"}:
        return None
    rows = assignment_rows(user=request.user, as_of=timezone.localdate(), status="overdue", role="lead")
    by_unit = Counter(r.unit for r in rows)
    return {
        "key": "tracking-overdue-by-unit",
        "title": _("Nhiệm vụ quá hạn theo đơn vị"),
        "stat": len(rows),
        "items": [
            {
                "label": f"{u.short_name or u.name}: {n}",
                "url": reverse("tracking:task_list") + f"?unit={u.pk}&status=overdue",
            }
            for u, n in by_unit.most_common(10)
        ],
        "url": reverse("tracking:task_list") + "?status=overdue",
        "link_label": _("Xem tất cả nhiệm vụ quá hạn"),
    }


def approval_queue_panel(request, role):
    """Unit heads and the standing agency: how many updates wait for them, linking to the queue."""
    from cchc.tracking.queries import approval_queue_counts
    from cchc.tracking.views import QUEUE_TITLES

    counts = approval_queue_counts(request.user)
    if not counts:
        return None
    return {
        "key": "tracking-approval-queue",
        "title": _("Chờ duyệt"),
        "stat": sum(counts.values()),
        "text": _("báo cáo tiến độ đang chờ bạn duyệt"),
        "items": [
            {"label": f"{QUEUE_TITLES[k]}: {n}", "url": reverse("tracking:approval_queue") + f"?kind={k}"}
            for k, n in counts.items()
        ],
        "url": reverse("tracking:approval_queue"),
        "link_label": _("Mở hàng chờ duyệt"),
    }
