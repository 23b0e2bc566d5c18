"""PAR INDEX pages of the criteria sets: loading (XLSX or a plan), issuing, copying."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.core.errors import ConflictError
from cchc.core.spreadsheet import xlsx_response
from cchc.parindex import actions, queries, setloader
from cchc.parindex.models import Block
from cchc.parindex.views import _province, _run
from cchc.plans.queries import plans_for


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
