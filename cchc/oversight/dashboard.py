"""The leaders' dashboard: figures for a province (or a unit and its sub-units) as of a date and
for a period, each with its chart (``core.charts``) and the link to the list behind it.

Accountable work is the **lead (chủ trì) assignment**: a task counts once per lead unit (and per
year for yearly work); supporting units' shares are not counted. "Completion" is done (on time +
late) over all lead assignments in scope except cancelled ones. The period is a calendar year of
due dates (work due in that year) or all work of the province's plans.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from cchc.core.charts import Chart, Series
from cchc.domain.vnformat import quarter_end
from cchc.orgs.models import OrgUnit
from cchc.oversight import sources
from cchc.oversight.budget import budget_panel

TOP_OVERDUE = 10
UNITS_SHOWN = 10  # the unit charts draw the best and the worst this many; the rest: units_page
UNITS_PER_PAGE = 50


@dataclass
class Scope:
    province: OrgUnit
    unit_ids: set[int] | None  # None: the whole province
    as_of: dt.date
    year: int | None  # None: all work
    plan: object | None = None  # a plans.Plan, or None for all province plans

    @property
    def due_from(self):
        return dt.date(self.year, 1, 1) if self.year else None

    @property
    def due_to(self):
        return dt.date(self.year, 12, 31) if self.year else None

    def assignments(self):
        """The lead work the scope's figures count (``sources.lead_assignments``)."""
        return sources.lead_assignments(
            province=self.province,
            unit_ids=self.unit_ids,
            plan=self.plan,
            due_from=self.due_from,
            due_to=self.due_to,
        )

    def list_url(self, **filters) -> str:
        """The tracking task list showing exactly the rows behind a figure."""
        q = {"as_of": self.as_of.isoformat(), "role": "lead"}
        if self.plan is not None:
            q["plan"] = self.plan.pk
        if self.year:
            q["due_from"], q["due_to"] = self.due_from.isoformat(), self.due_to.isoformat()
        q.update({k: v for k, v in filters.items() if v not in (None, "")})
        return f"{sources.task_list_url()}?{urlencode(q)}"


def rate(done: int, total: int) -> Decimal | None:
    return (Decimal(done) * 100 / total).quantize(Decimal("0.01")) if total else None


@dataclass
class Counts:
    total: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    at_risk: int = 0
    cancelled: int = 0
    open: int = 0

    @classmethod
    def of(cls, states: Counter) -> Counts:
        cancelled = states["cancelled"]
        total = sum(states.values()) - cancelled
        return cls(
            total=total,
            done=states["done"],
            done_late=states["done_late"],
            overdue=states["overdue"],
            at_risk=states["at_risk"],
            cancelled=cancelled,
            open=total - states["done"] - states["done_late"] - states["overdue"],
        )

    @property
    def completed(self) -> int:
        return self.done + self.done_late

    @property
    def rate(self) -> Decimal | None:
        return rate(self.completed, self.total)


@dataclass
class Dashboard:
    scope: Scope
    totals: Counts
    charts: dict[str, Chart] = field(default_factory=dict)
    overdue_units: list[dict] = field(default_factory=list)
    targets: dict | None = None
    failed_targets: list[dict] = field(default_factory=list)
    unit_total: int = 0  # lead units in scope (the page draws UNITS_SHOWN best and worst of them)
    year: int | None = None
    par: list[dict] | None = None
    par_blocks: list[dict] = field(default_factory=list)
    compare: list[dict] = field(default_factory=list)
    sipas: list[dict] | None = None
    inspections: list[dict] = field(default_factory=list)
    inspection_year: int | None = None
    links: dict[str, str] = field(default_factory=dict)
    budget: dict | None = None  # the CCHC budget panel (``oversight.budget``)


def trend_dates(scope: Scope) -> list[dt.date]:
    """Quarter ends of the period (up to ``as_of``; the last point is ``as_of`` itself)."""
    years = [scope.year] if scope.year else list(range(scope.as_of.year - 1, scope.as_of.year + 1))
    out = [quarter_end(y, q) for y in years for q in (1, 2, 3, 4) if quarter_end(y, q) < scope.as_of]
    return [*out[-7:], scope.as_of]


