"""Computing a round's results: answers are streamed from the database once, grouped per
response, and fed to ``cchc.domain.surveys.compute`` per unit and channel; only the aggregates
are stored (``UnitResult``), which pages, exports, the CLI and other apps read."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import record
from cchc.domain.surveys import compute
from cchc.surveys.models import Answer, Response, RoundUnit, SurveyRound, UnitResult

ALL = ""  # the channels the round counts


def stream_responses(round: SurveyRound, *, round_unit_id: int | None = None):
    """(response id, unit id, channel, submitted_at, answers) per response, answers as the domain
    reads them (lists for multiple choice, Decimal for numbers)."""
    q = round.questionnaire.parsed
    multiple = {n for n, qq in q.questions.items() if qq.type == "select_multiple"}
    rows = Answer.objects.filter(response__round_unit__round=round)
    if round_unit_id is not None:
        rows = rows.filter(response__round_unit_id=round_unit_id)
    rows = rows.order_by("response_id", "id").values_list(
        "response_id",
        "response__round_unit__unit_id",
        "response__channel",
        "response__submitted_at",
        "question",
        "value",
        "number",
    )
    current, unit, channel, when, answers = None, None, None, None, {}
    for rid, unit_id, ch, at, question, value, number in rows.iterator(chunk_size=5000):
        if rid != current:
            if current is not None:
                yield current, unit, channel, when, answers
            current, unit, channel, when, answers = rid, unit_id, ch, at, {}
        if question in multiple:
            answers.setdefault(question, []).append(value)
        else:
            answers[question] = number if number is not None else value
    if current is not None:
        yield current, unit, channel, when, answers


def compute_round(round: SurveyRound) -> list[dict]:
    """One dict per (unit or None for the whole round, channel or "" for the counted channels)."""
    q = round.questionnaire.parsed
    counted = set(round.counted_channels or [])
    units = {ru.unit_id: ru for ru in RoundUnit.objects.filter(round=round)}
    buckets: dict[tuple, list[dict]] = defaultdict(list)
    for _rid, unit_id, channel, _at, answers in stream_responses(round):
        targets = [(unit_id, channel), (None, channel)]
        if not counted or channel in counted:
            targets += [(unit_id, ALL), (None, ALL)]
        for t in targets:
            buckets[t].append(answers)
    counts: dict[tuple, int] = defaultdict(int)
    for row in (
        Response.objects.filter(round_unit__round=round)
        .values("round_unit__unit_id", "channel")
        .annotate(n=Count("id"))
    ):
        u, ch, n = row["round_unit__unit_id"], row["channel"], row["n"]
        counts[(u, ch)] += n
        counts[(None, ch)] += n
        if not counted or ch in counted:
            counts[(u, ALL)] += n
            counts[(None, ALL)] += n
    keys = set(counts) | {(u, ALL) for u in units} | {(None, ALL)}
    total_population = sum(ru.population or 0 for ru in units.values()) or None
    out = []
    for unit_id, channel in sorted(keys, key=lambda k: (k[0] or 0, k[1])):
        population = units[unit_id].population if unit_id in units else total_population
        indices, dist, _n = compute(
            q, buckets.get((unit_id, channel), []), population=population, level=round.confidence_level
        )
        primary = q.primary_index
        out.append(
            {
                "unit_id": unit_id,
                "channel": channel,
                "responses": counts.get((unit_id, channel), 0),
                "overall": indices[primary.code].value if primary else None,
                "indices": {c: r.as_dict() for c, r in indices.items()},
                "distributions": {
                    n: {
                        "answered": d.answered,
                        "counts": d.counts,
                        "mean": str((d.total / d.answered).quantize(Decimal("0.01")))
                        if d.total is not None and d.answered
                        else None,
                    }
                    for n, d in dist.items()
                },
            }
        )
    return out


def do_refresh_results(*, round: SurveyRound, actor) -> int:
    """Recompute and store the round's results (replacing the previous ones)."""
    if not policy.can_manage_survey_round(actor, round.province):
        raise Forbidden
    computed = compute_round(round)
    now = timezone.now()
    with transaction.atomic():
        UnitResult.objects.filter(round=round).delete()
        UnitResult.objects.bulk_create(
            [
                UnitResult(
                    round=round,
                    unit_id=r["unit_id"],
                    channel=r["channel"],
                    responses=r["responses"],
                    overall=r["overall"],
                    indices=r["indices"],
                    distributions=r["distributions"],
                    computed_at=now,
                )
                for r in computed
            ]
        )
        SurveyRound.objects.filter(pk=round.pk).update(results_at=now)
        round.results_at = now
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=round,
            changes={"results_at": [None, now.isoformat()]},
            unit=round.province,
            note="results",
        )
    return len(computed)
