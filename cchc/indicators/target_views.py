"""Pages of a plan's targets: their attainment (and XLSX), linking an indicator, one target and its rule."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.core.errors import DomainError
from cchc.core.spreadsheet import table_xlsx, xlsx_response
from cchc.indicators import actions, queries
from cchc.indicators.models import Indicator
from cchc.indicators.views import _plan_period, plan_years
from cchc.plans.queries import access_plan, plans_for


def _plan_or_404(user, plan_id):
    return access_plan(user, plan_id)


def _indicator_choices(shown: bool):
    """The active indicators to link a target to (none for a reader who may not link)."""
    return Indicator.objects.filter(active=True).order_by("code").only("code", "name") if shown else []


@login_required
def plan_attainment(request, plan_id):
    plan = _plan_or_404(request.user, plan_id)
    period = _plan_period(plan, request.GET.get("ky", ""))
    rows = queries.cached_attainment(plan, period)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            table_xlsx(
                _("Chỉ tiêu"),
                [
                    _("Chỉ tiêu"),
                    _("Cấp"),
                    _("Năm"),
                    _("Mức phải đạt"),
                    _("Mức phải đạt trong kỳ"),
                    _("Chỉ số"),
                    _("Giá trị"),
                    _("Đánh giá"),
                    _("Nguồn"),
                ],
                [
                    [
                        r["text"],
                        r["level"],
                        r["year"],
                        f"{r['comparator']} {r['threshold']}",
                        r["required"],
                        r["indicator"],
                        r["value"],
                        r["summary"] or r["status_label"],
                        r["source"],
                    ]
                    for r in rows
                ],
            ),
            f"chi-tieu-{period}.xlsx",
        )
    can_link = policy.can_link_targets(request.user, plan)
    return render(
        request,
        "indicators/plan_attainment.html",
        {
            "plan": plan,
            "period": period,
            "rows": rows,
            "can_link": can_link,
            "indicators": _indicator_choices(can_link),
            "counts": queries.status_counts(rows),
            "years": plan_years(plan),
        },
    )


@login_required
@require_POST
def target_link(request, plan_id):
    plan = _plan_or_404(request.user, plan_id)
    if not policy.can_link_targets(request.user, plan):
        raise PermissionDenied
    target = plan.targets.filter(pk=request.POST.get("target") or 0).first()
    if target is None:
        messages.error(request, _("Không tìm thấy chỉ tiêu."))
    elif request.POST.get("suggest"):
        n = actions.do_suggest_links(plan, actor=request.user)
        messages.success(request, _("Đã gợi ý chỉ số cho %(n)s chỉ tiêu.") % {"n": n})
    else:
        code = request.POST.get("indicator", "").strip()
        ind = Indicator.objects.filter(code=code).first() if code else None
        if code and ind is None:
            messages.error(request, _("Không có chỉ số mã %(code)s.") % {"code": code})
        else:
            actions.do_link_target(target, ind, actor=request.user)
            messages.success(request, _("Đã lưu chỉ số của chỉ tiêu."))
    if target is not None and request.POST.get("back") == "target":
        return redirect(
            reverse("indicators:target_detail", args=[target.pk]) + f"?ky={request.POST.get('ky', '')}"
        )
    return redirect(
        reverse("indicators:plan_attainment", args=[plan.pk]) + f"?ky={request.POST.get('ky', '')}"
    )


# --------------------------------------------------------------------------- one target
def _target_or_404(user, target_id):
    from cchc.plans.models import Target

    try:
        pk = int(target_id)
    except (TypeError, ValueError):
        raise Http404 from None
    target = (
        Target.objects.filter(pk=pk, plan__in=plans_for(user))
        .select_related("plan", "plan__province")
        .first()
    )
    if target is None:
        raise Http404
    return target


@login_required
def target_detail(request, target_id):
    """One target: its rule (comparator, trajectory, levels, coverage, milestones) as data, the
    period's computed requirement per cấp with the values and the inputs behind them, its
    indicator link, and a warning when another target shares the indicator at the same level."""
    from cchc.domain import attainment as att
    from cchc.indicators.models import TargetIndicator, TargetRule

    target = _target_or_404(request.user, target_id)
    plan = target.plan
    period = _plan_period(plan, request.GET.get("ky", ""))
    with queries.one_reading():  # the plan's rows and this target's levels read the same units once
        row = next(
            (r for r in queries.attainment_for_plan(plan, period) if r["target_id"] == target.pk), None
        )
        rule = TargetRule.objects.filter(target=target).first()
        levels = queries.trajectory_levels(target, rule) if target.yearly else []
    link = TargetIndicator.objects.filter(target=target).select_related("indicator").first()
    shared = []
    if link is not None:
        shared = list(
            TargetIndicator.objects.filter(
                target__plan=plan, indicator=link.indicator, target__level=target.level
            )
            .exclude(target=target)
            .select_related("target")
            .order_by("target__order")
        )
    proposed_mode, proposed_reason = att.propose_increase_mode(target.text, target.unit)
    can_edit = policy.can_link_targets(request.user, plan)
    return render(
        request,
        "indicators/target_detail.html",
        {
            "target": target,
            "plan": plan,
            "number": target.order + 1,
            "period": period,
            "years": plan_years(plan),
            "row": row,
            "rule": rule,
            "link": link,
            "shared": shared,
            "shared_confirmed": bool(shared) and link is not None and link.status == "confirmed",
            "proposed_mode": proposed_mode,
            "proposed_reason": proposed_reason,
            "proposed_start": att.propose_start_year(target.text),
            "levels": [
                {
                    "code": lv,
                    "label": att.LEVEL_LABELS.get(lv, lv),
                    "checked": lv in levels,
                    "base": (rule.base_values if rule else {}).get(lv or "all", ""),
                }
                for lv in ("province", "district", "commune", "department")
            ],
            "milestones_text": "\n".join(
                f"{y}: {v}" for y, v in sorted((rule.milestones if rule else {}).items())
            ),
            "can_edit": can_edit,
            "indicators": _indicator_choices(can_edit),
        },
    )


@login_required
@require_POST
def target_rule(request, target_id):
    target = _target_or_404(request.user, target_id)
    if not policy.can_link_targets(request.user, target.plan):
        raise PermissionDenied
    p = request.POST
    milestones, bad = {}, []
    for line in (p.get("milestones") or "").splitlines():
        if not line.strip():
            continue
        year, sep, value = line.partition(":")
        if not sep:
            bad.append(line.strip())
            continue
        milestones[year.strip()] = value.strip()
    back = reverse("indicators:target_detail", args=[target.pk]) + f"?ky={p.get('ky', '')}"
    if bad:
        messages.error(
            request, _("Mốc “%(v)s” không hợp lệ: ghi “năm: giá trị”, ví dụ “2023: 60”.") % {"v": bad[0]}
        )
        return redirect(back)
    try:
        actions.do_set_target_rule(
            target,
            actor=request.user,
            increase_mode=p.get("increase_mode", ""),
            mode_confirmed=bool(p.get("mode_confirmed")),
            start_year=p.get("start_year", ""),
            levels=p.getlist("levels"),
            base_values={
                lv: p.get(f"base_{lv}", "") for lv in ("province", "district", "commune", "department", "all")
            },
            coverage=p.get("coverage", ""),
            milestones=milestones,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã lưu cách đánh giá chỉ tiêu."))
    return redirect(back)
