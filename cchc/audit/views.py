from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from cchc.accounts.policy import grants_for
from cchc.audit.models import AuditEvent
from cchc.orgs.models import OrgUnit


def events_for(user):
    g = grants_for(user)
    if not g.can_read_audit():
        raise PermissionDenied
    qs = AuditEvent.objects.all()
    if g.audit_unit_ids is not None:
        codes = OrgUnit.objects.filter(pk__in=g.audit_unit_ids, level="province").values_list(
            "code", flat=True
        )
        qs = qs.filter(province_code__in=list(codes))
    return qs


@login_required
def event_list(request):
    qs = events_for(request.user)
    model = request.GET.get("model", "")
    if model:
        qs = qs.filter(model=model)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page, "model": model})
