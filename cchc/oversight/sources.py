"""The one place the oversight app reads other apps' data (tracking, plans, indicators, PAR, surveys).

Task states come from tracking's public query functions (``tracking.queries.row_as_of`` over the
assignments' prefetched history, the same rule as every task list), counting **lead (chủ trì)
assignments only**: the lead unit is accountable for a task; supporting units' shares are never
counted as completed or overdue work of the task. When tracking gains a database state annotation
(issue 8: ``annotate_state(qs, as_of)`` / ``state_counts(qs, as_of, by=...)``), the functions
below are the only ones to rewire; their return shapes stay the same.

Readers of indicators, PAR INDEX and surveys return ``None`` without data, so the dashboard
shows a "chưa có dữ liệu" panel. Read-only: follow-up tasks are written by
``plans.actions`` (called from ``oversight.actions``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from cchc.core.lookups import given
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan


@dataclass
class StateCounts:
    """Lead work's states on a date, counted in the database: in all, per unit, per area."""

    total: Counter = field(default_factory=Counter)
    by_unit: dict[int, Counter] = field(default_factory=dict)
    by_area: dict[int | None, Counter] = field(default_factory=dict)
    by_plan: dict[int, Counter] = field(default_factory=dict)


def province_plans(province: OrgUnit):
    """The province's own plans (not units' derived plans), newest first."""
    return (
        Plan.objects.filter(province=province, parent_plan__isnull=True)
        .defer("interchange")
        .order_by("-issued_on", "-id")
    )


def main_plan(province: OrgUnit) -> Plan | None:
    """The province plan with the most lead assignments (the dashboard's first view): counted
    over all its lead work, so cached like the panels (:func:`cached_panel`)."""
    from django.utils import timezone

    from cchc.core import generations
    from cchc.tracking.current import past_figures_generation

    # the lead work per plan changes with new or moved rows (the past figures' generation), not
    # with reports; a plan's own edits bump the plans' data
    names = [past_figures_generation(province.pk), *generations.data_of(["plans"], province.code)]
    return generations.cached(names, f"main-plan|{timezone.localdate()}", lambda: _main_plan(province))


def _main_plan(province: OrgUnit) -> Plan | None:
    from django.db.models import Count, Q

    return (
        province_plans(province)
        .annotate(n=Count("tasks__assignments", filter=Q(tasks__assignments__role="lead")))
        .filter(n__gt=0)
        .order_by("-n", "-pk")
        .first()
    )


def lead_assignments(
    *,
    province: OrgUnit,
    unit_ids: set[int] | None = None,
    plan: Plan | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
):
    """Lead assignments of the province's plans (optionally one plan, some units, a due window)."""
    from cchc.tracking.models import Assignment

    return Assignment.objects.filter(
        role="lead", task__plan__province=province, task__plan__parent_plan__isnull=True
    ).filter(**given(task__plan=plan, unit_id__in=unit_ids, due_date__gte=due_from, due_date__lte=due_to))


def cached_lead_state_counts(
    province_id,
    key: str,
    assignments,
    dates: list[dt.date],
    *,
    due_by: frozenset[dt.date] | set[dt.date] = frozenset(),
) -> dict[dt.date, StateCounts]:
    """:func:`lead_state_counts`, each date's counts cached per province and day (``key`` names
    the scope: units, plan, period) under the province's figures generation, which every write
    that changes a state there bumps (``tracking.current.bump_figures``); a day before today under
    its past figures generation, which a report or decision recorded today leaves alone."""
    from django.utils import timezone

    from cchc.core import generations
    from cchc.tracking.current import figures_generation, past_figures_generation

    today = timezone.localdate()
    out = {}
    for d in dates:
        due = d in due_by
        # a day before today is counted from the history known then: a report recorded today
        # does not change it (tracking.current.past_figures_generation)
        out[d] = generations.cached(
            past_figures_generation(province_id) if d < today else figures_generation(province_id),
            f"lead-states|{today}|{key}|{d}|{due}",
            lambda d=d, due=due: lead_state_counts(assignments, [d], due_by={d} if due else frozenset())[d],
        )
    return out


# what the dashboard shows comes from these apps' data (their audited writes bump it: core.generations)
PANEL_APPS = ("tracking", "plans", "orgs", "indicators", "parindex", "surveys", "budget", "oversight")


