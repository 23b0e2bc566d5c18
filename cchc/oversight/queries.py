"""Reads scoped to a user (inspections, publications, notifications) and the public reads."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from cchc.accounts import policy
from cchc.accounts.policy import NotFound, grants_for, scoped_get
from cchc.domain import inspection as rules
from cchc.orgs.models import OrgUnit
from cchc.oversight import sources
from cchc.oversight.models import Inspection, InspectionPlan, Publication


def inspection_plans_for(user) -> QuerySet[InspectionPlan]:
    """Programmes a user sees: the province's readers all of the province's; a unit head the
    programmes its unit (or a unit below it) organises; a team member the programmes they are on."""
    g = grants_for(user)
    qs = InspectionPlan.objects.select_related("province", "organiser").annotate(
        n_inspections=Count("inspections", distinct=True),
        n_done=Count("inspections", filter=Q(inspections__status="done"), distinct=True),
    )
    if g.is_admin:
        return qs
    provinces = [
        m.unit.province_root.pk
        for m in g.memberships
        if m.unit.province_root and policy.can_read_inspections(user, m.unit.province_root)
    ]
    on_team = InspectionPlan.members.through.objects.filter(user_id=getattr(user, "pk", None)).values(
        "inspectionplan_id"
    )
    q = Q(province_id__in=provinces) | Q(pk__in=on_team)
    organisers = (g.coordinated_unit_ids or set()) | (g.approvable_unit_ids or set())
    if organisers:
        q |= Q(organiser_id__in=organisers)
    return qs.filter(q)


def access_inspection_plan(user, plan_id) -> InspectionPlan:
    return scoped_get(inspection_plans_for(user), plan_id)


def access_inspection(user, inspection_id) -> Inspection:
    """An inspection: readers of the province's inspections, and the inspected unit's own people."""
    return scoped_get(
        Inspection.objects.select_related("plan", "plan__province", "unit"),
        inspection_id,
        check=lambda ins: policy.can_read_inspection(user, ins),
    )


def population(plan: InspectionPlan) -> int:
    """The programme's population as frozen when it was made (older rows: counted again)."""
    if plan.population_count:
        return plan.population_count
    import datetime as dt

    organiser = plan.organiser if plan.organiser_id != plan.province_id else None
    return sources.inspectable_units(plan.province, plan.levels, dt.date(plan.year, 1, 1), organiser).count()


def programme_coverage(province: OrgUnit, year: int, unit_ids: set[int] | None = None) -> list[dict]:
    """The dashboard panel: each organiser's programme of ``year`` in ``province`` with its share
    inspected (inspections recorded as done) against the required share. One query."""
    qs = (
        InspectionPlan.objects.filter(province=province, year=year)
        .select_related("organiser", "province")
        .annotate(
            n_inspections=Count("inspections", distinct=True),
            n_done=Count("inspections", filter=Q(inspections__status="done"), distinct=True),
        )
        .order_by("organiser__level", "organiser__code")
    )
    if unit_ids is not None:
        qs = qs.filter(organiser_id__in=unit_ids)
    levels = {"province": 0, "department": 1, "district": 2, "commune": 3}
    rows = [{"plan": p, "organiser": p.organiser, **coverage(p, p.n_inspections, p.n_done)} for p in qs]
    return sorted(rows, key=lambda r: (levels.get(r["organiser"].level, 9), r["organiser"].code))


def coverage(plan: InspectionPlan, n_inspections: int | None = None, n_done: int | None = None) -> dict:
    """The plan's share: planned and inspected against the target."""
    pop = population(plan)
    planned = n_inspections if n_inspections is not None else plan.inspections.count()
    done = n_done if n_done is not None else plan.inspections.filter(status="done").count()
    return {
        "population": pop,
        "planned": planned,
        "done": done,
        "needed": rules.needed(pop, plan.required_share),
        "planned_share": rules.share_of(planned, pop) * 100,
        "done_share": rules.share_of(done, pop) * 100,
        "target_share": plan.required_share * Decimal(100),
        "reached": done >= rules.needed(pop, plan.required_share) and pop > 0,
    }


def publications_for(user) -> QuerySet[Publication]:
    """Publications of the provinces the user coordinates (the standing agency's list)."""
    g = grants_for(user)
    qs = Publication.objects.select_related("province").defer("snapshot")
    ids = g.coordinated_unit_ids
    return qs if ids is None else qs.filter(province_id__in=ids)


def access_publication(user, publication_id) -> Publication:
    return scoped_get(publications_for(user), publication_id)


# --- public (no user) ------------------------------------------------------------------------


def public_province(code: str) -> OrgUnit:
    province = OrgUnit.objects.filter(code=code, level="province").first()
    if province is None:
        raise NotFound
    return province


def live_publications(province: OrgUnit | None = None) -> QuerySet[Publication]:
    qs = Publication.objects.filter(withdrawn_at__isnull=True).select_related("province").defer("snapshot")
    return qs.filter(province=province) if province is not None else qs


def public_publication(province: OrgUnit, publication_id) -> Publication:
    """A live publication of ``province``; withdrawn, unknown or another province's: NotFound."""
    return scoped_get(
        Publication.objects.filter(province=province, withdrawn_at__isnull=True), publication_id
    )
