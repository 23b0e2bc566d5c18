"""Indicators the platform computes from its own modules (kind ``computed``), so nobody types them.

Each source is named in the indicator set (``computed_source``) and answers, for a unit and a
year, a :class:`Reading`: the value, its numerator and denominator when it is a share (so
attainment pools Σnum/Σden across units), a sentence saying where it comes from, and the inputs
behind it (shown from the value on the indicator and target pages).

- ``sipas.index``: the satisfaction index of the latest **closed** survey round of the year; for
  the province unit the round's province-wide index (the round's total row), for another unit its
  own row. A unit or round with 0 responses has no value ("chưa có số liệu"), never 0.
- ``par.index`` / ``par.rank``: the unit's PAR INDEX value / rank in its block from the year's
  campaign once its results are approved by decision (``Campaign.approved_at``).
- ``inspection.inspected_share``: the province's inspection plan of the year: units inspected
  (status done) / units of the inspected levels in force on 1 January × 100.
- ``inspection.findings_remedied``: the findings "tồn tại, hạn chế" of the year's inspections
  whose follow-up task is done (accepted) by 31 December / all such findings × 100.
- ``reporting.pakn_handled``: PAKN handled / PAKN received × 100 from the annexes of the units'
  annual reports (``YYYY-Y``) as accepted by the standing agency; for the province, summed over
  its units and only when every unit with a report of that period has an accepted one (else
  "Chưa đủ số liệu (n/N đơn vị)").
- ``tracking.unit_plans_on_time``: the province plans' tasks of the year that ask the units to
  issue their own plan ("Cụ thể hóa … thành Kế hoạch …", due in the year): lead assignments done
  on time (accepted, by the due date) as of 31 December / all lead assignments × 100.

Other apps are imported lazily: without them a source answers "no data".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from cchc.orgs.models import OrgUnit

SOURCE_LABELS = {
    "sipas.index": "Khảo sát sự hài lòng (SIPAS) trên nền tảng",
    "par.index": "Chỉ số CCHC (PAR INDEX) của các đơn vị trên nền tảng",
    "par.rank": "Xếp hạng Chỉ số CCHC của các đơn vị trên nền tảng",
    "inspection.inspected_share": "Kế hoạch kiểm tra CCHC trên nền tảng",
    "inspection.findings_remedied": "Kết quả kiểm tra CCHC và nhiệm vụ khắc phục trên nền tảng",
    "tracking.unit_plans_on_time": "Theo dõi nhiệm vụ cụ thể hóa kế hoạch của các đơn vị trên nền tảng",
    "reporting.pakn_handled": "Phụ lục số liệu của báo cáo năm các đơn vị (đã được chấp nhận)",
}


@dataclass
class Reading:
    """A computed value with what it rests on."""

    value: Decimal | None
    label: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    inputs: list[dict] = field(default_factory=list)  # {"label", "value", "detail"}
    url: str = ""


def _none(label: str) -> Reading:
    return Reading(None, label)


def read(source: str, unit: OrgUnit, year: int) -> Reading:
    """The source's reading for ``unit`` in ``year``; an unknown source or a missing app: no data."""
    fn = _SOURCES.get(source)
    if fn is None:
        return _none(f"Không có nguồn tính “{source}”")
    try:
        return fn(unit, year)
    except ImportError:
        return _none("Chức năng nguồn số liệu chưa được cài đặt")


def _province_of(unit: OrgUnit) -> OrgUnit:
    return unit if unit.level == "province" else (unit.province_root or unit)


# --------------------------------------------------------------------------- SIPAS
def _sipas(unit: OrgUnit, year: int) -> Reading:
    from cchc.surveys.models import RoundStatus, SurveyRound, UnitResult

    province = _province_of(unit)
    rounds = SurveyRound.objects.filter(province=province, year=year, status=RoundStatus.CLOSED)
    if unit.pk == province.pk:
        rnd = rounds.order_by("-ends_on", "-pk").first()
        if rnd is None:
            return _none(f"Chưa có đợt khảo sát đã kết thúc năm {year}")
        total = UnitResult.objects.filter(round=rnd, unit__isnull=True, channel="").first()
        rows = list(
            UnitResult.objects.filter(round=rnd, unit__isnull=False, channel="")
            .select_related("unit")
            .order_by("unit__name")
        )
        inputs = [
            {
                "label": r.unit.name,
                "value": r.overall if r.responses else None,
                "detail": f"{r.responses} phiếu",
            }
            for r in rows
        ]
        url = _round_url(rnd)
        if total is None or not total.responses or total.overall is None:
            return Reading(None, f"Đợt “{rnd.title}”: chưa có phiếu trả lời", inputs=inputs, url=url)
        return Reading(
            Decimal(total.overall),
            f"Chỉ số hài lòng chung toàn tỉnh, đợt “{rnd.title}” ({total.responses} phiếu)",
            inputs=inputs,
            url=url,
        )
    res = (
        UnitResult.objects.filter(round__in=rounds, unit=unit, channel="")
        .select_related("round")
        .order_by("-round__ends_on", "-round_id")
        .first()
    )
    if res is None:
        return _none(f"Chưa có kết quả khảo sát năm {year} của đơn vị")
    if not res.responses or res.overall is None:
        return Reading(
            None, f"Đợt “{res.round.title}”: đơn vị chưa có phiếu trả lời", url=_round_url(res.round)
        )
    return Reading(
        Decimal(res.overall),
        f"Đợt “{res.round.title}” ({res.responses} phiếu)",
        inputs=[{"label": unit.name, "value": res.overall, "detail": f"{res.responses} phiếu"}],
        url=_round_url(res.round),
    )


