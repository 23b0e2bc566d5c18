"""Pages: the reports list, the calendar, a unit's report form, workflow and download
(the consolidation's pages: ``consolidation_views``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden, grants_for
from cchc.core.dates import parse_day
from cchc.core.documents import docx_to_pdf, render_docx
from cchc.core.errors import DomainError
from cchc.domain.periods import Period
from cchc.plans import queries as plan_queries
from cchc.reporting import actions, prefill, queries, sources
from cchc.reporting.annex import AREA_LABELS, FUNDING_KEY
from cchc.reporting.documents import (
    filename,
    unit_report_document,
)
from cchc.reporting.forms import ReportingCalendarForm, UnitReportForm
from cchc.reporting.funding import unit_funding
from cchc.reporting.models import ReportingCalendar, ReportStatus, UnitReport
from cchc.reporting.schedule import calendar, rules_for

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError:
        raise Http404 from None


def _plan_or_404(user, plan_id):
    return plan_queries.access_plan(user, plan_id)


def _adhoc_redirect(request, own_units, plans):
    """The "Báo cáo đột xuất" form: a unit, a plan and a data window give an ad hoc report code."""

    q = request.GET
    unit = next((u for u in own_units if str(u.pk) == q.get("unit")), None)
    plan = next((p for p in plans if str(p.pk) == q.get("plan")), None)
    try:
        period = Period.adhoc(parse_day(q["adhoc_from"]), parse_day(q.get("adhoc_to", "")))
    except ValueError:
        messages.error(
            request, _("Báo cáo đột xuất cần ngày bắt đầu và ngày kết thúc hợp lệ (từ ngày ≤ đến ngày).")
        )
        return None
    if unit is None:
        messages.error(request, _("Chọn đơn vị lập báo cáo đột xuất."))
        return None
    url = reverse("reporting:unit_report_edit", args=[unit.pk, period.code])
    return redirect(f"{url}?plan={plan.pk}" if plan else url)


PLANS_PER_PAGE = 10
REPORTS_PER_PAGE = 25


def plan_years(plan, today) -> range:
    """The years a plan's reports cover: its own years (2021–2025 for 216/KH-UBND); a plan
    without them, from its issue year to this year."""
    start = plan.period_start or (plan.issued_on.year if plan.issued_on else today.year)
    end = plan.period_end or max(start, today.year + 1)  # next year's windows open mid-December
    return range(start, end + 1)


def plan_periods(plan, today) -> list:
    """Every report period of the plan's years that has started, newest first (by the end of
    the data window, then the due date)."""
    rules = rules_for(plan=plan)
    out = [pi for y in plan_years(plan, today) for pi in calendar(y, rules) if pi.has_started(today)]
    out.sort(key=lambda pi: (pi.data_to, pi.due_date or pi.data_to), reverse=True)
    return out


def unit_report_state(report, info, today, *, can_approve: bool) -> tuple[str, str, str]:
    """``(state key, state label, what to do next)`` of a unit's report for a period, for the
    reporter's list (issue 24: chưa lập, đang soạn, chờ lãnh đạo duyệt, đã gửi, bị trả lại)."""
    late = info.due_date is not None and today > info.due_date
    if report is None or report.current_version_id is None:
        nxt = _("Lập báo cáo (số liệu hệ thống đã điền sẵn)")
        return "none", _("Chưa lập"), (nxt + " · " + _("đã quá hạn gửi")) if late else nxt
    status = report.status
    if status == ReportStatus.DRAFT:
        if can_approve:
            return "draft", _("Chờ lãnh đạo duyệt"), _("Xem lại, duyệt rồi gửi cơ quan thường trực")
        return "draft", _("Đang soạn · chờ lãnh đạo duyệt"), _("Hoàn thiện; lãnh đạo đơn vị duyệt và gửi")
    if status == ReportStatus.APPROVED:
        return (
            "approved",
            _("Lãnh đạo đã duyệt, chưa gửi"),
            (_("Gửi cơ quan thường trực") if can_approve else _("Lãnh đạo đơn vị gửi cơ quan thường trực")),
        )
    if status == ReportStatus.RETURNED:
        return "returned", _("Bị trả lại"), _("Sửa theo ý kiến của cơ quan thường trực, duyệt và gửi lại")
    if status == ReportStatus.ACCEPTED:
        return "accepted", _("Đã gửi · đã được tiếp nhận"), _("Không cần làm gì thêm")
    return "submitted", _("Đã gửi · chờ tiếp nhận"), _("Chờ cơ quan thường trực tiếp nhận")


