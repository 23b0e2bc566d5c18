"""Attainment panels other apps' pages include: ``{% plan_attainment plan %}`` on the plan page,
``{% task_targets task %}`` on a task page (the targets of the task's area, as a task carries the
targets of the reform area it belongs to: plans do not link a target to single tasks)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("indicators/_plan_panel.html")
def plan_attainment(plan, period: str = ""):
    from cchc.indicators.queries import attainment_for_plan, status_counts
    from cchc.indicators.views import default_period

    period = period or default_period(plan)
    rows = attainment_for_plan(plan, period)
    return {
        "plan": plan,
        "period": period,
        "rows": rows,
        "counts": status_counts(rows),
    }


@register.inclusion_tag("indicators/_task_targets.html")
def task_targets(task, period: str = ""):
    from cchc.indicators.queries import attainment_for_plan
    from cchc.indicators.views import default_period

    if task.area_id is None:
        return {"rows": []}
    plan = task.plan
    period = period or default_period(plan)
    ids = set(plan.targets.filter(area_id=task.area_id).values_list("pk", flat=True))
    rows = [r for r in attainment_for_plan(plan, period) if r["target_id"] in ids] if ids else []
    return {"rows": rows, "period": period, "plan": plan}
