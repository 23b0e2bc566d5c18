"""Staff pages: questionnaires, rounds, results per unit, invitation sheets, imports, downloads."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.charts import Chart, Series
from cchc.core.client import absolute_url
from cchc.core.errors import DomainError
from cchc.core.pages import attempt
from cchc.core.spreadsheet import xlsx_response
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan
from cchc.plans.queries import plans_for
from cchc.surveys import actions, queries
from cchc.surveys.actions import format_code
from cchc.surveys.forms import ImportForm, InvitationForm, QuestionnaireUploadForm, RoundForm, RoundUnitForm
from cchc.surveys.models import Answer, Channel, Invitation, Questionnaire, RoundStatus, RoundUnit
from cchc.surveys.results import do_refresh_results

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _manager(user, rnd) -> bool:
    return policy.can_manage_survey_round(user, rnd.province)


@login_required
def round_list(request):
    rounds = queries.rounds_for(request.user).order_by("-year", "-starts_on", "-id")
    page = Paginator(rounds, 50).get_page(request.GET.get("page"))
    g = grants_for(request.user)
    return render(
        request,
        "surveys/round_list.html",
        {"page": page, "can_create": policy.can_create_survey_round(g)},
    )


@login_required
def questionnaire_list(request):
    form = QuestionnaireUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not policy.can_load_questionnaire(request.user):
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                q = actions.do_load_questionnaire(
                    data=upload.read(), filename=upload.name, actor=request.user
                )
                messages.success(request, _("Đã nạp phiếu %(q)s.") % {"q": q})
                return redirect("surveys:questionnaire_detail", questionnaire_id=q.pk)
            except DomainError as exc:
                messages.error(request, exc.message)
                for d in exc.details[:50]:
                    messages.error(request, d)
    items = Questionnaire.objects.order_by("code", "-version")
    return render(
        request,
        "surveys/questionnaire_list.html",
        {"items": items, "form": form, "can_load": policy.can_load_questionnaire(request.user)},
    )


@login_required
def questionnaire_detail(request, questionnaire_id: int):
    q = Questionnaire.objects.filter(pk=questionnaire_id).first()
    if q is None:
        raise Http404
    parsed = q.parsed
    sections = [(s, parsed.questions_of(s)) for s in parsed.sections]
    return render(
        request, "surveys/questionnaire_detail.html", {"q": q, "parsed": parsed, "sections": sections}
    )


def _round_form(request, data=None):
    g = grants_for(request.user)
    ids = g.coordinated_unit_ids
    provinces = OrgUnit.objects.filter(level="province")
    if ids is not None:
        provinces = provinces.filter(pk__in=ids)
    # units that existed at some time in the round's year (a past year's round includes the
    # units closed since, e.g. in the 2025 merger); the year comes from the form or the query
    raw_year = (data or {}).get("year") or request.GET.get("year") or ""
    year = (
        int(raw_year)
        if str(raw_year).isdigit() and 2000 <= int(raw_year) <= 2100
        else timezone.localdate().year
    )
    units = (
        OrgUnit.objects.filter(province__in=provinces)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)))
        .order_by("province", "level", "name")
    )
    plans = Plan.objects.filter(province__in=provinces).order_by("-issued_on")
    return RoundForm(data, provinces=provinces, units=units, plans=plans, initial={"year": year})


@login_required
def round_create(request):
    if not policy.can_create_survey_round(request.user):
        raise PermissionDenied
    form = _round_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rnd = actions.do_create_round(
                province=d["province"],
                questionnaire=d["questionnaire"],
                title=d["title"],
                year=d["year"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                units=[(u, d["population"]) for u in d["units"]],
                use_invitations=d["use_invitations"],
                use_open_link=d["use_open_link"],
                margin=d["margin"],
                target_plan=d["target_plan"],
                reference_from=d.get("reference_from"),
                reference_to=d.get("reference_to"),
                actor=request.user,
            )
            messages.success(request, _("Đã tạo đợt khảo sát."))
            return redirect("surveys:round_detail", round_id=rnd.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "surveys/round_form.html", {"form": form})


def _channel(request) -> str:
    ch = request.GET.get("kenh", "")
    return ch if ch in Channel.values else ""


@login_required
def round_detail(request, round_id: int):
    rnd = queries.access_round(request.user, round_id)
    channel = _channel(request)
    round_units = list(queries.round_units_for(request.user, rnd))
    rows = queries.unit_table(rnd, round_units, channel=channel)
    q = rnd.questionnaire.parsed
    primary = q.primary_index
    top = [d for d in q.indices if d.type == "mean" or d.primary][:8]
    for row in rows:
        by_code = {i["code"]: i for i in row["indices"]}
        row["top"] = [by_code[d.code] for d in top]
        row["primary"] = by_code.get(primary.code) if primary else None
    chart = None
    if rows and primary:
        series = [Series(primary.label, [r["primary"]["value"] if r["primary"] else None for r in rows])]
        if any(r["primary"] and r["primary"]["target"] is not None for r in rows):
            series.append(
                Series(_("Mục tiêu"), [r["primary"]["target"] if r["primary"] else None for r in rows])
            )
        chart = Chart(
            title=_("%(index)s theo đơn vị") % {"index": primary.label},
            categories=[r["unit"].name for r in rows],
            series=series,
            unit="%",
            category_label=_("Đơn vị"),
            links=[reverse("surveys:round_unit_detail", args=[r["round_unit"].pk]) for r in rows],
        )
    manager = _manager(request.user, rnd)
    plans = Plan.objects.filter(province=rnd.province).order_by("-issued_on")[:30] if manager else []
    return render(
        request,
        "surveys/round_detail.html",
        {
            "round": rnd,
            "rows": rows,
            "top": top,
            "chart": chart,
            "channel": channel,
            "channels": Channel.choices,
            "manager": manager,
            "plans": plans,
            "previous": queries.previous_round(rnd),
            "targets": rnd.targets.all(),
        },
    )


@login_required
@require_POST
def round_status(request, round_id: int):
    return _round_change(
        request,
        round_id,
        lambda rnd: actions.do_set_round_status(
            round=rnd, status=request.POST.get("status", ""), actor=request.user
        ),
        _("Đã cập nhật trạng thái đợt khảo sát."),
    )


def _round_change(request, round_id: int, change, done: str):
    """A POST that changes one setting of a round, then back to the round's page."""
    rnd = queries.access_round(request.user, round_id)
    attempt(request, lambda: change(rnd), done)
    return redirect("surveys:round_detail", round_id=rnd.pk)


