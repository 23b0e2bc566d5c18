"""Reads scoped to a user: campaigns, sheets, scores (with draft visibility), results.

Public contract for other apps: ``results_snapshot(campaign)`` (the oversight app publishes it).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cchc.accounts import policy
from cchc.accounts.policy import grants_for, scoped_get
from cchc.orgs.models import UnitSuccession
from cchc.parindex.models import Campaign, CriteriaSet, Score, ScoreEvidence, Sheet, SheetStatus
from cchc.parindex.results import campaign_results


def _in_provinces_of(user, qs: QuerySet) -> QuerySet:
    """``qs`` narrowed to the provinces the user works in (every province for an admin)."""
    ids = policy.plan_province_ids(grants_for(user))
    return qs if ids is None else qs.filter(province_id__in=ids)


def campaigns_for(user) -> QuerySet[Campaign]:
    """Campaigns of the provinces the user works in."""
    return _in_provinces_of(user, Campaign.objects.select_related("province"))


def access_campaign(user, campaign_id) -> Campaign:
    return scoped_get(campaigns_for(user), campaign_id)


def sets_for(user) -> QuerySet[CriteriaSet]:
    """Criteria sets of the provinces the user works in."""
    return _in_provinces_of(user, CriteriaSet.objects.select_related("province"))


def access_criteria_set(user, set_id) -> CriteriaSet:
    return scoped_get(sets_for(user), set_id)


def _own_unit_ids(user) -> set[int] | None:
    """Units the user reports for, plus the predecessors of those (lineage)."""
    ids = grants_for(user).reportable_unit_ids
    if ids is None:
        return None
    preds = set(UnitSuccession.objects.filter(successor_id__in=ids).values_list("predecessor_id", flat=True))
    return set(ids) | preds


def sheets_for(user, campaign: Campaign) -> QuerySet[Sheet]:
    """The campaign's sheets the user may read: all for its council, standing agency, leaders and
    auditors; otherwise only the user's own unit's (or its predecessors')."""
    qs = campaign.sheets.select_related("unit", "criteria_set")
    if policy.can_read_all_par_sheets(user, campaign):
        return qs
    ids = _own_unit_ids(user)
    return qs if ids is None else qs.filter(unit_id__in=ids)


def access_sheet(user, sheet_id) -> Sheet:
    return scoped_get(
        Sheet.objects.select_related("campaign", "campaign__province", "unit", "criteria_set"),
        sheet_id,
        check=lambda sheet: policy.can_read_par_sheet(user, sheet),
    )


def access_score(user, score_id) -> Score:
    return scoped_get(
        Score.objects.select_related("criterion", "sheet", "sheet__campaign", "sheet__unit"),
        score_id,
        check=lambda score: policy.can_read_par_sheet(user, score.sheet),
    )


def access_score_evidence(user, evidence_id) -> ScoreEvidence:
    # the same rule as the sheet's page and API: a draft sheet's self-scores and their evidence
    # only for its own unit (and the standing agency), not for the council, leaders or auditors
    return scoped_get(
        ScoreEvidence.objects.select_related("score__sheet__campaign", "score__sheet__unit"),
        evidence_id,
        check=lambda ev: (
            policy.can_read_par_sheet(user, ev.score.sheet) and can_see_self_scores(user, ev.score.sheet)
        ),
    )


def can_see_self_scores(user, sheet: Sheet) -> bool:
    """Another unit's self-scores (and totals) only once submitted."""
    return (
        policy.can_self_score(user, sheet)
        or policy.can_see_other_drafts(user, sheet.campaign)
        or sheet.status != SheetStatus.DRAFT
    )


def visible_scores(user, sheet: Sheet) -> list[dict]:
    """The sheet's rows for ``user``: self-scores of another unit only once submitted; a round's
    appraisal only once closed, except the council member's own entries (and the standing
    agency, which chairs the council, sees all)."""
    see_all = policy.can_see_other_drafts(user, sheet.campaign)
    show_self = can_see_self_scores(user, sheet)
    closed1 = sheet.round1_at is not None
    closed2 = sheet.round2_at is not None
    uid = getattr(user, "pk", None)
    rows = []
    for s in sheet.scores.select_related("criterion").prefetch_related(
        "evidence", "evidence__tracking_evidence"
    ):
        r1 = s.round1_points if (closed1 or see_all or s.round1_by_id == uid) else None
        r2 = s.round2_points if (closed2 or see_all or s.round2_by_id == uid) else None
        rows.append(
            {
                "score": s,
                "criterion": s.criterion,
                "self_points": s.self_points if show_self else None,
                "round1_points": r1,
                "round1_comment": s.round1_comment if r1 is not None else "",
                "round1_draft": r1 is not None and not closed1,
                "round2_points": r2,
                "round2_comment": s.round2_comment if r2 is not None else "",
                "final_points": (s.round2_points if closed2 else s.round1_points) if closed1 else None,
                "survey_points": s.survey_points,
                "contested": closed1
                and s.round1_points is not None
                and s.self_points is not None
                and s.round1_points < s.self_points,
                "evidence": list(s.evidence.all()) if show_self else [],
            }
        )
    return rows


def campaign_overview(campaign: Campaign, user) -> list[dict]:
    """One row per readable sheet: status, scored/total leaves, late (past the self deadline)."""
    from django.utils import timezone

    today = timezone.localdate()
    qs = sheets_for(user, campaign).annotate(
        n_leaves=Count("scores", filter=Q(scores__criterion__survey=False)),
        n_scored=Count(
            "scores", filter=Q(scores__criterion__survey=False, scores__self_points__isnull=False)
        ),
    )
    out = []
    for s in qs:
        late = s.status == SheetStatus.DRAFT and today > campaign.self_deadline
        out.append({"sheet": s, "late": late, "n_leaves": s.n_leaves, "n_scored": s.n_scored})
    return out


def council_queue(campaign: Campaign) -> QuerySet[Sheet]:
    """Sheets waiting for the council: submitted (round 1) or explained (round 2)."""
    return (
        campaign.sheets.filter(status__in=[SheetStatus.SUBMITTED, SheetStatus.EXPLAINED, SheetStatus.ROUND1])
        .select_related("unit")
        .order_by("status", "submitted_at")
    )


def _pts(value) -> str:
    """Points as plain text without trailing zeros ("4.5", "10")."""
    return format(value.normalize(), "f")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def results_snapshot(campaign: Campaign) -> dict:
    """Results as JSON-ready data (for publication): the campaign and its approving decision;
    per block its label, the criteria set (name, version, decision, source, stand-in or not), the
    lĩnh vực, the ranked appraised units (index, band, points per lĩnh vực) and the units not
    assessed (with the reason: excluded, or not appraised yet)."""
    from cchc.parindex.models import Block

    res = campaign_results(campaign)
    sets = {cs.block: cs.criteria_set for cs in campaign.sets.select_related("criteria_set")}
    blocks = []
    for block, rows in res.blocks.items():
        areas = res.areas.get(block, [])
        cset = sets.get(block) or (rows[0].sheet.criteria_set if rows else None)
        blocks.append(
            {
                "block": block,
                "label": str(Block(block).label) if block in Block.values else block,
                "criteria_set": {
                    "title": cset.title,
                    "version": cset.version,
                    "year": cset.year,
                    "decision_number": cset.decision_number,
                    "decision_date": _iso(cset.decision_date),
                    "source_note": cset.source_note,
                    "is_stand_in": cset.is_stand_in,
                }
                if cset
                else None,
                "areas": [
                    {"code": a.code, "title": a.title, "max_points": _pts(a.max_points)} for a in areas
                ],
                "units": [
                    {
                        "rank": r.rank,
                        "unit_id": r.unit.pk,
                        "unit_code": r.unit.code,
                        "unit": r.unit.name,
                        "index": str(r.index) if r.index is not None else None,
                        "band": r.band,
                        "final": r.final,
                        "points": _pts(r.total),
                        "survey_points": _pts(r.survey),
                        "max_points": _pts(r.max_points),
                        "last_year_index": str(r.last_index) if r.last_index is not None else None,
                        "by_area": {code: _pts(v) for code, v in r.by_area.items()},
                    }
                    for r in rows
                    if not r.provisional
                ],
                "not_assessed": [
                    {
                        "unit_id": r.unit.pk,
                        "unit_code": r.unit.code,
                        "unit": r.unit.name,
                        "reason": r.sheet.excluded_reason or str(r.sheet.get_status_display()),
                        "excluded": r.excluded,
                    }
                    for r in rows
                    if r.provisional
                ],
            }
        )
    return {
        "campaign": {
            "id": campaign.pk,
            "title": campaign.title,
            "stage": campaign.stage,
            "decision_number": campaign.decision_number,
            "decision_date": _iso(campaign.decision_date),
            "approved": campaign.approved_at is not None,
        },
        "year": campaign.year,
        "province": campaign.province.name,
        "blocks": blocks,
    }


def campaign_for_publication(province, year: int) -> Campaign | None:
    """The campaign whose results a publication of ``year`` shows: the latest approved one, else
    the latest (so that the refusal can say why)."""
    from django.db.models import F

    return (
        Campaign.objects.filter(province=province, year=year)
        .order_by(F("approved_at").desc(nulls_last=True), "-pk")
        .first()
    )


def publication_refusal(province, year: int) -> list[str]:
    """Why the PAR INDEX results of ``year`` cannot be published (empty: they can)."""
    from django.utils.translation import gettext as _

    from cchc.parindex.approval import publication_problems

    campaign = campaign_for_publication(province, year)
    if campaign is None:
        return [_("Chưa có đợt đánh giá Chỉ số CCHC năm %(year)s.") % {"year": year}]
    return publication_problems(campaign)
