"""PAR INDEX pages: campaigns, a unit's sheet, the council's queue, results, survey points, sets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.core.charts import Chart, Series
from cchc.core.dates import parse_day
from cchc.core.errors import ConflictError, DomainError
from cchc.core.spreadsheet import xlsx_response
from cchc.parindex import actions, approval, documents, exports, improvement, queries
from cchc.parindex.models import Block, CampaignStage, SheetStatus
from cchc.parindex.results import campaign_results

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _fail(request, exc: DomainError) -> None:
    messages.error(request, " ".join([str(exc.message), *[str(d) for d in exc.details[:10]]]))


def _run(request, func, ok_message: str = "", **kw):
    """Call an action; Forbidden -> 403, DomainError -> a message; returns the result or None."""
    try:
        result = func(actor=request.user, **kw)
    except ConflictError as exc:
        _fail(request, exc)
        return ConflictError
    except DomainError as exc:
        _fail(request, exc)
        return None
    if ok_message:
        messages.success(request, ok_message)
    return result


def _act(request, func, ok_message: str, campaign_id: int, posted: list[str], **kw):
    """A manager's POST on a campaign: run ``func`` with ``kw`` and the ``posted`` fields (``""``
    when absent), then back to the campaign's page."""
    _run(request, func, ok_message, **kw, **{name: request.POST.get(name, "") for name in posted})
    return redirect("parindex:campaign_detail", campaign_id)


def _campaign(request, campaign_id, allowed=None):
    """The campaign the user may read (404 otherwise); 403 unless ``allowed(user, campaign)``."""
    c = queries.access_campaign(request.user, campaign_id)
    if allowed is not None and not allowed(request.user, c):
        raise PermissionDenied
    return c


def _manages(user, campaign) -> bool:
    return policy.can_manage_par(user, campaign.province_id)


def _province(request):
    m = request.membership
    return m.unit.province_root if m and m.unit.province_root else (m.unit if m else None)


# --------------------------------------------------------------------------- campaigns


@login_required
def campaign_list(request):
    campaigns = queries.campaigns_for(request.user).order_by("-year", "-pk")
    return render(
        request,
        "parindex/campaign_list.html",
        {
            "campaigns": campaigns,
            "can_manage": any(policy.can_manage_par(request.user, c.province_id) for c in campaigns[:1])
            or policy.can_manage_campaigns(request.user),
        },
    )


@login_required
def campaign_detail(request, campaign_id):
    c = queries.access_campaign(request.user, campaign_id)
    rows = queries.campaign_overview(c, request.user)
    submitted = sum(1 for r in rows if r["sheet"].status != SheetStatus.DRAFT)
    return render(
        request,
        "parindex/campaign_detail.html",
        {
            "c": c,
            "rows": rows,
            "submitted": submitted,
            "late": sum(1 for r in rows if r["late"]),
            "is_council": policy.is_par_council(request.user, c),
            "can_manage": policy.can_manage_par(request.user, c.province_id),
            "can_results": policy.can_read_par_results(request.user, c),
            "sets": c.sets.select_related("criteria_set"),
            "stages": CampaignStage.choices,
            "approval_problems": approval.publication_problems(c)[1:]
            if policy.can_manage_par(request.user, c.province_id) and c.approved_at is None
            else [],
        },
    )


@login_required
@require_POST
def campaign_approve(request, campaign_id):
    c = _campaign(request, campaign_id, _manages)
    try:
        date = parse_day(request.POST.get("decision_date", ""))
    except ValueError:
        date = None
    return _act(
        request,
        approval.do_approve_results,
        _("Đã ghi quyết định phê duyệt kết quả."),
        c.pk,
        ["decision_number"],
        campaign=c,
        decision_date=date,
    )


@login_required
@require_POST
def campaign_reopen(request, campaign_id):
    c = _campaign(request, campaign_id, _manages)
    return _act(request, approval.do_reopen_results, _("Đã mở lại kết quả."), c.pk, ["reason"], campaign=c)