def scope_key(scope: Scope) -> str:
    """What the dashboard's figures depend on besides the province and the day."""
    import hashlib

    units = ",".join(map(str, sorted(scope.unit_ids))) if scope.unit_ids is not None else "*"
    plan = scope.plan.pk if scope.plan else ""
    raw = f"{units}|{plan}|{scope.due_from}|{scope.due_to}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _state_series(counts: list[Counts]) -> list[Series]:
    """Done on time, done late, overdue: one series each over ``counts``."""
    return [
        Series(_("Hoàn thành đúng hạn"), [c.done for c in counts], state="done"),
        Series(_("Hoàn thành trễ hạn"), [c.done_late for c in counts], state="done_late"),
        Series(_("Quá hạn"), [c.overdue for c in counts], state="overdue"),
    ]


def _links(scope: Scope) -> dict[str, str]:
    return {
        "all": scope.list_url(),
        "done": scope.list_url(status="done"),
        "done_late": scope.list_url(status="done-late"),
        "overdue": scope.list_url(status="overdue"),
        "at_risk": scope.list_url(status="at-risk"),
        "open": scope.list_url(status="open"),
    }


def ranked_units(unit_states: dict) -> tuple[list[int], dict[int, Counts]]:
    """The lead units best first (completion rate, then code) and their counts: the order of the
    unit charts and of the full list (one query, for the codes)."""
    codes = dict(OrgUnit.objects.filter(pk__in=unit_states).values_list("pk", "code"))
    unit_counts = {pk: Counts.of(c) for pk, c in unit_states.items() if pk in codes}
    ordered = sorted(unit_counts, key=lambda pk: (-(unit_counts[pk].rate or 0), codes[pk]))
    return ordered, unit_counts


def units_page(scope: Scope, page_number) -> tuple[object, list[dict]]:
    """Every lead unit of the scope with its counts as of the scope's day, best first, one page
    of them (the dashboard's unit charts in full): the counts come from the dashboard's cached
    aggregate, the names are read for the page's units only."""
    from django.core.paginator import Paginator

    assignments = scope.assignments()
    now = sources.cached_lead_state_counts(scope.province.pk, scope_key(scope), assignments, [scope.as_of])
    ordered, unit_counts = ranked_units(now[scope.as_of].by_unit)
    page = Paginator(ordered, UNITS_PER_PAGE).get_page(page_number)
    names = OrgUnit.objects.filter(pk__in=list(page.object_list)).only("pk", "name", "code").in_bulk()
    rows = [
        {
            "unit": names[pk],
            "counts": unit_counts[pk],
            "url": scope.list_url(unit=pk),
            "rank": page.start_index() + i,
        }
        for i, pk in enumerate(page.object_list)
    ]
    return page, rows


