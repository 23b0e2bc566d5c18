"""Reads of indicators, values, dossier statistics, the 766 index and target attainment.

Public contract (docs/indicators.md): :func:`approved_value` and :func:`attainment_for_plan`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from cchc.accounts.policy import NotFound, grants_for
from cchc.domain import indicators as rules
from cchc.domain import q766
from cchc.domain.dossierscan import COUNTS
from cchc.domain.periods import Period
from cchc.indicators.models import (
    DossierAggregate,
    DossierIngest,
    Indicator,
    IndicatorSet,
    IndicatorValue,
    TargetIndicator,
    ValueStatus,
)
from cchc.orgs.models import OrgUnit

_Q2 = Decimal("0.01")
STATUS_LABELS = {
    rules.ATTAINED: "Đạt",
    rules.NOT_ATTAINED: "Chưa đạt",
    rules.NO_DATA: "Chưa có số liệu",
}
LEVEL_UNITS = {
    "province": ("province", "department"),
    "department": ("department",),
    "district": ("district",),
    "commune": ("commune",),
}
LEVEL_LABELS = {
    "province": "cấp tỉnh",
    "department": "cấp sở, ngành",
    "district": "cấp huyện",
    "commune": "cấp xã",
}


# --------------------------------------------------------------------------- scoped lists
def indicators_for(user):
    """Indicators are shared data: every signed-in user reads the catalogue."""
    return Indicator.objects.filter(active=True).select_related("indicator_set").order_by("code")


def access_indicator(user, code) -> Indicator:
    ind = indicators_for(user).filter(code=str(code)).first()
    if ind is None:
        raise NotFound
    return ind


def values_for(user):
    g = grants_for(user)
    qs = IndicatorValue.objects.select_related("indicator", "unit", "entered_by", "approved_by")
    ids = g.readable_unit_ids
    return qs if ids is None else qs.filter(unit_id__in=ids)


def access_value(user, value_id) -> IndicatorValue:
    try:
        pk = int(value_id)
    except (TypeError, ValueError):
        raise NotFound from None
    row = values_for(user).filter(pk=pk).first()
    if row is None:
        raise NotFound
    return row


def ingests_for(user):
    g = grants_for(user)
    qs = DossierIngest.objects.select_related("province", "created_by")
    ids = g.coordinated_unit_ids
    return qs if ids is None else qs.filter(province_id__in=ids)


def access_ingest(user, ingest_id) -> DossierIngest:
    try:
        pk = int(ingest_id)
    except (TypeError, ValueError):
        raise NotFound from None
    row = ingests_for(user).filter(pk=pk).first()
    if row is None:
        raise NotFound
    return row


# --------------------------------------------------------------------------- values
def dossier_sums(unit_ids, period_key: str) -> dict[str, Decimal] | None:
    """Summed dossier counts of ``unit_ids`` over the calendar months of ``period_key``;
    ``None`` when no aggregate exists for them in that period."""
    months = rules.months_of(period_key)
    years = {y for y, _m in months}
    qs = DossierAggregate.objects.filter(
        unit_id__in=list(unit_ids), year__in=years, month__in=[m for _y, m in months]
    )
    sums = qs.aggregate(groups=Sum("received"), **{c: Sum(c) for c in COUNTS})
    if not sums.get("groups"):
        return None
    return {c: Decimal(sums[c] or 0) for c in COUNTS}


def _subtree(unit_id: int) -> set[int]:
    unit = OrgUnit.objects.get(pk=unit_id)
    return unit.descendant_ids() | {unit.pk}


def _compute(indicator: Indicator, lookup) -> Decimal | None:
    num = rules.Formula.parse(indicator.numerator).evaluate(lookup)
    den = rules.Formula.parse(indicator.denominator).evaluate(lookup) if indicator.denominator else None
    value = rules.ratio(num, den, indicator.factor)
    return None if value is None else value.quantize(Decimal("0.0001"), ROUND_HALF_UP)


def approved_value(indicator_code: str, unit_id: int, period_key: str, *, _depth: int = 0) -> Decimal | None:
    """The approved manual value, or the computed value (formula / dossier statistics), of an
    indicator for a unit (dossier statistics: the unit and the units under it) and a period;
    ``None`` when there is no data. Public: the PAR INDEX and dashboards call it."""
    ind = Indicator.objects.filter(code=indicator_code).first()
    if ind is None or _depth > 8:
        return None
    if ind.kind == "manual":
        return (
            IndicatorValue.objects.filter(
                indicator=ind, unit_id=unit_id, period_key=period_key, status=ValueStatus.APPROVED
            )
            .values_list("value", flat=True)
            .first()
        )
    ds: dict | None = None
    missing = object()

    def lookup(name: str):
        nonlocal ds
        if name.startswith("ds."):
            if ds is None:
                ds = dossier_sums(_subtree(unit_id), period_key) or {}
            value = ds.get(name[3:], missing)
            return None if value is missing else value
        return approved_value(name, unit_id, period_key, _depth=_depth + 1)

    return _compute(ind, lookup)


def value_table(indicator: Indicator, unit_ids=None, period_keys=None) -> list[dict]:
    """Rows ``{unit, period_key, value, status, source}`` of an indicator: the entered values
    (manual) or the computed ones per unit with dossier statistics (formula)."""
    if indicator.kind == "manual":
        qs = IndicatorValue.objects.filter(indicator=indicator).select_related("unit")
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=unit_ids)
        if period_keys:
            qs = qs.filter(period_key__in=period_keys)
        return [
            {"unit": v.unit, "period_key": v.period_key, "value": v.value, "status": v.status, "row": v}
            for v in qs.order_by("period_key", "unit__name")
        ]
    if not indicator.uses_dossiers:
        return []
    # per unit and year from the aggregates, in one grouped query
    qs = DossierAggregate.objects.all()
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    grouped = qs.values("unit_id", "year").annotate(**{c: Sum(c) for c in COUNTS}).order_by("year", "unit_id")
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={g["unit_id"] for g in grouped})}
    out = []
    for g in grouped:
        key = f"{g['year']}-Y"
        if period_keys and key not in period_keys:
            continue
        counts = {c: Decimal(g[c] or 0) for c in COUNTS}
        value = _compute(indicator, lambda n, c=counts: c.get(n[3:]) if n.startswith("ds.") else None)
        if value is not None:
            out.append(
                {
                    "unit": units[g["unit_id"]],
                    "period_key": key,
                    "value": value,
                    "status": "computed",
                    "row": None,
                }
            )
    out.sort(key=lambda r: (r["period_key"], r["unit"].name))
    return out


# --------------------------------------------------------------------------- attainment
def _level_units(province: OrgUnit, level: str) -> list[OrgUnit]:
    ids = province.descendant_ids() | {province.pk}
    return list(OrgUnit.objects.filter(pk__in=ids, level__in=LEVEL_UNITS[level]).order_by("name"))


def measured_value(indicator: Indicator, province: OrgUnit, level: str, period_key: str):
    """``(value, source text)`` of an indicator for a plan target's level in its province.

    No level: the province as a whole (dossier statistics of every unit; a manual value entered
    for the province unit). A level (cấp tỉnh / huyện / xã): dossier statistics pooled over the
    units of that level; manual values averaged over the units of that level that have one."""
    if not level or level not in LEVEL_UNITS:
        value = approved_value(indicator.code, province.pk, period_key)
        if value is None:
            return None, ""
        if indicator.kind == "manual":
            return value, f"Số liệu đã duyệt của {province.name}"
        return value, "Tính từ thống kê hồ sơ một cửa" if indicator.uses_dossiers else "Tính theo công thức"
    units = _level_units(province, level)
    if indicator.kind == "manual":
        values = list(
            IndicatorValue.objects.filter(
                indicator=indicator, unit__in=units, period_key=period_key, status=ValueStatus.APPROVED
            ).values_list("value", flat=True)
        )
        if not values:
            return None, ""
        mean = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
        return (
            mean,
            f"Trung bình số liệu đã duyệt của {len(values)}/{len(units)} đơn vị {LEVEL_LABELS[level]}",
        )
    if not indicator.uses_dossiers:
        return None, ""
    sums = dossier_sums([u.pk for u in units], period_key)
    if sums is None:
        return None, ""
    value = _compute(indicator, lambda n: sums.get(n[3:]) if n.startswith("ds.") else None)
    return value, f"Tính từ thống kê hồ sơ một cửa của các đơn vị {LEVEL_LABELS[level]}"


def targets_for_period(plan, period_key: str):
    """The plan's targets that apply to ``period_key``: without a year, or with a year not before it."""
    year = Period.parse(period_key).year
    return [t for t in plan.targets.order_by("order") if t.year is None or t.year >= year]


