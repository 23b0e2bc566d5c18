"""Pages of a plan's consolidated report for a period: the report, its texts, downloads,
compliance (who submitted) and reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.documents import docx_to_pdf, render_docx
from cchc.core.errors import DomainError
from cchc.reporting import actions, consolidation_cache, queries
from cchc.reporting.consolidation import build_consolidation
from cchc.reporting.documents import consolidation_document, filename
from cchc.reporting.models import ReportReminder, UnitReport
from cchc.reporting.schedule import period_info, rules_for
from cchc.reporting.views import CONTENT_TYPES, _file, _official, _period


def _consolidation_or_404(user, plan_id, period):
    _period(period)
    plan = queries.access_plan_for_consolidation(user, plan_id)
    return plan


def _built_or_redirect(request, plan, period):
    """The consolidation, or ``None`` after queueing the refusal (a period not started yet)."""
    try:
        return build_consolidation(plan, period)
    except DomainError as exc:
        messages.error(request, exc.message)
        return None


def _page_parts(plan, period: str) -> dict:
    """What the consolidation page shows of the report: its label, the flagged figures and the
    outline's sections, rendered once per state of the report's inputs (``consolidation_cache``)."""
    from cchc.reporting import outline

    def build() -> dict:
        c = build_consolidation(plan, period)
        with translation.override("vi"):  # the page shows the official (Vietnamese) report's text
            sections = outline.sections(c)
        return {
            "label": str(c.info.label),
            "flags": [
                (u.name, str(f.label), cell.get("value"), cell.get("system"), cell.get("reason", ""))
                for u, f, cell in c.flags
            ],
            "rate_checks": [str(note) for note in c.rate_checks],
            "sections": sections,
            "outline": render_to_string("reporting/_outline.html", {"sections": sections}),
        }

    return consolidation_cache.cached(plan, period, "page", build)


@login_required
def consolidation(request, plan_id: int, period: str):
    plan = _consolidation_or_404(request.user, plan_id, period)
    try:
        parts = _page_parts(plan, period)
    except DomainError as exc:  # a period not started yet
        messages.error(request, exc.message)
        return redirect("reporting:report_list")
    can_edit = policy.can_edit_consolidation(request.user, plan.province)
    return render(
        request,
        "reporting/consolidation.html",
        {
            **parts,
            "plan": plan,
            "period": period,
            "can_edit": can_edit,
            "editable": _editable(parts["sections"]) if can_edit else [],
        },
    )


def _editable(sections) -> list[tuple[str, str, str, bool]]:
    """(key, heading, text, drafted) of the editable passages, in outline order."""
    out = []

    def walk(items):
        for sec in items:
            if sec.editable:
                out.append((sec.key, sec.heading, "\n".join(sec.paragraphs), sec.drafted))
            walk(sec.subsections)

    walk(sections)
    return out


@login_required
@require_POST
def consolidation_texts(request, plan_id: int, period: str):
    """Save the standing agency's passages (Đánh giá chung, Phương hướng, Đề xuất…)."""
    from cchc.reporting.outline import editable_keys

    plan = _consolidation_or_404(request.user, plan_id, period)
    texts = {k: request.POST[f"text_{k}"] for k in editable_keys() if f"text_{k}" in request.POST}
    try:
        n = actions.do_save_consolidation_texts(
            plan=plan, period_code=period, texts=texts, actor=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã lưu %(n)s mục của báo cáo.") % {"n": n})
    return redirect(reverse("reporting:consolidation", args=[plan.pk, period]) + "#assessment")


@login_required
def consolidation_download(request, plan_id: int, period: str, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = _consolidation_or_404(request.user, plan_id, period)
    with translation.override("vi"):  # the consolidation's labels go into the official document
        c = _built_or_redirect(request, plan, period)
    if c is None:
        return redirect("reporting:report_list")
    try:
        data = _official(lambda: consolidation_document(c), fmt)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:consolidation", plan_id=plan.pk, period=period)
    return _file(data, filename(f"bao-cao-{plan.number}-{period}", fmt), fmt)


@login_required
@require_POST
def consolidation_prepare(request, plan_id: int, period: str, fmt: str):
    """Queue the consolidation DOCX/PDF as a background download and show its progress page
    (rendering, above all the PDF through LibreOffice, takes seconds to minutes)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = _consolidation_or_404(request.user, plan_id, period)
    try:
        actions.check_period(period, plan=plan)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:report_list")
    from cchc.jobs.actions import do_request_job

    label = _("Báo cáo tổng hợp %(plan)s, kỳ %(period)s (%(fmt)s)") % {
        "plan": plan.number or plan.title[:60],
        "period": period,
        "fmt": fmt.upper(),
    }
    job = do_request_job(
        kind="reporting.consolidation",
        label=label,
        params={"plan_id": plan.pk, "period": period, "fmt": fmt},
        actor=request.user,
    )
    return redirect("jobs:job_detail", job_id=job.pk)


def build_consolidation_file(user, params: dict, progress) -> tuple[str, str, bytes]:
    """The background builder of ``consolidation_prepare`` (runs in ``cchc worker`` with the
    requesting user: the same permission check as the page)."""
    plan = queries.access_plan_for_consolidation(user, params["plan_id"])
    period, fmt = params["period"], params["fmt"]
    progress(10, _("Tổng hợp số liệu"))
    with translation.override("vi"):
        c = build_consolidation(plan, period)
        progress(40, _("Soạn văn bản"))
        data = render_docx(consolidation_document(c))
    if fmt == "pdf":
        progress(60, _("Chuyển sang PDF"))
        data = docx_to_pdf(data)
    return filename(f"bao-cao-{plan.number}-{period}", fmt), CONTENT_TYPES[fmt], data


def _expected_units(plan, period: str) -> tuple[str, list]:
    """``(period code, expected units)`` of the consolidation: what the compliance page needs of
    it, computed once per state of the report's inputs (``consolidation_cache``, like the
    consolidation page), not once per request. Refuses a period not started yet (``DomainError``)."""

    def build() -> tuple[str, list]:
        c = build_consolidation(plan, period)
        return c.info.code, c.expected_units

    return consolidation_cache.cached(plan, period, "expected units", build)


@login_required
def compliance(request, plan_id: int, period: str):
    """Who of the units expected to report has sent the period's report (read fresh), and when
    they were last reminded."""
    plan = _consolidation_or_404(request.user, plan_id, period)
    try:
        code, expected = _expected_units(plan, period)
    except DomainError as exc:  # a period not started yet
        messages.error(request, exc.message)
        return redirect("reporting:report_list")
    reports = {r.unit_id: r for r in UnitReport.objects.filter(plan=plan, period_code=code)}
    reminded = dict(
        ReportReminder.objects.filter(plan=plan, period_code=code)
        .values("unit_id")
        .annotate(last=Max("sent_on"))
        .values_list("unit_id", "last")
    )
    rows = [(u, reports.get(u.pk), reminded.get(u.pk)) for u in expected]
    late = [u for u, r, _last in rows if not (r and r.submitted_at)]
    return render(
        request,
        "reporting/compliance.html",
        {
            "plan": plan,
            "period": period,
            "rows": rows,
            "late_count": len(late),
            "can_remind": grants_for(request.user).can_coordinate(plan.province),
            "info": period_info(period, rules_for(plan=plan)),
        },
    )


@login_required
@require_POST
def remind(request, plan_id: int, period: str, unit_id: int):
    plan = _consolidation_or_404(request.user, plan_id, period)
    try:
        unit = policy.access_unit(request.user, unit_id)
        sent = actions.do_send_report_reminder(unit=unit, plan=plan, period_code=period, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:compliance", plan_id=plan.pk, period=period)
    if sent:
        messages.success(request, _("Đã gửi nhắc nộp báo cáo tới %(unit)s.") % {"unit": unit.name})
    else:
        messages.info(request, _("Hôm nay đã nhắc %(unit)s rồi.") % {"unit": unit.name})
    return redirect("reporting:compliance", plan_id=plan.pk, period=period)


@login_required
@require_POST
def remind_all(request, plan_id: int, period: str):
    """Remind every expected unit that has not yet submitted the period's report."""
    plan = _consolidation_or_404(request.user, plan_id, period)
    if not grants_for(request.user).can_coordinate(plan.province):
        raise PermissionDenied
    try:
        code, expected = _expected_units(plan, period)
    except DomainError as exc:  # a period not started yet
        messages.error(request, exc.message)
        return redirect("reporting:report_list")
    try:
        counts = actions.do_remind_late_units(plan=plan, period_code=code, units=expected, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:compliance", plan_id=plan.pk, period=period)
    messages.success(
        request,
        _("Đã gửi nhắc tới %(sent)s đơn vị chưa gửi báo cáo (%(already)s đơn vị đã được nhắc hôm nay).")
        % counts,
    )
    return redirect("reporting:compliance", plan_id=plan.pk, period=period)
