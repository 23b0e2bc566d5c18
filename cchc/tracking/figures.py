"""The task figures the platform computes (``cchc.core.figures``), registered in ``apps.py``.

- ``tracking.unit_plans_on_time``: the province plans' tasks of the year that ask the units to
  issue their own plan ("Cụ thể hóa … thành Kế hoạch …", due in the year): lead assignments done
  on time (accepted, by the due date) as of 31 December / all lead assignments × 100.
"""

from __future__ import annotations

import datetime as dt

from cchc.core.figures import Reading, no_data, province_of, share
from cchc.domain.indicatorsets import is_unit_plan_task
from cchc.plans.models import Task
from cchc.tracking.models import Assignment
from cchc.tracking.states import CANCELLED, DONE, annotate_state

LABEL = "Theo dõi nhiệm vụ cụ thể hóa kế hoạch của các đơn vị trên nền tảng"


def unit_plans_on_time(unit, year: int) -> Reading:
    province = province_of(unit)
    if unit.pk != province.pk:
        return no_data("Chỉ tính cho toàn tỉnh")
    tasks = [
        t.pk
        for t in Task.objects.filter(
            plan__province=province, plan__parent_plan__isnull=True, due_date__year=year
        ).only("pk", "title")
        if is_unit_plan_task(t.title)
    ]
    if not tasks:
        return no_data(f"Kế hoạch của tỉnh không có nhiệm vụ cụ thể hóa kế hoạch đến hạn trong năm {year}")
    as_of = min(dt.date(year, 12, 31), dt.date.today())
    rows = list(
        annotate_state(Assignment.objects.filter(task_id__in=tasks, role="lead"), as_of)
        .exclude(state=CANCELLED)
        .select_related("unit")
        .order_by("unit__name")
    )
    if not rows:
        return no_data("Nhiệm vụ cụ thể hóa kế hoạch chưa được giao cho đơn vị nào")
    done = sum(1 for a in rows if a.state == DONE)
    inputs = [
        {
            "label": a.unit.name,
            "value": None,
            "detail": "ban hành đúng hạn" if a.state == DONE else "chưa ban hành hoặc ban hành muộn",
        }
        for a in rows
    ]
    return share(
        done,
        len(rows),
        f"{done}/{len(rows)} đơn vị hoàn thành đúng hạn nhiệm vụ cụ thể hóa kế hoạch (đến {as_of:%d/%m/%Y})",
        inputs,
    )
