"""Tracking pages over time: the deadline calendar and the plan timeline."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.spreadsheet import table_xlsx
from cchc.plans import queries as plan_queries
from cchc.plans.models import Area
from cchc.tracking import queries
from cchc.tracking.models import Assignment
from cchc.tracking.views import _as_of, _xlsx_response

CALENDAR_ROWS_PER_DAY = 4


@login_required
def calendar(request):
    """The deadline calendar: one month as a grid of days (Monday first), each day with the lead
    work due on it and its state as of today; navigation by month, filtered by unit and plan.
    A unit's staff see their unit; the standing agency and leaders may pick any readable unit."""
    as_of = _as_of(request)
    membership = request.membership
    g = grants_for(request.user)
    coordinator = policy.can_pick_calendar_unit(g)
    first = _month(request.GET.get("month", ""), default=as_of)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    plans = list(plan_queries.plans_for(request.user).filter(parent_plan__isnull=True).defer("interchange"))
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    units = []
    if coordinator:
        units = list(
            policy.units_for(request.user)
            .filter(Exists(Assignment.objects.filter(unit=OuterRef("pk"), role="lead")))
            .distinct()
            .order_by("name")
            .only("pk", "name")
        )
        unit = next((u for u in units if str(u.pk) == request.GET.get("unit")), None)
    else:
        unit = membership.unit if membership else None
    # each day shows its first few rows and the number of the others (a day may hold hundreds):
    # the counts in one grouped query, the rows through a per-day row number, both bounded
    base = queries.assignment_queryset(
        user=request.user, unit=unit, plan=plan, as_of=as_of, due_from=first, due_to=last, role="lead"
    )
    counts: dict[dt.date, int] = {}
    overdue = 0
    for due, state, n in base.order_by().values_list("due_date", "state").annotate(n=Count("id")):
        counts[due] = counts.get(due, 0) + n
        overdue += n if state == "overdue" else 0
    shown = base.annotate(
        day_rank=Window(
            RowNumber(), partition_by=[F("due_date")], order_by=[F("task__order").asc(), F("pk").asc()]
        )
    ).filter(day_rank__lte=CALENDAR_ROWS_PER_DAY)
    by_day: dict[dt.date, list] = {}
    url = queries.detail_url_format()
    for v in queries.list_values(shown):
        by_day.setdefault(v["due_date"], []).append(queries.list_row(v, url % v["id"]))
    weeks = [
        [
            {
                "date": d,
                "in_month": d.month == first.month,
                "rows": by_day.get(d, []),
                "count": counts.get(d, 0),
                "more": counts.get(d, 0) - len(by_day.get(d, [])),
                "today": d == as_of,
            }
            for d in week
        ]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    return render(
        request,
        "tracking/calendar.html",
        {
            "weeks": weeks,
            "month": first,
            "month_end": last,
            "prev_month": prev_month,
            "next_month": next_month,
            "this_month": as_of.replace(day=1),
            "total": sum(counts.values()),
            "overdue": overdue,
            "as_of": as_of,
            "unit": unit,
            "units": units,
            "plan": plan,
            "plans": plans,
            "coordinator": coordinator,
            "weekdays": [_("T2"), _("T3"), _("T4"), _("T5"), _("T6"), _("T7"), _("CN")],
        },
    )


def _month(text: str, *, default: dt.date) -> dt.date:
    """``"2022-12"`` -> 1 December 2022; anything else (or a year outside 1900–2200) -> the
    month of ``default``."""
    try:
        year, month = (int(x) for x in text.split("-"))
        if 1900 <= year <= 2200:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return default.replace(day=1)


@login_required
def plan_timeline(request):
    """Tasks by quarter across the plan's years, coloured by state; ``plan``, ``area`` and lead
    ``unit`` filters; ``view=table`` for the table, ``format=xlsx`` for the export. Without a
    plan: the user's main province plan (the one with the most tasks)."""
    from django.db.models import Count

    from cchc.tracking import timeline

    plans = plan_queries.plans_for(request.user).filter(parent_plan__isnull=True)
    plan_id = request.GET.get("plan", "")
    if plan_id.isdigit():
        plan = plan_queries.access_plan(request.user, plan_id)
    else:
        plan = plans.annotate(n=Count("tasks")).order_by("-n", "-pk").first()
        if plan is None:
            return render(request, "tracking/plan_timeline.html", {"plan": None})
    as_of = _as_of(request)

    def _int(name):
        raw = request.GET.get(name, "")
        return int(raw) if raw.isdigit() else None

    area_id, unit_id = _int("area"), _int("unit")
    if request.GET.get("format") == "xlsx":
        years = timeline.plan_years(plan)
        tasks = timeline.tasks_for(plan, area_id=area_id, unit_id=unit_id)
        items = timeline.bars(plan, tasks, user=request.user, as_of=as_of, years=years)
        header, rows = timeline.xlsx_rows(items, years)
        return _xlsx_response(table_xlsx(_("Tiến độ theo quý"), header, rows), f"tien-do-{plan.pk}")
    years, page, items = timeline.page(
        plan, user=request.user, as_of=as_of, area_id=area_id, unit_id=unit_id, number=request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "tracking/plan_timeline.html",
        {
            "plan": plan,
            "plans": plans.select_related(None).only("pk", "number", "title"),
            "years": years,
            "quarters": [(y, q) for y in years for q in (1, 2, 3, 4)],
            "page": page,
            "items": items,
            "as_of": as_of,
            "areas": Area.objects.filter(plan=plan).order_by("order"),
            "units": timeline.lead_units(plan),
            "area_id": area_id,
            "unit_id": unit_id,
            "table_view": request.GET.get("view") == "table",
            "query": query.urlencode(),
            "states": [(k, v) for k, v in timeline.STATES.items()],
        },
    )
