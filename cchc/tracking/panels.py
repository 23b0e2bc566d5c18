"""Home-page panels: a reporter's lead work (with its supporting work apart); overdue lead work by
unit for the standing agency. Counts come from aggregate queries over the one state definition."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.orgs.models import OrgUnit
from cchc.tracking.queries import (
    annotate_state,
    assignment_rows,
    assignments_for,
    cached_by_query,
    chip_counts,
    state_counts,
)


def my_unit_panel(request, role):
    if role not in {"reporter", "unit_head"} or not request.membership:
        return None
    today = timezone.localdate()
    mine = assignments_for(request.user).filter(unit=request.membership.unit)
    by_role = cached_by_query(
        mine, "panel by role", lambda: state_counts(mine, today, by="role"), user=request.user
    )
    lead = chip_counts(by_role.get("lead", {}))
    support = chip_counts(by_role.get("support", {}))
    return {
        "key": "tracking-my-unit",
        "title": _("Việc của đơn vị"),
        "stat": lead["open"],
        "text": _(
            "nhiệm vụ chủ trì chưa hoàn thành, trong đó %(n)s quá hạn, %(p)s chờ duyệt; "
            "việc phối hợp: %(s)s chưa hoàn thành"
        )
        % {"n": lead["overdue"], "p": lead["pending"], "s": support["open"]},
        # the list the figure counts: the unit's unfinished lead work (today)
        "url": reverse("tracking:my_work") + "?role=lead&status=open",
        "link_label": _("Xem việc của đơn vị"),
    }


def overdue_by_unit_panel(request, role):
    if role not in {"standing_officer", "admin", "leader"}:
        return None
    overdue = annotate_state(
        assignments_for(request.user).filter(role="lead").order_by(), timezone.localdate()
    ).filter(state="overdue")
    grouped = overdue.values("unit_id").annotate(n=Count("id")).order_by("-n", "unit_id")
    by_unit = cached_by_query(grouped, "overdue by unit", lambda: list(grouped), user=request.user)
    total = sum(t["n"] for t in by_unit)  # one aggregate query: per unit, then the total
    top = by_unit[:10]
    units = OrgUnit.objects.in_bulk([t["unit_id"] for t in top])
    return {
        "key": "tracking-overdue-by-unit",
        "title": _("Nhiệm vụ quá hạn theo đơn vị"),
        "stat": total,
        "text": _("việc chủ trì; việc phối hợp không tính riêng"),
        "items": [
            {
                "label": f"{units[t['unit_id']].short_name or units[t['unit_id']].name}: {t['n']}",
                "url": reverse("tracking:task_list") + f"?unit={t['unit_id']}&status=overdue",
            }
            for t in top
        ],
        "url": reverse("tracking:task_list") + "?status=overdue",
        "link_label": _("Xem tất cả nhiệm vụ quá hạn"),
    }


def approval_queue_panel(request, role):
    """Unit heads and the standing agency: how many updates wait for them, linking to the queue."""
    from cchc.tracking.queries import approval_queue_counts
    from cchc.tracking.queue_views import QUEUE_TITLES

    counts = approval_queue_counts(request.user)
    if not counts:
        return None
    return {
        "key": "tracking-approval-queue",
        "title": _("Chờ bạn duyệt"),
        "stat": sum(counts.values()),
        "text": _("báo cáo tiến độ đang chờ bạn duyệt"),
        "items": [
            {"label": f"{QUEUE_TITLES[k]}: {n}", "url": reverse("tracking:approval_queue") + f"?kind={k}"}
            for k, n in counts.items()
        ],
        "url": reverse("tracking:approval_queue"),
        "link_label": _("Mở hàng chờ duyệt"),
    }


def bell_due_items(request) -> list[dict]:
    """Live lines on the bell's page for a reporter or head: the unit's lead work overdue or due
    within the at-risk window (links to its work list)."""
    membership = getattr(request, "membership", None)
    if not membership or membership.role not in {"reporter", "unit_head"}:
        return []
    rows = assignment_rows(
        unit=membership.unit, user=request.user, as_of=timezone.localdate(), status="open", role="lead"
    )
    overdue = sum(1 for r in rows if r.state == "overdue")
    at_risk = sum(1 for r in rows if r.state == "at_risk")
    base = reverse("tracking:my_work")
    out = []
    if overdue:
        out.append({"text": _("%(n)s nhiệm vụ quá hạn") % {"n": overdue}, "url": f"{base}?status=overdue"})
    if at_risk:
        out.append(
            {
                "text": _("%(n)s nhiệm vụ sắp đến hạn, tiến độ chậm") % {"n": at_risk},
                "url": f"{base}?status=at-risk",
            }
        )
    return out
