"""Access-matrix entries of the orgs app's routes: units and groups.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import ALL_OK, STP_READERS, only, unit_pk

PAGES = {
    "orgs:unit_list": (None, ALL_OK, 302),
    "orgs:unit_export": (None, ALL_OK, 302),
    "orgs:unit_import": (None, only({"admin"}), 302),
    "orgs:unit_detail": (lambda ctx: {"unit_id": unit_pk(ctx)}, STP_READERS, 302),
}
API = {
    "/api/orgs/units": (None, ALL_OK),
    "/api/orgs/units/{unit_id}": (lambda ctx: {"unit_id": unit_pk(ctx)}, STP_READERS),
    "/api/orgs/groups": (None, ALL_OK),
    "/api/orgs/groups/{group_id}": (
        lambda ctx: {"group_id": ctx["group"].pk},
        only(
            {"admin", "officer", "council", "leader", "auditor", "reporter", "head", "other_reporter"},
            denied=404,
        ),
    ),
}