def panel_generations(province: OrgUnit, apps=PANEL_APPS, *, figures: bool = True) -> list[str]:
    """The cache generations of figures the dashboard shows for ``province``: its progress
    figures (``figures``: bumped by every state change, ``tracking.current.bump_figures``) and
    the data of each of ``apps`` (bumped by every audited write there, ``core.generations.data``)."""
    from cchc.core import generations
    from cchc.tracking.current import figures_generation

    return [
        *([figures_generation(province.pk)] if figures else []),
        *generations.data_of(apps, province.code),
    ]


def cached_panel(province: OrgUnit, key: str, build, apps=PANEL_APPS, *, figures: bool = True):
    """``build()`` cached under :func:`panel_generations` of ``province`` (``key``: what it is,
    with its scope, language and day): a panel of one app is cached under that app's data (and
    the names of units: ``orgs``), so a write elsewhere does not compute it again."""
    from cchc.core import generations

    return generations.cached(panel_generations(province, apps, figures=figures), key, build)


def lead_state_counts(
    assignments, dates: list[dt.date], *, due_by: frozenset[dt.date] | set[dt.date] = frozenset()
) -> dict[dt.date, StateCounts]:
    """The states of ``assignments`` on each of ``dates``, counted in the database through
    tracking's one definition (``tracking.queries.annotate_state``): one grouped query per date,
    whose rows are (unit, plan, area, state) groups, so the work in Python grows with the number of
    units and areas, never with the number of assignments. For the dates in ``due_by`` only the
    work due on or before that date counts (the trend: the work due by each quarter's end)."""
    from django.db.models import Count

    from cchc.tracking.queries import annotate_state

    out: dict[dt.date, StateCounts] = {}
    for d in dates:
        qs = assignments
        if d in due_by:
            qs = qs.filter(due_date__isnull=False, due_date__lte=d)
        counts = StateCounts()
        groups = (
            annotate_state(qs.order_by(), d)
            .values("unit_id", "task__plan_id", "task__area_id", "state")
            .annotate(n=Count("id"))
            .values_list("unit_id", "task__plan_id", "task__area_id", "state", "n")
        )
        for unit_id, plan_id, area_id, state, n in groups:
            counts.total[state] += n
            counts.by_unit.setdefault(unit_id, Counter())[state] += n
            counts.by_area.setdefault(area_id, Counter())[state] += n
            counts.by_plan.setdefault(plan_id, Counter())[state] += n
        out[d] = counts
    return out


def done_lead_task_ids(task_ids: set[int], as_of: dt.date) -> set[int]:
    """Of ``task_ids``, the tasks whose lead assignment is done (on time or late) on ``as_of``,
    by tracking's one state rule (``tracking.queries.annotate_state``)."""
    from cchc.tracking.models import Assignment
    from cchc.tracking.queries import annotate_state
    from cchc.tracking.states import DONE, DONE_LATE

    return set(
        annotate_state(Assignment.objects.filter(task_id__in=task_ids, role="lead"), as_of)
        .filter(state__in=[DONE, DONE_LATE])
        .values_list("task_id", flat=True)
    )


def lead_assignment_ids(task_ids) -> dict[int, int]:
    """task id → the pk of its lead assignment, for ``task_ids``."""
    from cchc.tracking.models import Assignment

    return dict(Assignment.objects.filter(task_id__in=task_ids, role="lead").values_list("task_id", "pk"))


def plan_areas(plan: Plan) -> list:
    """The plan's areas in their order."""
    from cchc.plans.models import Area

    return list(Area.objects.filter(plan=plan).order_by("order"))


def par_block_label(key: str):
    """The name of a PAR INDEX block (departments, districts…); the key itself when unknown."""
    from cchc.parindex.models import Block

    try:
        return Block(key).label
    except ValueError:
        return key


def clamp_date(day: dt.date) -> dt.date:
    """The nearest date a state can be asked for (tracking's range: year 1 or 9999 is a mistake)."""
    from cchc.tracking.states import clamp_as_of

    return clamp_as_of(day)


def task_list_url() -> str:
    from django.urls import reverse

    return reverse("tracking:task_list")


# --- plans with completion rates (the publishable snapshot) ----------------------------------


