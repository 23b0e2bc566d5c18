"""Reads of the surveys app, scoped to a user, and the public contract other apps call:

- ``unit_index_for_year(unit_id, year)``: the unit's overall satisfaction index (0–100) from the
  latest closed round of that year of a citizens' questionnaire (the PAR INDEX SIPAS points);
- ``unit_officials_results_for_year(unit_id, year)``: the unit's indices in the survey of leaders,
  managers and civil servants (``OFFICIALS_QUESTIONNAIRES``; the PAR INDEX "Tác động" points);
- ``results_snapshot(round)``: the round's indices per unit as JSON-ready data;
- ``indices_for_province(province_id, year)``: every closed round's indices per unit of a province.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import grants_for, scoped_get
from cchc.domain.surveys import attainment
from cchc.domain.surveys.indices import sample_status
from cchc.domain.vnformat import format_number
from cchc.surveys.models import RoundStatus, RoundTarget, RoundUnit, SurveyRound, UnitResult


def rounds_for(user):
    ids = policy.survey_province_ids(user)
    qs = SurveyRound.objects.select_related("province", "questionnaire")
    return qs if ids is None else qs.filter(province_id__in=ids)


def access_round(user, round_id) -> SurveyRound:
    return scoped_get(rounds_for(user), round_id)


def access_round_unit(user, round_unit_id) -> RoundUnit:
    return scoped_get(
        RoundUnit.objects.select_related("round__province", "round__questionnaire", "unit"),
        round_unit_id,
        check=lambda ru: (
            policy.can_read_survey_unit(user, ru.unit) and rounds_for(user).filter(pk=ru.round_id).exists()
        ),
    )


def round_units_for(user, rnd: SurveyRound):
    """The round's units the user may read (all for the province's readers, own unit for staff)."""
    ids = grants_for(user).readable_unit_ids if user is not None else None
    qs = RoundUnit.objects.filter(round=rnd).select_related("unit")
    return qs if ids is None else qs.filter(unit_id__in=ids)


def previous_round(rnd: SurveyRound) -> SurveyRound | None:
    """The province's latest earlier closed round of the same questionnaire (any version)."""
    return (
        SurveyRound.objects.filter(
            province_id=rnd.province_id,
            questionnaire__code=rnd.questionnaire.code,
            status=RoundStatus.CLOSED,
            ends_on__lt=rnd.starts_on,
        )
        .order_by("-ends_on", "-id")
        .first()
    )


def _dec(v) -> Decimal | None:
    return None if v in (None, "") else Decimal(str(v))


def sample_note(responses: int, sample: int) -> str:
    """How an index from ``responses`` must be read, shown wherever the index is: "" when the
    sample is reached; "chưa đủ mẫu (n/N)"; "chưa có số liệu" with no response; "chưa xác định
    cỡ mẫu" when the sample is unknown (no N)."""
    status = sample_status(responses, sample)
    if status == "none":
        return _("chưa có số liệu")
    if status == "short":
        return _("chưa đủ mẫu (%(n)s/%(N)s)") % {"n": format_number(responses), "N": format_number(sample)}
    if status == "unknown":
        return _("chưa xác định cỡ mẫu")
    return ""


def unit_table(rnd: SurveyRound, round_units, *, channel: str = "") -> list[dict]:
    """Per unit: responses, sample, response rate, each index with interval, target and last round."""
    q = rnd.questionnaire.parsed
    unit_ids = [ru.unit_id for ru in round_units]
    results = {
        r.unit_id: r for r in UnitResult.objects.filter(round=rnd, channel=channel, unit_id__in=unit_ids)
    }
    targets = {t.index_code: t for t in RoundTarget.objects.filter(round=rnd)}
    prev = previous_round(rnd)
    prev_results = (
        {r.unit_id: r for r in UnitResult.objects.filter(round=prev, channel="", unit_id__in=unit_ids)}
        if prev
        else {}
    )
    rows = []
    for ru in round_units:
        res = results.get(ru.unit_id)
        before = prev_results.get(ru.unit_id)
        n = res.responses if res else 0
        status, note = sample_status(n, ru.sample_size), sample_note(n, ru.sample_size)
        indices = []
        for d in q.indices:
            data = (res.indices if res else {}).get(d.code, {})
            value = _dec(data.get("value"))
            target = targets.get(d.code)
            last = _dec((before.indices if before else {}).get(d.code, {}).get("value"))
            indices.append(
                {
                    "code": d.code,
                    "label": d.label,
                    "type": d.type,
                    "value": value,
                    "ci_low": _dec(data.get("ci_low")),
                    "ci_high": _dec(data.get("ci_high")),
                    "n": data.get("n", 0),
                    "target": target.target if target else None,
                    "baseline": target.baseline if target else None,
                    "attainment": attainment(
                        value, target.target if target else None, target.comparator if target else ""
                    ),
                    "comparator": target.comparator if target else "",
                    "previous": last,
                    "change": (value - last) if value is not None and last is not None else None,
                    "sample_status": status,
                    "sample_note": note,
                }
            )
        rows.append(
            {
                "round_unit": ru,
                "unit": ru.unit,
                "responses": n,
                "sample_size": ru.sample_size,
                "population": ru.population,
                "response_rate": (Decimal(n) * 100 / ru.sample_size).quantize(Decimal("0.01"))
                if ru.sample_size
                else None,
                "overall": res.overall if res else None,
                "indices": indices,
                "result": res,
                "sample_status": status,
                "sample_note": note,
            }
        )
    return rows