def _status_counts(plan) -> dict:
    """``{period_code: {"sent": n, "on_time": n, "accepted": n, "returned": n, "drafting": n}}``
    of a plan's unit reports, in one grouped query."""
    from django.db.models import Count, Q

    rows = (
        UnitReport.objects.filter(plan=plan)
        .values("period_code", "status")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(on_time=True)))
        .order_by()
    )
    out: dict = {}
    for r in rows:
        c = out.setdefault(
            r["period_code"], {"sent": 0, "on_time": 0, "accepted": 0, "returned": 0, "drafting": 0}
        )
        if r["status"] in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
            c["sent"] += r["n"]
            c["on_time"] += r["on_time"]
        if r["status"] == ReportStatus.ACCEPTED:
            c["accepted"] += r["n"]
        if r["status"] == ReportStatus.RETURNED:
            c["returned"] += r["n"]
        if r["status"] in (ReportStatus.DRAFT, ReportStatus.APPROVED):
            c["drafting"] += r["n"]
    return out


@login_required
def report_list(request):
    """Plans (paginated) and the selected plan's periods: every period of its years, newest
    first. A unit's reporter sees only the plans its unit leads tasks in and, per period, the
    unit's report state and what to do next; the standing agency sees each period's submission
    counts with the consolidation and the per-unit compliance. Queries do not grow with plans,
    periods or reports (one plan's periods at a time, ``interchange`` deferred)."""
    from cchc.plans.models import Plan

    g = grants_for(request.user)
    today = timezone.localdate()
    coordinator = policy.can_follow_all_reports(g)
    own_units = [m.unit for m in g.memberships if g.can_report_for(m.unit)]
    plans_qs = (
        plan_queries.plans_for(request.user)
        .filter(parent_plan__isnull=True)
        .order_by("-issued_on", "-id")
        .defer("interchange")
    )
    if not coordinator:
        plans_qs = plans_qs.filter(pk__in=sources.plan_ids_led_by(own_units))
    if request.GET.get("adhoc_from") is not None:
        resp = _adhoc_redirect(request, own_units, list(plans_qs[:50]))
        if resp is not None:
            return resp
    page = Paginator(plans_qs, PLANS_PER_PAGE).get_page(request.GET.get("trang"))
    plans = list(page)
    selected = None
    if request.GET.get("plan"):
        try:
            selected = plans_qs.get(pk=int(request.GET["plan"]))
        except (ValueError, Plan.DoesNotExist):
            raise Http404 from None
    elif plans:
        selected = plans[0]
    periods, unit_rows, unit = [], [], None
    if selected is not None:
        infos = plan_periods(selected, today)
        counts = _status_counts(selected) if coordinator else {}
        periods = [{**_period_row(pi, today), "counts": counts.get(pi.code, {})} for pi in infos]
        if own_units:
            unit = next((u for u in own_units if str(u.pk) == request.GET.get("unit")), own_units[0])
            reports = {
                r.period_code: r
                for r in UnitReport.objects.filter(unit=unit, plan=selected).only(
                    "id",
                    "period_code",
                    "status",
                    "current_version_id",
                    "submitted_at",
                    "on_time",
                    "unit_id",
                    "plan_id",
                )
            }
            can_approve = g.can_approve_for(unit)
            for row in periods:
                rep = reports.get(row["info"].code)
                key, label, nxt = unit_report_state(rep, row["info"], today, can_approve=can_approve)
                unit_rows.append({**row, "report": rep, "state": key, "state_label": label, "next": nxt})
    reports_page = Paginator(
        queries.reports_for(request.user).order_by("-data_to", "unit__name").defer("plan__interchange"),
        REPORTS_PER_PAGE,
    ).get_page(request.GET.get("bc"))
    return render(
        request,
        "reporting/report_list.html",
        {
            "page": page,
            "plans": plans,
            "selected": selected,
            "years": plan_years(selected, today) if selected else None,
            "periods": periods,
            "unit_rows": unit_rows,
            "unit": unit,
            "own_units": own_units,
            "coordinator": coordinator,
            "reports": reports_page,
        },
    )


