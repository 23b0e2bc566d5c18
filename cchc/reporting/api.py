"""/api/reports: read unit reports (scoped) and submit one from a unit's own system."""

from __future__ import annotations

from django.db import transaction
from ninja import Router

from cchc.accounts import policy
from cchc.plans import queries as plan_queries
from cchc.reporting import actions, queries
from cchc.reporting.consolidation import build_consolidation
from cchc.reporting.schemas import ConsolidationOut, UnitReportIn, UnitReportOut

router = Router(tags=["reports"])


def _out(r) -> dict:
    v = r.current_version
    return {
        "id": r.pk,
        "unit_id": r.unit_id,
        "unit_name": r.unit.name,
        "plan_number": r.plan.number if r.plan_id else None,
        "period": r.period_code,
        "period_label": r.period.label_vi,
        "status": r.status,
        "due_date": r.due_date,
        "submitted_at": r.submitted_at,
        "on_time": r.on_time,
        "review_comment": r.review_comment,
        "version": v.number if v else None,
        "accepted_version": r.accepted_version.number if r.accepted_version_id else None,
        "narrative": v.narrative if v else {},
        "annex": v.annex if v else {},
    }


@router.get("/units", response=list[UnitReportOut])
def list_unit_reports(request, period: str = "", plan_id: int | None = None):
    qs = queries.reports_for(request.auth)
    if period:
        qs = qs.filter(period_code=period)
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    return [_out(r) for r in qs.order_by("-data_to", "unit__name")[:500]]


@router.get("/units/{report_id}", response=UnitReportOut)
def get_unit_report(request, report_id: int):
    return _out(queries.access_unit_report(request.auth, report_id))


@router.post("/units", response={200: UnitReportOut})
def submit_unit_report(request, payload: UnitReportIn):
    """Save a version; when the caller heads the unit and ``submit`` is true, approve and send it.
    All or nothing: a refused approval or submission keeps no half-saved version."""
    user = request.auth
    unit = policy.access_unit(user, payload.unit_id, purpose="report")
    plan = None
    if payload.plan_id is not None:
        plan = plan_queries.access_plan(user, payload.plan_id)
    with transaction.atomic():
        report = actions.do_save_unit_report(
            unit=unit,
            plan=plan,
            period_code=payload.period,
            narrative=payload.narrative,
            annex={k: v.dict() for k, v in payload.annex.items()},
            note=payload.note or "API",
            actor=user,
        )
        if payload.submit and policy.can_approve_unit_report(user, unit):
            report = actions.do_approve_unit_report(report, actor=user)
            report = actions.do_submit_unit_report(report, actor=user)
    report.refresh_from_db()
    return _out(report)


def _line(line) -> dict:
    return {
        "key": line.key,
        "label": str(line.label),
        "due": line.due,
        "done": line.done,
        "done_late": line.done_late,
        "overdue": line.overdue,
        "pending": line.pending,
        "in_progress": line.in_progress,
        "continuing": line.continuing,
        "percent": float(line.percent) if line.percent is not None else None,
    }


@router.get("/consolidation", response=ConsolidationOut)
def get_consolidation(request, plan_id: int, period: str):
    """The province's report for a period: the same figures as the page and the DOCX/PDF."""
    plan = queries.access_plan_for_consolidation(request.auth, plan_id)
    c = build_consolidation(plan, period)
    return {
        "plan_number": plan.number,
        "period": c.info.code,
        "period_label": c.info.label,
        "data_from": c.info.data_from,
        "data_to": c.info.data_to,
        "as_of": c.info.as_of,
        "due_date": c.info.due_date,
        "total": _line(c.total),
        "by_area": [_line(x) for x in c.by_area],
        "by_unit": [_line(x) for x in c.by_unit],
        "overdue_tasks": sum(len(rows) for _u, rows in c.overdue),
        "annex_totals": [
            {
                "key": r.field.key,
                "label": str(r.field.label),
                "total": r.reported,
                "reports": r.reports,
                "value": r.value,
                "platform": r.platform,
                "source": r.source,
                "differs": r.differs,
            }
            for r in c.annex_rows
        ],
        "flagged_figures": len(c.flags),
        "expected_units": [u.name for u in c.expected_units],
        "submitted_units": [r.unit.name for r in c.submitted],
        "missing_units": [u.name for u in c.missing_units],
        "paragraphs": c.paragraphs(),
    }
