"""Tracking pages of the approvers' queues and of closed units' open work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.errors import DomainError
from cchc.core.pages import attempt
from cchc.orgs.models import OrgUnit
from cchc.tracking import actions, moves, queries

QUEUE_TITLES = {  # lazy: translated when shown, in the reader's language
    policy.QUEUE_HEAD: gettext_lazy("Báo cáo hoàn thành chờ lãnh đạo đơn vị duyệt"),
    policy.QUEUE_REVIEW: gettext_lazy("Báo cáo hoàn thành chờ cơ quan thường trực xem xét"),
}


@login_required
def approval_queue(request):
    """One queue per approver: tick updates, approve/accept or return them (with a reason) at once."""

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
    counts = queries.approval_queue_counts(request.user)
    paginator = Paginator(qs.values(*queries.QUEUE_FIELDS), 50)
    if not plan_id and not unit_id:
        paginator.count = counts[kind]  # the tab's own count: the same COUNT, not run twice
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "tracking/approval_queue.html",
        {
            "kind": kind,
            "title": QUEUE_TITLES[kind],
            "tabs": [(k, QUEUE_TITLES[k], counts[k]) for k in kinds],
            "page": page,
            "rows": queries.queue_rows(page.object_list),
            "plan_id": plan_id or "",
            "unit_id": unit_id or "",
            "approve_decision": "approve" if kind == policy.QUEUE_HEAD else "accept",
            "detail_url": queries.detail_url_parts(),
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
        attempt(
            request,
            lambda: moves.do_move_closed_unit_work(actor=request.user, unit=unit, successor=successor),
            lambda r: (
                _("Đã chuyển %(n)s nhiệm vụ của %(old)s cho %(new)s.")
                % {"n": r.moved, "old": unit.name, "new": successor.name}
            ),
        )
        return redirect("tracking:closed_units")
    return render(
        request, "tracking/closed_units.html", {"items": queries.closed_units_with_work(request.user)}
    )
