"""Results of a campaign: points, index, band, rank per block, last year, lost points.

Reads in a fixed number of queries (sheets, scores with criteria, last year's sheets and scores,
successions), then the arithmetic of ``cchc.domain.parindex``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from cchc.domain import parindex as px
from cchc.orgs.models import UnitSuccession
from cchc.parindex.models import Campaign, Criterion, Score, Sheet, SheetStatus

APPRAISED = {SheetStatus.ROUND1, SheetStatus.EXPLAINED, SheetStatus.FINAL}


@dataclass
class UnitResult:
    sheet: Sheet
    appraised: Decimal = Decimal(0)
    survey: Decimal = Decimal(0)
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    max_points: Decimal = Decimal(0)
    index: Decimal | None = None
    band: str = ""
    rank: int | None = None
    provisional: bool = True  # not appraised yet: the index is the self-assessment's
    final: bool = False  # appraisal finished (round 2 closed) and every survey leaf has points
    excluded: bool = False  # left out of the results with a reason (sheet.excluded_reason)
    by_area: dict[str, Decimal] = field(default_factory=dict)
    lost: list[tuple[Criterion, Decimal]] = field(default_factory=list)
    last_index: Decimal | None = None
    last_by_area: dict[str, Decimal] = field(default_factory=dict)

    @property
    def unit(self):
        return self.sheet.unit

    @property
    def change(self) -> Decimal | None:
        """Change against last year: only between two appraised results."""
        if self.provisional or self.index is None or self.last_index is None:
            return None
        return self.index - self.last_index


@dataclass
class CampaignResults:
    campaign: Campaign
    blocks: dict[str, list[UnitResult]]
    areas: dict[str, list[Criterion]]  # block -> top-level criteria (lĩnh vực)


def _closed_final(sheet: Sheet, s: Score):
    """The appraised points of the rounds that are closed (an open round's drafts do not count)."""
    if sheet.round2_at is not None and s.round2_points is not None:
        return s.round2_points
    return s.round1_points


def _sheet_result(sheet: Sheet, scores: list[Score], criteria: list[Criterion]) -> UnitResult:
    cset = sheet.criteria_set
    excluded = bool(sheet.excluded_reason)
    r = UnitResult(
        sheet=sheet,
        max_points=cset.max_points,
        provisional=excluded or sheet.status not in APPRAISED,
        excluded=excluded,
    )
    survey_missing = False
    nodes = [
        px.Node(code=c.code, title=c.title, max_points=c.max_points, kind=c.kind, survey=c.survey)
        for c in criteria
    ]
    roots = px._link(nodes)
    points: dict[str, Decimal | None] = {}
    for s in scores:
        c = s.criterion
        if c.survey:
            got = s.survey_points
            r.survey += got or 0
            survey_missing = survey_missing or got is None
        else:
            got = s.self_points if r.provisional else _closed_final(sheet, s)
            if c.kind == "bonus":
                r.bonus += got or 0
            elif c.kind == "penalty":
                r.penalty += got or 0
            else:
                r.appraised += got or 0
        points[c.code] = got
        if c.kind == "regular" and got is not None and c.max_points - got > 0:
            r.lost.append((c, c.max_points - got))
    totals = px.rollup(roots, points)
    caps = {n.code: n.max_points for n in roots}
    r.by_area = {n.code: totals[n.code] for n in roots if n.kind == "regular"}
    bonus_cap = sum((caps[n.code] for n in roots if n.kind == "bonus"), Decimal(0)) if r.bonus else None
    penalty_cap = sum((caps[n.code] for n in roots if n.kind == "penalty"), Decimal(0)) if r.penalty else None
    r.total = px.score_total(
        r.appraised + r.survey, bonus=r.bonus, penalty=r.penalty, bonus_cap=bonus_cap, penalty_cap=penalty_cap
    )
    if r.max_points > 0:
        r.index = px.compute_index(r.total, r.max_points)
        # a band is a judgement on the final result only (not on a round still open or
        # before the survey points exist)
        r.final = sheet.status == SheetStatus.FINAL and not excluded and not survey_missing
        r.band = px.classify(r.index, cset.bands or []) if r.final else ""
    r.lost.sort(key=lambda cl: (-cl[1], cl[0].order))
    return r


def _load(sheets: list[Sheet]) -> tuple[dict[int, list[Score]], dict[int, list[Criterion]]]:
    scores: dict[int, list[Score]] = {s.pk: [] for s in sheets}
    for sc in Score.objects.filter(sheet__in=sheets).select_related("criterion").order_by("criterion__order"):
        scores[sc.sheet_id].append(sc)
    set_ids = {s.criteria_set_id for s in sheets}
    criteria: dict[int, list[Criterion]] = {i: [] for i in set_ids}
    for c in Criterion.objects.filter(criteria_set_id__in=set_ids).order_by("order"):
        criteria[c.criteria_set_id].append(c)
    return scores, criteria


def lineage_ids(unit_ids: set[int]) -> dict[int, set[int]]:
    """For each unit, itself and its predecessors (merged or renamed units), transitively."""
    preds: dict[int, set[int]] = {}
    for p, s in UnitSuccession.objects.values_list("predecessor_id", "successor_id"):
        preds.setdefault(s, set()).add(p)
    out = {}
    for u in unit_ids:
        seen, todo = {u}, [u]
        while todo:
            for p in preds.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        out[u] = seen
    return out


def campaign_results(campaign: Campaign, *, unit_ids: set[int] | None = None) -> CampaignResults:
    """Every sheet's result, ranked within its block (only appraised sheets are ranked)."""
    qs = campaign.sheets.select_related("unit", "criteria_set").order_by("block", "unit__code")
    sheets = list(qs)
    scores, criteria = _load(sheets)
    results = [_sheet_result(s, scores[s.pk], criteria[s.criteria_set_id]) for s in sheets]
    _compare_last_year(campaign, results)
    blocks: dict[str, list[UnitResult]] = {}
    for r in results:
        blocks.setdefault(r.sheet.block, []).append(r)
    for rows in blocks.values():
        ranks = px.rank({id(r): r.index for r in rows if not r.provisional})
        for r in rows:
            r.rank = ranks.get(id(r))
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, -(r.index or 0), r.unit.code))
    if unit_ids is not None:
        blocks = {b: [r for r in rows if r.unit.pk in unit_ids] for b, rows in blocks.items()}
    areas = {}
    for b, rows in blocks.items():
        if rows:
            areas[b] = [
                c for c in criteria[rows[0].sheet.criteria_set_id] if c.depth == 1 and c.kind == "regular"
            ]
    return CampaignResults(campaign=campaign, blocks=blocks, areas=areas)


def _compare_last_year(campaign: Campaign, results: list[UnitResult]) -> None:
    last = Campaign.objects.filter(province=campaign.province, year=campaign.year - 1).order_by("-pk").first()
    if last is None or not results:
        return
    lineage = lineage_ids({r.unit.pk for r in results})
    wanted = set().union(*lineage.values())
    last_sheets = list(last.sheets.filter(Q(unit_id__in=wanted)).select_related("unit", "criteria_set"))
    if not last_sheets:
        return
    scores, criteria = _load(last_sheets)
    by_unit = {s.unit_id: _sheet_result(s, scores[s.pk], criteria[s.criteria_set_id]) for s in last_sheets}
    for r in results:
        for uid in [r.unit.pk, *sorted(lineage[r.unit.pk] - {r.unit.pk})]:
            if uid in by_unit and not by_unit[uid].provisional:
                r.last_index = by_unit[uid].index
                r.last_by_area = by_unit[uid].by_area
                break


def sheet_result(sheet: Sheet) -> UnitResult:
    scores, criteria = _load([sheet])
    r = _sheet_result(sheet, scores[sheet.pk], criteria[sheet.criteria_set_id])
    _compare_last_year(sheet.campaign, [r])
    return r