@login_required
@require_POST
def round_channels(request, round_id: int):
    return _round_change(
        request,
        round_id,
        lambda rnd: actions.do_set_counted_channels(
            round=rnd, channels=request.POST.getlist("kenh"), actor=request.user
        ),
        _("Đã cập nhật các kênh được tính vào chỉ số."),
    )


@login_required
@require_POST
def round_unit_update(request, round_unit_id: int):
    ru = queries.access_round_unit(request.user, round_unit_id)
    if not _manager(request.user, ru.round):
        raise PermissionDenied
    form = RoundUnitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        attempt(
            request,
            lambda: actions.do_update_round_unit(
                round_unit=ru,
                population=d["population"],
                sample=d["sample_size"],
                max_responses=d["max_responses"],
                per_address_per_hour=d["per_address_per_hour"],
                actor=request.user,
            ),
            _("Đã lưu cỡ mẫu và giới hạn của đơn vị."),
        )
    else:
        messages.error(request, _("Vui lòng kiểm tra lại các ô nhập liệu."))
    return redirect("surveys:round_unit_detail", round_unit_id=ru.pk)


@login_required
@require_POST
def round_refresh(request, round_id: int):
    return _round_change(
        request,
        round_id,
        lambda rnd: do_refresh_results(round=rnd, actor=request.user),
        _("Đã tính lại kết quả."),
    )


@login_required
@require_POST
def round_targets(request, round_id: int):
    rnd = queries.access_round(request.user, round_id)
    if not _manager(request.user, rnd):
        raise PermissionDenied
    plan = plans_for(request.user).filter(pk=request.POST.get("plan") or 0, province=rnd.province).first()
    if plan is None:
        messages.error(request, _("Chọn một kế hoạch của tỉnh để lấy chỉ tiêu."))
    else:
        n = actions.do_set_round_targets(round=rnd, plan=plan, actor=request.user)
        messages.success(
            request, _("Đã lấy %(n)s chỉ tiêu từ kế hoạch %(plan)s.") % {"n": n, "plan": plan.number}
        )
    return redirect("surveys:round_detail", round_id=rnd.pk)


