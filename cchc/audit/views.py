from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from cchc.accounts.policy import grants_for
from cchc.audit.models import AuditEvent
from cchc.core.paging import BalancedPaginator
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
    # a bulk event lists every row it wrote (assigning a plan: 10^3-10^5 rows, 100+ KB of JSON):
    # the page reads the stored size of each event's changes and the changes of the small ones only
    qs = qs.defer("changes")
    page = BalancedPaginator(qs, 50).get_page(request.GET.get("page"))
    small = [e.pk for e in page.object_list if (e.changes_size or 0) <= LIST_CHANGES_MAX]
    changes = dict(AuditEvent.objects.filter(pk__in=small).values_list("pk", "changes")) if small else {}
    for e in page.object_list:
        e.changes = changes.get(e.pk, {})
        e.bulk_size = 0 if e.pk in changes else e.changes_size
    return render(request, "audit/event_list.html", {"page": page, "model": model})


LIST_CHANGES_MAX = 20_000  # characters of JSON shown in the list; a larger event shows its size