def plan_completion(province: OrgUnit, as_of: dt.date, year: int | None = None) -> list[dict]:
    """Each province plan with its lead assignments' counts and completion rate on ``as_of``
    (``year``: only work due that year). Plain JSON-ready data (for a published snapshot)."""
    due_from = dt.date(year, 1, 1) if year else None
    due_to = dt.date(year, 12, 31) if year else None
    plans = list(province_plans(province))
    assignments = lead_assignments(province=province, due_from=due_from, due_to=due_to)
    by_plan = lead_state_counts(assignments, [as_of])[as_of].by_plan
    out = []
    for p in plans:
        c = by_plan.get(p.pk)
        if not c:
            continue
        total = sum(c.values()) - c["cancelled"]
        done = c["done"] + c["done_late"]
        out.append(
            {
                "number": p.number,
                "title": p.title,
                "issued_on": p.issued_on.isoformat() if p.issued_on else None,
                "total": total,
                "done": done,
                "done_on_time": c["done"],
                "done_late": c["done_late"],
                "overdue": c["overdue"],
                "in_progress": total - done - c["overdue"],
                "rate": str((Decimal(done) * 100 / total).quantize(Decimal("0.01"))) if total else None,
            }
        )
    return out


# --- indicators, PAR INDEX, surveys -----------------------------------------------------------


def one_reading():
    """One memo for the indicator reads of a page (``indicators.queries.one_reading``): the
    dashboard reads this year's and last year's targets over the same units and values once."""
    if not installed("indicators"):
        from contextlib import nullcontext

        return nullcontext()
    from cchc.indicators.queries import one_reading as reading

    return reading()


def target_attainment(plan: Plan | None, period_key: str) -> list[dict] | None:
    """Targets đạt / chưa đạt / chưa có số liệu of ``plan`` (issue 9), None without a plan."""
    if plan is None:
        return None
    from cchc.indicators.queries import attainment_for_plan

    return list(attainment_for_plan(plan, period_key))


def _par_campaign(province: OrgUnit, year: int):
    from cchc.parindex.queries import campaign_for_publication

    return campaign_for_publication(province, year)


def par_publication_refusal(province: OrgUnit, year: int) -> list[str]:
    """Why the PAR INDEX results of ``year`` may not be published yet (empty: they may): they
    must come from a campaign whose results are approved by decision (issue 21)."""
    from cchc.parindex.queries import publication_refusal

    return publication_refusal(province, year)


def par_results(province: OrgUnit, year: int) -> dict | None:
    """The PAR INDEX results of the province's units for ``year`` (issue 10), None without them."""
    from cchc.parindex.queries import results_snapshot

    try:
        campaign = _par_campaign(province, year)
    except (LookupError, AttributeError, ValueError):
        return None
    if campaign is None:
        return None
    return results_snapshot(campaign)


def par_scores(province: OrgUnit, year: int) -> dict[int, Decimal]:
    """unit id → PAR INDEX score of ``year`` (for the inspection proposal); empty without data."""
    snap = par_results(province, year)
    out: dict[int, Decimal] = {}
    for row in ranking_rows(snap):
        if row.get("unit_id") is not None and row.get("score") is not None:
            out[int(row["unit_id"])] = Decimal(str(row["score"]))
    return out


def ranking_rows(snapshot: dict | None) -> list[dict]:
    """The PAR INDEX results snapshot (``parindex.queries.results_snapshot``: blocks of ranked
    units) as rows {unit_id, name, score, rank, band, block}: block by block, best first within
    each (a rank is only meaningful inside its block: departments, districts, …)."""
    if not snapshot:
        return []
    out = []
    for block in snapshot.get("blocks") or []:
        for r in block.get("units") or []:
            out.append(
                {
                    "unit_id": r.get("unit_id"),
                    "name": r.get("unit") or "",
                    "score": r.get("index"),
                    "rank": r.get("rank"),
                    "band": r.get("band") or "",
                    "block": block.get("block") or "",
                }
            )
    return out