@login_required
def round_import(request, round_id: int):
    from cchc.surveys.importing import do_import_responses

    rnd = queries.access_round(request.user, round_id)
    if not _manager(request.user, rnd):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = do_import_responses(
                round=rnd,
                data=upload.read(),
                filename=upload.name,
                source=form.cleaned_data["source"],
                actor=request.user,
            )
            messages.success(request, _("Đã nhập %(n)s phiếu.") % {"n": batch.rows})
            return redirect("surveys:round_detail", round_id=rnd.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
            problems = exc.details[:200]
    return render(request, "surveys/round_import.html", {"round": rnd, "form": form, "problems": problems})


@login_required
def round_download(request, round_id: int, what: str):
    from cchc.surveys import exports

    rnd = queries.access_round(request.user, round_id)
    stem = f"khao-sat-{rnd.pk}-{rnd.year}"
    if what == "ket-qua.xlsx":
        units = list(queries.round_units_for(request.user, rnd))
        return xlsx_response(exports.results_xlsx(rnd, units), f"{stem}-ket-qua.xlsx")
    if what == "phieu.xlsx":
        if not policy.can_read_survey_free_text(request.user, rnd.province):
            raise PermissionDenied
        return xlsx_response(exports.responses_xlsx(rnd), f"{stem}-phieu-tra-loi.xlsx")
    if what == "bao-cao.docx":
        from cchc.surveys.documents import results_docx

        units = list(queries.round_units_for(request.user, rnd))
        response = HttpResponse(results_docx(rnd, units), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{stem}-bao-cao.docx"'
        return response
    raise Http404


@login_required
def round_unit_detail(request, round_unit_id: int):
    ru = queries.access_round_unit(request.user, round_unit_id)
    rnd = ru.round
    channel = _channel(request)
    row = queries.unit_table(rnd, [ru], channel=channel)[0]
    q = rnd.questionnaire.parsed
    dist = row["result"].distributions if row["result"] else {}
    charts = []
    for name, question in q.questions.items():
        if not question.is_choice:
            continue
        d = dist.get(name, {"answered": 0, "counts": {}})
        answered = d["answered"] or 0
        values = [
            round(100 * d["counts"].get(c.name, 0) / answered, 2) if answered else None
            for c in question.choices
        ]
        charts.append(
            Chart(
                title=f"{question.label} (n = {answered})",
                categories=[c.label for c in question.choices],
                series=[Series(_("Tỷ lệ"), values)],
                unit="%",
                category_label=_("Lựa chọn"),
            )
        )
    manager = _manager(request.user, rnd)
    free_text = None
    if policy.can_read_survey_free_text(request.user, rnd.province):
        texts = [n for n, qq in q.questions.items() if qq.type == "text"]
        answers = (
            Answer.objects.filter(response__round_unit=ru, question__in=texts)
            .exclude(value="")
            .order_by("-response__submitted_at", "-id")
        )
        free_text = Paginator(answers.values("question", "value", "response__submitted_at"), 50).get_page(
            request.GET.get("page")
        )
        labels = {n: qq.label for n, qq in q.questions.items()}
        free_text.object_list = [dict(a, label=labels.get(a["question"], a["question"])) for a in free_text]
    batches = (
        Invitation.objects.filter(round_unit=ru).values_list("batch", flat=True).distinct().order_by("batch")
        if manager
        else []
    )
    return render(
        request,
        "surveys/round_unit_detail.html",
        {
            "ru": ru,
            "round": rnd,
            "row": row,
            "charts": charts,
            "free_text": free_text,
            "manager": manager,
            "batches": list(batches),
            "invitation_form": InvitationForm(),
            "unit_form": RoundUnitForm(
                initial={
                    "population": ru.population,
                    "sample_size": ru.sample_size,
                    "max_responses": ru.max_responses,
                    "per_address_per_hour": ru.per_address_per_hour,
                }
            ),
            "open_url": absolute_url(request, reverse("phieu:open_link", args=[ru.link_token]))
            if rnd.use_open_link
            else "",
            "channel": channel,
            "channels": Channel.choices,
        },
    )


@login_required
@require_POST
def invitation_create(request, round_unit_id: int):
    ru = queries.access_round_unit(request.user, round_unit_id)
    if not _manager(request.user, ru.round):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Số mã phải từ 1 đến 5000."))
        created = actions.do_generate_invitations(
            round_unit=ru, count=form.cleaned_data["count"], actor=request.user
        )
        messages.success(request, _("Đã tạo %(n)s mã khảo sát.") % {"n": len(created)})
        return redirect(f"{reverse('surveys:invitation_sheet', args=[ru.pk])}?dot={created[0].batch}")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("surveys:round_unit_detail", round_unit_id=ru.pk)


@login_required
def invitation_sheet(request, round_unit_id: int):
    """A printable sheet of QR codes (segno, SVG), one cut-out card per code."""
    import segno

    ru = queries.access_round_unit(request.user, round_unit_id)
    if not _manager(request.user, ru.round):
        raise PermissionDenied
    invitations = Invitation.objects.filter(round_unit=ru).order_by("id")
    if request.GET.get("dot"):
        try:
            invitations = invitations.filter(batch=int(request.GET["dot"]))
        except ValueError:
            raise Http404 from None
    page = Paginator(invitations.exclude(response__isnull=False), 60).get_page(request.GET.get("page"))
    cards = []
    for inv in page:
        url = absolute_url(request, reverse("phieu:form", args=[inv.code]))
        qr = segno.make(url, error="m")
        cards.append(
            {"code": format_code(inv.code), "url": url, "svg": qr.svg_inline(scale=3, omitsize=True)}
        )
    return render(
        request,
        "surveys/invitation_sheet.html",
        {
            "ru": ru,
            "round": ru.round,
            "cards": cards,
            "page": page,
            "start_url": absolute_url(request, reverse("phieu:start")),
        },
    )


__all__ = ["RoundStatus", "RoundUnit"]
