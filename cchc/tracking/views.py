"""Tracking pages: my unit's work, the task list, the plan's framework table, a task, the calendar, unit plans."""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden, NotFound, grants_for
from cchc.core.errors import ConflictError, DomainError
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Area, Plan, Task
from cchc.tracking import actions, queries
from cchc.tracking.export import plan_xlsx, rows_xlsx, state_label
from cchc.tracking.forms import ProgressForm
from cchc.tracking.models import ApprovalState
from cchc.tracking.status import FILTERS


def _as_of(request) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def _get(func, *args):
    try:
        return func(*args)
    except NotFound:
        raise Http404 from None


def _filters(request):
    g = request.GET
    out = {"q": g.get("q", "").strip(), "status": g.get("status", "")}
    if out["status"] not in FILTERS:
        out["status"] = ""
    for key in ("due_from", "due_to"):
        try:
            out[key] = dt.date.fromisoformat(g.get(key, ""))
        except ValueError:
            out[key] = None
    return out


def _counts(rows):
    c = Counter(r.state for r in rows)
    return {
        "total": len(rows),
        "overdue": c["overdue"],
        "at_risk": c["at_risk"],
        "done": c["done"] + c["done_late"],
        "waiting": c["waiting_event"],
    }


@login_required
def my_work(request):
    membership = request.membership
    if not membership:
        raise PermissionDenied
    as_of, f = _as_of(request), _filters(request)
    rows = queries.assignment_rows(
        unit=membership.unit,
        user=request.user,
        as_of=as_of,
        status=f["status"],
        q=f["q"],
        due_from=f["due_from"],
        due_to=f["due_to"],
    )
    plans = (
        queries.plans_for(request.user)
        .filter(parent_plan__isnull=True, tasks__assignments__unit=membership.unit)
        .distinct()
    )
    return render(
        request,
        "tracking/my_work.html",
        {
            "rows": rows,
            "counts": _counts(rows),
            "as_of": as_of,
            "f": f,
            "unit": membership.unit,
            "filters": FILTERS,
            "plans": plans,
            "unit_plans": queries.unit_plans_for(request.user).filter(owner_unit=membership.unit),
        },
    )


@login_required
def task_list(request):
    as_of, f = _as_of(request), _filters(request)
    plans = list(queries.plans_for(request.user).filter(parent_plan__isnull=True))
    plan = next((p for p in plans if str(p.pk) == request.GET.get("plan")), None)
    units = policy.units_for(request.user).filter(assignments__isnull=False).distinct().order_by("code")
    unit = units.filter(pk=request.GET.get("unit")).first() if request.GET.get("unit", "").isdigit() else None
    area = None
    if plan and request.GET.get("area", "").isdigit():
        area = Area.objects.filter(plan=plan, pk=request.GET["area"]).first()
    rows = queries.assignment_rows(
        plan=plan,
        unit=unit,
        area=area,
        user=request.user,
        as_of=as_of,
        status=f["status"],
        q=f["q"],
        due_from=f["due_from"],
        due_to=f["due_to"],
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, plan.number if plan else "nhiem-vu")
    return render(
        request,
        "tracking/task_list.html",
        {
            "rows": rows[:500],
            "truncated": len(rows) > 500,
            "counts": _counts(rows),
            "as_of": as_of,
            "f": f,
            "plans": plans,
            "plan": plan,
            "units": units,
            "unit": unit,
            "area": area,
            "areas": plan.areas.all() if plan else [],
            "filters": FILTERS,
        },
    )


def _xlsx(rows, name):
    return _xlsx_response(rows_xlsx(rows, title=name), name)


def _xlsx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    safe = "".join(ch if ch.isalnum() else "-" for ch in name)
    response["Content-Disposition"] = f'attachment; filename="{safe}.xlsx"'
    return response


@login_required
def plan_table(request, plan_id: int):
    plan = _get(queries.access_plan, request.user, plan_id)
    as_of = _as_of(request)
    rows = queries.assignment_rows(plan=plan, user=request.user, as_of=as_of)
    items = queries.task_items(plan, rows)
    if request.GET.get("format") == "xlsx":
        return _xlsx_response(plan_xlsx(plan, items, rows, as_of=as_of), plan.number or "ke-hoach")
    g = grants_for(request.user)
    return render(
        request,
        "tracking/plan_table.html",
        {
            "plan": plan,
            "items": items,
            "as_of": as_of,
            "counts": _counts(rows),
            "can_coordinate": g.can_coordinate(plan.province_id),
            "can_map": policy.can_map_mentions(request.user, plan),
            "unresolved_count": sum(len(item["unresolved"]) for item in items),
            # only those who may open the list of missing units see the link to it
            "missing": queries.units_without_plan(plan, request.user)
            if plan.parent_plan_id is None and g.has_role("standing_officer", "leader")
            else [],
        },
    )


def _detail_context(request, a, form=None):
    updates = list(
        a.updates.select_related("author", "decided_by").prefetch_related("evidence").order_by("-at", "-id")
    )
    row = queries.row_as_of(a, timezone.localdate(), list(reversed(updates)))
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
        "unresolved": [m for m in a.task.unit_mentions.all() if actions.needs_mapping(m)],
        "can_map": policy.can_map_mentions(user, a.task.plan),
        "state_label": state_label(row.state),
    }