def _by_unit(d: Dashboard, scope: Scope, unit_states: dict) -> None:
    """Completion and states per lead unit, and the units with the most overdue work."""
    ordered, unit_counts = ranked_units(unit_states)
    d.unit_total = len(ordered)
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=ordered).only("pk", "name", "short_name", "code")}
    d.charts["units"] = Chart(
        title=_("Tỷ lệ hoàn thành nhiệm vụ theo đơn vị chủ trì"),
        categories=[units[pk].short_name or units[pk].name for pk in ordered],
        series=[Series(_("Tỷ lệ hoàn thành"), [unit_counts[pk].rate for pk in ordered], state="done")],
        kind="hbar",
        unit="%",
        category_label=_("Đơn vị"),
        links=[scope.list_url(unit=pk) for pk in ordered],
    )
    d.charts["unit_states"] = Chart(
        title=_("Nhiệm vụ theo đơn vị: đúng hạn, trễ hạn, quá hạn"),
        categories=[units[pk].short_name or units[pk].name for pk in ordered],
        series=_state_series([unit_counts[pk] for pk in ordered]),
        kind="hbar",
        category_label=_("Đơn vị"),
        places=0,
        links=[scope.list_url(unit=pk) for pk in ordered],
    )
    worst = sorted(
        (pk for pk in unit_counts if unit_counts[pk].overdue),
        key=lambda pk: (-unit_counts[pk].overdue, units[pk].code),
    )[:TOP_OVERDUE]
    d.overdue_units = [
        {
            "unit": units[pk],
            "overdue": unit_counts[pk].overdue,
            "total": unit_counts[pk].total,
            "url": scope.list_url(unit=pk, status="overdue"),
        }
        for pk in worst
    ]
    d.charts["overdue"] = Chart(
        title=_("Đơn vị có nhiều nhiệm vụ quá hạn nhất"),
        categories=[units[pk].short_name or units[pk].name for pk in worst],
        series=[Series(_("Nhiệm vụ quá hạn"), [unit_counts[pk].overdue for pk in worst], state="overdue")],
        kind="hbar",
        category_label=_("Đơn vị"),
        places=0,
        links=[scope.list_url(unit=pk, status="overdue") for pk in worst],
    )


def _by_area(d: Dashboard, scope: Scope, area_states: dict) -> None:
    """Progress per area of the chosen plan (area titles across plans differ)."""
    areas = sources.plan_areas(scope.plan)
    present = [a for a in areas if a.pk in area_states]
    counts = {a.pk: Counts.of(area_states[a.pk]) for a in present}
    d.charts["areas"] = Chart(
        title=_("Tiến độ theo lĩnh vực"),
        categories=[str(a) for a in present],
        series=[
            *_state_series([counts[a.pk] for a in present]),
            Series(_("Đang thực hiện"), [counts[a.pk].open for a in present], state="in_progress"),
        ],
        kind="hbar",
        category_label=_("Lĩnh vực"),
        places=0,
        links=[scope.list_url(area=a.pk) for a in present],
    )


def _trend(scope: Scope, key: str, assignments, dates: list[dt.date], by_date: dict) -> Chart:
    # each point counts the work due by that day (the figures above count all the work in scope)
    due_now = sources.cached_lead_state_counts(
        scope.province.pk, key, assignments, [scope.as_of], due_by={scope.as_of}
    )[scope.as_of]
    trend = [Counts.of((due_now if day == scope.as_of else by_date[day]).total) for day in dates]
    return Chart(
        title=_("Tỷ lệ hoàn thành nhiệm vụ đã đến hạn qua các kỳ"),
        categories=[day.strftime("%d/%m/%Y") for day in dates],
        series=[Series(_("Tỷ lệ hoàn thành"), [c.rate for c in trend], state="done")],
        kind="line",
        unit="%",
        category_label=_("Thời điểm"),
        links=[scope.list_url(as_of=day.isoformat(), due_to=day.isoformat()) for day in dates],
    )


def _targets(d: Dashboard, year: int, attainment: list[dict]) -> None:
    """Targets met, missed, not yet due and without data in the year."""
    c = Counter(row.get("status") for row in attainment)
    d.targets = {
        "dat": c["dat"],
        "chua_dat": c["chua_dat"],
        "chua_den_han": c["chua_den_han"],
        "chua_co_so_lieu": c["chua_co_so_lieu"],
    }
    d.failed_targets = [row for row in attainment if row.get("status") == "chua_dat"]
    if any(c.values()):
        d.charts["targets"] = Chart(
            title=_("Chỉ tiêu đạt, chưa đạt năm %(year)s") % {"year": year},
            categories=[_("Năm %(year)s") % {"year": year}],
            series=[
                Series(_("Đạt"), [c["dat"]], state="done"),
                Series(_("Chưa đạt"), [c["chua_dat"]], state="overdue"),
                Series(_("Chưa đến hạn"), [c["chua_den_han"]], state="in_progress"),
                Series(_("Chưa có số liệu"), [c["chua_co_so_lieu"]], state="not_started"),
            ],
            kind="bar",
            places=0,
            category_label=_("Kỳ"),
        )


