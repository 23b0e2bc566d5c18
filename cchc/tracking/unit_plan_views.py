"""Tracking pages of unit plans: the list, creating one, its page, the units still without one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.plans import actions as plan_actions
from cchc.plans import queries as plan_queries
from cchc.plans.models import Plan, Task
from cchc.tracking import actions, queries


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