def survey_indices(province: OrgUnit, year: int) -> list[dict] | None:
    """Each surveyed unit's overall satisfaction index in the province's closed rounds of
    ``year`` (``surveys.queries.indices_for_province``) as rows {name, code, value}; None without
    the app or data. With several rounds in the year the round's title tells them apart."""
    from cchc.surveys.queries import OFFICIALS_QUESTIONNAIRES, indices_for_province

    # satisfaction of citizens only: the staff survey of the PAR INDEX is not a satisfaction index
    rows = [
        r
        for r in indices_for_province(province.pk, year) or []
        if r.get("overall") is not None and r.get("questionnaire") not in OFFICIALS_QUESTIONNAIRES
    ]
    several = len({r["round_id"] for r in rows}) > 1
    # an index from fewer responses than the sample requires is marked wherever it is shown
    out = [
        {
            "name": (f"{r['unit_name']} ({r['round_title']})" if several else r["unit_name"])
            + (f" — {r['sample_note']}" if r.get("sample_note") else ""),
            "code": r.get("unit_code") or "",
            "value": Decimal(str(r["overall"])),
            "round_id": r["round_id"],
            "note": r.get("sample_note") or "",
        }
        for r in rows
    ]
    return out or None


def latest_result_year(province: OrgUnit, up_to: int) -> int | None:
    """The latest year, not after ``up_to``, with PAR INDEX or satisfaction-survey results of the
    province (the dashboard opens on it, so its results panels are not empty); None without.
    Cached like the panels (:func:`cached_panel`)."""
    return cached_panel(
        province,
        f"result-year|{up_to}",
        lambda: _latest_result_year(province, up_to),
        ("parindex", "surveys"),
        figures=False,
    )


def _latest_result_year(province: OrgUnit, up_to: int) -> int | None:
    years = []
    if installed("parindex"):
        from cchc.parindex.models import Campaign

        years.append(
            # results exist once approved by decision (issue 21); a campaign still being scored has none
            Campaign.objects.filter(province=province, year__lte=up_to, approved_at__isnull=False)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
    if installed("surveys"):
        from cchc.surveys.models import SurveyRound

        years.append(
            SurveyRound.objects.filter(province=province, year__lte=up_to, status="closed")
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
    years = [y for y in years if y]
    return max(years) if years else None


def installed(app_label: str) -> bool:
    from django.apps import apps

    return apps.is_installed(f"cchc.{app_label}")


# --- org tree --------------------------------------------------------------------------------


def inspectable_units(province: OrgUnit, levels: list[str], on: dt.date, organiser: OrgUnit | None = None):
    """The population of an inspection programme on ``on`` (units existing that day, closed
    ones included when they still existed), standing agencies (``is_standing_agency``, flagged in
    the shipped org data) never included: they run the programme, they are not inspected by it.

    - organiser the province (or None): the province's units at ``levels``;
    - organiser a department, district or commune: its subordinate units (the whole subtree below
      it), restricted to ``levels`` when given.
    """
    qs = OrgUnit.objects.filter(is_standing_agency=False).valid_at(on)
    if organiser is None or organiser.level == "province":
        qs = qs.filter(province=province, level__in=levels)
    else:
        qs = qs.filter(pk__in=organiser.descendant_ids())
        if levels:
            qs = qs.filter(level__in=levels)
    return qs.order_by("code")


def overdue_by_unit(province: OrgUnit, unit_ids: set[int], as_of: dt.date) -> dict[int, tuple[int, int]]:
    """unit id → (overdue lead assignments, all lead assignments) on ``as_of``."""
    by_unit = lead_state_counts(lead_assignments(province=province, unit_ids=unit_ids), [as_of])[
        as_of
    ].by_unit
    return {pk: (c["overdue"], sum(c.values())) for pk, c in by_unit.items()}


# --- budget (kinh phí CCHC) --------------------------------------------------------------------
def budget_funding(*, province: OrgUnit, year: int, plan: Plan | None, unit_ids, up_to: dt.date, by) -> list:
    """The year's CCHC budget of the province's plans (or ``plan``) summed per ``by`` (``"unit"``,
    ``"area"``…): requested, approved, disbursed and settled up to ``up_to`` (the budget app's
    ``funding_rows``: one aggregate query)."""
    from cchc.budget.queries import funding_rows

    return funding_rows(year=year, plan=plan, province=province, unit_ids=unit_ids, up_to=up_to, by=by)


def budget_total(rows):
    """The sum of funding rows (``budget.queries.FundingRow``)."""
    from cchc.budget.queries import funding_total

    return funding_total(rows)


def area_titles(area_ids) -> dict[int, str]:
    """``{area id: title}`` of plan areas (sections)."""
    from cchc.plans.models import Area

    return {pk: str(title) for pk, title in Area.objects.filter(pk__in=area_ids).values_list("pk", "title")}
