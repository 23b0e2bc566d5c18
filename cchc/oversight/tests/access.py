"""Access-matrix entries of the oversight app's routes: the dashboard, inspections, publications, the bell and the public section.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import AGENCY, ALL_OK, ROLES, only, post, unit_pk


def _inspection_plan(ctx):
    """Hải Phòng's 2022 inspection plan (Sở Tư pháp inspected), with one publication."""
    if "inspection_plan" not in ctx:
        from cchc.oversight.actions import do_create_inspection_plan

        ctx["inspection_plan"] = do_create_inspection_plan(
            actor=ctx["users"]["officer"], province=ctx["units"]["HP"], year=2022, unit_ids=[unit_pk(ctx)]
        )
    return ctx["inspection_plan"]


def _inspection_kwargs(ctx):
    return {"inspection_id": _inspection_plan(ctx).inspections.get().pk}


def _publication(ctx):
    if "publication" not in ctx:
        from cchc.oversight.models import Publication

        ctx["publication"] = Publication.objects.create(
            kind="plans",
            province=ctx["units"]["HP"],
            title="Kết quả 2022",
            year=2022,
            snapshot={"plans": [], "as_of": "2022-12-31"},
            published_at="2023-01-05T09:00:00+07:00",
        )
    return ctx["publication"]


_DASHBOARD = only({"admin", "officer", "head", "leader", "dn_officer"})
_INSPECTION_READERS = only({"admin", "officer", "leader", "auditor"}, denied=404)

PAGES = {
    # leaders and standing agencies (their own province), unit heads (their unit)
    "oversight:dashboard": (None, _DASHBOARD, 302),
    "oversight:dashboard_units": (None, _DASHBOARD, 302),
    # unit heads too: their own unit's programme over its subordinates (issue 21)
    "oversight:inspection_plan_list": (
        None,
        only({"admin", "officer", "head", "leader", "auditor", "dn_officer"}),
        302,
    ),
    "oversight:inspection_plan_create": (None, only({"admin", "officer", "dn_officer"}), 302),
    "oversight:inspection_plan_detail": (
        lambda ctx: {"plan_id": _inspection_plan(ctx).pk},
        _INSPECTION_READERS,
        302,
    ),
    # the inspected unit's own people read its inspection too
    "oversight:inspection_detail": (
        _inspection_kwargs,
        {**_INSPECTION_READERS, "reporter": 200, "head": 200},
        302,
    ),
    "oversight:inspection_report": (
        _inspection_kwargs,
        {**_INSPECTION_READERS, "reporter": 200, "head": 200},
        302,
    ),
    "oversight:publication_list": (None, only({"admin", "officer", "dn_officer"}), 302),
    # no reason: the province's standing agency gets the refusal message (302), others 404
    "oversight:publication_withdraw": post(
        lambda ctx: {"publication_id": _publication(ctx).pk},
        {r: (302 if r in AGENCY else 404) for r in ROLES},
        lambda ctx: {"reason": ""},
    ),
    # the public section: everyone, logged in or not
    "public:index": (None, ALL_OK, 200),
    "public:province": (lambda ctx: {"code": "HP"}, ALL_OK, 200),
    "public:feed": (lambda ctx: {"code": "HP"}, ALL_OK, 200),
    "public:publication": (lambda ctx: {"code": "HP", "publication_id": _publication(ctx).pk}, ALL_OK, 200),
}
API = {
    "/api/oversight/dashboard": (None, _DASHBOARD),
    # public: everyone, logged in or not
    "/api/oversight/publications/{code}": (lambda ctx: {"code": "HP"}, ALL_OK, 200),
}
