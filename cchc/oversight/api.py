"""Oversight API: the dashboard's figures (same scope and rule as the page) and a province's live
publications."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden, NotFound
from cchc.core.errors import DomainError
from cchc.oversight import dashboard, queries, sources
from cchc.oversight.schemas import DashboardOut, ErrorOut, PublicationOut

router = Router(tags=["oversight"])


def _counts(c: dashboard.Counts) -> dict:
    return {
        "total": c.total,
        "done": c.done,
        "done_late": c.done_late,
        "overdue": c.overdue,
        "at_risk": c.at_risk,
        "cancelled": c.cancelled,
        "rate": c.rate,
    }


YEARS = (1990, 2100)


@router.get("/dashboard", response={200: DashboardOut, 403: ErrorOut, 404: ErrorOut})
def dashboard_figures(
    request,
    as_of: dt.date | None = None,
    year: int | None = None,
    plan: int | None = None,
    province: int | None = None,
):
    """Lead-work figures of the caller's dashboard scope, by unit (rates in %). ``year`` and the
    year of ``as_of`` lie within 1990-2100 (else 400)."""
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        raise DomainError(
            _("Năm %(y)s nằm ngoài khoảng %(a)s-%(b)s.") % {"y": year, "a": YEARS[0], "b": YEARS[1]},
            code="out_of_range",
        )
    if as_of is not None and not YEARS[0] <= as_of.year <= YEARS[1]:
        raise DomainError(
            _("Ngày %(d)s nằm ngoài khoảng năm %(a)s-%(b)s.")
            % {"d": as_of.strftime("%d/%m/%Y"), "a": YEARS[0], "b": YEARS[1]},
            code="out_of_range",
        )
    found = policy.dashboard_scope(request.user, province)
    if found is None:
        if province is not None and policy.dashboard_scope(request.user) is not None:
            raise NotFound
        raise Forbidden
    prov, unit_ids = found
    chosen = None
    if plan is not None:
        chosen = sources.province_plans(prov).filter(pk=plan).first()
        if chosen is None:
            raise NotFound
    scope = dashboard.Scope(
        province=prov, unit_ids=unit_ids, as_of=as_of or timezone.localdate(), year=year, plan=chosen
    )
    # the dashboard's own cached counts (same key: per province, scope and day)
    now = sources.cached_lead_state_counts(
        prov.pk, dashboard.scope_key(scope), scope.assignments(), [scope.as_of]
    )[scope.as_of]
    from cchc.orgs.models import OrgUnit

    per_unit = now.by_unit
    names = dict(OrgUnit.objects.filter(pk__in=per_unit).values_list("pk", "name"))
    return {
        "province": prov.name,
        "as_of": scope.as_of,
        "year": year,
        "plan_id": chosen.pk if chosen else None,
        "totals": _counts(dashboard.Counts.of(now.total)),
        "units": [
            {
                **_counts(dashboard.Counts.of(c)),
                "unit_id": pk,
                "unit": names[pk],
                "list_url": scope.list_url(unit=pk),
            }
            for pk, c in sorted(per_unit.items(), key=lambda kv: names[kv[0]])
        ],
        "list_url": scope.list_url(),
    }


@router.get("/publications/{code}", response={200: list[PublicationOut], 404: ErrorOut}, auth=None)
def publications(request, code: str):
    """A province's live publications (public, no login)."""
    province = queries.public_province(code)
    return [
        {
            "id": p.pk,
            "kind": p.kind,
            "title": p.title,
            "year": p.year,
            "published_at": p.published_at,
            "url": reverse("public:publication", kwargs={"code": code, "publication_id": p.pk}),
        }
        for p in queries.live_publications(province).order_by("-published_at")
    ]