# --------------------------------------------------------------------------- public contract
# Questionnaires answered by the staff of the assessed unit (the survey of leaders, managers and
# civil servants of the PAR INDEX), not by citizens: never a satisfaction index.
OFFICIALS_QUESTIONNAIRES = ("DTXHH-CBCC",)


def unit_index_for_year(unit_id: int, year: int, *, questionnaire_code: str | None = None) -> Decimal | None:
    """The overall satisfaction index (0–100, the questionnaire's primary index over the channels
    the round counts) of the unit from the latest closed round of ``year`` that surveyed it (of
    any citizens' questionnaire, or only ``questionnaire_code``, e.g. "SIPAS-2017"); None without one."""
    results = UnitResult.objects.filter(
        unit_id=unit_id, channel="", round__year=year, round__status=RoundStatus.CLOSED, overall__isnull=False
    )
    if questionnaire_code:
        results = results.filter(round__questionnaire__code=questionnaire_code)
    else:
        results = results.exclude(round__questionnaire__code__in=OFFICIALS_QUESTIONNAIRES)
    return results.order_by("-round__ends_on", "-round_id").values_list("overall", flat=True).first()


def unit_officials_results_for_year(unit_id: int, year: int) -> dict | None:
    """The unit's results (0–100) in the latest closed round of ``year`` of the survey of leaders,
    managers and civil servants: ``{"overall": Decimal, "indices": {code: Decimal}}``, or None."""
    row = (
        UnitResult.objects.filter(
            unit_id=unit_id,
            channel="",
            round__year=year,
            round__status=RoundStatus.CLOSED,
            round__questionnaire__code__in=OFFICIALS_QUESTIONNAIRES,
        )
        .order_by("-round__ends_on", "-round_id")
        .values("overall", "indices")
        .first()
    )
    if row is None:
        return None
    indices = {}
    for code, v in (row["indices"] or {}).items():
        value = v.get("value") if isinstance(v, dict) else v
        if value is not None:
            indices[code] = Decimal(str(value))
    return {"overall": row["overall"], "indices": indices}


def _snapshot_rows(rnd: SurveyRound, rows: list[dict]) -> list[dict]:
    def s(v):
        return None if v is None else str(v)

    return [
        {
            "unit_id": r["unit"].pk,
            "unit_code": r["unit"].code,
            "unit_name": r["unit"].name,
            "responses": r["responses"],
            "sample_size": r["sample_size"],
            "response_rate": s(r["response_rate"]),
            "overall": s(r["overall"]),
            "sample_status": r["sample_status"],
            "sample_note": str(r["sample_note"]),
            "indices": {
                i["code"]: {
                    "label": i["label"],
                    "value": s(i["value"]),
                    "ci_low": s(i["ci_low"]),
                    "ci_high": s(i["ci_high"]),
                    "n": i["n"],
                    "target": s(i["target"]),
                    "attainment": i["attainment"],
                    "previous": s(i["previous"]),
                }
                for i in r["indices"]
            },
        }
        for r in rows
    ]


def results_snapshot(round: SurveyRound) -> dict:
    """The round's stored results, JSON-serialisable (Decimals as strings): what the CLI prints,
    what public disclosure publishes. Free-text answers are never included."""
    rnd = round
    q = rnd.questionnaire
    rows = unit_table(rnd, list(RoundUnit.objects.filter(round=rnd).select_related("unit")))
    total = UnitResult.objects.filter(round=rnd, unit__isnull=True, channel="").first()
    primary = q.parsed.primary_index
    return {
        "round": {
            "id": rnd.pk,
            "title": rnd.title,
            "province": rnd.province.name,
            "province_id": rnd.province_id,
            "year": rnd.year,
            "starts_on": rnd.starts_on.isoformat(),
            "ends_on": rnd.ends_on.isoformat(),
            "status": rnd.status,
            "results_at": rnd.results_at.isoformat() if rnd.results_at else None,
            "counted_channels": rnd.counted_channels or [],
        },
        "questionnaire": {
            "code": q.code,
            "version": q.version,
            "title": q.title,
            "source": q.source,
            "confidence": q.confidence,
            "primary_index": primary.code if primary else None,
        },
        "total": {
            "responses": total.responses if total else 0,
            "overall": None if not total or total.overall is None else str(total.overall),
            "indices": total.indices if total else {},
        },
        "units": _snapshot_rows(rnd, rows),
    }


def indices_for_province(province_id: int, year: int) -> list[dict]:
    """Every closed round of the province in ``year``: one dict per unit and round."""
    out = []
    rounds = SurveyRound.objects.filter(
        province_id=province_id, year=year, status=RoundStatus.CLOSED
    ).select_related("questionnaire", "province")
    for rnd in rounds.order_by("ends_on", "id"):
        snap = results_snapshot(rnd)
        for row in snap["units"]:
            out.append(
                {
                    "round_id": rnd.pk,
                    "round_title": rnd.title,
                    "questionnaire": rnd.questionnaire.code,
                    "ends_on": rnd.ends_on.isoformat(),
                    **row,
                }
            )
    return out
