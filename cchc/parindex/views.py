"""PAR INDEX pages: campaigns, a unit's sheet, the council's queue, results, survey points, sets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.core.charts import Chart, Series
from cchc.core.dates import parse_day
from cchc.core.errors import ConflictError, DomainError
from cchc.core.spreadsheet import xlsx_response
from cchc.core.uploads import file_download
from cchc.parindex import actions, approval, documents, exports, improvement, queries, setloader, sources
from cchc.parindex.models import Block, CampaignStage, SheetStatus
from cchc.parindex.results import campaign_results, sheet_result
from cchc.plans.queries import plans_for

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

    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_manage_par(request.user, c.province_id):
        raise PermissionDenied
    try:
        date = parse_day(request.POST.get("decision_date", ""))
    except ValueError:
        date = None
    _run(
        request,
        approval.do_approve_results,
        _("Đã ghi quyết định phê duyệt kết quả."),
        campaign=c,
        decision_number=request.POST.get("decision_number", ""),
        decision_date=date,
    )
    return redirect("parindex:campaign_detail", c.pk)


@login_required
@require_POST
def campaign_reopen(request, campaign_id):
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_manage_par(request.user, c.province_id):
        raise PermissionDenied
    _run(
        request,
        approval.do_reopen_results,
        _("Đã mở lại kết quả."),
        campaign=c,
        reason=request.POST.get("reason", ""),
    )
    return redirect("parindex:campaign_detail", c.pk)


@login_required
@require_POST
def sheet_exclude(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    if not policy.can_manage_par(request.user, sheet.campaign.province_id):
        raise PermissionDenied
    _run(
        request,
        approval.do_exclude_sheet,
        _("Đã loại đơn vị khỏi kết quả."),
        sheet=sheet,
        reason=request.POST.get("reason", ""),
    )
    return redirect("parindex:campaign_detail", sheet.campaign_id)


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
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_manage_par(request.user, c.province_id):
        raise PermissionDenied
    _run(
        request,
        actions.do_advance_campaign,
        _("Đã chuyển giai đoạn."),
        campaign=c,
        stage=request.POST.get("stage", ""),
        decision_number=request.POST.get("decision_number", ""),
    )
    return redirect("parindex:campaign_detail", c.pk)


@login_required
def council_queue(request, campaign_id):
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.is_par_council(request.user, c):
        raise PermissionDenied
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
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_read_par_results(request.user, c):
        raise PermissionDenied
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
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_read_par_results(request.user, c):
        raise PermissionDenied
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
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_manage_par(request.user, c.province_id):
        raise PermissionDenied
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
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_manage_par(request.user, c.province_id):
        raise PermissionDenied
    if request.method == "POST":
        imp = _run(request, improvement.do_draft_improvement_plan, campaign=c)
        if imp in (None, ConflictError):
            return redirect("parindex:improvement_plan", c.pk)
        messages.success(request, _("Đã lập dự thảo kế hoạch khắc phục: kiểm tra rồi xác nhận."))
        return redirect("plans:import_preview", imp.pk)
    draft = improvement.improvement_interchange(c)
    return render(request, "parindex/improvement_plan.html", {"c": c, "draft": draft})


# --------------------------------------------------------------------------- sheets


def _evidence_choices(user, sheet):
    """Evidence already recorded on the unit's tasks (linked, not uploaded again)."""
    if not policy.can_self_score(user, sheet):
        return []
    return sources.units_task_evidence(policy.par_sheet_unit_ids(sheet), limit=100)


