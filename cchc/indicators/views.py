"""Pages: indicator catalogue and page (table, line and bar charts, XLSX), data entry for a unit's
period, sheet upload, a plan's periods, 766 (target links and attainment of a plan: target_views;
dossier upload: dossier_views)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.charts import Chart, Series
from cchc.core.errors import ConflictError, DomainError
from cchc.core.pages import attempt
from cchc.core.spreadsheet import table_xlsx, xlsx_response
from cchc.core.templatetags.vn import period_label
from cchc.domain.periods import Period
from cchc.domain.text import fold
from cchc.indicators import actions, queries, wording
from cchc.indicators.forms import UploadForm
from cchc.indicators.models import Indicator, IndicatorValue, ValueStatus
from cchc.indicators.sheets import read_value_sheet, value_template
from cchc.orgs.models import OrgUnit

PER_PAGE = 50


def _period(code: str) -> Period:
    try:
        return Period.parse(code)
    except ValueError:
        raise Http404 from None


def _indicator(user, code) -> Indicator:
    return queries.access_indicator(user, code)


@login_required
def indicator_list(request):
    qs = queries.indicators_for(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        folded = fold(q)
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(keywords__icontains=folded))
    if request.GET.get("format") == "xlsx":
        rows = qs.values_list(
            "code", "name", "unit_of_measure", "kind", "numerator", "denominator", "source", "confidence"
        )
        return xlsx_response(
            table_xlsx(
                _("Chỉ số"),
                [
                    _("Mã"),
                    _("Tên chỉ số"),
                    _("Đơn vị tính"),
                    _("Cách có số liệu"),
                    _("Tử số"),
                    _("Mẫu số"),
                    _("Nguồn"),
                    _("Độ tin cậy"),
                ],
                rows,
            ),
            "chi-so.xlsx",
        )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "page": page,
            "q": q,
            "total": page.paginator.count,
            "can_ingest": policy.can_ingest_any_dossiers(request.user),
        },
    )


def _readable_units(user):
    ids = grants_for(user).readable_unit_ids
    return None if ids is None else ids


@login_required
def indicator_detail(request, code):
    ind = _indicator(request.user, code)
    rows = queries.value_table(ind, unit_ids=_readable_units(request.user))
    periods = sorted({r["period_key"] for r in rows})
    units = sorted({r["unit"] for r in rows}, key=lambda u: u.name)
    suffix = "%" if ind.unit_of_measure == "percent" else ""
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            table_xlsx(
                ind.code,
                [_("Đơn vị"), _("Kỳ"), _("Giá trị"), _("Trạng thái")],
                [[r["unit"].name, r["period_key"], r["value"], r["status"]] for r in rows],
            ),
            f"{ind.code}.xlsx",
        )
    by = {(r["unit"].pk, r["period_key"]): r["value"] for r in rows}
    line_units = units[:6]
    targets = list(ind.target_links.select_related("target__plan").order_by("target__plan__number")[:50])
    required = next((link.target for link in targets if link.target.value is not None), None)
    line = Chart(
        _("%(name)s theo kỳ") % {"name": ind.name},
        [period_label(p) for p in periods],
        [Series(u.name, [by.get((u.pk, p)) for p in periods]) for u in line_units],
        kind="line",
        unit=suffix,
        category_label=_("Kỳ"),
        target=required.value if required is not None else None,
        target_label=_("Chỉ tiêu %(plan)s") % {"plan": required.plan.number}
        if required is not None and required.plan.number
        else "",
    )
    latest = periods[-1] if periods else None
    bar = Chart(
        _("So sánh giữa các đơn vị, %(period)s") % {"period": period_label(latest) if latest else ""},
        [u.name for u in units if (u.pk, latest) in by],
        [
            Series(
                period_label(latest) if latest else "",
                [by[(u.pk, latest)] for u in units if (u.pk, latest) in by],
            )
        ],
        kind="hbar",
        unit=suffix,
        category_label=_("Đơn vị"),
    )
    chart = request.GET.get("chart")
    if chart in {"line", "bar"}:
        return xlsx_response((line if chart == "line" else bar).xlsx(), f"{ind.code}-{chart}.xlsx")
    table = [[u, [by.get((u.pk, p)) for p in periods]] for u in units]
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "ind": ind,
            "periods": periods,
            "table": table,
            "line": line if periods else None,
            "bar": bar if latest else None,
            "suffix": suffix,
            "targets": targets,
            "formula_lines": wording.formula_in_words(ind, _names(wording.formula_names(ind))),
            "source_text": wording.source_in_words(ind.source),
        },
    )


def _names(codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(Indicator.objects.filter(code__in=codes).values_list("code", "name"))


# --------------------------------------------------------------------------- data entry
@login_required
def value_entry(request, unit_id, period):
    p = _period(period)
    unit = policy.access_unit(request.user, unit_id)
    kind = {"annual": "annual", "six_monthly": "six_monthly", "quarterly": "quarterly", "monthly": "monthly"}
    types = [k for k, v in kind.items() if v == p.kind]
    inds = list(Indicator.objects.filter(active=True, kind="manual", period_type__in=types).order_by("code"))
    existing = {
        v.indicator_id: v
        for v in IndicatorValue.objects.filter(unit=unit, period_key=p.code).select_related(
            "approved_by", "entered_by"
        )
    }
    can_enter = policy.can_enter_indicator_value(request.user, unit)
    can_approve = policy.can_approve_indicator_value(request.user, unit)
    can_reopen = policy.can_reopen_indicator_value(request.user, unit)
    errors: dict[int, str] = {}
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        saved = 0
        try:
            with transaction.atomic():
                for ind in inds:
                    raw = request.POST.get(f"v-{ind.pk}", "").strip()
                    row = existing.get(ind.pk)
                    if not raw or (row is not None and row.status == ValueStatus.APPROVED):
                        continue
                    if (
                        row is not None
                        and _same(raw, row.value)
                        and request.POST.get(f"c-{ind.pk}", "") == row.comment
                    ):
                        continue
                    try:
                        actions.do_enter_value(
                            ind,
                            unit,
                            p.code,
                            raw,
                            actor=request.user,
                            comment=request.POST.get(f"c-{ind.pk}", ""),
                            evidence=request.FILES.get(f"e-{ind.pk}"),
                            expected_version=int(request.POST.get(f"ver-{ind.pk}", "0") or 0),
                        )
                        saved += 1
                    except DomainError as exc:
                        errors[ind.pk] = str(exc.message)
                if errors:
                    raise DomainError(_("Có số liệu không hợp lệ; chưa lưu số liệu nào."))
        except ConflictError as exc:
            messages.error(request, str(exc.message))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Đã lưu %(n)s số liệu.") % {"n": saved})
            return redirect("indicators:value_entry", unit_id=unit.pk, period=p.code)
    rows = [
        {
            "ind": ind,
            "row": existing.get(ind.pk),
            "error": errors.get(ind.pk),
            "posted": request.POST.get(f"v-{ind.pk}", ""),
            # what was typed comes back as typed when the sheet is refused (nothing lost)
            "posted_comment": request.POST.get(f"c-{ind.pk}") if request.method == "POST" else None,
        }
        for ind in inds
    ]
    first_error = next((ind.pk for ind in inds if ind.pk in errors), None)
    return render(
        request,
        "indicators/value_entry.html",
        {
            "unit": unit,
            "period": p,
            "rows": rows,
            "first_error": first_error,
            "errors_count": len(errors),
            "can_enter": can_enter,
            "can_approve": can_approve,
            "can_reopen": can_reopen,
        },
    )


def _same(raw: str, value) -> bool:
    from cchc.domain.indicators import parse_decimal

    try:
        return parse_decimal(raw) == value
    except ValueError:
        return False


def _value_or_404(user, value_id):
    return queries.access_value(user, value_id)


@login_required
@require_POST
def value_approve(request, value_id):
    row = _value_or_404(request.user, value_id)
    try:
        actions.do_approve_value(
            row, actor=request.user, expected_version=int(request.POST.get("version") or row.version)
        )
        messages.success(request, _("Đã duyệt số liệu %(code)s.") % {"code": row.indicator.code})
    except (DomainError, ValueError) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    return redirect("indicators:value_entry", unit_id=row.unit_id, period=row.period_key)


@login_required
@require_POST
def value_reopen(request, value_id):
    row = _value_or_404(request.user, value_id)
    attempt(
        request,
        lambda: actions.do_reopen_value(row, actor=request.user, reason=request.POST.get("reason", "")),
        _("Đã mở lại số liệu %(code)s.") % {"code": row.indicator.code},
    )
    return redirect("indicators:value_entry", unit_id=row.unit_id, period=row.period_key)


# --------------------------------------------------------------------------- sheet upload
def _enterable_units(user):
    """Units whose values the user may enter (policy: reporters, heads, the standing agency)."""
    g = grants_for(user)
    ids = [g.reportable_unit_ids, g.coordinated_unit_ids]
    qs = OrgUnit.objects.order_by("code")
    if any(i is None for i in ids):
        return qs
    return qs.filter(pk__in=ids[0] | ids[1])


@login_required
def value_upload(request, code):
    ind = _indicator(request.user, code)
    if ind.kind != "manual":
        raise Http404
    period = request.GET.get("ky") or request.POST.get("ky") or f"{dt.date.today().year - 1}-Y"
    p = _period(period)
    units = _enterable_units(request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(value_template(ind, p.code, units[:2000]), f"{ind.code}-{p.code}.xlsx")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                rows = read_value_sheet(form.cleaned_data["file"].read(), ind.code, p.code)
                result = actions.do_save_values(
                    rows, actor=request.user, label=form.cleaned_data["file"].name
                )
            except DomainError as exc:
                messages.error(request, str(exc.message))
                errors = exc.details
            else:
                messages.success(
                    request,
                    _("Đã lưu %(a)s số liệu mới, cập nhật %(b)s.")
                    % {"a": result.imported, "b": result.updated},
                )
                return redirect("indicators:indicator_detail", code=ind.code)
    return render(
        request, "indicators/value_upload.html", {"ind": ind, "period": p, "form": form, "errors": errors}
    )


# --------------------------------------------------------------------------- a plan's periods
def plan_years(plan) -> list[int]:
    """The years of the plan (an annual plan: its one year), newest first."""
    lo = plan.period_start or plan.period_end
    hi = plan.period_end or plan.period_start
    if lo is None:
        year = (plan.issued_on or dt.date.today()).year
        return [year]
    return list(range(hi, lo - 1, -1))


def default_period(plan) -> str:
    """The latest year of the plan with any value or dossier statistic; else the plan's year
    nearest today. Never a year outside the plan's years (a 2023 plan never shows 2022-Y)."""
    from cchc.indicators.models import DossierAggregate

    allowed = plan_years(plan)
    years = {int(k[:4]) for k in IndicatorValue.objects.values_list("period_key", flat=True).distinct()[:200]}
    years |= set(DossierAggregate.objects.values_list("year", flat=True).distinct()[:50])
    inside = [y for y in allowed if y in years]
    if inside:
        return f"{max(inside)}-Y"
    today = dt.date.today().year
    return f"{min(max(today, min(allowed)), max(allowed))}-Y"