def _panel(scope: Scope, what: str, build, apps: tuple[str, ...]):
    """``build()`` (None included) cached per province, language and day under the data of
    ``apps`` only (``sources.cached_panel``): a progress report does not compute it again."""
    from django.utils import timezone
    from django.utils.translation import get_language

    key = f"{what}|{get_language()}|{timezone.localdate()}"
    return sources.cached_panel(scope.province, key, lambda: {"v": build()}, apps, figures=False)["v"]


def _par_rows(scope: Scope, year: int) -> list[dict]:
    """The PAR INDEX ranking of the year, limited to the scope's units."""
    snapshot = _panel(
        scope, f"par|{year}", lambda: sources.par_results(scope.province, year), ("parindex", "orgs")
    )
    par = sources.ranking_rows(snapshot)
    if scope.unit_ids is not None:
        par = [r for r in par if r.get("unit_id") in scope.unit_ids]
    return par


def _sipas(scope: Scope, year: int) -> list[dict] | None:
    """The satisfaction indices of the year (``sources.survey_indices``), cached under the
    surveys' data."""
    return _panel(
        scope, f"sipas|{year}", lambda: sources.survey_indices(scope.province, year), ("surveys", "orgs")
    )


def _sipas_chart(year: int, sipas: list[dict]) -> Chart:
    return Chart(
        title=_("Chỉ số hài lòng (SIPAS) năm %(year)s") % {"year": year},
        categories=[str(r.get("name") or r.get("code") or "") for r in sipas],
        series=[Series(_("Chỉ số"), [r.get("value") for r in sipas])],
        kind="hbar",
        unit="%",
        category_label=_("Chỉ số"),
    )


def build(scope: Scope) -> Dashboard:
    """The dashboard of ``scope``, cached per province, scope, period, date and day under the
    generations of everything it shows (:func:`sources.panel_generations`): any write that changes
    a figure on it makes the next request compute it again."""
    from django.utils import timezone
    from django.utils.translation import get_language

    def compute() -> Dashboard:
        with sources.one_reading():
            d = _build(scope)
        d.scope = None  # the request's own scope is put back below (not pickled with the figures)
        return d

    key = f"dashboard|{timezone.localdate()}|{get_language()}|{scope.as_of}|{scope.year}|{scope_key(scope)}"
    d = sources.cached_panel(scope.province, key, compute)
    d.scope = scope
    return d


def _build(scope: Scope) -> Dashboard:
    assignments = scope.assignments()
    dates = trend_dates(scope)
    key = scope_key(scope)
    by_date = sources.cached_lead_state_counts(
        scope.province.pk, key, assignments, dates, due_by=frozenset(dates[:-1])
    )
    now = by_date[scope.as_of]
    totals = Counts.of(now.total)
    d = Dashboard(scope=scope, totals=totals)
    d.links = _links(scope)
    _by_unit(d, scope, now.by_unit)
    if scope.plan is not None:
        _by_area(d, scope, now.by_area)
    d.charts["trend"] = _trend(scope, key, assignments, dates, by_date)

    # not yet everywhere: targets, PAR INDEX, SIPAS
    year = scope.year or scope.as_of.year
    d.year = year
    attainment = sources.target_attainment(scope.plan, f"{year}-Y")
    if attainment is not None:
        _targets(d, year, attainment)
    par = _par_rows(scope, year)
    if par:
        d.par = par
        d.par_blocks = par_blocks(par, year)
        for k, block in enumerate(d.par_blocks):
            d.charts[f"par{k}"] = block["chart"]
    # inspection programmes of the year: share inspected vs required, per organiser
    from cchc.oversight.queries import programme_coverage

    d.inspection_year = year
    d.inspections = _panel(
        scope,
        f"inspections|{year}|{scope_key(scope)}",
        lambda: programme_coverage(scope.province, year, scope.unit_ids),
        ("oversight", "orgs"),
    )
    sipas = _sipas(scope, year)
    if sipas:
        d.sipas = sipas
        d.charts["sipas"] = _sipas_chart(year, sipas)
    d.compare = year_on_year(scope, year, d, attainment, par, sipas)
    d.budget = _panel(
        scope,
        f"budget|{scope.as_of}|{scope.year}|{scope_key(scope)}",
        lambda: budget_panel(scope),
        ("budget", "orgs", "plans"),
    )
    if d.budget:
        d.charts.update(d.budget["charts"])
    return d


