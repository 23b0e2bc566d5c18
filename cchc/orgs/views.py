from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cchc.accounts.policy import Forbidden, grants_for
from cchc.audit.recording import history
from cchc.core.errors import DomainError
from cchc.core.paging import BalancedPaginator
from cchc.core.spreadsheet import xlsx_response
from cchc.domain.text import fold
from cchc.orgs import queries
from cchc.orgs.importing import do_import_orgs, export_units
from cchc.orgs.models import Level

UNITS_PER_PAGE = 100


@login_required
def unit_list(request):
    qs = queries.units_for_user(request.user)
    q = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    if q:
        qs = qs.filter(search_key__contains=fold(q))
    if level in Level.values:
        qs = qs.filter(level=level)
    # one page of rows whatever the province's size; a page past the end shows the last one
    page = BalancedPaginator(qs.order_by("province__code", "level", "name", "pk"), UNITS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "orgs/unit_list.html",
        {
            "units": page.object_list,
            "page": page,
            "params": urlencode({k: v for k, v in (("q", q), ("level", level)) if v}),
            "q": q,
            "level": level,
            "levels": Level.choices,
            "can_manage": grants_for(request.user).can_manage_orgs(),
        },
    )


@login_required
def unit_detail(request, unit_id: int):
    unit = queries.access_unit(request.user, unit_id)
    g = grants_for(request.user)
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("name"),
            "successors": unit.successions_out.select_related("successor"),
            "predecessors": unit.successions_in.select_related("predecessor"),
            "groups": unit.explicit_groups.all(),
            "history": history(unit)[:50] if g.can_read_audit(unit) else None,
        },
    )


@login_required
def unit_import(request):
    if not grants_for(request.user).can_manage_orgs():
        raise PermissionDenied
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        groups = request.FILES.get("groups")
        if upload is None:
            errors = [_("Chưa chọn tệp.")]
        else:
            try:
                result = do_import_orgs(
                    actor=request.user,
                    data=upload.read(),
                    filename=upload.name,
                    groups_data=groups.read() if groups else None,
                    groups_filename=groups.name if groups else "",
                )
            except (DomainError, Forbidden) as exc:
                errors = [str(getattr(exc, "message", exc))] + list(getattr(exc, "details", []))
            else:
                messages.success(
                    request,
                    _("Đã nhập %(c)s đơn vị mới, cập nhật %(u)s đơn vị, %(g)s nhóm.")
                    % {"c": result.created, "u": result.updated, "g": result.groups},
                )
                return redirect("orgs:unit_list")
    return render(request, "orgs/unit_import.html", {"errors": errors}, status=400 if errors else 200)


@login_required
def unit_export(request):
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    data = export_units(fmt, queries.units_for_user(request.user))
    if fmt == "xlsx":
        return xlsx_response(data, "co-quan-don-vi.xlsx")
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="co-quan-don-vi.csv"'
    return response
