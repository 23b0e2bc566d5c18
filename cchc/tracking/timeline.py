"""A plan's timeline (issue 24): its tasks by quarter across the plan's years, each bar from the
task's first quarter to the quarter of its due date, coloured by the state of its lead work
(the palette of ``cchc.core.charts.STATES``), filterable by area and lead unit, with a table
view and an XLSX export. Tasks are paginated in the database; the states are computed for the
page's tasks only (the export: for the filtered tasks, in one query)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from cchc.core.charts import STATES
from cchc.domain.vnformat import to_roman
from cchc.tracking.queries import TASK_STATE_ORDER, assignment_queryset, cached_by_query

PAGE_SIZE = 40
MAX_YEARS = 10  # a plan spans a few years; a typo ("2202") must not draw a thousand columns

# tracking's states → the palette's
_PALETTE = {
    "overdue": "overdue",
    "at_risk": "at_risk",
    "pending_approval": "waiting",
    "waiting_event": "waiting",
    "done_late": "done_late",
    "done": "done",
    "cancelled": "not_started",
}


@dataclass
class Bar:
    task: object
    leads: list[str]
    state: str  # a key of STATES
    start: tuple[int, int] | None  # (year, quarter)
    end: tuple[int, int] | None
    cells: list[bool]

    @property
    def state_label(self) -> str:
        return str(STATES[self.state])

    @property
    def leads_label(self) -> str:
        """Up to three lead units, then how many more (a task led by every district)."""
        if len(self.leads) <= 3:
            return ", ".join(self.leads)
        return _("%(units)s và %(n)s đơn vị khác") % {
            "units": ", ".join(self.leads[:3]),
            "n": len(self.leads) - 3,
        }

    @property
    def segments(self) -> list[tuple[int, bool, bool]]:
        """``(colspan, on, year boundary)`` cells of the row: empty quarters one cell each (the
        year lines), the bar one cell spanning its quarters (its tooltip once, not per quarter)."""
        out: list[tuple[int, bool, bool]] = []
        for i, on in enumerate(self.cells):
            if on and out and out[-1][1]:
                span, _on, first = out[-1]
                out[-1] = (span + 1, True, first)
            else:
                out.append((1, on, i % 4 == 0))
        return out

    @property
    def start_label(self) -> str:
        return quarter_label(*self.start) if self.start else "—"

    @property
    def end_label(self) -> str:
        return quarter_label(*self.end) if self.end else "—"


def quarter_label(year: int, quarter: int) -> str:
    return _("Quý %(q)s/%(year)s") % {"q": to_roman(quarter), "year": year}


def plan_years(plan) -> list[int]:
    """The plan's years (its period, else its tasks' years), at most MAX_YEARS of them."""
    first, last = plan.period_start, plan.period_end
    if not first or not last:
        span = plan.tasks.aggregate(a=Min("start_year"), b=Max("end_year"), d=Max("due_date"))
        first = first or span["a"] or (span["d"].year if span["d"] else dt.date.today().year)
        last = last or span["b"] or (span["d"].year if span["d"] else first)
    last = max(first, min(last, first + MAX_YEARS - 1))
    return list(range(first, last + 1))


def _quarter(d: dt.date) -> tuple[int, int]:
    return (d.year, (d.month - 1) // 3 + 1)


def task_span(task, years: list[int]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(first quarter, last quarter) of a task: from its start year (or the plan's first year)
    to its due date's quarter (or the end of its end year)."""
    end = _quarter(task.due_date) if task.due_date else ((task.end_year, 4) if task.end_year else None)
    start_year = task.start_year or (end[0] if end and not task.end_year else None) or years[0]
    start = (start_year, 1)
    if end is None:
        end = (years[-1], 4)
    if start > end:
        start = (end[0], 1)
    return start, end