def _round_url(rnd) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("surveys:round_detail", args=[rnd.pk])
    except NoReverseMatch:
        return ""


# --------------------------------------------------------------------------- PAR INDEX
def _par_row(unit: OrgUnit, year: int):
    from cchc.parindex.models import Campaign
    from cchc.parindex.queries import results_snapshot

    province = _province_of(unit)
    campaign = (
        # only results approved by decision (issue 21): a campaign still being appraised has none
        Campaign.objects.filter(province=province, year=year, approved_at__isnull=False)
        .order_by("-pk")
        .first()
    )
    if campaign is None:
        return None, None, f"Chưa có kết quả Chỉ số CCHC năm {year}"
    snap = results_snapshot(campaign)
    for block in snap["blocks"]:
        for row in block["units"]:
            if row["unit_id"] == unit.pk:
                return row, block, snap["campaign"]["title"]
    return None, None, f"Đơn vị không có kết quả trong “{snap['campaign']['title']}”"


def _par_index(unit: OrgUnit, year: int) -> Reading:
    row, block, title = _par_row(unit, year)
    if row is None or row["index"] is None:
        return _none(title)
    return Reading(
        Decimal(row["index"]),
        f"{title}: {row['points']}/{row['max_points']} điểm",
        inputs=[
            {
                "label": unit.name,
                "value": Decimal(row["index"]),
                "detail": f"{row['points']}/{row['max_points']} điểm",
            }
        ],
    )


def _par_rank(unit: OrgUnit, year: int) -> Reading:
    row, block, title = _par_row(unit, year)
    if row is None or row["rank"] is None:
        return _none(title)
    n = len(block["units"])
    return Reading(
        Decimal(row["rank"]),
        f"{title}: hạng {row['rank']}/{n} khối “{block['block']}”",
        inputs=[{"label": unit.name, "value": Decimal(row["rank"]), "detail": f"Chỉ số {row['index']}"}],
    )


# --------------------------------------------------------------------------- inspections
def _inspection_plan(unit: OrgUnit, year: int):
    from cchc.oversight.models import InspectionPlan

    province = _province_of(unit)
    if unit.pk != province.pk:
        return None
    return InspectionPlan.objects.filter(province=province, organiser=province, year=year).first()


def _inspected_share(unit: OrgUnit, year: int) -> Reading:
    from cchc.oversight import queries as oq

    plan = _inspection_plan(unit, year)
    if plan is None:
        return _none(f"Chưa có kế hoạch kiểm tra CCHC năm {year} của tỉnh")
    cov = oq.coverage(plan)
    if not cov["population"]:
        return _none("Kế hoạch kiểm tra không có đơn vị nào thuộc diện kiểm tra")
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
    num, den = Decimal(cov["done"]), Decimal(cov["population"])
    return Reading(
        num / den * 100,
        f"{cov['done']}/{cov['population']} đơn vị thuộc diện kiểm tra đã được kiểm tra ({plan.title})",
        numerator=num,
        denominator=den,
        inputs=inputs,
    )


def _findings_remedied(unit: OrgUnit, year: int) -> Reading:
    from cchc.oversight.models import Finding, FindingKind
    from cchc.tracking.models import Assignment
    from cchc.tracking.states import DONE, DONE_LATE, annotate_state

    plan = _inspection_plan(unit, year)
    if plan is None:
        return _none(f"Chưa có kế hoạch kiểm tra CCHC năm {year} của tỉnh")
    findings = list(
        Finding.objects.filter(inspection__plan=plan, kind=FindingKind.ISSUE).select_related(
            "inspection__unit"
        )
    )
    if not findings:
        return _none("Các cuộc kiểm tra chưa ghi tồn tại, hạn chế nào cần khắc phục")
    as_of = min(dt.date(year, 12, 31), dt.date.today())
    task_ids = {f.task_id for f in findings if f.task_id}
    done_tasks = set(
        annotate_state(Assignment.objects.filter(task_id__in=task_ids, role="lead"), as_of)
        .filter(state__in=[DONE, DONE_LATE])
        .values_list("task_id", flat=True)
    )
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
    return Reading(
        Decimal(num) / Decimal(len(findings)) * 100,
        f"{num}/{len(findings)} tồn tại, hạn chế đã khắc phục (nhiệm vụ khắc phục hoàn thành đến {as_of:%d/%m/%Y})",
        numerator=Decimal(num),
        denominator=Decimal(len(findings)),
        inputs=inputs,
    )