def _period_row(pi, today):
    """A period of the reports page with its highlight: running now, due for submission (the
    data window closed, the deadline not passed) or closed."""
    if pi.data_from <= today <= pi.data_to:
        phase, phase_label = "current", _("Đang diễn ra")
    elif pi.due_date and pi.data_to < today <= pi.due_date:
        phase, phase_label = "due", _("Đến hạn gửi")
    else:
        phase, phase_label = "closed", ""
    return {"info": pi, "phase": phase, "phase_label": phase_label}


@login_required
def calendar_page(request):
    plan = None
    if request.GET.get("plan"):
        plan = _plan_or_404(request.user, request.GET["plan"])
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    years = range(year - 2, year + 2)
    if plan is not None:  # a plan's calendar: only the plan's own years
        years = plan_years(plan, today)
        year = min(max(year, years.start), years.stop - 1)
    province = (
        plan.province
        if plan
        else next(
            (m.unit.province_root for m in grants_for(request.user).memberships if m.unit.province_root), None
        )
    )
    scope = {"plan": plan} if plan else {"province": province}
    can_configure = province is not None and policy.can_configure_reporting_calendar(request.user, province)
    own = ReportingCalendar.objects.filter(plan=plan, province=None if plan else province).first()
    rules = rules_for(plan=plan, province=province)
    suggestion = actions.suggested_plan_calendar(plan) if plan is not None and can_configure else None
    form = ReportingCalendarForm(
        request.POST if request.method == "POST" and request.POST.get("op") == "save" else None,
        initial={
            "cutoff_day": rules.cutoff_day,
            "due_day": rules.due_day,
            "reports": list(rules.reports),
            "overrides": dict(rules.due_overrides),
            "source": own.source if own else "",
        },
    )
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied
        op = request.POST.get("op")
        try:
            if op == "save" and form.is_valid():
                d = form.cleaned_data
                actions.do_set_reporting_calendar(
                    **scope,
                    cutoff_day=d["cutoff_day"],
                    due_day=d["due_day"],
                    reports=d["reports"],
                    due_overrides=d["overrides"],
                    source=d["source"],
                    actor=request.user,
                )
                messages.success(request, _("Đã lưu lịch báo cáo."))
            elif op == "from_text" and suggestion:
                sentence, suggested = suggestion
                actions.do_set_reporting_calendar(
                    **scope,
                    cutoff_day=suggested.cutoff_day,
                    due_day=suggested.due_day,
                    reports=list(suggested.reports),
                    due_overrides=suggested.due_overrides,
                    source=suggested.source,
                    actor=request.user,
                )
                messages.success(request, _("Đã áp dụng lịch báo cáo theo văn bản kế hoạch."))
            elif op == "reset":
                actions.do_delete_reporting_calendar(**scope, actor=request.user)
                messages.success(request, _("Đã trở về lịch báo cáo theo quy định chung."))
            else:
                raise DomainError(_("Vui lòng kiểm tra lại các ô nhập liệu."))
            return redirect(request.get_full_path())
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "reporting/calendar.html",
        {
            "year": year,
            "plan": plan,
            "province": province,
            "rules": rules,
            "own": own,
            "periods": calendar(year, rules),
            "plans": plan_queries.plans_for(request.user).order_by("-issued_on", "-id")[:20],
            "years": years,
            "can_configure": can_configure,
            "form": form,
            "suggestion": suggestion,
            "suggested_periods": calendar(year, suggestion[1]) if suggestion else [],
        },
    )