@login_required
@require_POST
def sheet_exclude(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    if not policy.can_manage_par(request.user, sheet.campaign.province_id):
        raise PermissionDenied
    return _act(
        request,
        approval.do_exclude_sheet,
        _("Đã loại đơn vị khỏi kết quả."),
        sheet.campaign_id,
        ["reason"],
        sheet=sheet,
    )


@login_required
def campaign_create(request):
    """The standing agency opens a campaign: a set per block, the units, deadlines, council."""
    import datetime as dt

    from cchc.accounts.models import Membership, Role
    from cchc.orgs.models import OrgUnit
    from cchc.parindex.models import CriteriaSet, SetStatus

    province = _province(request)
    if province is None or not policy.can_manage_par(request.user, province):
        raise PermissionDenied
    issued = CriteriaSet.objects.filter(province=province, status=SetStatus.ISSUED).order_by("-year", "block")
    members = (
        Membership.objects.filter(role=Role.COUNCIL_MEMBER, unit__province=province)
        .select_related("user")
        .order_by("user__username")
    )
    if request.method == "POST":
        p = request.POST
        try:
            year = int(p.get("year", ""))
            dates = [
                parse_day(p.get(k, ""))
                for k in ("self_deadline", "explanation_deadline", "appraisal_deadline")
            ]
        except ValueError:
            messages.error(request, _("Năm hoặc ngày không hợp lệ."))
            return redirect("parindex:campaign_create")
        sets = {}
        for block in Block.values:
            set_id = p.get(f"set_{block}")
            if set_id:
                cset = issued.filter(pk=set_id if set_id.isdigit() else 0, block=block).first()
                if cset is None:
                    raise Http404
                sets[block] = cset
        on = dt.date(year, 12, 31)
        units = [
            u
            for u in OrgUnit.objects.filter(province=province).valid_at(on).order_by("code")
            if actions.block_of(u) in sets
        ]
        council = [m.user for m in members if str(m.user_id) in p.getlist("council")]
        c = _run(
            request,
            actions.do_create_campaign,
            province=province,
            year=year,
            title=p.get("title", "").strip() or _("Xác định Chỉ số CCHC năm %(year)s") % {"year": year},
            sets=sets,
            units=units,
            self_deadline=dates[0],
            explanation_deadline=dates[1],
            appraisal_deadline=dates[2],
            council=council,
        )
        if c in (None, ConflictError):
            return redirect("parindex:campaign_create")
        messages.success(request, _("Đã mở đợt đánh giá cho %(n)s đơn vị.") % {"n": len(units)})
        return redirect("parindex:campaign_detail", c.pk)
    return render(
        request,
        "parindex/campaign_create.html",
        {
            "sets_by_block": [(b, label, [s for s in issued if s.block == b]) for b, label in Block.choices],
            "members": members,
        },
    )


@login_required
@require_POST
def campaign_stage(request, campaign_id):
    c = _campaign(request, campaign_id, _manages)
    return _act(
        request,
        actions.do_advance_campaign,
        _("Đã chuyển giai đoạn."),
        c.pk,
        ["stage", "decision_number"],
        campaign=c,
    )


@login_required
def council_queue(request, campaign_id):
    c = _campaign(request, campaign_id, policy.is_par_council)
    return render(request, "parindex/council_queue.html", {"c": c, "sheets": queries.council_queue(c)})


SORTS = {"rank": None, "index": "index", "-index": "index", "unit": "unit", "change": "change"}


def _sorted(rows, sort):
    """Units with results first (in the order asked), then the units without results."""
    if sort == "unit":
        return sorted(rows, key=lambda r: r.unit.name)
    if sort in {"index", "-index"}:
        done = [r for r in rows if not r.provisional]
        done.sort(key=lambda r: r.index or 0, reverse=sort == "-index")
        return done + [r for r in rows if r.provisional]
    if sort == "change":
        return sorted(rows, key=lambda r: (r.change is None, -(r.change or 0)))
    return rows


def _charts(res, block):
    rows = [r for r in res.blocks.get(block, []) if not r.provisional]
    units = Chart(
        title=_("Chỉ số CCHC theo đơn vị (%)"),
        categories=[r.unit.name for r in rows],
        series=[Series(_("Chỉ số"), [r.index for r in rows])],
        kind="hbar",
        unit="%",
        max_value=100,
        category_label=_("Đơn vị"),
    )
    areas = res.areas.get(block, [])
    by_area = Chart(
        title=_("Điểm theo lĩnh vực"),
        categories=[f"{a.code}. {a.title[:40]}" for a in areas],
        series=[
            Series(r.unit.short_name or r.unit.name, [r.by_area.get(a.code) for a in areas]) for r in rows[:6]
        ]
        + [Series(_("Điểm tối đa"), [a.max_points for a in areas])],
        kind="bar",
        category_label=_("Lĩnh vực"),
    )
    return units, by_area


@login_required
def results(request, campaign_id):
    c = _campaign(request, campaign_id, policy.can_read_par_results)
    res = campaign_results(c)
    blocks = list(res.blocks)
    block = request.GET.get("block") or (blocks[0] if blocks else "")
    if block not in res.blocks and blocks:
        block = blocks[0]
    sort = request.GET.get("sort", "rank")
    sort = sort if sort in SORTS else "rank"
    rows = _sorted(res.blocks.get(block, []), sort)
    for r in rows:
        r.area_values = [r.by_area.get(a.code) for a in res.areas.get(block, [])]
    units_chart, areas_chart = _charts(res, block) if block else (None, None)
    return render(
        request,
        "parindex/results.html",
        {
            "c": c,
            "res": res,
            # not "block": inside {% block %} that name is the template block itself
            "current_block": block,
            "blocks": [(b, Block(b).label) for b in blocks],
            "rows": rows,
            "areas": res.areas.get(block, []),
            "sort": sort,
            "units_chart": units_chart,
            "areas_chart": areas_chart,
            "can_manage": policy.can_manage_par(request.user, c.province_id),
        },
    )


@login_required
def results_download(request, campaign_id, fmt):
    c = _campaign(request, campaign_id, policy.can_read_par_results)
    res = campaign_results(c)
    stem = f"chi-so-cchc-{c.year}"
    chart = request.GET.get("chart")
    if fmt == "xlsx" and chart in {"units", "areas"}:
        block = request.GET.get("block") or next(iter(res.blocks), "")
        units, areas = _charts(res, block)
        return xlsx_response((units if chart == "units" else areas).xlsx(), f"{stem}-{chart}.xlsx")
    if fmt == "xlsx":
        return xlsx_response(exports.results_xlsx(res), f"{stem}.xlsx")
    if fmt == "docx":
        resp = HttpResponse(documents.results_docx(res), content_type=DOCX)
        resp["Content-Disposition"] = f'attachment; filename="{stem}-phu-luc.docx"'
        return resp
    raise Http404


@login_required
def survey_points(request, campaign_id):
    c = _campaign(request, campaign_id, _manages)
    from cchc.parindex.models import Score

    if request.method == "POST":
        if request.POST.get("op") == "apply":
            n = _run(
                request, actions.do_apply_survey_index, campaign=c, source=request.POST.get("source", "")
            )
            if isinstance(n, int):
                messages.success(request, _("Đã quy đổi %(n)s điểm từ kết quả khảo sát.") % {"n": n})
            return redirect("parindex:survey_points", c.pk)
        saved = 0
        for key, value in request.POST.items():
            if not key.startswith("score-") or not value.strip():
                continue
            score = (
                Score.objects.select_related("criterion", "sheet__campaign")
                .filter(pk=key.removeprefix("score-"), sheet__campaign=c)
                .first()
            )
            if score is None:
                continue
            if _run(request, actions.do_enter_survey_points, score=score, points=value) not in (
                None,
                ConflictError,
            ):
                saved += 1
        messages.success(request, _("Đã lưu %(n)s điểm điều tra.") % {"n": saved})
        return redirect("parindex:survey_points", c.pk)
    scores = (
        Score.objects.filter(sheet__campaign=c, criterion__survey=True)
        .select_related("criterion", "sheet__unit")
        .order_by("sheet__block", "sheet__unit__code", "criterion__order")
    )
    return render(request, "parindex/survey_points.html", {"c": c, "scores": scores})


@login_required
def improvement_plan(request, campaign_id):
    c = _campaign(request, campaign_id, _manages)
    if request.method == "POST":
        imp = _run(request, improvement.do_draft_improvement_plan, campaign=c)
        if imp in (None, ConflictError):
            return redirect("parindex:improvement_plan", c.pk)
        messages.success(request, _("Đã lập dự thảo kế hoạch khắc phục: kiểm tra rồi xác nhận."))
        return redirect("plans:import_preview", imp.pk)
    draft = improvement.improvement_interchange(c)
    return render(request, "parindex/improvement_plan.html", {"c": c, "draft": draft})
