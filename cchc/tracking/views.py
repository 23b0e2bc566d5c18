"""Tracking pages: my unit's work, the task list and board, the plan's framework table, mentions
(one assignment, the calendar and timeline, unit plans, the queues: the `<topic>_views` modules)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.dates import parse_day
from cchc.core.pages import attempt
from cchc.core.spreadsheet import xlsx_response
from cchc.orgs.models import OrgUnit
from cchc.plans import queries as plan_queries
from cchc.plans.mentions import mention_index, needs_mapping
from cchc.plans.models import Area, Task, TaskUnit
from cchc.tracking import actions, queries
from cchc.tracking.exports import plan_xlsx, rows_workbook
from cchc.tracking.models import Assignment
from cchc.tracking.states import AS_OF_MAX, AS_OF_MIN, FILTERS, clamp_as_of

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50


def _as_of(request) -> dt.date:
    raw = request.GET.get("as_of", "")
    if not raw:
        return timezone.localdate()
    try:
        day = parse_day(raw)
    except ValueError:
        messages.warning(
            request,
            _("Ngày “%(d)s” không hợp lệ (cần dạng YYYY-MM-DD); đang tính đến hôm nay.") % {"d": raw[:40]},
        )
        return timezone.localdate()
    near = clamp_as_of(day)
    if near != day:
        messages.warning(
            request,
            _("Chỉ tính được đến ngày trong khoảng %(a)s–%(b)s; đang tính đến %(d)s.")
            % {
                "a": AS_OF_MIN.strftime("%d/%m/%Y"),
                "b": AS_OF_MAX.strftime("%d/%m/%Y"),
                "d": near.strftime("%d/%m/%Y"),
            },
        )
    return near


def _filters(request):
    g = request.GET
    out = {
        "q": g.get("q", "").strip()[:200],
        "status": g.get("status", ""),
        "role": g.get("role", "") if g.get("role", "") in {"lead", "support"} else "",
        "sort": g.get("sort", "due") if g.get("sort", "due") in queries.SORTS else "due",
    }
    if out["status"] and out["status"] not in FILTERS:
        messages.warning(
            request, _("Không có tình trạng “%(s)s”; đang hiện tất cả.") % {"s": out["status"][:40]}
        )
        out["status"] = ""
    for key in ("due_from", "due_to"):
        try:
            out[key] = parse_day(g.get(key, ""))
        except ValueError:
            out[key] = None
    return out


def page_size(request) -> int:
    """The page size the user asked for, snapped to the nearest offered size (never unbounded)."""
    try:
        wanted = int(request.GET.get("size", DEFAULT_PAGE_SIZE))
    except (TypeError, ValueError):
        return DEFAULT_PAGE_SIZE
    return min(PAGE_SIZES, key=lambda s: (abs(s - wanted), s))


def _paginate(request, qs, *, key=None):
    """A page of ``qs`` (a page past the end gives the last page) and the query string without
    ``page`` for the links. ``key``: what the row count is cached under (see
    :class:`CachedCountPaginator`)."""
    page = CachedCountPaginator(qs, page_size(request), key=key, user=request.user).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return page, params.urlencode()


def _chip_params(request) -> str:
    params = request.GET.copy()
    for key in ("page", "status", "format"):
        params.pop(key, None)
    return params.urlencode()


def _list_context(request, scoped, as_of, f):
    """A paginated list of :func:`queries.scoped_assignments` ``scoped``, kept to ``f["status"]``
    and sorted by ``f["sort"]``: the page's rows in ONE query of the displayed columns (no model
    instance per row), the row count cached like the chips."""
    qs = queries.list_values(queries.sorted_states(scoped, as_of, status=f["status"], sort=f["sort"]))
    page, params = _paginate(request, qs, key=(scoped, f"count|{f['status']}|{as_of}"))
    url = queries.detail_url_format()
    return {
        "rows": [queries.list_row(v, url % v["id"]) for v in page.object_list],
        "page": page,
        "params": params,
        "page_sizes": PAGE_SIZES,
        "size": page.paginator.per_page,
        "chip_params": _chip_params(request),
    }


_cached = queries.cached_by_query


class CachedCountPaginator(Paginator):
    """A paginator whose row count (an aggregate over every matching row) is cached like the
    chips' counts: a page's own rows are always read fresh. ``key`` = ``(queryset, name)``: the
    count is cached under that queryset's SQL and the name (default: the listed queryset's own
    SQL); a list passes its unannotated scope and its filter, cheaper to compile than the
    annotated, sorted query."""

    def __init__(self, object_list, per_page, *, key=None, user=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.key = key or (object_list, "count")
        self.user = user  # the reader the list is scoped to (its province's figures generation)

    @cached_property
    def count(self) -> int:
        return _cached(*self.key, self.object_list.count, user=self.user)


def _counts(scoped, as_of, user):
    """The chips' numbers of ``scoped`` (:func:`queries.scoped_assignments` of ``user``), cached
    per figures generation of the reader's province under its SQL and the date."""
    build = lambda: queries.chip_counts(queries.state_counts(scoped, as_of))  # noqa: E731
    return _cached(scoped, f"chips|{as_of}", build, user=user)


