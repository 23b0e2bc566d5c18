"""What the budget registers on lower layers' pages: the task page's panel (``tracking.hooks``:
per unit, requested / approved / disbursed on the task, linked to the unit's estimate) and the
home page's panel (the unit's estimate in the newest round; the appraisal queue)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.budget.models import (
    BudgetEstimate,
    BudgetLine,
    BudgetRound,
    BudgetSpending,
    EstimateStatus,
    SpendingKind,
)
from cchc.plans.queries import plans_for


def task_panel(request, task, assignment):
    """The task's budget per unit (the province task and a unit plan's copies of it together), in
    two aggregate queries, limited to the units the user may read."""
    family = Q(task_id=task.parent_task_id or task.pk) | Q(
        task__parent_task_id=task.parent_task_id or task.pk
    )
    lines = policy.budget_estimates_readable(
        request.user, BudgetLine.objects.filter(family), unit_field="estimate__unit"
    )
    rows = list(
        lines.values(
            "estimate__round_id", "estimate__round__year", "estimate__unit_id", "estimate__unit__name"
        )
        .annotate(requested=Sum("requested"), approved=Sum("approved"))
        .order_by("-estimate__round__year", "estimate__unit__name")[:50]
    )
    if not rows:
        return None
    spent = {
        (r["line__estimate__round_id"], r["line__estimate__unit_id"]): r["total"]
        for r in BudgetSpending.objects.filter(line__in=lines, kind=SpendingKind.DISBURSED)
        .values("line__estimate__round_id", "line__estimate__unit_id")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    return {
        "key": "task-budget",
        "title": _("Kinh phí thực hiện"),
        "template": "budget/_task_panel.html",
        "rows": [
            {
                "year": r["estimate__round__year"],
                "unit": r["estimate__unit__name"],
                "requested": r["requested"],
                "approved": r["approved"],
                "disbursed": spent.get((r["estimate__round_id"], r["estimate__unit_id"])),
                "url": reverse(
                    "budget:estimate_form", args=[r["estimate__round_id"], r["estimate__unit_id"]]
                ),
            }
            for r in rows
        ],
    }


def home_panel(request, role):
    """The newest round of the user's plans: for a unit's people their estimate's state; for the
    finance and standing agencies the estimates waiting for appraisal."""
    if not request.user.is_authenticated:
        return None
    rnd = (
        BudgetRound.objects.filter(plan__in=plans_for(request.user))
        .select_related("plan")
        .order_by("-year", "-pk")
        .first()
    )
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