@login_required
def assignment_detail(request, assignment_id: int):
    a = _get(queries.access_assignment, request.user, assignment_id)
    return render(request, "tracking/assignment_detail.html", _detail_context(request, a))


@login_required
@require_POST
def assignment_update(request, assignment_id: int):
    a = _get(queries.access_assignment, request.user, assignment_id)
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
            )
        except Forbidden:
            raise PermissionDenied from None
        except ConflictError as exc:
            form.add_error(None, exc.message)
            status = 409
        except DomainError as exc:
            form.add_error(None, exc.message)
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
    u = _get(queries.access_update, request.user, update_id)
    try:
        func(actor=request.user, update=u, **kw)
    except Forbidden:
        raise PermissionDenied from None
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
    ev = _get(queries.access_evidence, request.user, evidence_id)
    if not ev.file:
        raise Http404
    return FileResponse(
        ev.file.open("rb"),
        as_attachment=True,
        filename=ev.original_name or "tai-lieu",
        content_type=ev.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def task_event(request, task_id: int):
    task = Task.objects.select_related("plan").filter(pk=task_id).first()
    if task is None or not queries.plans_for(request.user).filter(pk=task.plan_id).exists():
        raise Http404
    try:
        actions.do_record_event(
            actor=request.user,
            task=task,
            event_date=dt.date.fromisoformat(request.POST.get("event_date", "")),
        )
    except Forbidden:
        raise PermissionDenied from None
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
    plan = _get(queries.access_plan, request.user, plan_id)
    if not policy.can_map_mentions(request.user, plan):
        raise PermissionDenied
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            result = actions.do_map_unit_mention(
                actor=request.user, plan=plan, text=text, choice=request.POST.getlist("choice")
            )
        except Forbidden:
            raise PermissionDenied from None
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
            "choices": actions.mention_index(plan).choices(),
        },
    )


@login_required
def calendar(request):
    as_of = _as_of(request)
    membership = request.membership
    g = grants_for(request.user)
    unit = (
        membership.unit
        if membership and not g.has_role("standing_officer", "leader") and not g.is_admin
        else None
    )
    rows = queries.assignment_rows(
        user=request.user,
        unit=unit,
        as_of=as_of,
        status="open",
        due_from=as_of - dt.timedelta(days=365),
        role="lead",
    )
    months = OrderedDict()
    for r in rows:
        if r.due_date:
            months.setdefault(r.due_date.replace(day=1), []).append(r)
    return render(request, "tracking/calendar.html", {"months": months, "as_of": as_of, "unit": unit})


# --- unit plans ---


@login_required
def unit_plan_list(request):
    g = grants_for(request.user)
    parent_plans = queries.plans_for(request.user).filter(parent_plan__isnull=True)
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
            "can_see_missing": g.has_role("standing_officer", "leader"),
        },
    )


@login_required
@require_POST
def unit_plan_create(request):
    membership = request.membership
    parent = _get(queries.access_plan, request.user, request.POST.get("parent_plan"))
    if not membership:
        raise PermissionDenied
    try:
        plan = actions.do_create_unit_plan(actor=request.user, unit=membership.unit, parent_plan=parent)
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("tracking:unit_plan_list")
    messages.success(request, _("Đã lập dự thảo kế hoạch của đơn vị."))
    return redirect("tracking:unit_plan_detail", plan_id=plan.pk)


@login_required
def unit_plan_detail(request, plan_id: int):
    plan = _get(queries.access_plan, request.user, plan_id)
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
                actions.do_add_unit_plan_task(
                    actor=request.user,
                    plan=plan,
                    title=request.POST.get("title", ""),
                    due_date=dt.date.fromisoformat(due) if due else None,
                    parent_task=parent_task,
                )
            elif op == "submit":
                actions.do_submit_unit_plan(actor=request.user, plan=plan)
            elif op == "acknowledge":
                actions.do_acknowledge_unit_plan(actor=request.user, plan=plan)
            else:
                raise DomainError(_("Thao tác không hợp lệ."))
        except Forbidden:
            raise PermissionDenied from None
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", _("Ngày không hợp lệ.")))
        else:
            messages.success(request, _("Đã lưu."))
        return redirect("tracking:unit_plan_detail", plan_id=plan.pk)
    rows = queries.assignment_rows(plan=plan, user=request.user, as_of=timezone.localdate())
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
    plan = _get(queries.access_plan, request.user, plan_id)
    if not grants_for(request.user).has_role("standing_officer", "leader"):
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


QUEUE_TITLES = {
    policy.QUEUE_HEAD: _("Báo cáo hoàn thành chờ lãnh đạo đơn vị duyệt"),
    policy.QUEUE_REVIEW: _("Báo cáo hoàn thành chờ cơ quan thường trực xem xét"),
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
        except Forbidden:
            raise PermissionDenied from None
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
    if not (g.coordinated_unit_ids is None or g.coordinated_unit_ids):
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
            r = actions.do_move_closed_unit_work(actor=request.user, unit=unit, successor=successor)
        except Forbidden:
            raise PermissionDenied from None
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