@login_required
def my_work(request):
    membership = request.membership
    if not membership:
        raise PermissionDenied
    as_of, f = _as_of(request), _filters(request)
    common = dict(
        unit=membership.unit,
        user=request.user,
        as_of=as_of,
        q=f["q"],
        due_from=f["due_from"],
        due_to=f["due_to"],
    )
    role = f["role"] or "lead"
    scoped = queries.scoped_assignments(**common)
    by_role = _cached(
        scoped, f"roles|{as_of}", lambda: queries.state_counts(scoped, as_of, by="role"), user=request.user
    )
    plans = (
        plan_queries.plans_for(request.user)
        .filter(parent_plan__isnull=True, tasks__assignments__unit=membership.unit)
        .distinct()
    )
    return render(
        request,
        "tracking/my_work.html",
        {
            **_list_context(request, scoped.filter(role=role), as_of, f),
            "counts": queries.chip_counts(by_role.get(role, {})),
            "role_totals": {r: queries.chip_counts(by_role.get(r, {})) for r in ("lead", "support")},
            "role": role,
            "as_of": as_of,
            "f": f,
            "unit": membership.unit,
            "filters": FILTERS,
            "plans": plans,
            "unit_plans": queries.unit_plans_for(request.user).filter(owner_unit=membership.unit),
        },
    )


def _scope(request):
    plans = list(plan_queries.plans_for(request.user).filter(parent_plan__isnull=True))
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    units = (
        policy.units_for(request.user)
        .filter(Exists(Assignment.objects.filter(unit=OuterRef("pk"))))  # a semi-join, not every row
        .order_by("code")
        .only("pk", "code", "name")  # what the filter shows (no per-unit aliases JSON to decode)
    )
    unit = units.filter(pk=request.GET.get("unit")).first() if request.GET.get("unit", "").isdigit() else None
    area = task = None
    if plan and request.GET.get("area", "").isdigit():
        area = Area.objects.filter(plan=plan, pk=request.GET["area"]).first()
    if plan and request.GET.get("task", "").isdigit():
        task = Task.objects.filter(plan=plan, pk=request.GET["task"]).first()
    return {
        "task": task,
        "plans": plans,
        "plan": plan,
        "units": units,
        "unit": unit,
        "area": area,
        "areas": plan.areas.all() if plan else [],
    }


@login_required
def task_list(request):
    as_of, f = _as_of(request), _filters(request)
    scope = _scope(request)
    common = dict(
        plan=scope["plan"],
        unit=scope["unit"],
        area=scope["area"],
        task=scope["task"],
        user=request.user,
        as_of=as_of,
        q=f["q"],
        due_from=f["due_from"],
        due_to=f["due_to"],
        role=f["role"] or None,
    )
    scoped = queries.scoped_assignments(**common)
    if request.GET.get("format") == "xlsx":
        qs = queries.sorted_states(scoped, as_of, status=f["status"], sort=f["sort"])
        return xlsx_response(
            rows_workbook(queries.iter_rows(qs, as_of), title=scope["plan"].number if scope["plan"] else ""),
            f"{scope['plan'].number if scope['plan'] else 'nhiem-vu'}.xlsx",
        )
    return render(
        request,
        "tracking/task_list.html",
        {
            **_list_context(request, scoped, as_of, f),
            **scope,
            "counts": _counts(scoped, as_of, request.user),
            "as_of": as_of,
            "f": f,
            "filters": FILTERS,
            "sorts": queries.SORTS,
            "show_role": True,
            "perms_board": policy.can_view_task_board(request.user),
        },
    )


@login_required
def task_board(request):
    """The standing agency's task-centred list: one row per task (the lead's state, the supporting
    units in short, the last update), beside the assignment-centred list."""
    if not policy.can_view_task_board(request.user):
        raise PermissionDenied
    as_of, f = _as_of(request), _filters(request)
    scope = _scope(request)
    common = dict(
        user=request.user, plan=scope["plan"], area=scope["area"], unit=scope["unit"], as_of=as_of, q=f["q"]
    )
    tasks = queries.task_queryset(**common, status=f["status"])
    page, params = _paginate(request, tasks)
    lead_scope = queries.scoped_assignments(**common, role="lead")
    return render(
        request,
        "tracking/task_board.html",
        {
            **scope,
            "items": queries.task_summaries(_page_tasks(tasks, page, as_of), as_of, user=request.user),
            "page": page,
            "params": params,
            "page_sizes": PAGE_SIZES,
            "size": page.paginator.per_page,
            "chip_params": _chip_params(request),
            "counts": _counts(lead_scope, as_of, request.user),
            "as_of": as_of,
            "f": f,
            "filters": FILTERS,
        },
    )


