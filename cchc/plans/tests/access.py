"""Access-matrix entries of the plans app's routes: plans and their imports.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import AGENCY, ALL_OK, HP_READERS, only, plan_kwargs


def _plan_import_kwargs(ctx):
    from cchc.plans.models import PlanImport
    from cchc.testing.interchange import small_interchange

    imp = PlanImport.objects.create(province=ctx["units"]["HP"], interchange=small_interchange())
    return {"import_id": imp.pk}


PAGES = {
    "plans:plan_list": (None, ALL_OK, 302),
    "plans:plan_import": (None, only({"admin", "officer", "dn_officer"}), 302),
    "plans:import_preview": (_plan_import_kwargs, only(AGENCY, denied=404), 302),
    "plans:plan_detail": (plan_kwargs, HP_READERS, 302),
    "plans:plan_export": (plan_kwargs, HP_READERS, 302),
    "plans:plan_without_lead": (plan_kwargs, HP_READERS, 302),
}
API = {
    "/api/plans/": (None, ALL_OK),
    "/api/plans/{plan_id}": (plan_kwargs, HP_READERS),
}