def attainment_for_plan(plan, period_key: str) -> list[dict]:
    """Per target of ``plan`` that applies to the period: ``target_id``, ``text``, ``level``,
    ``year``, ``comparator``, ``threshold``, ``threshold_max``, ``unit``, ``indicator`` (code or
    None), ``link_status``, ``value`` (Decimal or None), ``status`` (``dat`` / ``chua_dat`` /
    ``chua_co_so_lieu``), ``status_label``, ``source``. Public: dashboards and reports call it."""
    period = Period.parse(period_key)
    annual = Period(period.year, "annual").code
    targets = targets_for_period(plan, period_key)
    links = {
        link.target_id: link
        for link in TargetIndicator.objects.filter(target__in=targets).select_related("indicator")
    }
    province = plan.province
    out = []
    for t in targets:
        link = links.get(t.pk)
        value, source = None, ""
        if link is not None:
            key = period.code if link.indicator.period_type != "annual" else annual
            try:
                value, source = measured_value(link.indicator, province, t.level or "", key)
            except ValueError:
                value, source = None, ""
        status = rules.attainment(value, t.comparator, t.value, t.value_max)
        if value is not None:
            value = value.quantize(_Q2, ROUND_HALF_UP)
        note = ""
        if t.year and t.year > period.year and status != rules.NO_DATA:
            note = f"so với mức phải đạt đến năm {t.year}"
        out.append(
            {
                "target_id": t.pk,
                "text": t.text,
                "level": t.level or "",
                "year": t.year,
                "comparator": t.comparator or ">=",
                "threshold": t.value,
                "threshold_max": t.value_max,
                "unit": t.unit,
                "indicator": link.indicator.code if link else None,
                "indicator_name": link.indicator.name if link else "",
                "link_status": link.status if link else "",
                "value": value,
                "status": status,
                "status_label": STATUS_LABELS[status],
                "source": source,
                "note": note,
            }
        )
    return out


