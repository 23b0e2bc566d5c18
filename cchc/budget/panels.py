"""What the budget registers on lower layers' pages: the task page's panel (``tracking.hooks``:
per unit, requested / approved / disbursed on the task, linked to the unit's estimate) and the
home page's panel (the unit's estimate in the newest round; the appraisal queue)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.budget import queries
from cchc.budget.models import (
    BudgetEstimate,
    BudgetRound,
    EstimateStatus,
)


def task_panel(request, task, assignment):
    """The task's budget per unit and year (``queries.task_budget``: the province task and the
    unit plans' copies of it together, sent estimates only), limited to the units the user may
    read; each row links to the unit's estimate."""
    family = task.parent_task if task.parent_task_id else task
    rows = queries.task_budget(family, request.user)
    if not rows:
        return None
    rounds = dict(
        BudgetRound.objects.filter(plan_id=family.plan_id, year__in={r["year"] for r in rows}).values_list(
            "year", "pk"
        )
    )
    return {
        "key": "task-budget",
        "title": _("Kinh phí thực hiện"),
        "template": "budget/_task_panel.html",
        "rows": [
            {
                **r,
                "url": reverse("budget:estimate_form", args=[rounds[r["year"]], r["unit_id"]])
                if r["year"] in rounds
                else "",
            }
            for r in rows[:50]
        ],
    }


def home_panel(request, role):
    """The newest round of the user's plans: for a unit's people their estimate's state; for the
    finance and standing agencies the estimates waiting for appraisal."""
    if not request.user.is_authenticated:
        return None
    rnd = queries.rounds_for(request.user).order_by("-year", "-pk").first()
    if rnd is None:
        return None
    url = reverse("budget:round_detail", args=[rnd.pk])
    if policy.can_manage_budget_rounds(request.user, rnd.plan):
        counts = BudgetEstimate.objects.filter(round=rnd).aggregate(
            waiting=Count("pk", filter=Q(status=EstimateStatus.SUBMITTED)),
            appraised=Count("pk", filter=Q(status=EstimateStatus.APPRAISED)),
        )
        return {
            "key": "budget-queue",
            "title": _("Dự toán kinh phí CCHC năm %(y)s") % {"y": rnd.year},
            "stat": counts["waiting"],
            "text": _("dự toán chờ thẩm định; đã giao dự toán cho %(n)s đơn vị") % {"n": counts["appraised"]},
            "url": url + "?tinh-trang=submitted",
            "link_label": _("Xem dự toán chờ thẩm định"),
        }
    membership = getattr(request, "membership", None)
    if role not in {"reporter", "unit_head"} or membership is None:
        return None
    unit = membership.unit
    estimate = BudgetEstimate.objects.filter(round=rnd, unit=unit).first()
    return {
        "key": "budget-unit",
        "title": _("Dự toán kinh phí CCHC năm %(y)s") % {"y": rnd.year},
        "text": (estimate.get_status_display() if estimate else _("Đơn vị chưa lập dự toán"))
        + " · "
        + _("hạn gửi %(d)s") % {"d": rnd.due_date.strftime("%d/%m/%Y")},
        "url": reverse("budget:estimate_form", args=[rnd.pk, unit.pk]),
        "link_label": _("Mở dự toán của đơn vị"),
    }
