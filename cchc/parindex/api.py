"""PAR INDEX API: campaigns, a sheet with its scores, scoring and appraising one item, results."""

from __future__ import annotations

from ninja import Router

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.parindex import actions, queries
from cchc.parindex.results import sheet_result
from cchc.parindex.schemas import ERRORS, AppraisalIn, CampaignOut, ScoreIn, SheetOut, SheetRowOut

router = Router(tags=["parindex"])


def _campaign_out(c) -> dict:
    return {
        "id": c.pk,
        "year": c.year,
        "title": c.title,
        "stage": c.stage,
        "province": c.province.name,
        "self_deadline": c.self_deadline.isoformat(),
        "explanation_deadline": c.explanation_deadline.isoformat(),
        "appraisal_deadline": c.appraisal_deadline.isoformat(),
    }


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS})
def list_campaigns(request):
    return [_campaign_out(c) for c in queries.campaigns_for(request.user).order_by("-year", "-pk")]


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS})
def get_campaign(request, campaign_id: int):
    return _campaign_out(queries.access_campaign(request.user, campaign_id))


@router.get("/campaigns/{campaign_id}/sheets", response={200: list[SheetRowOut], **ERRORS})
def list_sheets(request, campaign_id: int):
    c = queries.access_campaign(request.user, campaign_id)
    return [
        {
            "id": r["sheet"].pk,
            "unit_id": r["sheet"].unit_id,
            "unit": r["sheet"].unit.name,
            "block": r["sheet"].block,
            "status": r["sheet"].status,
            "n_leaves": r["n_leaves"],
            "n_scored": r["n_scored"],
            "late": r["late"],
        }
        for r in queries.campaign_overview(c, request.user)
    ]


@router.get("/campaigns/{campaign_id}/results", response={200: dict, **ERRORS})
def get_results(request, campaign_id: int):
    """The ranking per block (appraised units), as published: ``queries.results_snapshot``."""
    c = queries.access_campaign(request.user, campaign_id)
    if not policy.can_read_par_results(request.user, c):
        raise Forbidden
    return queries.results_snapshot(c)


def _score_out(r: dict) -> dict:
    s, c = r["score"], r["criterion"]
    return {
        "id": s.pk,
        "code": c.code,
        "title": c.title,
        "max_points": c.max_points,
        "survey": c.survey,
        "self_points": r["self_points"],
        "self_note": s.self_note if r["self_points"] is not None else "",
        "prefill_points": s.prefill_points,
        "prefill_source": s.prefill_source,
        "round1_points": r["round1_points"],
        "round1_comment": r["round1_comment"],
        "round2_points": r["round2_points"],
        "round2_comment": r["round2_comment"],
        "explanation": s.explanation,
        "final_points": r["final_points"],
        "survey_points": r["survey_points"],
        "evidence": [
            {
                "id": e.pk,
                "stage": e.stage,
                "doc_number": e.doc_number,
                "url": e.url,
                "file": e.original_name,
                "tracking_evidence_id": e.tracking_evidence_id,
            }
            for e in r["evidence"]
        ],
        "version": s.version,
    }


def _sheet_out(user, sheet) -> dict:
    res = sheet_result(sheet)
    hidden = not queries.can_see_self_scores(user, sheet)
    return {
        "id": sheet.pk,
        "campaign_id": sheet.campaign_id,
        "unit_id": sheet.unit_id,
        "unit": sheet.unit.name,
        "status": sheet.status,
        "version": sheet.version,
        "total": None if hidden else res.total,
        "max_points": res.max_points,
        "index": None if hidden else res.index,
        "band": "" if hidden else res.band,
        "provisional": res.provisional,
        "scores": [_score_out(r) for r in queries.visible_scores(user, sheet)],
    }


@router.get("/sheets/{sheet_id}", response={200: SheetOut, **ERRORS})
def get_sheet(request, sheet_id: int):
    return _sheet_out(request.user, queries.access_sheet(request.user, sheet_id))


@router.post("/scores/{score_id}/self", response={200: SheetOut, **ERRORS})
def post_self_score(request, score_id: int, data: ScoreIn):
    """The unit's self-score of one item; 409 when ``expected_version`` is stale."""
    score = queries.access_score(request.user, score_id)
    actions.do_self_score(
        actor=request.user,
        score=score,
        points=data.points,
        note=data.note,
        override_reason=data.override_reason,
        expected_version=data.expected_version,
    )
    return _sheet_out(request.user, score.sheet)


@router.post("/scores/{score_id}/appraisal", response={200: SheetOut, **ERRORS})
def post_appraisal(request, score_id: int, data: AppraisalIn):
    """A council member's appraised score (round 1 or 2); 409 when ``expected_version`` is stale."""
    score = queries.access_score(request.user, score_id)
    actions.do_appraise(
        actor=request.user,
        score=score,
        round=data.round,
        points=data.points,
        comment=data.comment,
        expected_version=data.expected_version,
    )
    return _sheet_out(request.user, score.sheet)