@login_required
def sheet_detail(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    return _render_sheet(request, sheet)


def _render_sheet(request, sheet, *, error: dict | None = None, status: int = 200):
    """The sheet page; ``error`` (score_id, message, typed values) puts a refused row's message
    beside its field with what was typed, the form open and focused."""
    user = request.user
    rows = {r["criterion"].code: r for r in queries.visible_scores(user, sheet)}
    criteria = list(sheet.criteria_set.criteria.order_by("order"))
    result = sheet_result(sheet)
    is_council = policy.is_par_council(user, sheet.campaign)
    tree = [
        {
            "c": c,
            "row": rows.get(c.code),
            "total": result.by_area.get(c.code),
            "last": result.last_by_area.get(c.code),
        }
        for c in criteria
    ]
    return render(
        request,
        "parindex/sheet_detail.html",
        {
            "sheet": sheet,
            "c": sheet.campaign,
            "tree": tree,
            "result": result,
            "err": error or {},
            "can_score": policy.can_self_score(user, sheet) and sheet.status == SheetStatus.DRAFT,
            "can_explain": policy.can_self_score(user, sheet) and sheet.status == SheetStatus.ROUND1,
            "can_submit": policy.can_submit_sheet(user, sheet)
            and sheet.status in {SheetStatus.DRAFT, SheetStatus.ROUND1},
            "appraise_round": (
                1
                if sheet.status == SheetStatus.SUBMITTED
                else 2
                if sheet.status in {SheetStatus.ROUND1, SheetStatus.EXPLAINED}
                else None
            )
            if is_council
            else None,
            "can_survey": policy.can_manage_par(user, sheet.campaign.province_id),
            "task_evidence": _evidence_choices(user, sheet),
            "show_totals": queries.can_see_self_scores(user, sheet),
        },
        status=status,
    )


@login_required
def sheet_download(request, sheet_id, fmt):
    sheet = queries.access_sheet(request.user, sheet_id)
    rows = {r["criterion"].code: r for r in queries.visible_scores(request.user, sheet)}
    criteria = list(sheet.criteria_set.criteria.order_by("order"))
    result = sheet_result(sheet)
    if not queries.can_see_self_scores(request.user, sheet):
        raise PermissionDenied
    stem = f"phieu-cham-{sheet.unit.code}-{sheet.campaign.year}"
    if fmt == "xlsx":
        return xlsx_response(exports.sheet_xlsx(sheet, criteria, result, rows), f"{stem}.xlsx")
    if fmt == "docx":
        resp = HttpResponse(documents.sheet_docx(sheet, criteria, result, rows), content_type=DOCX)
        resp["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
        return resp
    raise Http404


@login_required
@require_POST
def sheet_submit(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    if not policy.can_submit_sheet(request.user, sheet):
        raise PermissionDenied
    if sheet.status == SheetStatus.ROUND1:
        _run(request, actions.do_submit_explanation, _("Đã gửi giải trình."), sheet=sheet)
    else:
        _run(
            request,
            actions.do_submit_sheet,
            _("Đã gửi phiếu tự đánh giá."),
            sheet=sheet,
            expected_version=request.POST.get("version") or None,
        )
    return redirect("parindex:sheet_detail", sheet.pk)


@login_required
@require_POST
def round_close(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    if not policy.is_par_council(request.user, sheet.campaign):
        raise PermissionDenied
    try:
        rnd = int(request.POST.get("round", ""))
    except ValueError:
        rnd = 0
    _run(request, actions.do_close_round, _("Đã kết thúc lần thẩm định."), sheet=sheet, round=rnd)
    return redirect("parindex:sheet_detail", sheet.pk)


@login_required
@require_POST
def score_edit(request, score_id):
    """One form per row: op = self | evidence | appraise | explain | survey."""
    score = queries.access_score(request.user, score_id)
    sheet, p = score.sheet, request.POST
    op = p.get("op", "")
    version = p.get("version") or None
    if op in {"self", "appraise"}:
        try:
            if op == "self":
                actions.do_self_score(
                    actor=request.user,
                    score=score,
                    points=p.get("points", ""),
                    note=p.get("note", ""),
                    override_reason=p.get("override_reason", ""),
                    expected_version=version,
                )
            else:
                try:
                    rnd = int(p.get("round", ""))
                except ValueError:
                    rnd = 0
                actions.do_appraise(
                    actor=request.user,
                    score=score,
                    round=rnd,
                    points=p.get("points", ""),
                    comment=p.get("comment", ""),
                    expected_version=version,
                )
        except DomainError as exc:
            # the message beside the field, what was typed kept (nothing saved)
            sheet.refresh_from_db()
            return _render_sheet(
                request,
                sheet,
                error={
                    "score_id": score.pk,
                    "op": op,
                    "message": exc.message,
                    "points": p.get("points", ""),
                    "note": p.get("note", ""),
                    "comment": p.get("comment", ""),
                    "override_reason": p.get("override_reason", ""),
                },
                status=409 if isinstance(exc, ConflictError) else 400,
            )
        messages.success(
            request, _("Đã lưu điểm tự đánh giá.") if op == "self" else _("Đã lưu điểm thẩm định.")
        )
        result = True
    elif op == "evidence":
        upload = request.FILES.get("file")
        tracking_evidence = None
        if p.get("tracking_evidence"):
            tracking_evidence = sources.task_evidence(
                p.get("tracking_evidence") if p.get("tracking_evidence", "").isdigit() else 0
            )
            if tracking_evidence is None:
                raise Http404
        result = _run(
            request,
            actions.do_add_evidence,
            _("Đã thêm tài liệu kiểm chứng."),
            score=score,
            file_name=upload.name if upload else "",
            file_data=upload.read() if upload else None,
            tracking_evidence=tracking_evidence,
            url=p.get("url", ""),
            doc_number=p.get("doc_number", ""),
        )
    elif op == "explain":
        result = _run(
            request,
            actions.do_explain,
            _("Đã lưu giải trình."),
            score=score,
            explanation=p.get("explanation", ""),
            expected_version=version,
        )
    elif op == "survey":
        result = _run(
            request,
            actions.do_enter_survey_points,
            _("Đã lưu điểm điều tra."),
            score=score,
            points=p.get("points", ""),
            expected_version=version,
        )
    else:
        messages.error(request, _("Thao tác không hợp lệ."))
        result = None
    resp = redirect(reverse("parindex:sheet_detail", args=[sheet.pk]) + f"#row-{score.criterion.code}")
    if result is ConflictError:
        resp.status_code = 302  # the message explains; the page shows the other person's value
    return resp


@login_required
def evidence_download(request, evidence_id):
    ev = queries.access_score_evidence(request.user, evidence_id)
    if not ev.file:
        raise Http404
    return file_download(ev.file, ev.original_name)


# --------------------------------------------------------------------------- criteria sets


def _province(request):
    m = request.membership
    return m.unit.province_root if m and m.unit.province_root else (m.unit if m else None)


@login_required
def set_list(request):
    province = _province(request)
    can_manage = province is not None and policy.can_manage_par(request.user, province)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        p = request.POST
        try:
            year = int(p.get("year", ""))
        except ValueError:
            messages.error(request, _("Năm không hợp lệ."))
            return redirect("parindex:set_list")
        common = dict(
            province=province,
            year=year,
            block=p.get("block", ""),
            title=p.get("title", ""),
            decision_number=p.get("decision_number", ""),
        )
        if p.get("source") == "plan":
            plan = plans_for(request.user).filter(pk=p.get("plan") or 0, province=province).first()
            if plan is None:
                raise Http404
            if not common["title"]:
                common.pop("title")
            cset = _run(
                request,
                actions.do_load_criteria_set_from_plan,
                plan=plan,
                fill_gaps=bool(p.get("fill_gaps")),
                **common,
            )
        else:
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, _("Chưa chọn tệp XLSX."))
                return redirect("parindex:set_list")
            cset = _run(request, actions.do_load_criteria_set_xlsx, data=upload.read(), **common)
        if cset not in (None, ConflictError):
            messages.success(request, _("Đã nạp bộ chỉ số (dự thảo)."))
            return redirect("parindex:set_detail", cset.pk)
        return redirect("parindex:set_list")
    plans = (
        plans_for(request.user).filter(province=province, index_criteria__isnull=False).distinct()
        if can_manage
        else []
    )
    return render(
        request,
        "parindex/set_list.html",
        {
            "sets": queries.sets_for(request.user),
            "can_manage": can_manage,
            "blocks": Block.choices,
            "plans": plans,
        },
    )


@login_required
def set_template(request):
    return xlsx_response(setloader.template_xlsx(), "bo-chi-so-mau.xlsx")


@login_required
def set_detail(request, set_id):
    cset = queries.access_criteria_set(request.user, set_id)
    can_manage = policy.can_manage_par(request.user, cset.province_id)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        op = request.POST.get("op")
        if op == "issue":
            _run(
                request,
                actions.do_issue_criteria_set,
                _("Đã ban hành bộ chỉ số."),
                criteria_set=cset,
                decision_number=request.POST.get("decision_number", ""),
            )
        elif op == "copy":
            try:
                year = int(request.POST.get("year", ""))
            except ValueError:
                year = cset.year + 1
            new = _run(request, actions.do_copy_criteria_set, source=cset, year=year)
            if new not in (None, ConflictError):
                messages.success(request, _("Đã sao chép sang năm %(year)s (dự thảo).") % {"year": year})
                return redirect("parindex:set_detail", new.pk)
        return redirect("parindex:set_detail", cset.pk)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            setloader.template_xlsx(actions.set_rows(cset), cset.bands), f"bo-chi-so-{cset.pk}.xlsx"
        )
    return render(
        request,
        "parindex/set_detail.html",
        {"s": cset, "criteria": cset.criteria.order_by("order"), "can_manage": can_manage},
    )
