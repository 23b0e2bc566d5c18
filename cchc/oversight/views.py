"""Oversight pages: the leaders' dashboard, the inspection programme, publications, the bell."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden, grants_for
from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.core.pages import attempt
from cchc.core.spreadsheet import xlsx_response
from cchc.orgs.models import OrgUnit
from cchc.oversight import actions, dashboard, documents, publishing, queries, sources
from cchc.oversight.models import FindingKind


def _date(value, default=None):
    try:
        return sources.clamp_date(parse_day(value))
    except ValueError:
        return default


# --- dashboard ---------------------------------------------------------------------------------


def _scope(request) -> dashboard.Scope:
    province_id = request.GET.get("province") or None
    if province_id is not None and not str(province_id).isdigit():
        raise Http404
    found = policy.dashboard_scope(request.user, province_id)
    if found is None:
        if province_id is not None and policy.dashboard_scope(request.user) is not None:
            raise Http404  # another province in the query string: nothing about it
        raise PermissionDenied
    province, unit_ids = found
    as_of = _date(request.GET.get("as_of"), timezone.localdate())
    if "year" in request.GET:  # "year=" is a choice: all the work
        year = request.GET["year"]
        year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    else:  # the first view: the latest year with results (PAR INDEX, surveys), not an empty one
        year = sources.latest_result_year(province, as_of.year)
    plan = None
    if "plan" not in request.GET:
        # the first view: the province's main plan (the most lead work); "plan=" means all plans
        plan = sources.main_plan(province)
    elif request.GET["plan"].isdigit():
        plan = sources.province_plans(province).filter(pk=request.GET["plan"]).first()
        if plan is None:
            raise Http404
    return dashboard.Scope(province=province, unit_ids=unit_ids, as_of=as_of, year=year, plan=plan)


@login_required
def dashboard_view(request):
    scope = _scope(request)
    data = dashboard.build(scope)
    key = request.GET.get("chart", "")
    if request.GET.get("format") == "xlsx":
        chart = data.charts.get(key)
        if chart is None:
            raise Http404
        return xlsx_response(chart.xlsx(), f"dieu-hanh-{key}")
    query = request.GET.copy()
    query.pop("chart", None)
    query.pop("format", None)
    base = query.urlencode()
    xlsx_urls = {
        k: f"?{base}&chart={k}&format=xlsx" if base else f"?chart={k}&format=xlsx" for k in data.charts
    }
    # the page draws the best and the worst units; the XLSX above and the full list have them all
    charts = {**data.charts}
    for k in ("units", "unit_states"):
        if k in charts:
            charts[k] = charts[k].ends(dashboard.UNITS_SHOWN)
    plans = list(
        sources.province_plans(scope.province).only(
            "pk", "number", "title", "issued_on", "period_start", "period_end"
        )
    )
    years = sorted({y for p in plans for y in (p.period_start, p.period_end) if y}, reverse=True)
    if scope.year:
        years.append(scope.year)
    if years:
        years = list(range(max(years), min(years) - 1, -1))
    unit_label = None
    if scope.unit_ids is not None and request.membership:
        unit_label = request.membership.unit.name
    return render(
        request,
        "oversight/dashboard.html",
        {
            "d": data,
            "scope": scope,
            "charts": charts,
            "units_shown": dashboard.UNITS_SHOWN,
            "units_url": reverse("oversight:dashboard_units") + (f"?{base}" if base else ""),
            "xlsx_urls": xlsx_urls,
            "plans": plans,
            "years": years,
            "unit_label": unit_label,
            "provinces": OrgUnit.objects.filter(level="province").order_by("code")
            if policy.acts_for_any_province(request.user)
            else [],
            "has_indicators": sources.installed("indicators"),
            "has_par": sources.installed("parindex"),
            "has_surveys": sources.installed("surveys"),
        },
    )


@login_required
def dashboard_units(request):
    """Every lead unit of the dashboard's scope with its figures, best first, page by page (the
    dashboard draws only the best and the worst)."""
    scope = _scope(request)
    page, rows = dashboard.units_page(scope, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "oversight/dashboard_units.html",
        {
            "scope": scope,
            "page": page,
            "rows": rows,
            "params": query.urlencode(),
            "dashboard_url": reverse("oversight:dashboard") + (f"?{query.urlencode()}" if query else ""),
        },
    )


# --- inspections -------------------------------------------------------------------------------


def _organiser(request) -> tuple[OrgUnit, OrgUnit]:
    """(province, organiser) of the programme being drawn up: ``?organiser=<id>`` or the user's
    first (the province for its standing agency). Not allowed: 404 / 403."""
    raw = request.POST.get("organiser") or request.GET.get("organiser") or ""
    if raw:
        if not str(raw).isdigit():
            raise Http404
        organiser = OrgUnit.objects.filter(pk=int(raw)).select_related("province").first()
        if organiser is None or not policy.can_manage_inspections(request.user, organiser):
            raise Http404
    else:
        options = policy.inspection_organisers(request.user)
        if not options:
            raise PermissionDenied
        organiser = options[0]
    province = organiser if organiser.level == "province" else organiser.province_root
    if province is None:
        raise Http404
    return province, organiser


@login_required
def inspection_plan_list(request):
    if not policy.can_list_inspections(request.user):
        raise PermissionDenied
    plans = list(queries.inspection_plans_for(request.user).order_by("-year", "organiser__code"))
    rows = [{"plan": p, "coverage": queries.coverage(p, p.n_inspections, p.n_done)} for p in plans]
    return render(
        request,
        "oversight/inspection_plan_list.html",
        {"rows": rows, "organisers": policy.inspection_organisers(request.user)},
    )


def _lines(text: str, keys: tuple[str, ...]) -> list[dict]:
    """``a | b | c`` lines into dicts (the team and the checklist as typed in the form)."""
    out = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split("|")]
        if any(parts):
            out.append(dict(zip(keys, parts + [""] * (len(keys) - len(parts)), strict=False)))
    return out


DEFAULT_CHECKLIST = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính"),
    ("2", "Cải cách thể chế"),
    ("3", "Cải cách thủ tục hành chính"),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước"),
    ("5", "Cải cách chế độ công vụ"),
    ("6", "Cải cách tài chính công"),
    ("7", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"),
]


@login_required
def inspection_plan_create(request):
    province, organiser = _organiser(request)
    by_province = organiser.pk == province.pk
    year = request.POST.get("year") or request.GET.get("year") or str(timezone.localdate().year)
    year = int(year) if str(year).isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    levels = request.POST.getlist("levels") or request.GET.getlist("levels") or []
    levels = [lv for lv in levels if lv in {"department", "district", "commune", "other"}]
    if by_province:
        levels = [lv for lv in levels if lv != "other"] or ["department"]
    share_text = request.POST.get("required_share") or request.GET.get("required_share") or "30"
    try:
        share = actions._share(share_text)
    except DomainError:
        share = actions._share("30")
    proposal = actions.proposal_for(province, year, levels, share, organiser)
    population = list(sources.inspectable_units(province, levels, dt.date(year, 1, 1), organiser))
    ctx = {
        "province": province,
        "organiser": organiser,
        "by_province": by_province,
        "members_text": "",
        "year": year,
        "levels": levels,
        "share": share * 100,
        "proposal": proposal,
        "proposed_ids": {c.unit_id for c in proposal.selected},
        "candidates": {c.unit_id: c for c in proposal.selected},
        "population": population,
        "checklist_text": "\n".join(f"{c} | {t}" for c, t in DEFAULT_CHECKLIST),
        "team_text": "",
        "needs_confirmation": False,
    }
    if request.method == "POST":
        picked = [int(x) for x in request.POST.getlist("units") if x.isdigit()]
        ctx["proposed_ids"] = set(picked)
        ctx["checklist_text"] = request.POST.get("checklist", "")
        ctx["team_text"] = request.POST.get("team", "")
        ctx["members_text"] = request.POST.get("members", "")
        try:
            plan = actions.do_create_inspection_plan(
                actor=request.user,
                province=province,
                year=year,
                unit_ids=picked,
                title=request.POST.get("title", ""),
                number=request.POST.get("number", ""),
                levels=levels,
                required_share=share,
                share_source=request.POST.get("share_source", ""),
                team=_lines(ctx["team_text"], ("name", "position", "unit")),
                checklist=_lines(ctx["checklist_text"], ("code", "title")),
                start_date=_date(request.POST.get("start_date")),
                end_date=_date(request.POST.get("end_date")),
                below_share_reason=request.POST.get("below_share_reason", ""),
                confirm_below_share=request.POST.get("confirm_below_share") == "1",
                organiser=organiser,
                members=ctx["members_text"].split(),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            ctx["needs_confirmation"] = exc.code == "below_share"
            return render(request, "oversight/inspection_plan_form.html", ctx, status=400)
        messages.success(request, _("Đã lập kế hoạch kiểm tra."))
        return redirect("oversight:inspection_plan_detail", plan_id=plan.pk)
    return render(request, "oversight/inspection_plan_form.html", ctx)


@login_required
def inspection_plan_detail(request, plan_id: int):
    plan = queries.access_inspection_plan(request.user, plan_id)
    can_manage = policy.can_manage_inspections(request.user, plan.organiser)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            actions.do_set_inspection_team(
                actor=request.user, plan=plan, usernames=request.POST.get("members", "").split()
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu đoàn kiểm tra."))
        return redirect("oversight:inspection_plan_detail", plan_id=plan.pk)
    inspections = list(plan.inspections.select_related("unit").prefetch_related("findings"))
    return render(
        request,
        "oversight/inspection_plan_detail.html",
        {
            "plan": plan,
            "inspections": inspections,
            "coverage": queries.coverage(plan, plan.n_inspections, plan.n_done),
            "rule_text": RULE_TEXT.get(plan.selection_rule, ""),
            "members": list(plan.members.order_by("username")),
            "can_manage": can_manage,
            "followup_url": reverse("tracking:task_list") + f"?plan={plan.followup_plan_id}"
            if plan.followup_plan_id
            else "",
        },
    )


RULE_TEXT = {  # lazy: translated when shown
    "score": gettext_lazy(
        "Ưu tiên đơn vị chưa có điểm Chỉ số CCHC năm trước (chưa được đánh giá), rồi đơn vị có điểm thấp "
        "nhất, sau đó đơn vị có nhiều nhiệm vụ quá hạn."
    ),
    "overdue": gettext_lazy(
        "Ưu tiên đơn vị có nhiều nhiệm vụ chủ trì quá hạn nhất (cuối năm trước), rồi tỷ lệ quá hạn cao, "
        "rồi đơn vị chưa được kiểm tra trong hai năm gần đây."
    ),
}


@login_required
def inspection_detail(request, inspection_id: int):
    ins = queries.access_inspection(request.user, inspection_id)
    can_manage = policy.can_record_findings(request.user, ins)
    status = 200
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "record":
                actions.do_record_inspection(
                    actor=request.user,
                    inspection=ins,
                    inspected_on=_date(request.POST.get("inspected_on")),
                    conclusion=request.POST.get("conclusion", ""),
                )
            elif op == "finding":
                actions.do_add_finding(
                    actor=request.user,
                    inspection=ins,
                    kind=request.POST.get("kind", ""),
                    text=request.POST.get("text", ""),
                    evidence=request.POST.get("evidence", ""),
                    checklist_code=request.POST.get("checklist_code", ""),
                    action=request.POST.get("action", ""),
                    action_due=_date(request.POST.get("action_due")),
                )
            else:
                raise DomainError(_("Thao tác không hợp lệ."))
        except Forbidden as exc:
            # not on the team: say so on the page (nothing was saved)
            messages.error(request, str(exc) or _("Bạn không có quyền ghi kết quả kiểm tra."))
            status = 403
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("oversight:inspection_detail", inspection_id=ins.pk)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("oversight:inspection_detail", inspection_id=ins.pk)
    findings = list(ins.findings.select_related("task"))
    task_ids = [f.task_id for f in findings if f.task_id]
    assignment_of = sources.lead_assignment_ids(task_ids)
    return render(
        request,
        "oversight/inspection_detail.html",
        {
            "ins": ins,
            "findings": [(f, assignment_of.get(f.task_id)) for f in findings],
            "can_manage": can_manage,
            "kinds": FindingKind.choices,
            "checklist": ins.plan.checklist,
        },
        status=status,
    )


@login_required
def inspection_report(request, inspection_id: int):
    ins = queries.access_inspection(request.user, inspection_id)
    data = documents.inspection_docx(ins)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bien-ban-kiem-tra-{ins.plan.year}-{ins.unit.code}.docx"'
    )
    return response


# --- publications ------------------------------------------------------------------------------


@login_required
def publication_list(request):
    g = grants_for(request.user)
    provinces = [
        m.unit.province_root
        for m in g.memberships
        if m.unit.province_root and policy.can_publish(request.user, m.unit.province_root)
    ]
    if policy.acts_for_any_province(g) and not provinces:
        provinces = list(OrgUnit.objects.filter(level="province").order_by("code")[:1])
    if not provinces:
        raise PermissionDenied
    province = provinces[0]
    if request.method == "POST" and request.POST.get("confirm") != "1":
        return _publication_confirm(request, province)
    if request.method == "POST":
        try:
            pub = actions.do_publish(
                actor=request.user,
                province=province,
                kind=request.POST.get("kind", ""),
                year=request.POST.get("year", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã công bố: %(title)s.") % {"title": pub.title})
        return redirect("oversight:publication_list")
    return render(
        request,
        "oversight/publication_list.html",
        {
            "province": province,
            "publications": queries.publications_for(request.user).filter(province=province),
            "kinds": publishing.kinds(),
            "label_of": {k.key: k.label for k in publishing.kinds()},
            "this_year": timezone.localdate().year,
        },
    )


def _publication_confirm(request, province):
    """Publishing asks first: what would be published (or why it cannot be), then a second
    submit with ``confirm=1`` publishes."""
    kind = publishing.get_kind(request.POST.get("kind", ""))
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    if kind is None or year is None or not policy.can_publish(request.user, province):
        messages.error(request, _("Loại nội dung hoặc năm không hợp lệ."))
        return redirect("oversight:publication_list")
    reasons = list(kind.refusal(province, year)) if kind.refusal else []
    data = None if reasons else kind.build(province, year)
    return render(
        request,
        "oversight/publication_confirm.html",
        {
            "province": province,
            "kind": kind,
            "year": year,
            "title": kind.title(province, year),
            "reasons": reasons,
            "s": data,
            "kind_template": f"oversight/public/kind_{kind.key}.html",
        },
    )


@login_required
@require_POST
def publication_withdraw(request, publication_id: int):
    pub = queries.access_publication(request.user, publication_id)
    attempt(
        request,
        lambda: actions.do_withdraw_publication(
            actor=request.user, publication=pub, reason=request.POST.get("reason", "")
        ),
        _("Đã rút lại nội dung công bố."),
    )
    return redirect("oversight:publication_list")


def jsonify(value) -> str:
    return json.dumps(value, ensure_ascii=False)
