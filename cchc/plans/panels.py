"""Home panel of the plans app: plans, tasks and unresolved unit mentions of the user's provinces."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.plans.queries import plan_stats, plans_for, tasks_without_lead


def plans_panel(request, role):
    if role not in {Role.ADMIN, Role.STANDING_OFFICER, Role.LEADER}:
        return None
    stats = plan_stats(plans_for(request.user))
    return {
        "key": "plans",
        "title": _("Kế hoạch CCHC"),
        "stat": stats["plans"],
        "items": [
            {"label": _("%(n)s nhiệm vụ") % {"n": stats["tasks"]}},
            {"label": _("%(n)s lượt nêu đơn vị chưa xác định") % {"n": stats["unresolved"]}},
            *(
                [{"label": _("%(n)s nhiệm vụ chưa có đơn vị chủ trì") % {"n": without}}]
                if role in {Role.ADMIN, Role.STANDING_OFFICER}
                and (without := tasks_without_lead(plans_for(request.user)).count())
                else []
            ),
        ],
        "url": reverse("plans:plan_list"),
        "link_label": _("Xem kế hoạch"),
    }
