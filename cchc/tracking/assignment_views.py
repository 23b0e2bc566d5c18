"""Tracking pages of one assignment: its detail, progress updates and their decisions, evidence, task events."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.core.dates import parse_day
from cchc.core.errors import ConflictError, DomainError
from cchc.core.pages import attempt
from cchc.core.uploads import file_download
from cchc.plans import queries as plan_queries
from cchc.plans.mentions import needs_mapping
from cchc.plans.models import Task
from cchc.tracking import actions, queries
from cchc.tracking.exports import state_label
from cchc.tracking.forms import ProgressForm
from cchc.tracking.hooks import task_panels
from cchc.tracking.models import ApprovalState, ProgressUpdate


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
        "task_panels": task_panels.panels_for(request, a.task, a),
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
    attempt(request, lambda: func(actor=request.user, update=u, **kw), _("Đã cập nhật trạng thái duyệt."))
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
