"""Access-matrix entries of the parindex app's routes: PAR index campaigns, sheets, criteria sets and the province's own index.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import AGENCY, ALL_OK, HP_READERS, STP_READERS, extend, only, post, refused
from cchc.testing.parindex import DEADLINES_2022, open_campaign


def _par_campaign(ctx):
    """A 2022 campaign of Sở Tư pháp and Sở TT&TT with Hải Phòng's council member; Sở Tư pháp's
    reporter has attached a PDF to one item of its (draft) sheet."""
    if "par_campaign" not in ctx:
        from cchc.core.uploads import tiny_pdf
        from cchc.parindex import actions as par
        from cchc.testing.parindex import issued_set

        units = ctx["units"]
        cset = issued_set(units, "department")
        c = open_campaign(
            units,
            {"department": cset},
            [units["HP-STP"], units["HP-STTTT"]],
            title="Chỉ số CCHC 2022",
            council=[ctx["users"]["council"]],
            deadlines=DEADLINES_2022,
        )
        sheet = c.sheets.get(unit=units["HP-STP"])
        score = sheet.scores.get(criterion__code="1.1")
        ev = par.do_add_evidence(
            actor=ctx["users"]["reporter"], score=score, file_name="kh.pdf", file_data=tiny_pdf("01/KH-STP")
        )
        ctx.update(par_campaign=c, par_sheet=sheet, par_score=score, par_evidence=ev, par_set=cset)
    return ctx["par_campaign"]


def _par_c(ctx):
    return {"campaign_id": _par_campaign(ctx).pk}


def _par_sheet(ctx):
    _par_campaign(ctx)
    return {"sheet_id": ctx["par_sheet"].pk}


_PAR_RESULTS = {**only({"admin", "officer", "council", "leader", "auditor"}), "dn_officer": 404}
_PAR_MANAGE = {**only(AGENCY), "dn_officer": 404}
PAGES = {
    "parindex:campaign_list": (None, ALL_OK, 302),
    # the province's standing agency opens campaigns (Đà Nẵng's officer for Đà Nẵng)
    "parindex:campaign_create": (None, only({"admin", "officer", "dn_officer"}), 302),
    # an unknown stage: the standing agency gets the refusal message (302), nothing changes
    "parindex:campaign_stage": post(
        _par_c, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"stage": "nonsense"}
    ),
    "parindex:campaign_detail": (_par_c, HP_READERS, 302),
    # not ready (no decision, draft sheets): the standing agency gets the refusal (302)
    "parindex:campaign_approve": post(
        _par_c, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"decision_number": "", "decision_date": ""}
    ),
    # not approved: nothing to reopen, the standing agency gets the message (302)
    "parindex:campaign_reopen": post(
        _par_c, refused(HP_READERS, AGENCY, ok=302), lambda ctx: {"reason": "x"}
    ),
    # no reason: the standing agency gets the refusal (302), nothing is excluded
    "parindex:sheet_exclude": post(
        _par_sheet, refused(STP_READERS, AGENCY, ok=302), lambda ctx: {"reason": ""}
    ),
    # a draft sheet: its unit scores a whole lĩnh vực at once; the council waits for submission
    "parindex:sheet_bulk": (_par_sheet, refused(STP_READERS, {"admin", "reporter", "head"}), 302),
    "parindex:council_queue": (_par_c, {**only({"admin", "officer", "council"}), "dn_officer": 404}, 302),
    "parindex:results": (_par_c, _PAR_RESULTS, 302),
    "parindex:results_download": (extend(_par_c, fmt="xlsx"), _PAR_RESULTS, 302),
    "parindex:survey_points": (_par_c, _PAR_MANAGE, 302),
    "parindex:improvement_plan": (_par_c, _PAR_MANAGE, 302),
    "parindex:sheet_detail": (_par_sheet, STP_READERS, 302),
    # a draft sheet: its own unit and the standing agency; the other readers wait for submission
    "parindex:sheet_download": (
        extend(_par_sheet, fmt="xlsx"),
        refused(STP_READERS, {"admin", "officer", "reporter", "head"}),
        302,
    ),
    # an incomplete sheet: the unit head gets the refusal message (302), nothing is submitted
    "parindex:sheet_submit": post(
        _par_sheet, refused(STP_READERS, {"admin", "head"}, ok=302), lambda ctx: {}
    ),
    # a draft sheet: round 1 cannot be closed; the council gets the message (302)
    "parindex:round_close": post(
        _par_sheet, refused(STP_READERS, {"admin", "officer", "council"}, ok=302), lambda ctx: {"round": "1"}
    ),
    # a stale version: the unit's reporters get the sheet with the conflict beside the field
    # (409), nothing is saved
    "parindex:score_edit": post(
        lambda ctx: (_par_campaign(ctx), {"score_id": ctx["par_score"].pk})[1],
        refused(STP_READERS, {"admin", "reporter", "head"}, ok=409),
        lambda ctx: {"op": "self", "points": "1", "version": "999999"},
    ),
    # a draft sheet's evidence: as its page, its own unit and the standing agency only
    "parindex:evidence_download": (
        lambda ctx: (_par_campaign(ctx), {"evidence_id": ctx["par_evidence"].pk})[1],
        only({"admin", "officer", "reporter", "head"}, denied=404),
        302,
    ),
    "parindex:set_list": (None, ALL_OK, 302),
    "parindex:set_template": (None, ALL_OK, 302),
    "parindex:set_detail": (
        lambda ctx: (_par_campaign(ctx), {"set_id": ctx["par_set"].pk})[1],
        HP_READERS,
        302,
    ),
}
API = {
    "/api/par/campaigns": (None, ALL_OK),
    "/api/par/campaigns/{campaign_id}": (_par_c, HP_READERS),
    "/api/par/campaigns/{campaign_id}/sheets": (_par_c, HP_READERS),
    "/api/par/campaigns/{campaign_id}/results": (_par_c, _PAR_RESULTS),
    "/api/par/sheets/{sheet_id}": (_par_sheet, STP_READERS),
}


def _province_index(ctx):
    """Hải Phòng's own 2022 index from a plan's index table; Sở Tư pháp leads criterion 1.1."""
    if "province_index" not in ctx:
        from decimal import Decimal

        from cchc.parindex.province_actions import do_create_province_campaign
        from cchc.plans.models import IndexCriterion, Plan

        units = ctx["units"]
        plan = Plan.objects.create(
            number="9/KH-UBND",
            title="Kế hoạch nâng cao Chỉ số CCHC",
            province=units["HP"],
            owner_unit=units["HP"],
        )
        for order, (code, lead) in enumerate([("1", ""), ("1.1", "Sở Tư pháp"), ("1.2", "Sở Nội vụ")], 1):
            IndexCriterion.objects.create(
                plan=plan,
                code=code,
                title=f"Tiêu chí {code}",
                max_points=Decimal("2") if code == "1" else Decimal("1"),
                baseline=Decimal("0.5"),
                target=Decimal("1"),
                lead_text=lead,
                order=order,
            )
        ctx["province_index"] = do_create_province_campaign(
            actor=ctx["users"]["officer"], province=units["HP"], year=2022, plan=plan
        )
    return {"campaign_id": ctx["province_index"].pk}


# its readers: the province's readers and the people of its lead departments (Sở Tư pháp, Sở Nội vụ)
_PROVINCE_INDEX_READERS = only({"admin", "officer", "reporter", "head", "council", "leader", "auditor"}, 404)
PAGES |= {
    "parindex:province_list": (None, ALL_OK, 302),
    "parindex:province_detail": (_province_index, _PROVINCE_INDEX_READERS, 302),
    "parindex:province_self": (_province_index, _PROVINCE_INDEX_READERS, 302),
    "parindex:province_gap": (_province_index, _PROVINCE_INDEX_READERS, 302),
    "parindex:province_report": (_province_index, _PROVINCE_INDEX_READERS, 302),
    "parindex:province_result": (
        _province_index,
        {r: (404 if s == 404 else 200 if r in AGENCY else 403) for r, s in _PROVINCE_INDEX_READERS.items()},
        302,
    ),
}