# --------------------------------------------------------------------------- 766
def current_766_definition() -> IndicatorSet | None:
    return IndicatorSet.objects.filter(kind=IndicatorSet.Kind.INDEX_766).order_by("-loaded_at", "-id").first()


def index_766(
    unit: OrgUnit, period_key: str, definition: IndicatorSet | None = None
) -> q766.IndexResult | None:
    """The 766 index of a unit (and the units under it) for a period, computed by the platform
    from the dossier aggregates and the approved manual values; ``None`` without a definition."""
    definition = definition or current_766_definition()
    if definition is None:
        return None
    ids = unit.descendant_ids() | {unit.pk}
    ds = dossier_sums(ids, period_key) or {}
    period = Period.parse(period_key)
    codes = set()
    for g in definition.definition["groups"]:
        for i in g.get("items") or []:
            for key in ("numerator", "denominator"):
                if i.get(key):
                    codes |= {n for n in rules.Formula.parse(i[key]).names() if not n.startswith("ds.")}
    manual = dict(
        IndicatorValue.objects.filter(
            indicator__code__in=codes,
            unit=unit,
            period_key__in={period.code, Period(period.year, "annual").code},
            status=ValueStatus.APPROVED,
        ).values_list("indicator__code", "value")
    )

    def lookup(name: str):
        if name.startswith("ds."):
            return ds.get(name[3:])
        return manual.get(name)

    return q766.compute(definition.definition, lookup)