def is_unit_plan_task(title: str) -> bool:
    """A task asking units to issue their own plan: "Cụ thể hóa … thành Kế hoạch …"."""
    from cchc.domain.text import fold

    f = fold(title or "")
    return f.startswith("cu the hoa") and "ke hoach" in f


def _unit_plans_on_time(unit: OrgUnit, year: int) -> Reading:
    from cchc.plans.models import Task
    from cchc.tracking.models import Assignment
    from cchc.tracking.states import CANCELLED, DONE, annotate_state

    province = _province_of(unit)
    if unit.pk != province.pk:
        return _none("Chỉ tính cho toàn tỉnh")
    tasks = [
        t.pk
        for t in Task.objects.filter(
            plan__province=province, plan__parent_plan__isnull=True, due_date__year=year
        ).only("pk", "title")
        if is_unit_plan_task(t.title)
    ]
    if not tasks:
        return _none(f"Kế hoạch của tỉnh không có nhiệm vụ cụ thể hóa kế hoạch đến hạn trong năm {year}")
    as_of = min(dt.date(year, 12, 31), dt.date.today())
    rows = list(
        annotate_state(Assignment.objects.filter(task_id__in=tasks, role="lead"), as_of)
        .exclude(state=CANCELLED)
        .select_related("unit")
        .order_by("unit__name")
    )
    if not rows:
        return _none("Nhiệm vụ cụ thể hóa kế hoạch chưa được giao cho đơn vị nào")
    done = sum(1 for a in rows if a.state == DONE)
    inputs = [
        {
            "label": a.unit.name,
            "value": None,
            "detail": "ban hành đúng hạn" if a.state == DONE else "chưa ban hành hoặc ban hành muộn",
        }
        for a in rows
    ]
    return Reading(
        Decimal(done) / Decimal(len(rows)) * 100,
        f"{done}/{len(rows)} đơn vị hoàn thành đúng hạn nhiệm vụ cụ thể hóa kế hoạch (đến {as_of:%d/%m/%Y})",
        numerator=Decimal(done),
        denominator=Decimal(len(rows)),
        inputs=inputs,
    )


def _annex_number(annex: dict, key: str) -> Decimal | None:
    cell = (annex or {}).get(key)
    value = cell.get("value") if isinstance(cell, dict) else cell
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _pakn_handled(unit: OrgUnit, year: int) -> Reading:
    from cchc.domain import attainment as att
    from cchc.reporting.models import UnitReport

    province = _province_of(unit)
    reports = UnitReport.objects.filter(period_code=f"{year}-Y").select_related("unit", "accepted_version")
    if unit.pk == province.pk:
        reports = reports.filter(unit__province=province)
    else:
        reports = reports.filter(unit=unit)
    by_unit: dict[int, object] = {}
    for r in reports.order_by("unit_id", "-accepted_version_id"):
        by_unit.setdefault(r.unit_id, r)
    if not by_unit:
        return _none(f"Chưa có báo cáo năm {year} của đơn vị")
    parts, inputs = [], []
    for r in sorted(by_unit.values(), key=lambda r: r.unit.name):
        annex = r.accepted_version.annex if r.accepted_version else {}
        rec, handled = _annex_number(annex, "pakn_received"), _annex_number(annex, "pakn_handled")
        ok = r.accepted_version is not None and rec is not None and handled is not None and rec > 0
        parts.append(
            att.Part(
                r.unit.name, handled / rec * 100 if ok else None, handled if ok else None, rec if ok else None
            )
        )
        detail = f"{handled}/{rec} PAKN đã xử lý" if ok else "chưa có báo cáo được chấp nhận có số liệu PAKN"
        inputs.append({"label": r.unit.name, "value": handled / rec * 100 if ok else None, "detail": detail})
    pooled = att.pool(parts, len(parts))
    num = sum((p.numerator for p in parts if p.numerator is not None), Decimal(0))
    den = sum((p.denominator for p in parts if p.denominator is not None), Decimal(0))
    return Reading(
        pooled.value,
        pooled.label,
        numerator=num if pooled.value is not None else None,
        denominator=den if pooled.value is not None else None,
        inputs=inputs,
    )


_SOURCES = {
    "sipas.index": _sipas,
    "par.index": _par_index,
    "par.rank": _par_rank,
    "inspection.inspected_share": _inspected_share,
    "inspection.findings_remedied": _findings_remedied,
    "tracking.unit_plans_on_time": _unit_plans_on_time,
    "reporting.pakn_handled": _pakn_handled,
}