def _page_tasks(tasks, page, as_of) -> list[Task]:
    """The tasks of the board's ``page`` of ``tasks`` (:func:`queries.task_queryset`). Which tasks
    are on it is cached like the row count (finding them walks the plans' tasks and probes each
    one's assignments for a readable unit): a cached page reads its tasks by id."""
    found: list[Task] = []

    def build():
        found.extend(page.object_list)
        return [t.pk for t in found]

    ids = _cached(tasks, f"page|{as_of}|{page.number}|{page.paginator.per_page}", build)
    if found:
        return found
    by_pk = Task.objects.select_related("plan", "area").defer("plan__interchange").in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _xlsx_response(data: bytes, name: str) -> HttpResponse:
    safe = "".join(ch if ch.isalnum() else "-" for ch in name)
    return xlsx_response(data, f"{safe}.xlsx")


PLAN_TASKS_PAGE = 25


@login_required
def plan_table(request, plan_id: int):
    """A plan's framework: its areas (and targets) with their task counts, the lead work's state
    counts; each area's tasks load on demand, a page at a time (htmx; plain links without
    JavaScript). The Excel export has every task."""
    plan = plan_queries.access_plan(request.user, plan_id)
    as_of = _as_of(request)
    if request.GET.get("format") == "xlsx":
        rows = queries.assignment_rows(plan=plan, user=request.user, as_of=as_of, evidence=False)
        items = queries.task_items(plan, rows)
        return _xlsx_response(plan_xlsx(plan, items, rows, as_of=as_of), plan.number or "ke-hoach")
    if "area" in request.GET:
        return _plan_area(request, plan, as_of)
    g = grants_for(request.user)
    leads = queries.assignment_queryset(plan=plan, user=request.user, as_of=as_of, role="lead")
    return render(
        request,
        "tracking/plan_table.html",
        {
            "plan": plan,
            "sections": queries.plan_sections(plan),
            "as_of": as_of,
            "counts": _counts(leads, as_of, request.user),
            "chip_params": f"plan={plan.pk}&as_of={as_of:%Y-%m-%d}",
            "list_url": reverse("tracking:task_list"),
            "can_map": policy.can_map_mentions(request.user, plan),
            "unresolved_count": sum(map(needs_mapping, _maybe_unresolved(plan))),
            # only those who may open the list of missing units see the link to it (their number)
            "missing": queries.unit_ids_without_plan(plan, request.user)
            if plan.parent_plan_id is None and policy.can_list_missing_unit_plans(g)
            else [],
        },
    )


def _maybe_unresolved(plan):
    """The plan's mentions that may need mapping (``needs_mapping`` decides): those without a unit,
    and group mentions; a mention of one unit never does. Only the fields it reads."""
    return (
        TaskUnit.objects.filter(task__plan=plan)
        .filter(Q(unit__isnull=True, group__isnull=True) | Q(group__isnull=False))
        .only("pk", "role", "text", "unit_id", "group_id")
        .order_by()
    )


def _plan_area(request, plan, as_of):
    """One area's tasks of the plan page, a page at a time ("0": tasks without an area)."""
    key = request.GET.get("area", "")
    area = plan.areas.filter(pk=key).first() if key.isdigit() and key != "0" else None
    if key != "0" and area is None:
        raise Http404
    tasks = plan.tasks.filter(area=area).select_related("plan", "area").defer("plan__interchange")
    page = Paginator(tasks.order_by("order", "pk"), PLAN_TASKS_PAGE).get_page(request.GET.get("page"))
    items = queries.task_summaries(list(page.object_list), as_of, user=request.user)
    mentions: dict[int, list] = {}
    for m in TaskUnit.objects.filter(task__in=[i["task"] for i in items]).select_related("group"):
        if needs_mapping(m):
            mentions.setdefault(m.task_id, []).append(m)
    for item in items:
        item["unresolved"] = mentions.get(item["task"].pk, [])
    context = {
        "plan": plan,
        "area": area,
        "key": key,
        "items": items,
        "page": page,
        "as_of": as_of,
        "can_coordinate": grants_for(request.user).can_coordinate(plan.province_id),
        "params": f"area={key}&as_of={as_of:%Y-%m-%d}",
    }
    hx = bool(request.headers.get("HX-Request"))
    context["hx"] = hx
    return render(request, "tracking/_plan_area.html" if hx else "tracking/plan_area.html", context)


@login_required
def plan_mentions(request, plan_id: int):
    """The standing agency maps the plan's unresolved unit mentions; mapping creates the assignments."""
    plan = plan_queries.access_plan(request.user, plan_id)
    if not policy.can_map_mentions(request.user, plan):
        raise PermissionDenied
    if request.method == "POST":
        text = request.POST.get("text", "")
        attempt(
            request,
            lambda: actions.do_map_unit_mention(
                actor=request.user, plan=plan, text=text, choice=request.POST.getlist("choice")
            ),
            lambda result: (
                _("Đã xác định “%(text)s” cho %(m)s lượt nêu; %(n)s phân công mới được tạo.")
                % {"text": text.strip(), "m": result.mentions, "n": result.created}
            ),
        )
        return redirect("tracking:plan_mentions", plan_id=plan.pk)
    return render(
        request,
        "tracking/plan_mentions.html",
        {
            "plan": plan,
            "mentions": queries.unresolved_mentions(plan),
            "choices": mention_index(plan).choices(),
        },
    )


def unit_name(unit: OrgUnit) -> str:
    return unit.short_name or unit.name
