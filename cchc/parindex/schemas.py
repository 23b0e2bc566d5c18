from __future__ import annotations

from decimal import Decimal

from ninja import Schema

from cchc.core.schemas import ErrorOut

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CampaignOut(Schema):
    id: int
    year: int
    title: str
    stage: str
    province: str
    self_deadline: str
    explanation_deadline: str
    appraisal_deadline: str


class SheetRowOut(Schema):
    id: int
    unit_id: int
    unit: str
    block: str
    status: str
    n_leaves: int
    n_scored: int
    late: bool


class ScoreOut(Schema):
    id: int
    code: str
    title: str
    max_points: Decimal
    survey: bool
    self_points: Decimal | None
    self_note: str
    prefill_points: Decimal | None
    prefill_source: str
    round1_points: Decimal | None
    round1_comment: str
    round2_points: Decimal | None
    round2_comment: str
    explanation: str
    final_points: Decimal | None
    survey_points: Decimal | None
    evidence: list[dict]
    version: int


class SheetOut(Schema):
    id: int
    campaign_id: int
    unit_id: int
    unit: str
    status: str
    version: int
    total: Decimal | None
    max_points: Decimal
    index: Decimal | None
    band: str
    provisional: bool
    scores: list[ScoreOut]


class ScoreIn(Schema):
    points: str
    note: str = ""
    override_reason: str = ""
    expected_version: int


class AppraisalIn(Schema):
    round: int
    points: str
    comment: str = ""
    expected_version: int