def par_blocks(rows: list[dict], year: int) -> list[dict]:
    """The PAR INDEX ranking block by block (departments, districts…: a rank only means something
    inside its block), best first, each with its chart and its rows (rank, score, band)."""
    out = []
    for key in dict.fromkeys(r["block"] for r in rows):
        block_rows = sorted(
            (r for r in rows if r["block"] == key),
            key=lambda r: (r.get("rank") is None, r.get("rank") or 0, r["name"]),
        )
        label = sources.par_block_label(key)
        chart = Chart(
            title=_("Chỉ số CCHC năm %(year)s: %(block)s") % {"year": year, "block": label},
            categories=[r["name"] for r in block_rows],
            series=[Series(_("Chỉ số"), [_decimal(r["score"]) for r in block_rows])],
            kind="hbar",
            unit="%",
            category_label=_("Đơn vị"),
        )
        out.append({"key": key, "label": label, "rows": block_rows, "chart": chart})
    return out


def _decimal(value):
    return None if value in (None, "") else Decimal(str(value))


def _mean(values) -> Decimal | None:
    values = [Decimal(str(v)) for v in values if v not in (None, "")]
    return (sum(values) / len(values)).quantize(Decimal("0.01")) if values else None


def _year_counts(scope: Scope, year: int, day: dt.date) -> Counts:
    """The state counts, on ``day``, of the scope's lead work due in ``year`` (cached like the
    other state counts: per province and day under its figures generation)."""
    year_scope = Scope(scope.province, scope.unit_ids, day, year, scope.plan)
    assignments = year_scope.assignments()
    counts = sources.cached_lead_state_counts(scope.province.pk, scope_key(year_scope), assignments, [day])
    return Counts.of(counts[day].total)


def year_on_year(scope: Scope, year: int, d: Dashboard, attainment, par, sipas) -> list[dict]:
    """This year against last year: completion of lead work due in the year, targets met, the
    mean PAR INDEX and the mean satisfaction index of the units. A figure without data on either
    side says so (no change is computed from nothing)."""
    last = year - 1
    prev_counts = _year_counts(scope, last, min(scope.as_of, dt.date(last, 12, 31)))
    this_rate = d.totals.rate if scope.year == year else _year_counts(scope, year, scope.as_of).rate

    def met(rows):
        if not rows:
            return None
        c = Counter(row.get("status") for row in rows)
        judged = c["dat"] + c["chua_dat"]
        return rate(c["dat"], judged) if judged else None

    prev_attainment = sources.target_attainment(scope.plan, f"{last}-Y")
    prev_par = _par_rows(scope, last)
    prev_sipas = _sipas(scope, last) or []
    rows = [
        (_("Tỷ lệ hoàn thành nhiệm vụ chủ trì có hạn trong năm"), prev_counts.rate, this_rate),
        (_("Tỷ lệ chỉ tiêu đạt (trong số chỉ tiêu có số liệu)"), met(prev_attainment), met(attainment)),
        (
            _("Chỉ số CCHC bình quân của các đơn vị"),
            _mean(r["score"] for r in prev_par),
            _mean(r["score"] for r in par or []),
        ),
        (
            _("Chỉ số hài lòng bình quân (SIPAS)"),
            _mean(r["value"] for r in prev_sipas),
            _mean(r["value"] for r in sipas or []),
        ),
    ]
    return [
        {
            "label": label,
            "last": before,
            "this": now,
            "change": (now - before) if before is not None and now is not None else None,
        }
        for label, before, now in rows
    ]
