"""Access-matrix entries of the budget pages (kinh phí CCHC): rounds, a unit's estimate, its
appraisal, a line's spending and evidence.

Sở Tư pháp's estimate is read by its people and by those reading the whole province; it is
prepared by its reporter and head (and the admin) and appraised by the standing agency (and the
finance agency, which the test tree has no user in). Đà Nẵng's officer sees none of it (404).
Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``); the
API's entries live in ``access_api``."""

from __future__ import annotations

from cchc.budget.tests.access_api import API  # noqa: F401 (collected by the matrix)
from cchc.testing.access import ALL_OK, HP_READERS, STP_READERS, plan_kwargs, post, refused

PREPARERS = {"admin", "reporter", "head"}
APPRAISERS = {"admin", "officer"}


def _budget(ctx):
    """Round 2022 (Sở Tư pháp's estimate appraised, a disbursement with a file) and round 2023 (its
    estimate submitted, waiting for appraisal) of Hải Phòng's small plan."""
    if "budget" not in ctx:
        from cchc.budget.tests.page_setup import make_estimate, make_round, record_spending
        from cchc.plans.models import Plan

        plan = Plan.objects.get(pk=plan_kwargs(ctx)["plan_id"])
        stp = ctx["units"]["HP-STP"]
        r2022, r2023 = make_round(plan, 2022), make_round(plan, 2023)
        appraised = make_estimate(r2022, stp, appraise=True)
        line = appraised.lines.order_by("pk").first()
        ctx["budget"] = {
            "round": r2022,
            "line": line,
            "spending": record_spending(line),
            "submitted": make_estimate(r2023, stp, submit=True),
        }
    return ctx["budget"]


def _round(ctx):
    return {"round_id": _budget(ctx)["round"].pk}


def _stp_estimate(ctx):
    return {"round_id": _budget(ctx)["round"].pk, "unit_id": ctx["units"]["HP-STP"].pk}


def _stp_draft(ctx):
    # the 2023 round has no draft of Sở Tư pháp's either: use a round where it has none
    b = _budget(ctx)
    if "draft_round" not in b:
        from cchc.budget.tests.page_setup import make_round
        from cchc.plans.models import Plan

        b["draft_round"] = make_round(Plan.objects.get(pk=plan_kwargs(ctx)["plan_id"]), 2024)
    return {"round_id": b["draft_round"].pk, "unit_id": ctx["units"]["HP-STP"].pk}


PAGES = {
    "budget:round_list": (None, ALL_OK, 302),
    "budget:round_detail": (_round, HP_READERS, 302),
    "budget:estimate_form": (_stp_estimate, STP_READERS, 302),
    "budget:line_row": (_stp_draft, refused(STP_READERS, PREPARERS), 302),
    "budget:estimate_template": (_stp_estimate, STP_READERS, 302),
    # no file: permitted roles are sent back to the form with a message, nothing is imported
    "budget:estimate_upload": post(_stp_draft, refused(STP_READERS, PREPARERS, ok=302), lambda ctx: {}),
    "budget:estimate_appraise": (
        lambda ctx: {"estimate_id": _budget(ctx)["submitted"].pk},
        refused(STP_READERS, APPRAISERS),
        302,
    ),
    "budget:line_spending": (lambda ctx: {"line_id": _budget(ctx)["line"].pk}, STP_READERS, 302),
    "budget:spending_evidence": (lambda ctx: {"spending_id": _budget(ctx)["spending"].pk}, STP_READERS, 302),
}
