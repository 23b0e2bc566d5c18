"""Reads of indicators, values, dossier statistics, the 766 index and target attainment.

Public contract (docs/indicators.md): :func:`approved_value` and :func:`attainment_for_plan`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum

from cchc.accounts.policy import grants_for, readable, scoped_get
from cchc.domain import attainment as att
from cchc.domain import indicators as rules
from cchc.domain import q766
from cchc.domain.dossierscan import COUNTS
from cchc.domain.periods import Period
from cchc.indicators.models import (
    DossierAggregate,
    DossierIngest,
    Indicator,
    IndicatorKind,
    IndicatorSet,
    IndicatorValue,
    LinkStatus,
    TargetIndicator,
    ValueStatus,
)
from cchc.orgs.models import OrgUnit

_Q2 = Decimal("0.01")
STATUS_LABELS = {
    rules.ATTAINED: "Đạt",
    rules.NOT_ATTAINED: "Chưa đạt",
    rules.NO_DATA: "Chưa có số liệu",
    att.NOT_DUE: "Chưa đến hạn",
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


# --------------------------------------------------------------------------- one reading
# A page of targets reads the same units, values and dossier sums for many targets: inside
# ``one_reading()`` each is read once (by what it depends on, never by target), so the query count
# of a plan's attainment does not grow with its targets (issue 22).
_MEMO: ContextVar[dict | None] = ContextVar("indicators_reading", default=None)


@contextmanager
def one_reading():
    """Reads inside share one memo (nested calls join the outer one); it ends with the block."""
    token = _MEMO.set({}) if _MEMO.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _MEMO.reset(token)


def _memo(key: tuple, build):
    memo = _MEMO.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


def _indicator(code: str) -> Indicator | None:
    if _MEMO.get() is None:
        return Indicator.objects.filter(code=code).first()
    return _memo(("indicators",), lambda: {i.code: i for i in Indicator.objects.all()}).get(code)


def _unit(unit_id: int) -> OrgUnit | None:
    return _memo(("unit", unit_id), lambda: OrgUnit.objects.filter(pk=unit_id).first())


def _approved_manual(indicator: Indicator, unit_id: int, period_key: str) -> Decimal | None:
    """The approved value of a manual indicator (inside a reading: every approved value of the unit
    and period, in one query)."""
    approved = IndicatorValue.objects.filter(
        unit_id=unit_id, period_key=period_key, status=ValueStatus.APPROVED
    )
    if _MEMO.get() is None:
        return approved.filter(indicator=indicator).values_list("value", flat=True).first()
    values = _memo(
        ("approved", unit_id, period_key), lambda: dict(approved.values_list("indicator_id", "value"))
    )
    return values.get(indicator.pk)


def _approved_rows(
    indicator: Indicator, province: OrgUnit, units: list[OrgUnit], period_key: str
) -> dict[int, IndicatorValue]:
    """unit id -> the approved value row of ``indicator`` for ``units`` (inside a reading: every
    approved value of the province's units in the period, in one query)."""
    approved = IndicatorValue.objects.filter(period_key=period_key, status=ValueStatus.APPROVED)
    if _MEMO.get() is None:
        return {v.unit_id: v for v in approved.filter(indicator=indicator, unit__in=units)}
    rows = _memo(
        ("approved rows", province.pk, period_key),
        lambda: {(v.indicator_id, v.unit_id): v for v in approved.filter(unit_id__in=_subtree(province.pk))},
    )
    return {u.pk: rows[indicator.pk, u.pk] for u in units if (indicator.pk, u.pk) in rows}


def _read(source: str, unit: OrgUnit, year: int):
    from cchc.indicators import platform

    return _memo(("read", source, unit.pk, year), lambda: platform.read(source, unit, year))


# --------------------------------------------------------------------------- scoped lists
def indicators_for(user):
    """Indicators are shared data: every signed-in user reads the catalogue."""
    return Indicator.objects.filter(active=True).select_related("indicator_set").order_by("code")


def access_indicator(user, code) -> Indicator:
    return scoped_get(indicators_for(user), code, field="code")


def values_for(user):
    return readable(
        user, IndicatorValue.objects.select_related("indicator", "unit", "entered_by", "approved_by")
    )


def access_value(user, value_id) -> IndicatorValue:
    return scoped_get(values_for(user), value_id)


def ingests_for(user):
    g = grants_for(user)
    qs = DossierIngest.objects.select_related("province", "created_by", "job")
    ids = g.coordinated_unit_ids
    return qs if ids is None else qs.filter(province_id__in=ids)


def access_ingest(user, ingest_id) -> DossierIngest:
    return scoped_get(ingests_for(user), ingest_id)


# --------------------------------------------------------------------------- values
def dossier_sums(unit_ids, period_key: str) -> dict[str, Decimal] | None:
    """Summed dossier counts of ``unit_ids`` over the calendar months of ``period_key``;
    ``None`` when no aggregate exists for them in that period."""
    unit_ids = sorted(set(unit_ids))
    months = rules.months_of(period_key)
    years = {y for y, _m in months}
    qs = DossierAggregate.objects.filter(
        unit_id__in=unit_ids, year__in=years, month__in=[m for _y, m in months]
    )

    def build():
        sums = qs.aggregate(groups=Sum("received"), **{c: Sum(c) for c in COUNTS})
        if not sums.get("groups"):
            return None
        return {c: Decimal(sums[c] or 0) for c in COUNTS}

    return _memo(("dossier sums", tuple(unit_ids), period_key), build)


def _subtree(unit_id: int) -> set[int]:
    return _memo(("subtree", unit_id), lambda: OrgUnit.objects.get(pk=unit_id).descendant_ids() | {unit_id})


def _compute(indicator: Indicator, lookup) -> Decimal | None:
    num = rules.Formula.parse(indicator.numerator).evaluate(lookup)
    den = rules.Formula.parse(indicator.denominator).evaluate(lookup) if indicator.denominator else None
    value = rules.ratio(num, den, indicator.factor)
    return None if value is None else value.quantize(Decimal("0.0001"), ROUND_HALF_UP)


def approved_value(indicator_code: str, unit_id: int, period_key: str, *, _depth: int = 0) -> Decimal | None:
    """The approved manual value, or the computed value (formula / dossier statistics), of an
    indicator for a unit (dossier statistics: the unit and the units under it) and a period;
    ``None`` when there is no data. Public: the PAR INDEX and dashboards call it."""
    ind = _indicator(indicator_code)
    if ind is None or _depth > 8:
        return None
    if ind.kind == IndicatorKind.COMPUTED:
        unit = _unit(unit_id)
        if unit is None:
            return None
        return _read(ind.computed_source, unit, Period.parse(period_key).year).value
    if ind.kind == "manual":
        return _approved_manual(ind, unit_id, period_key)
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
def level_units(province: OrgUnit, level: str, year: int) -> list[OrgUnit]:
    """The units of a level (cấp) of the province in force at some time during ``year``. The
    province unit itself is not one of them: its own values are the province as a whole (cấp tỉnh
    is its departments and equivalent bodies)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if _MEMO.get() is not None:  # a reading asks for several levels and years: one query for all
        units = _memo(("province units", province.pk), lambda: list(_units_under(province)))
        return [
            u
            for u in units
            if u.level in LEVEL_UNITS[level]
            and (u.valid_from is None or u.valid_from <= last)
            and (u.valid_to is None or u.valid_to >= first)
        ]
    return list(
        _units_under(province)
        .filter(level__in=LEVEL_UNITS[level])
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=last))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
    )


def _units_under(province: OrgUnit):
    return OrgUnit.objects.filter(pk__in=_subtree(province.pk) - {province.pk}).order_by("name")


@dataclass
class Measure:
    """A measured value for a target's level, how it was formed and the inputs behind it."""

    pooled: att.Pooled
    source: str
    inputs: list = field(default_factory=list)
    url: str = ""

    @property
    def value(self) -> Decimal | None:
        return self.pooled.value


def _single(value, label, *, inputs=None, url="") -> Measure:
    n = 0 if value is None else 1
    return Measure(att.Pooled(value, "single" if n else "", n, 1, True, label), label, inputs or [], url)


def measure(
    indicator: Indicator, province: OrgUnit, level: str, period_key: str, *, coverage: Decimal | None = None
) -> Measure:
    """The value of ``indicator`` for a target's level (``""``: the province as a whole) in its
    province and period, never raising on missing data (the label says what is missing).

    No level: the province's own approved value (manual), the dossier statistics of all its units
    (formula), the platform's province-wide reading (computed). A level: dossier statistics pooled
    over the level's units; manual and computed values of the level's units pooled Σnum/Σden
    where every unit gave both, else their mean (labelled so), and only when at least
    ``coverage`` % (default 100%) of the level's units in force that year have a value."""
    year = Period.parse(period_key).year
    if indicator.kind == IndicatorKind.COMPUTED:
        from cchc.indicators import platform

        if not level or level not in LEVEL_UNITS:
            r = _read(indicator.computed_source, province, year)
            return _single(r.value, r.label, inputs=r.inputs, url=r.url)
        units = level_units(province, level, year)
        readings = [(u, _read(indicator.computed_source, u, year)) for u in units]
        parts = [att.Part(u.name, r.value, r.numerator, r.denominator) for u, r in readings]
        pooled = att.pool(parts, len(units), coverage=coverage, factor=_factor(indicator))
        inputs = [{"label": u.name, "value": r.value, "detail": r.label} for u, r in readings]
        return Measure(pooled, f"{platform.label(indicator.computed_source)}: {pooled.label}", inputs)
    if not level or level not in LEVEL_UNITS:
        value = approved_value(indicator.code, province.pk, period_key)
        if indicator.kind == IndicatorKind.MANUAL:
            if value is None:
                return _single(None, f"Chưa có số liệu đã duyệt của {province.name}")
            return _single(value, f"Số liệu đã duyệt của {province.name}")
        label = "Tính từ thống kê hồ sơ một cửa" if indicator.uses_dossiers else "Tính theo công thức"
        return _single(value, label if value is not None else f"{label}: chưa có số liệu")
    units = level_units(province, level, year)
    where = LEVEL_LABELS[level]
    if indicator.kind == IndicatorKind.MANUAL:
        rows = _approved_rows(indicator, province, units, period_key)
        parts = [
            att.Part(u.name, rows[u.pk].value, rows[u.pk].numerator, rows[u.pk].denominator)
            if u.pk in rows
            else att.Part(u.name, None)
            for u in units
        ]
        pooled = att.pool(parts, len(units), coverage=coverage, factor=_factor(indicator))
        inputs = [{"label": p.unit, "value": p.value, "detail": _parts_text(p)} for p in parts]
        return Measure(pooled, f"Số liệu đã duyệt của các đơn vị {where}: {pooled.label}", inputs)
    if not indicator.uses_dossiers:
        return Measure(att.Pooled(None, "", 0, len(units), True, "Chưa có số liệu"), "Chưa có số liệu")
    sums = dossier_sums([u.pk for u in units], period_key)
    if sums is None:
        return Measure(
            att.Pooled(None, "", 0, len(units), True, "Chưa có thống kê hồ sơ"),
            f"Chưa có thống kê hồ sơ một cửa của các đơn vị {where}",
        )
    value = _compute(indicator, lambda n: sums.get(n[3:]) if n.startswith("ds.") else None)
    label = f"Tính từ thống kê hồ sơ một cửa của các đơn vị {where} (cộng dồn tử số, mẫu số)"
    return Measure(
        att.Pooled(value, "pooled" if value is not None else "", len(units), len(units), True, label), label
    )


def _factor(indicator: Indicator) -> Decimal:
    return Decimal(100) if indicator.unit_of_measure == "percent" else Decimal(1)


def _parts_text(p: att.Part) -> str:
    if p.value is None:
        return "chưa có số liệu đã duyệt"
    if p.numerator is not None and p.denominator is not None:
        return f"{p.numerator.normalize():f}/{p.denominator.normalize():f}"
    return "không có tử số, mẫu số"


def measured_value(indicator: Indicator, province: OrgUnit, level: str, period_key: str):
    """``(value, source text)``: :func:`measure` for callers that need only the number."""
    m = measure(indicator, province, level, period_key)
    return m.value, m.source if m.value is not None else ""


def targets_for_period(plan, period_key: str):
    """The plan's targets that apply to ``period_key``: without a year, or with a year not before it."""
    year = Period.parse(period_key).year
    return [t for t in plan.targets.order_by("order") if t.year is None or t.year >= year]


def _decimal(raw) -> Decimal | None:
    try:
        return rules.parse_decimal(raw)
    except ValueError:
        return None


def rule_of(target, rule=None) -> att.Rule:
    """The domain rule of a target: its comparator, threshold and year as imported, with the
    officer's :class:`TargetRule` (or the system's proposal while there is none)."""
    mode, start, confirmed, milestones = "", None, False, {}
    if target.yearly:
        mode, _reason = att.propose_increase_mode(target.text, target.unit)
        start = att.propose_start_year(target.text)
    if rule is not None:
        mode = rule.increase_mode or mode
        confirmed = rule.mode_confirmed and bool(rule.increase_mode)
        start = rule.start_year or start
        for y, v in (rule.milestones or {}).items():
            if str(y).isdigit() and (d := _decimal(v)) is not None:
                milestones[int(y)] = d
    return att.Rule(
        comparator=target.comparator or ">=",
        threshold=target.value,
        threshold_max=target.value_max,
        unit=target.unit,
        year=target.year,
        yearly=target.yearly,
        increase_mode=mode,
        mode_confirmed=confirmed,
        start_year=start,
        milestones=milestones,
    )


def trajectory_levels(target, rule=None) -> list[str]:
    """The levels a per-cấp yearly target covers: the officer's list, else (for "đối với mỗi cấp")
    the levels of the other targets of the same sentence, else the target's own level."""
    if rule is not None and rule.levels:
        return [lv for lv in rule.levels if lv in LEVEL_UNITS]
    if target.yearly and "mỗi cấp" in target.text:
        texts = _memo(("plan texts", target.plan_id), lambda: _levels_by_text(target.plan_id))
        siblings = [lv for pk, lv in texts.get(target.text, []) if pk != target.pk and lv]
        levels = list(dict.fromkeys(lv for lv in siblings if lv in LEVEL_UNITS))
        if levels:
            return levels
    return [target.level] if target.level in LEVEL_UNITS else [""]


def _levels_by_text(plan_id) -> dict[str, list[tuple[int, str]]]:
    """text -> (target id, level) of the plan's targets saying "mỗi cấp", in order (one query)."""
    from cchc.plans.models import Target

    out: dict[str, list[tuple[int, str]]] = {}
    rows = Target.objects.filter(plan_id=plan_id, text__contains="mỗi cấp").order_by("order")
    for pk, text, level in rows.values_list("pk", "text", "level"):
        out.setdefault(text, []).append((pk, level))
    return out


def shared_links(plan) -> dict[int, list[int]]:
    """target id -> the other targets of the plan measured by the same indicator at the same level."""
    return _shared(
        TargetIndicator.objects.filter(target__plan=plan).values_list(
            "target_id", "indicator_id", "target__level"
        )
    )


def _shared(links) -> dict[int, list[int]]:
    """(target id, indicator id, level) triples -> target id -> the others with the same indicator and level."""
    groups: dict[tuple, list[int]] = {}
    for tid, iid, level in links:
        groups.setdefault((iid, level or ""), []).append(tid)
    return {tid: [o for o in ids if o != tid] for ids in groups.values() if len(ids) > 1 for tid in ids}


def attainment_for_plan(plan, period_key: str) -> list[dict]:
    """Per target of ``plan`` that applies to the period, judged by the target's own rule
    (``cchc.domain.attainment``): ``target_id``, ``order``, ``text``, ``level``, ``year``,
    ``comparator``, ``threshold``, ``threshold_max``, ``unit``, ``indicator`` (code or None),
    ``link_status``, ``value`` (Decimal or None), ``required`` (the period's requirement: the
    trajectory's or the milestone's), ``status`` (``dat`` / ``chua_dat`` / ``chua_co_so_lieu`` /
    ``chua_den_han``), ``status_label`` (what is missing, e.g. "Chưa đủ số liệu (1/22 đơn vị)"),
    ``source``, ``note``, ``levels`` (per cấp: value, required, base, status), ``shared_with``
    (orders of targets measured by the same indicator at the same level). Public: dashboards and
    reports call it."""
    with one_reading():
        return _attainment_rows(plan, Period.parse(period_key))


# what the attainment of a plan rests on besides the computed sources' apps (``figures.source_apps``)
ATTAINMENT_APPS = ("indicators", "plans", "orgs")


def cached_attainment(plan, period_key: str) -> list[dict]:
    """:func:`attainment_for_plan`, cached per plan, period, language and day under the data
    generations (``core.generations.data_of``) of the apps it reads in the plan's province: this
    app's values, targets and links, the plan's targets, the units, and the apps whose computed
    sources it reads (every audited write of one of them computes it again). The day is in the key
    because a judgement can depend on it ("chưa đến hạn", a year's figures as of today)."""
    from django.utils import timezone
    from django.utils.translation import get_language

    from cchc.core import figures, generations

    province = plan.province
    apps = [*ATTAINMENT_APPS, *figures.source_apps()]
    key = f"attainment:{plan.pk}:{period_key}:{get_language()}:{timezone.localdate()}:{dt.date.today()}"
    return generations.cached(
        generations.data_of(apps, province.code),
        key,
        lambda: attainment_for_plan(plan, period_key),
        committed_only=True,
    )


def _attainment_rows(plan, period: Period) -> list[dict]:
    year = period.year
    targets = [
        t
        for t in plan.targets.select_related("attainment_rule").order_by("order")
        if t.year is None or t.year >= year
    ]
    if not targets:
        return []
    # every link of the plan in one query: the period's targets' links and who shares an indicator
    plan_links = list(TargetIndicator.objects.filter(target__plan=plan).select_related("indicator", "target"))
    links = {link.target_id: link for link in plan_links}
    numbers = {link.target_id: link.target.order + 1 for link in plan_links}  # as the page numbers them
    shared = _shared((link.target_id, link.indicator_id, link.target.level) for link in plan_links)
    return [
        _target_attainment(t, links.get(t.pk), shared.get(t.pk, []), numbers, plan.province, period)
        for t in targets
    ]


def _measure_levels(t, link, trule, levels, blocked: str, province, period: Period):
    """Measure the target's indicator per level: (level inputs for the judge, measures)."""
    annual = Period(period.year, "annual").code
    previous = Period(period.year - 1, "annual").code
    inputs, level_inputs = [], []
    for lv in levels:
        if link is None or blocked:
            m = Measure(att.Pooled(None, "", 0, 0, True, blocked or "Chỉ tiêu chưa gắn chỉ số"), "")
        else:
            key = period.code if link.indicator.period_type != "annual" else annual
            m = measure(link.indicator, province, lv, key, coverage=trule.coverage if trule else None)
        prev = None
        if t.yearly and link is not None and not blocked:
            prev = measure(
                link.indicator, province, lv, previous, coverage=trule.coverage if trule else None
            ).value
        base = _decimal((trule.base_values or {}).get(lv or "all")) if trule else None
        level_inputs.append(att.LevelInput(lv, m.pooled, previous=prev, base=base))
        inputs.append(m)
    return level_inputs, inputs


def _level_row(r, m) -> dict:
    return {
        "level": r.level,
        "level_label": att.LEVEL_LABELS.get(r.level, r.level),
        "value": _q(r.value),
        "required": _q(r.required),
        "comparator": r.comparator,
        "sign": att.COMPARATOR_SIGNS.get(r.comparator, r.comparator),
        "base": _q(r.base),
        "base_source": r.base_source,
        "status": r.status,
        "status_label": r.label,
        "source": m.source,
        "inputs": m.inputs,
    }


def _target_attainment(t, link, others: list[int], numbers: dict, province, period: Period) -> dict:
    """One row of ``attainment_for_plan``."""
    trule = getattr(t, "attainment_rule", None)
    rule = rule_of(t, trule)
    levels = trajectory_levels(t, trule) if t.yearly else ([t.level] if t.level in LEVEL_UNITS else [""])
    blocked = ""
    if link is not None and others and link.status != LinkStatus.CONFIRMED:
        blocked = "Chỉ số gợi ý trùng với chỉ tiêu khác của kế hoạch: cần cán bộ xác nhận"
    level_inputs, inputs = _measure_levels(t, link, trule, levels, blocked, province, period)
    sources = [m.source for m in inputs]
    result = att.judge(rule, period.year, level_inputs)
    value = result.value.quantize(_Q2, ROUND_HALF_UP) if result.value is not None else None
    return {
        "target_id": t.pk,
        "number": t.order + 1,
        "text": t.text,
        "level": t.level or "",
        "year": t.year,
        "comparator": t.comparator or ">=",
        "threshold": t.value,
        "threshold_max": t.value_max,
        "unit": t.unit,
        "yearly": t.yearly,
        "indicator": link.indicator.code if link else None,
        "indicator_name": link.indicator.name if link else "",
        "indicator_kind": link.indicator.kind if link else "",
        "link_status": link.status if link else "",
        "value": value,
        "required": _q(result.required),
        "status": result.status,
        "status_label": result.label,
        "source": "; ".join(s for s in dict.fromkeys(sources) if s) if len(levels) == 1 else "",
        "note": result.note,
        "levels": [_level_row(r, m) for r, m in zip(result.levels, inputs, strict=True)],
        "shared_with": [numbers[o] for o in others if o in numbers],
        "summary": _summary(result, t.unit) if link is not None else "",
    }


def status_counts(rows: list[dict]) -> dict[str, int]:
    """How many targets are đạt / chưa đạt / chưa có số liệu / chưa đến hạn."""
    return {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_LABELS}


def _q(d: Decimal | None) -> Decimal | None:
    return None if d is None else d.quantize(_Q2, ROUND_HALF_UP)


def _summary(result: att.Result, unit: str) -> str:
    """One line for reports: "Chưa đạt (cấp tỉnh 46,50% / phải đạt 51,00%; …)"."""
    from cchc.domain.vnformat import format_number

    pct = "%" if unit == "%" else ""

    def num(d):
        return "—" if d is None else format_number(d, 2) + pct

    if len(result.levels) == 1:
        r = result.levels[0]
        if r.value is None:
            return f"{r.label} ({result.note})" if result.note and r.status == att.NOT_DUE else r.label
        if r.status == att.NOT_DUE:
            return f"{r.label} ({num(r.value)}; {result.note}: {num(r.required)})"
        req = f" / phải đạt {num(r.required)}" if r.required is not None else ""
        return f"{r.label} ({num(r.value)}{req})"
    parts = [
        f"{att.LEVEL_LABELS.get(r.level, r.level)} {num(r.value)}"
        + (f" / phải đạt {num(r.required)}" if r.required is not None else "")
        for r in result.levels
    ]
    return f"{result.label} ({'; '.join(parts)})"


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
