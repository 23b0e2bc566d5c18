"""Access-matrix entries of the indicators app's routes: indicators, values, targets, dossier ingests and Index 766.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import (
    AGENCY,
    ALL_OK,
    HP_READERS,
    PROVINCE_READERS,
    STP_READERS,
    only,
    plan_kwargs,
    post,
    refused,
)


def _indicator_code(ctx):
    if "indicator" not in ctx:
        from cchc.indicators.management.commands.indicators import load_shipped
        from cchc.indicators.models import Indicator

        load_shipped()
        ctx["indicator"] = Indicator.objects.get(code="TL_HAI_LONG_TTHC")
    return ctx["indicator"].code


def _stp_value(ctx):
    if "value" not in ctx:
        from cchc.indicators.actions import do_enter_value
        from cchc.indicators.models import Indicator

        _indicator_code(ctx)
        ctx["value"] = do_enter_value(
            Indicator.objects.get(code="TL_HAI_LONG_TTHC"), ctx["units"]["HP-STP"], "2022-Y", "90", actor=None
        )
    return {"value_id": ctx["value"].pk}


def _plan_target(ctx):
    plan_id = plan_kwargs(ctx)["plan_id"]
    from cchc.plans.models import Target

    return {"target_id": Target.objects.filter(plan_id=plan_id).order_by("order").first().pk}


def _hp_ingest(ctx):
    from cchc.indicators.models import DossierIngest

    ing = DossierIngest.objects.create(province=ctx["units"]["HP"], file_name="x.csv")  # no job: done
    return {"ingest_id": ing.pk}


def _hp_766(ctx):
    _indicator_code(ctx)  # loads the 766 definition too
    return {"unit_id": ctx["units"]["HP"].pk, "period": "2022-Y"}


PAGES = {
    "indicators:indicator_list": (None, ALL_OK, 302),
    "indicators:indicator_detail": (lambda ctx: {"code": _indicator_code(ctx)}, ALL_OK, 302),
    "indicators:value_upload": (lambda ctx: {"code": _indicator_code(ctx)}, ALL_OK, 302),
    "indicators:value_entry": (
        lambda ctx: {"unit_id": ctx["units"]["HP-STP"].pk, "period": "2022-Y"},
        STP_READERS,
        302,
    ),
    # a stale version: the unit's head (and the admin) get the conflict message (302)
    "indicators:value_approve": post(
        _stp_value, refused(STP_READERS, {"admin", "head"}, ok=302), lambda ctx: {"version": "999999"}
    ),
    # a value not approved: the standing agency gets "nothing to reopen" (302)
    "indicators:value_reopen": post(
        _stp_value, refused(STP_READERS, AGENCY, ok=302), lambda ctx: {"reason": ""}
    ),
    "indicators:plan_attainment": (plan_kwargs, HP_READERS, 302),
    # no such target: the province's standing agency gets the message (302)
    "indicators:target_link": post(
        plan_kwargs, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"target": "0", "indicator": ""}
    ),
    "indicators:target_detail": (_plan_target, HP_READERS, 302),
    # a coverage rule above 100%: the province's standing agency gets the message (302)
    "indicators:target_rule": post(
        _plan_target, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"coverage": "120"}
    ),
    "indicators:dossier_upload": (None, only({"admin", "officer", "dn_officer"}), 302),
    "indicators:ingest_detail": (_hp_ingest, only(AGENCY, denied=404), 302),
    "indicators:index766": (_hp_766, PROVINCE_READERS, 302),
}
API = {
    "/api/indicators/": (None, ALL_OK),
    "/api/indicators/dataValueSets": (None, ALL_OK),
    "/api/indicators/{code}": (lambda ctx: {"code": _indicator_code(ctx)}, ALL_OK),
    "/api/indicators/plans/{plan_id}/attainment": (
        lambda ctx: {**plan_kwargs(ctx), "_query": {"period": "2022-Y"}},
        HP_READERS,
    ),
    "/api/indicators/index766/{unit_id}": (
        lambda ctx: {"unit_id": _hp_766(ctx)["unit_id"], "_query": {"period": "2022-Y"}},
        PROVINCE_READERS,
    ),
}
