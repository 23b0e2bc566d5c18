"""Access-matrix entries of the reporting app's routes: units' reports, consolidations, compliance and reminders.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import (
    AGENCY,
    ALL_OK,
    PROVINCE_READERS,
    STP_READERS,
    extend,
    only,
    plan_kwargs,
    post,
    refused,
    unit_pk,
)


def _reporting_edit_kwargs(ctx):
    return {"unit_id": unit_pk(ctx), "period": "2022-H1"}


# A period of the plan (2023) that has started: its consolidation and compliance can be built.
STARTED = "2023-H1"
# A period that has not started: the reminder action refuses it after the permission check.
NOT_STARTED = "2099-Y"


def _stp_report(ctx):
    """Sở Tư pháp's draft report on the plan for a started period, saved by its reporter."""
    if "report" not in ctx:
        from cchc.reporting.actions import do_save_unit_report

        plan_kwargs(ctx)
        ctx["report"] = do_save_unit_report(
            unit=ctx["units"]["HP-STP"],
            plan=ctx["plan"],
            period_code=STARTED,
            narrative={},
            annex={},
            actor=ctx["users"]["reporter"],
        )
    return ctx["report"]


def _report_kwargs(ctx):
    return {"report_id": _stp_report(ctx).pk}


def _consolidation_kwargs(ctx):
    return {**plan_kwargs(ctx), "period": STARTED}


PAGES = {
    "reporting:report_list": (None, ALL_OK, 302),
    "reporting:calendar": (None, ALL_OK, 302),
    "reporting:unit_report_edit": (
        _reporting_edit_kwargs,
        only({"admin", "reporter", "head"}, denied=404),
        302,
    ),
    "reporting:report_detail": (_report_kwargs, STP_READERS, 302),
    # accepting a draft (not submitted) report: the unit's standing agency gets the refusal
    # message (302 back to the report), the unit's own people and the other readers 403
    "reporting:report_review": post(
        _report_kwargs, refused(STP_READERS, AGENCY, ok=302), lambda ctx: {"op": "accept"}
    ),
    "reporting:report_download": (extend(_report_kwargs, fmt="docx"), STP_READERS, 302),
    "reporting:consolidation": (_consolidation_kwargs, PROVINCE_READERS, 302),
    "reporting:consolidation_download": (extend(_consolidation_kwargs, fmt="docx"), PROVINCE_READERS, 302),
    "reporting:compliance": (_consolidation_kwargs, PROVINCE_READERS, 302),
    # a period not started: the standing agency gets the refusal message (302 back to the
    # compliance page); the other province-wide readers 403, a unit's staff 404 (no compliance)
    "reporting:remind": post(
        lambda ctx: {**plan_kwargs(ctx), "period": NOT_STARTED, "unit_id": unit_pk(ctx)},
        refused(PROVINCE_READERS, AGENCY, ok=302),
        lambda ctx: {},
    ),
    "reporting:consolidation_prepare": post(
        lambda ctx: {**plan_kwargs(ctx), "period": NOT_STARTED, "fmt": "docx"},
        PROVINCE_READERS | {"officer": 302, "admin": 302, "council": 302, "leader": 302, "auditor": 302},
        lambda ctx: {},
    ),
    "reporting:consolidation_texts": post(
        _consolidation_kwargs, refused(PROVINCE_READERS, AGENCY, ok=302), lambda ctx: {}
    ),
    "reporting:remind_all": post(
        lambda ctx: {**plan_kwargs(ctx), "period": NOT_STARTED},
        refused(PROVINCE_READERS, AGENCY, ok=302),
        lambda ctx: {},
    ),
}
API = {
    "/api/reports/units": (None, ALL_OK),
    "/api/reports/units/{report_id}": (_report_kwargs, STP_READERS),
    "/api/reports/consolidation": (
        lambda ctx: {"_query": {"plan_id": plan_kwargs(ctx)["plan_id"], "period": STARTED}},
        PROVINCE_READERS,
    ),
}
