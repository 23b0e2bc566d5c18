"""Tracking pages: my unit's work, the task list, the plan's framework table, a task, the calendar, unit plans."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core import generations
from cchc.core.dates import parse_day
from cchc.core.errors import ConflictError, DomainError
from cchc.core.spreadsheet import table_xlsx, xlsx_response
from cchc.core.uploads import file_download
from cchc.orgs.models import OrgUnit
from cchc.plans import actions as plan_actions
from cchc.plans import queries as plan_queries
from cchc.plans.mentions import mention_index, needs_mapping
from cchc.plans.models import Area, Plan, Task, TaskUnit
from cchc.tracking import actions, moves, queries
from cchc.tracking.current import ALL_FIGURES
from cchc.tracking.exports import plan_xlsx, rows_workbook, state_label
from cchc.tracking.forms import ProgressForm
from cchc.tracking.models import ApprovalState, Assignment, ProgressUpdate
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


def _paginate(request, qs):
    """A page of ``qs`` (a page past the end gives the last page) and the query string without
    ``page`` for the links."""
    page = CachedCountPaginator(qs, page_size(request)).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    return page, params.urlencode()


def _chip_params(request) -> str:
    params = request.GET.copy()
    for key in ("page", "status", "format"):
        params.pop(key, None)
    return params.urlencode()


def _list_context(request, qs, as_of):
    """A paginated list: the page's ids from the filtered, sorted queryset, then the page's rows."""
    page, params = _paginate(request, qs.values_list("pk", flat=True))
    return {
        "rows": queries.rows_for_ids(list(page.object_list), as_of),
        "page": page,
        "params": params,
        "page_sizes": PAGE_SIZES,
        "size": page.paginator.per_page,
        "chip_params": _chip_params(request),
    }


def _cached(qs, what: str, build):
    """``build()`` cached until the next write that changes any assignment's state (the figures'
    generation, ``core.generations``), keyed by the query's own SQL (scope, filters, date)."""
    try:
        sql = str(qs.query)
    except EmptyResultSet:
        return build()
    key = f"{what}|{timezone.localdate()}|" + hashlib.sha256(sql.encode()).hexdigest()
    return generations.cached(ALL_FIGURES, key, build)


class CachedCountPaginator(Paginator):
    """A paginator whose row count (an aggregate over every matching row) is cached like the
    chips' counts: a page's own rows are always read fresh."""

    @cached_property
    def count(self) -> int:
        return _cached(self.object_list, "count", self.object_list.count)