@login_required
def unit_report_edit(request, unit_id: int, period: str):
    unit = policy.access_unit(request.user, unit_id, purpose="report")
    _period(period)
    plan = _plan_or_404(request.user, request.GET["plan"]) if request.GET.get("plan") else None
    try:
        info = actions.check_period(period, plan=plan, province=unit.province_root)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:report_list")
    report = UnitReport.objects.filter(unit=unit, plan=plan, period_code=info.code).first()
    system = prefill.system_figures(unit=unit, plan=plan, info=info)
    if report and report.current_version:
        annex = prefill.refresh_system(report.current_version.annex, system)
        narrative = report.current_version.narrative or {}
    else:
        annex = prefill.empty_annex(system)
        with translation.override("vi"):  # draft text of an official (Vietnamese) report
            narrative = prefill.narrative(unit=unit, plan=plan, info=info)
    budget = unit_funding(unit=unit, plan=plan, info=info)
    if FUNDING_KEY not in narrative:  # a version saved before reports had a funding section
        with translation.override("vi"):
            narrative = {**narrative, FUNDING_KEY: budget.text()}
    form = UnitReportForm(request.POST or None, annex=annex, narrative=narrative)
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "save")
        try:
            if op == "save" and form.is_valid():
                report = actions.do_save_unit_report(
                    unit=unit,
                    plan=plan,
                    period_code=period,
                    narrative=form.narrative(),
                    annex=form.annex(),
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
                messages.success(request, _("Đã lưu phiên bản %(n)s.") % {"n": report.current_version.number})
            elif op == "approve" and report:
                actions.do_approve_unit_report(report, actor=request.user)
                messages.success(request, _("Đã duyệt báo cáo."))
            elif op == "submit" and report:
                report = actions.do_submit_unit_report(report, actor=request.user)
                messages.success(
                    request,
                    _("Đã gửi báo cáo (đúng hạn).") if report.on_time else _("Đã gửi báo cáo (chậm hạn)."),
                )
            else:
                form.mark_invalid()
                raise DomainError(_("Vui lòng kiểm tra lại các ô nhập liệu."))
            return redirect(request.get_full_path())
        except Forbidden as exc:
            messages.error(request, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
        except actions.AnnexError as exc:
            form.add_annex_errors(exc.fields)
            messages.error(request, exc.message)
            status = 400
        except DomainError as exc:
            messages.error(request, exc.message)
            status = 400
    g = grants_for(request.user)
    return render(
        request,
        "reporting/unit_report_edit.html",
        {
            "unit": unit,
            "plan": plan,
            "info": info,
            "report": report,
            "form": form,
            "budget": budget,
            "can_approve": g.can_approve_for(unit),
            "editable": report is None or report.status != ReportStatus.SUBMITTED,
        },
        status=status,
    )


@login_required
def report_detail(request, report_id: int):
    report = queries.access_unit_report(request.user, report_id)
    version = report.current_version
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "version": version,
            "versions": report.versions.order_by("-number"),
            "areas": [(AREA_LABELS[k], (version.narrative or {}).get(k, "")) for k in AREA_LABELS]
            if version
            else [],
            "funding_text": (version.narrative or {}).get(FUNDING_KEY, "") if version else "",
            "annex_rows": _annex_rows(version),
            "can_review": policy.can_review_unit_report(request.user, report.unit)
            and report.status == ReportStatus.SUBMITTED,
            "can_edit": policy.can_draft_unit_report(request.user, report.unit),
        },
    )


def _annex_rows(version):
    from cchc.reporting.annex import FIELDS

    if version is None:
        return []
    return [(f, (version.annex or {}).get(f.key) or {}) for f in FIELDS]


@login_required
@require_POST
def report_review(request, report_id: int):
    try:
        report = queries.access_unit_report(request.user, report_id)
        if request.POST.get("op") == "accept":
            actions.do_accept_unit_report(report, actor=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, _("Đã tiếp nhận báo cáo."))
        else:
            actions.do_return_unit_report(report, actor=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, _("Đã trả lại báo cáo cho đơn vị."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:report_detail", report_id=report_id)


def _official(build, fmt: str) -> bytes:
    """Render an official document: always Vietnamese (Decree 30), whatever the UI language.

    ``build`` makes the document; it runs with Vietnamese active because the consolidation and
    the annex labels are translatable strings. PDF conversion errors stay in the user's language.
    """
    with translation.override("vi"):
        data = render_docx(build())
    return data if fmt == "docx" else docx_to_pdf(data)


def _file(data: bytes, name: str, fmt: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    resp["Content-Disposition"] = f'attachment; filename="{name}"'
    return resp


@login_required
def report_download(request, report_id: int, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    report = queries.access_unit_report(request.user, report_id)
    if report.current_version is None:
        raise Http404
    try:
        data = _official(lambda: unit_report_document(report), fmt)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reporting:report_detail", report_id=report.pk)
    return _file(data, filename(f"bao-cao-{report.unit.code}-{report.period_code}", fmt), fmt)
