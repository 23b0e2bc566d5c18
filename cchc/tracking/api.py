"""Tracking API: list/filter assignments, read one with its history, post an update with evidence files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from cchc.core.errors import DomainError
from cchc.plans import queries as plan_queries
from cchc.tracking import actions, queries
from cchc.tracking.schemas import AssignmentDetailOut, AssignmentOut, ErrorOut, UpdateOut
from cchc.tracking.states import FILTERS, STATES, clamp_as_of

router = Router(tags=["tracking"])


def _row_out(r) -> dict:
    return {
        "id": r.assignment.pk,
        "task_id": r.task.pk,
        "task": r.task.title,
        "plan_id": r.plan.pk,
        "plan": r.plan.number or r.plan.title[:80],
        "area": str(r.area) if r.area else "",
        "unit_id": r.unit.pk,
        "unit": r.unit.name,
        "role": r.role,
        "period_label": r.period_label,
        "due_date": r.due_date,
        "status": r.status,
        "percent": r.percent,
        "state": r.state,
        "version": r.assignment.version,
        "last_update_at": r.last_update_at,
        "narrative": r.narrative,
    }


def _update_out(u) -> dict:
    return {
        "id": u.pk,
        "at": u.at,
        "author_name": u.author_name,
        "status": u.status,
        "percent": u.percent,
        "narrative": u.narrative,
        "cancel_reason": u.cancel_reason,
        "completed_on": u.completed_on,
        "approval_state": u.approval_state,
        "return_reason": u.return_reason,
        "evidence": [
            {
                "id": e.pk,
                "doc_number": e.doc_number,
                "doc_date": e.doc_date,
                "issuer": e.issuer,
                "original_name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "download_url": reverse("tracking:evidence_download", args=[e.pk]) if e.file else None,
            }
            for e in u.evidence.all()
        ],
    }


MAX_LIMIT = 500


@router.get("/assignments", response={200: list[AssignmentOut], 400: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def list_assignments(
    request,
    response: HttpResponse,
    plan: int | None = None,
    unit: int | None = None,
    status: str | None = None,
    role: str | None = None,
    q: str = "",
    as_of: dt.date | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    limit: int = 100,
    offset: int = 0,
):
    """Assignments the caller may read, as of ``as_of`` (default today), sorted by due date.
    Paginated: ``limit`` (1 to 500, default 100) rows from ``offset``; the total is in the
    ``X-Total-Count`` header. ``status``: a filter (overdue, at-risk, done, open,
    pending-approval, waiting-event, cancelled) or a state name; anything else is a 400."""
    if status and status not in FILTERS and status not in STATES:
        raise DomainError(_("Tình trạng “%(s)s” không có.") % {"s": status[:40]}, code="status")
    if role and role not in {"lead", "support"}:
        raise DomainError(_("Vai trò phải là lead hoặc support."), code="role")
    plan_obj = plan_queries.access_plan(request.user, plan) if plan else None
    qs = queries.assignment_queryset(
        plan=plan_obj,
        unit=unit,
        user=request.user,
        as_of=clamp_as_of(as_of or timezone.localdate()),
        status=status,
        role=role,
        q=q,
        due_from=due_from,
        due_to=due_to,
    )
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, min(int(offset), 10**9))  # past the end: an empty page, never an overflow
    response["X-Total-Count"] = str(qs.count())
    return [_row_out(queries.row_of(a)) for a in qs[offset : offset + limit]]


@router.get("/assignments/{assignment_id}", response=AssignmentDetailOut)
def get_assignment(request, assignment_id: int):
    a = queries.access_assignment(request.user, assignment_id)
    updates = list(a.updates.prefetch_related("evidence").order_by("at", "id"))
    row = queries.row_as_of(a, timezone.localdate())
    return {**_row_out(row), "updates": [_update_out(u) for u in reversed(updates)]}


@router.post("/assignments/{assignment_id}/updates", response={201: UpdateOut})
def post_update(
    request,
    assignment_id: int,
    status: Form[str],
    percent: Form[Decimal],
    expected_version: Form[int],
    narrative: Form[str] = "",
    cancel_reason: Form[str] = "",
    doc_number: Form[str] = "",
    doc_date: Form[dt.date | None] = None,
    issuer: Form[str] = "",
    completed_on: Form[dt.date | None] = None,
    files: File[list[UploadedFile]] = None,
):
    """Record progress (multipart; ``files`` are evidence). 409 when ``expected_version`` is stale."""
    a = queries.access_assignment(request.user, assignment_id)
    evidence = [
        actions.EvidenceInput(
            doc_number=doc_number, doc_date=doc_date, issuer=issuer, file_name=f.name, file_data=f.read()
        )
        for f in (files or [])
    ]
    if not evidence and (doc_number or issuer or doc_date):
        evidence = [actions.EvidenceInput(doc_number=doc_number, doc_date=doc_date, issuer=issuer)]
    update = actions.do_record_progress(
        actor=request.user,
        assignment=a,
        status=status,
        percent=percent,
        narrative=narrative,
        cancel_reason=cancel_reason,
        evidence=evidence,
        expected_version=expected_version,
        completed_on=completed_on,
    )
    return Status(201, _update_out(update))
