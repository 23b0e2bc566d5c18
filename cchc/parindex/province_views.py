"""Pages of the province's own PAR INDEX (``/chi-so-cchc/tinh/…``): the campaigns, the criteria
table (last year's score, target, gap, results), the lead departments' self-assessment (a whole
lĩnh vực in one submit), the gap view, the self-assessment report DOCX, the announced result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden, grants_for
from cchc.core.dates import parse_day
from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit
from cchc.parindex import province_actions as actions
from cchc.parindex import province_queries as queries
from cchc.parindex.documents import self_assessment_docx
from cchc.plans.queries import plans_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _campaign(request, campaign_id):
    return queries.access_province_campaign(request.user, campaign_id)


def _managed_provinces(user) -> list[OrgUnit]:
    g = grants_for(user)
    out: dict[int, OrgUnit] = {}
    for m in g.memberships:
        root = m.unit.province_root
        if root is not None and policy.can_manage_province_index(user, root):
            out.setdefault(root.pk, root)
    if policy.acts_for_any_province(g) and not out:
        out = {u.pk: u for u in OrgUnit.objects.filter(level="province").order_by("code")}
    return list(out.values())


@login_required
def province_list(request):
    provinces = _managed_provinces(request.user)
    if request.method == "POST":
        province = next((p for p in provinces if str(p.pk) == request.POST.get("province", "")), None)
        if province is None:
            raise PermissionDenied
        plan = plans_for(request.user).filter(pk=request.POST.get("plan") or 0, province=province).first()
        try:
            campaign = actions.do_create_province_campaign(
                actor=request.user,
                province=province,
                year=request.POST.get("year", ""),
                plan=plan,
                title=request.POST.get("title", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lập theo dõi Chỉ số CCHC của tỉnh."))
            return redirect("parindex:province_detail", campaign_id=campaign.pk)
    plans = (
        plans_for(request.user)
        .filter(province__in=provinces, index_criteria__isnull=False)
        .distinct()
        .select_related("province")
        .order_by("-issued_on")
        if provinces
        else []
    )
    return render(
        request,
        "parindex/province_list.html",
        {
            "campaigns": queries.province_campaigns_for(request.user).order_by("-year"),
            "provinces": provinces,
            "plans": plans,
        },
    )


@login_required
def province_detail(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    t = queries.table(campaign)
    sipas = list(campaign.source_plan.survey_targets.order_by("order")) if campaign.source_plan_id else []
    return render(
        request,
        "parindex/province_detail.html",
        {
            "campaign": campaign,
            "t": t,
            "sipas": sipas,
            "can_manage": policy.can_manage_province_index(request.user, campaign.province),
        },
    )


@login_required
def province_self(request, campaign_id: int):
    """The lead departments' self-assessment: the criteria a user may fill in, a whole lĩnh vực
    (or the whole table) in one submit; errors beside each field, nothing typed lost."""
    campaign = _campaign(request, campaign_id)
    domain = request.GET.get("linh-vuc", "")
    criteria = list(campaign.criteria.select_related("lead_unit", "campaign").order_by("order"))
    editable = [
        c
        for c in criteria
        if c.self_assessed and not c.summed and policy.can_self_assess_province_criterion(request.user, c)
    ]
    if domain:
        editable = [c for c in editable if c.domain == domain]
    typed: dict[int, dict] = {}
    errors: dict = {}
    status = 200
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("ids") if x.isdigit()]
        entries = {
            pk: {
                "points": request.POST.get(f"points_{pk}", ""),
                "explanation": request.POST.get(f"explanation_{pk}", ""),
                "evidence": request.POST.get(f"evidence_{pk}", ""),
            }
            for pk in ids
        }
        try:
            n = actions.do_save_province_self_assessment(
                actor=request.user, campaign=campaign, entries=entries
            )
        except Forbidden as exc:
            messages.error(request, str(exc))
            status = 403
            typed = entries
        except DomainError as exc:
            messages.error(request, exc.message)
            errors = exc.details if isinstance(exc.details, dict) else {}
            typed = entries
            status = 400
        else:
            messages.success(request, _("Đã lưu %(n)s tiêu chí.") % {"n": n})
            url = request.path + (f"?linh-vuc={domain}" if domain else "")
            return redirect(url)
    rows = [
        {
            "c": c,
            "points": typed.get(c.pk, {}).get("points", _plain(c.self_points)),
            "explanation": typed.get(c.pk, {}).get("explanation", c.explanation),
            "evidence": typed.get(c.pk, {}).get("evidence", c.evidence),
            "error": errors.get(c.pk) or errors.get(str(c.pk)),
        }
        for c in editable
    ]
    return render(
        request,
        "parindex/province_self.html",
        {
            "campaign": campaign,
            "rows": rows,
            "domain": domain,
            "domains": campaign.domains,
        },
        status=status,
    )


def _plain(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


@login_required
def province_gap(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    t, below, open_rows = queries.gap_rows(campaign)
    return render(
        request,
        "parindex/province_gap.html",
        {"campaign": campaign, "t": t, "below": below, "open_rows": open_rows},
    )


@login_required
def province_report(request, campaign_id: int):
    campaign = _campaign(request, campaign_id)
    data = self_assessment_docx(queries.table(campaign))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-tu-danh-gia-chi-so-cchc-{campaign.year}-{campaign.province.code}.docx"'
    )
    return response


def _date(value):
    try:
        return parse_day(value)
    except ValueError:
        return None


@login_required
def province_result(request, campaign_id: int):
    """The ministry's announced result: typed (``mã | điểm`` a line) or a CSV/XLSX file."""
    campaign = _campaign(request, campaign_id)
    if not policy.can_manage_province_index(request.user, campaign.province):
        raise PermissionDenied
    ctx = {"campaign": campaign, "text": "", "details": []}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        ctx["text"] = request.POST.get("points", "")
        try:
            if upload is not None:
                if upload.size > 2 * 1024 * 1024:
                    raise DomainError(_("Tệp quá lớn (tối đa 2 MB)."), code="file")
                points = actions.parse_result_table(upload.read(), upload.name)
            else:
                points = actions.parse_result_table(ctx["text"].encode("utf-8"), "")
            rank = request.POST.get("rank", "").strip()
            n = actions.do_record_announced_result(
                actor=request.user,
                campaign=campaign,
                points=points,
                decision=request.POST.get("decision", ""),
                announced_on=_date(request.POST.get("announced_on")),
                rank=int(rank) if rank.isdigit() else None,
                note=request.POST.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            ctx["details"] = list(exc.details or [])[:30] if isinstance(exc.details, list) else []
            status = 400
        else:
            messages.success(request, _("Đã nhập kết quả công bố: %(n)s tiêu chí thay đổi.") % {"n": n})
            return redirect("parindex:province_detail", campaign_id=campaign.pk)
    return render(request, "parindex/province_result.html", ctx, status=status)