def _counts(base_qs, as_of):
    return _cached(
        base_qs, f"chips|{as_of}", lambda: queries.chip_counts(queries.state_counts(base_qs, as_of))
    )


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
    qs = queries.assignment_queryset(**common, status=f["status"], role=role, sort=f["sort"])
    by_role = queries.state_counts(queries.assignment_queryset(**common), as_of, by="role")
    plans = (
        plan_queries.plans_for(request.user)
        .filter(parent_plan__isnull=True, tasks__assignments__unit=membership.unit)
        .distinct()
    )
    return render(
        request,
        "tracking/my_work.html",
        {
            **_list_context(request, qs, as_of),
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
    qs = queries.assignment_queryset(**common, status=f["status"], sort=f["sort"])
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            rows_workbook(queries.iter_rows(qs, as_of), title=scope["plan"].number if scope["plan"] else ""),
            f"{scope['plan'].number if scope['plan'] else 'nhiem-vu'}.xlsx",
        )
    return render(
        request,
        "tracking/task_list.html",
        {
            **_list_context(request, qs, as_of),
            **scope,
            "counts": _counts(queries.assignment_queryset(**common), as_of),
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
    tasks = queries.task_queryset(
        user=request.user,
        plan=scope["plan"],
        area=scope["area"],
        unit=scope["unit"],
        as_of=as_of,
        q=f["q"],
        status=f["status"],
    )
    page, params = _paginate(request, tasks)
    lead_scope = queries.assignment_queryset(
        user=request.user,
        plan=scope["plan"],
        area=scope["area"],
        unit=scope["unit"],
        as_of=as_of,
        q=f["q"],
        role="lead",
    )
    return render(
        request,
        "tracking/task_board.html",
        {
            **scope,
            "items": queries.task_summaries(list(page.object_list), as_of, user=request.user),
            "page": page,
            "params": params,
            "page_sizes": PAGE_SIZES,
            "size": page.paginator.per_page,
            "chip_params": _chip_params(request),
            "counts": _counts(lead_scope, as_of),
            "as_of": as_of,
            "f": f,
            "filters": FILTERS,
        },
    )


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
            "counts": _counts(leads, as_of),
            "chip_params": f"plan={plan.pk}&as_of={as_of:%Y-%m-%d}",
            "list_url": reverse("tracking:task_list"),
            "can_map": policy.can_map_mentions(request.user, plan),
            "unresolved_count": sum(
                1
                for m in TaskUnit.objects.filter(task__plan=plan).select_related("group")
                if needs_mapping(m)
            ),
            # only those who may open the list of missing units see the link to it
            "missing": queries.units_without_plan(plan, request.user)
            if plan.parent_plan_id is None and policy.can_list_missing_unit_plans(g)
            else [],
        },
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


def _detail_context(request, a, form=None):
    # the work's one progress history: a unit plan's copy and the province task it copies share it
    updates = list(
        ProgressUpdate.objects.filter(
            assignment__family_task_id=a.family_task_id,
            assignment__unit_id=a.unit_id,
            assignment__role=a.role,
            assignment__period_label=a.period_label,
        )
        .select_related("author", "decided_by")
        .prefetch_related("evidence")
        .order_by("-at", "-id")
    )
    row = queries.row_as_of(a, timezone.localdate())
    latest = updates[0] if updates else None
    user = request.user
    return {
        "a": a,
        "row": row,
        "updates": updates,
        "latest": latest,
        "form": form
        or ProgressForm(initial={"status": a.status, "percent": a.percent, "version": a.version}),
        "can_report": policy.can_report_progress(user, a),
        "can_approve": bool(
            latest
            and latest.approval_state == ApprovalState.PENDING_HEAD
            and policy.can_approve_progress(user, a)
        ),
        "can_review": bool(
            latest
            and latest.approval_state in {ApprovalState.PENDING_HEAD, ApprovalState.APPROVED_BY_HEAD}
            and policy.can_review_progress(user, a)
        ),
        "can_record_event": bool(
            a.task.event and not a.task.event_date and policy.can_record_event(user, a.task)
        ),
        "siblings": queries.assignments_for(user)
        .filter(task=a.task)
        .exclude(pk=a.pk)
        .order_by("role", "period_label", "unit__code"),
        "derived": queries.assignments_for(user)
        .filter(task__parent_task=a.task)
        .select_related("task__plan"),
        "unresolved": [m for m in a.task.unit_mentions.all() if needs_mapping(m)],
        "can_map": policy.can_map_mentions(user, a.task.plan),
        "state_label": state_label(row.state),
        "parent": queries.assignments_for(user)
        .filter(task_id=a.task.parent_task_id, unit_id=a.unit_id, role=a.role)
        .select_related("task__plan")
        .first()
        if a.task.parent_task_id
        else None,
    }


@login_required
def assignment_detail(request, assignment_id: int):
    a = queries.access_assignment(request.user, assignment_id)
    return render(request, "tracking/assignment_detail.html", _detail_context(request, a))


# which box a refusal of do_record_progress is about (the message is shown under it)
_PROGRESS_ERROR_FIELD = {
    "percent": "percent",
    "percent_done": "percent",
    "completed_future": "completed_on",
    "completed_before_start": "completed_on",
    "reason": "cancel_reason",
    "future_date": "doc_date",
    "proof": "narrative",
    "bad_file_type": "files",
    "too_large": "files",
}


@login_required
@require_POST
def assignment_update(request, assignment_id: int):
    a = queries.access_assignment(request.user, assignment_id)
    form = ProgressForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        d = form.cleaned_data
        files = request.FILES.getlist("files")
        evidence = [
            actions.EvidenceInput(
                doc_number=d["doc_number"],
                doc_date=d["doc_date"],
                issuer=d["issuer"],
                file_name=f.name,
                file_data=f.read(),
            )
            for f in files
        ]
        if not evidence and (d["doc_number"] or d["issuer"] or d["doc_date"]):
            evidence = [
                actions.EvidenceInput(doc_number=d["doc_number"], doc_date=d["doc_date"], issuer=d["issuer"])
            ]
        try:
            actions.do_record_progress(
                actor=request.user,
                assignment=a,
                status=d["status"],
                percent=d["percent"],
                narrative=d["narrative"],
                cancel_reason=d["cancel_reason"],
                evidence=evidence,
                expected_version=d["version"],
                completed_on=d["completed_on"],
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        except DomainError as exc:
            form.add_error(_PROGRESS_ERROR_FIELD.get(exc.code), exc.message)
            status = 400
        else:
            messages.success(request, _("Đã ghi nhận báo cáo tiến độ."))
            return redirect("tracking:assignment_detail", assignment_id=a.pk)
    else:
        status = 400
    a.refresh_from_db()
    return render(
        request, "tracking/assignment_detail.html", _detail_context(request, a, form), status=status
    )


def _decide(request, update_id, func, **kw):
    u = queries.access_update(request.user, update_id)
    try:
        func(actor=request.user, update=u, **kw)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật trạng thái duyệt."))
    return redirect("tracking:assignment_detail", assignment_id=u.assignment_id)


@login_required
@require_POST
def update_approve(request, update_id: int):
    return _decide(request, update_id, actions.do_approve_progress)


@login_required
@require_POST
def update_review(request, update_id: int):
    return _decide(
        request,
        update_id,
        actions.do_review_progress,
        decision=request.POST.get("decision", ""),
        reason=request.POST.get("reason", ""),
    )


@login_required
def evidence_download(request, evidence_id: int):
    ev = queries.access_evidence(request.user, evidence_id)
    if not ev.file:
        raise Http404
    return file_download(ev.file, ev.original_name)


@login_required
@require_POST
def task_event(request, task_id: int):
    task = Task.objects.select_related("plan").filter(pk=task_id).first()
    if task is None or not plan_queries.plans_for(request.user).filter(pk=task.plan_id).exists():
        raise Http404
    try:
        actions.do_record_event(
            actor=request.user,
            task=task,
            event_date=parse_day(request.POST.get("event_date", "")),
        )
    except (DomainError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", _("Ngày không hợp lệ.")))
    else:
        messages.success(request, _("Đã ghi nhận ngày xảy ra sự kiện."))
    nxt = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        nxt = ""  # only back to a page of ours
    return redirect(nxt or "tracking:task_list")


@login_required
def plan_mentions(request, plan_id: int):
    """The standing agency maps the plan's unresolved unit mentions; mapping creates the assignments."""
    plan = plan_queries.access_plan(request.user, plan_id)
    if not policy.can_map_mentions(request.user, plan):
        raise PermissionDenied
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            result = actions.do_map_unit_mention(
                actor=request.user, plan=plan, text=text, choice=request.POST.getlist("choice")
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã xác định “%(text)s” cho %(m)s lượt nêu; %(n)s phân công mới được tạo.")
                % {"text": text.strip(), "m": result.mentions, "n": result.created},
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
    for a in shown:
        by_day.setdefault(a.due_date, []).append(queries.row_of(a))
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


# --- unit plans ---


@login_required
def unit_plan_list(request):
    g = grants_for(request.user)
    parent_plans = plan_queries.plans_for(request.user).filter(parent_plan__isnull=True)
    membership = request.membership
    mine = membership.unit if membership and g.can_report_for(membership.unit) else None
    return render(
        request,
        "tracking/unit_plan_list.html",
        {
            "unit_plans": queries.unit_plans_for(request.user)
            .select_related("parent_plan")
            .order_by("-created_at"),
            "parent_plans": parent_plans,
            "mine": mine,
            "can_see_missing": policy.can_list_missing_unit_plans(g),
        },
    )


@login_required
@require_POST
def unit_plan_create(request):
    membership = request.membership
    parent = plan_queries.access_plan(request.user, request.POST.get("parent_plan"))
    if not membership:
        raise PermissionDenied
    try:
        plan = actions.do_create_unit_plan(actor=request.user, unit=membership.unit, parent_plan=parent)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("tracking:unit_plan_list")
    messages.success(request, _("Đã lập dự thảo kế hoạch của đơn vị."))
    return redirect("tracking:unit_plan_detail", plan_id=plan.pk)


@login_required
def unit_plan_detail(request, plan_id: int):
    plan = plan_queries.access_plan(request.user, plan_id)
    if plan.parent_plan_id is None:
        raise Http404
    g = grants_for(request.user)
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "add":
                due = request.POST.get("due_date") or None
                parent_task = None
                if request.POST.get("parent_task", "").isdigit():
                    parent_task = Task.objects.filter(
                        pk=request.POST["parent_task"], plan_id=plan.parent_plan_id
                    ).first()
                plan_actions.do_add_unit_plan_task(
                    actor=request.user,
                    plan=plan,
                    title=request.POST.get("title", ""),
                    due_date=parse_day(due) if due else None,
                    parent_task=parent_task,
                )
            elif op == "submit":
                plan_actions.do_submit_unit_plan(actor=request.user, plan=plan)
            elif op == "acknowledge":
                plan_actions.do_acknowledge_unit_plan(actor=request.user, plan=plan)
            else:
                raise DomainError(_("Thao tác không hợp lệ."))
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Ngày không hợp lệ.")))
        else:
            messages.success(request, _("Đã lưu."))
        return redirect("tracking:unit_plan_detail", plan_id=plan.pk)
    rows = queries.assignment_rows(plan=plan, user=request.user, as_of=timezone.localdate(), evidence=False)
    return render(
        request,
        "tracking/unit_plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "can_edit": g.can_report_for(plan.owner_unit_id) and plan.status == "draft",
            "can_acknowledge": g.can_coordinate(plan.owner_unit_id) and plan.status == "submitted",
            "parent_tasks": plan.parent_plan.tasks.order_by("order"),
        },
    )


@login_required
def plan_missing_units(request, plan_id: int):
    plan = plan_queries.access_plan(request.user, plan_id)
    if not policy.can_list_missing_unit_plans(request.user):
        raise PermissionDenied
    return render(
        request,
        "tracking/missing_units.html",
        {
            "plan": plan,
            "units": queries.units_without_plan(plan, request.user),
            "unit_plans": Plan.objects.filter(parent_plan=plan).select_related("owner_unit"),
        },
    )


def unit_name(unit: OrgUnit) -> str:
    return unit.short_name or unit.name


QUEUE_TITLES = {  # lazy: translated when shown, in the reader's language
    policy.QUEUE_HEAD: gettext_lazy("Báo cáo hoàn thành chờ lãnh đạo đơn vị duyệt"),
    policy.QUEUE_REVIEW: gettext_lazy("Báo cáo hoàn thành chờ cơ quan thường trực xem xét"),
}


@login_required
def approval_queue(request):
    """One queue per approver: tick updates, approve/accept or return them (with a reason) at once."""
    from django.core.paginator import Paginator

    kinds = policy.approval_queue_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    kind = request.POST.get("kind") or request.GET.get("kind") or kinds[0]
    if kind not in kinds:
        raise Http404
    if request.method == "POST":
        try:
            n = actions.do_decide_queue(
                actor=request.user,
                kind=kind,
                update_ids=request.POST.getlist("update"),
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã xử lý %(n)s báo cáo.") % {"n": n})
        return redirect(f"{request.path}?kind={kind}")

    def _int(name):
        try:
            return int(request.GET.get(name, "")) or None
        except ValueError:
            return None

    plan_id, unit_id = _int("plan"), _int("unit")
    qs = queries.approval_queue(request.user, kind, plan_id=plan_id, unit_id=unit_id)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    counts = queries.approval_queue_counts(request.user)
    return render(
        request,
        "tracking/approval_queue.html",
        {
            "kind": kind,
            "title": QUEUE_TITLES[kind],
            "tabs": [(k, QUEUE_TITLES[k], counts[k]) for k in kinds],
            "page": page,
            "plan_id": plan_id or "",
            "unit_id": unit_id or "",
            "approve_decision": "approve" if kind == policy.QUEUE_HEAD else "accept",
        },
    )


@login_required
def closed_units(request):
    """Closed units still holding open work: move it to the successor (or a chosen unit)."""
    g = grants_for(request.user)
    if not policy.can_move_closed_unit_work(g):
        raise PermissionDenied
    if request.method == "POST":
        try:
            unit = OrgUnit.objects.get(pk=int(request.POST.get("unit", "")), valid_to__isnull=False)
            successor = OrgUnit.objects.get(pk=int(request.POST.get("successor", "")))
        except (ValueError, OrgUnit.DoesNotExist):
            raise Http404 from None
        if not g.can_coordinate(unit.pk):
            raise Http404
        try:
            r = moves.do_move_closed_unit_work(actor=request.user, unit=unit, successor=successor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã chuyển %(n)s nhiệm vụ của %(old)s cho %(new)s.")
                % {"n": r.moved, "old": unit.name, "new": successor.name},
            )
        return redirect("tracking:closed_units")
    return render(
        request, "tracking/closed_units.html", {"items": queries.closed_units_with_work(request.user)}
    )


# --- the plan timeline -------------------------------------------------------------------------


@login_required
def plan_timeline(request):
    """Tasks by quarter across the plan's years, coloured by state; ``plan``, ``area`` and lead
    ``unit`` filters; ``view=table`` for the table, ``format=xlsx`` for the export. Without a
    plan: the user's main province plan (the one with the most tasks)."""
    from django.db.models import Count

    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Area
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
            "units": OrgUnit.objects.filter(assignments__task__plan=plan, assignments__role="lead")
            .distinct()
            .order_by("code")
            .only("pk", "name", "short_name"),
            "area_id": area_id,
            "unit_id": unit_id,
            "table_view": request.GET.get("view") == "table",
            "query": query.urlencode(),
            "states": [(k, v) for k, v in timeline.STATES.items()],
        },
    )