def _state(pairs) -> str:
    """The bar's colour from its lead work's ``(state, status)`` pairs: the worst state; open
    work is "not started" while none of it has started."""
    present = {state for state, _status in pairs}
    worst = next((s for s in TASK_STATE_ORDER if s in present), "")
    if worst == "open":
        started = any(status != "not_started" for state, status in pairs if state == "open")
        return "in_progress" if started else "not_started"
    return _PALETTE.get(worst, "not_started")


def tasks_for(plan, *, area_id=None, unit_id=None):
    qs = plan.tasks.select_related("area").order_by("order")
    if area_id:
        qs = qs.filter(area_id=area_id)
    if unit_id:
        qs = qs.filter(assignments__unit_id=unit_id, assignments__role="lead").distinct()
    return qs


def lead_units(plan) -> list:
    """``(pk, label)`` of the units leading the plan's tasks (the filter's choices): a semi-join
    on the plan's lead work, cached until an assignment of the plan's province changes
    (``cached_by_query``; a move of work to another province bumps both provinces: at
    ``seed-scale 10`` PostgreSQL reads every lead row of every plan for it, ~0,1 s)."""
    from cchc.orgs.models import OrgUnit
    from cchc.tracking.models import Assignment

    qs = (
        OrgUnit.objects.filter(
            pk__in=Assignment.objects.filter(task__plan=plan, role="lead").values("unit_id")
        )
        .order_by("code")
        .values_list("pk", "short_name", "name")
    )
    build = lambda: [(pk, short or name) for pk, short, name in qs]  # noqa: E731
    return cached_by_query(qs, "timeline-units", build, province_id=plan.province_id)


def bars(plan, tasks, *, user, as_of: dt.date, years: list[int]) -> list[Bar]:
    """The bars of ``tasks`` (a page or the whole filtered list): one query for their lead work,
    read as distinct ``(task, state, status, unit)`` tuples (a task led by every commune and
    repeated every quarter is a few hundred tuples, not thousands of rows of four models)."""
    tasks = list(tasks)
    pairs, leads = defaultdict(set), defaultdict(set)
    lead = (
        assignment_queryset(plan=plan, user=user, as_of=as_of, role="lead")
        .filter(task_id__in=[t.pk for t in tasks])
        .order_by()
        .values_list("task_id", "state", "eff_status", "unit__short_name", "unit__name")
        .distinct()
    )
    for task_id, state, status, short_name, name in lead:
        pairs[task_id].add((state, status))
        leads[task_id].add(short_name or name)
    quarters = [(y, q) for y in years for q in (1, 2, 3, 4)]
    out = []
    for task in tasks:
        start, end = task_span(task, years)
        out.append(
            Bar(
                task=task,
                leads=sorted(leads.get(task.pk, ())),
                state=_state(pairs[task.pk]) if task.pk in pairs else "not_started",
                start=start,
                end=end,
                cells=[bool(start and end and start <= yq <= end) for yq in quarters],
            )
        )
    return out


def page(plan, *, user, as_of, area_id=None, unit_id=None, number=None):
    years = plan_years(plan)
    paginator = Paginator(tasks_for(plan, area_id=area_id, unit_id=unit_id), PAGE_SIZE)
    page_obj = paginator.get_page(number)
    return years, page_obj, bars(plan, page_obj.object_list, user=user, as_of=as_of, years=years)


def xlsx_rows(items: list[Bar], years: list[int]):
    header = [
        _("STT"),
        _("Nhiệm vụ"),
        _("Lĩnh vực"),
        _("Đơn vị chủ trì"),
        _("Từ"),
        _("Đến"),
        _("Hạn"),
        _("Tình trạng"),
        *[quarter_label(y, q) for y in years for q in (1, 2, 3, 4)],
    ]
    rows = [
        [
            i,
            b.task.title,
            str(b.task.area) if b.task.area else "",
            ", ".join(b.leads),
            b.start_label,
            b.end_label,
            b.task.due_date.strftime("%d/%m/%Y") if b.task.due_date else "",
            b.state_label,
            *["■" if on else "" for on in b.cells],
        ]
        for i, b in enumerate(items, 1)
    ]
    return header, rows
