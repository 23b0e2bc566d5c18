"""The inspection figures the platform computes (``cchc.core.figures``), registered in ``apps.py``.

- ``inspection.inspected_share``: the province's inspection plan of the year: units inspected
  (status done) / units of the inspected levels in force on 1 January × 100.
- ``inspection.findings_remedied``: the findings "tồn tại, hạn chế" of the year's inspections
  whose follow-up task is done (accepted) by 31 December / all such findings × 100 (the tasks'
  states are read through ``oversight.sources``).

Also provided to the reporting app: :func:`inspection_figures` (a report annex's inspection
counts).
"""

from __future__ import annotations

import datetime as dt

from cchc.core.figures import Reading, no_data, province_of, share
from cchc.oversight import queries as oq
from cchc.oversight import sources
from cchc.oversight.models import Finding, FindingKind, Inspection, InspectionPlan, InspectionStatus

INSPECTED_SHARE_LABEL = "Kế hoạch kiểm tra CCHC trên nền tảng"
FINDINGS_REMEDIED_LABEL = "Kết quả kiểm tra CCHC và nhiệm vụ khắc phục trên nền tảng"


def _inspection_plan(unit, year: int):
    province = province_of(unit)
    if unit.pk != province.pk:
        return None
    return InspectionPlan.objects.filter(province=province, organiser=province, year=year).first()


def inspected_share(unit, year: int) -> Reading:
    plan = _inspection_plan(unit, year)
    if plan is None:
        return no_data(f"Chưa có kế hoạch kiểm tra CCHC năm {year} của tỉnh")
    cov = oq.coverage(plan)
    if not cov["population"]:
        return no_data("Kế hoạch kiểm tra không có đơn vị nào thuộc diện kiểm tra")
    done = list(
        plan.inspections.filter(status="done").select_related("unit").order_by("inspected_on", "unit__name")
    )
    inputs = [
        {
            "label": i.unit.name,
            "value": None,
            "detail": f"kiểm tra ngày {i.inspected_on:%d/%m/%Y}" if i.inspected_on else "đã kiểm tra",
        }
        for i in done
    ]
    return share(
        cov["done"],
        cov["population"],
        f"{cov['done']}/{cov['population']} đơn vị thuộc diện kiểm tra đã được kiểm tra ({plan.title})",
        inputs,
    )


def findings_remedied(unit, year: int) -> Reading:
    plan = _inspection_plan(unit, year)
    if plan is None:
        return no_data(f"Chưa có kế hoạch kiểm tra CCHC năm {year} của tỉnh")
    findings = list(
        Finding.objects.filter(inspection__plan=plan, kind=FindingKind.ISSUE).select_related(
            "inspection__unit"
        )
    )
    if not findings:
        return no_data("Các cuộc kiểm tra chưa ghi tồn tại, hạn chế nào cần khắc phục")
    as_of = min(dt.date(year, 12, 31), dt.date.today())
    done_tasks = sources.done_lead_task_ids({f.task_id for f in findings if f.task_id}, as_of)
    inputs = [
        {
            "label": f"{f.inspection.unit.name}: {f.text[:120]}",
            "value": None,
            "detail": "đã khắc phục"
            if f.task_id in done_tasks
            else ("chưa khắc phục" if f.task_id else "chưa giao nhiệm vụ khắc phục"),
        }
        for f in findings
    ]
    num = sum(1 for f in findings if f.task_id in done_tasks)
    return share(
        num,
        len(findings),
        f"{num}/{len(findings)} tồn tại, hạn chế đã khắc phục (nhiệm vụ khắc phục hoàn thành đến {as_of:%d/%m/%Y})",
        inputs,
    )


def inspection_figures(organiser, span_from: dt.date, span_to: dt.date) -> dict[str, int] | None:
    """CCHC inspections recorded in the programmes ``organiser`` runs (the province's
    programme over its departments and districts, or a unit's own programme over its subordinate
    units): units planned for inspection in the programmes of the span's years, and units
    inspected (done, inspection date inside the span). ``None`` when the organiser has no
    inspection programme for those years. Provided to reporting through ``cchc.core.figures``."""
    years = range(span_from.year, span_to.year + 1)
    if not InspectionPlan.objects.filter(organiser=organiser, year__in=years).exists():
        return None
    planned = Inspection.objects.filter(plan__organiser=organiser, plan__year__in=years)
    done = Inspection.objects.filter(
        plan__organiser=organiser, status=InspectionStatus.DONE, inspected_on__range=(span_from, span_to)
    )
    return {
        "inspections_planned": planned.values("unit").distinct().count(),
        "inspections_done": done.values("unit").distinct().count(),
    }