def _plan_period(plan, raw: str) -> str:
    """The requested period if it lies in the plan's years, else the default one."""
    if raw:
        try:
            p = Period.parse(raw)
        except ValueError:
            p = None
        if p is not None and p.year in plan_years(plan):
            return p.code
    return default_period(plan)


@login_required
def index766(request, unit_id, period):
    p = _period(period)
    unit = policy.access_unit(request.user, unit_id)
    result = queries.index_766(unit, p.code)
    if result is None:
        raise Http404
    if request.GET.get("format") == "xlsx":
        rows = [
            [i.code, i.name, i.rate, i.points, i.max_points, i.note] for g in result.groups for i in g.items
        ]
        return xlsx_response(
            table_xlsx("766", [_("Mã"), _("Chỉ số"), _("Tỷ lệ"), _("Điểm"), _("Tối đa"), _("Ghi chú")], rows),
            f"766-{unit.code}-{p.code}.xlsx",
        )
    chart = Chart(
        _("Điểm theo nhóm"),
        [g.name for g in result.groups],
        [
            Series(_("Điểm"), [g.points for g in result.groups]),
            Series(_("Tối đa"), [g.max_points for g in result.groups]),
        ],
        kind="bar",
        category_label=_("Nhóm"),
        max_value=Decimal(22),
    )
    return render(
        request, "indicators/index766.html", {"unit": unit, "period": p, "result": result, "chart": chart}
    )
