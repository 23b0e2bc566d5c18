"""Surveys API: rounds, a round's units with their sample status, results per unit, a unit's N
and sample, and the import of external responses (paper, LimeSurvey, KoboToolbox).

Same permissions as the pages (``accounts.policy``): members of a province read its rounds (a
unit's own people only their unit's results); the province's standing agency changes samples and
imports responses. Errors are the declared ``ErrorOut`` bodies (400 refused input, 403, 404, 422).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.core.errors import DomainError
from cchc.core.uploads import check_size
from cchc.surveys import actions, queries
from cchc.surveys.models import SurveyRound
from cchc.surveys.schemas import (
    RoundDetailOut,
    RoundOut,
    RoundResultsOut,
    RoundUnitIn,
    RoundUnitOut,
    SurveyImportOut,
)

router = Router(tags=["surveys"])

SOURCES = ("paper", "limesurvey", "kobo")


def _round_out(r: SurveyRound) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "province_id": r.province_id,
        "province": r.province.name,
        "year": r.year,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "status": r.status,
        "questionnaire": r.questionnaire.code,
        "questionnaire_version": r.questionnaire.version,
        "reference_from": r.reference_from,
        "reference_to": r.reference_to,
        "margin": r.margin,
    }


def _unit_out(row: dict) -> dict:
    ru = row["round_unit"]
    return {
        "id": ru.pk,
        "unit_id": ru.unit_id,
        "unit_code": ru.unit.code,
        "unit": ru.unit.name,
        "population": ru.population,
        "population_source": ru.population_source,
        "sample_size": ru.sample_size,
        "responses": row["responses"],
        "sample_status": row["sample_status"],
        "sample_note": str(row["sample_note"]),
        "overall": row["overall"],
    }


@router.get("/rounds", response=list[RoundOut], url_name="surveys_round_list")
def list_rounds(request, year: int | None = None):
    qs = queries.rounds_for(request.user).order_by("-year", "-starts_on", "-id")
    if year is not None:
        qs = qs.filter(year=year)
    return [_round_out(r) for r in qs[:500]]


@router.get("/rounds/{round_id}", response=RoundDetailOut, url_name="surveys_round_detail")
def get_round(request, round_id: int):
    """The round and the units the user may read, each with N (and where it came from), the
    sample, the responses and whether the sample is reached (``sample_note``)."""
    rnd = queries.access_round(request.user, round_id)
    rows = queries.unit_table(rnd, list(queries.round_units_for(request.user, rnd).order_by("unit__code")))
    return {**_round_out(rnd), "units": [_unit_out(r) for r in rows]}


@router.get("/rounds/{round_id}/results", response=RoundResultsOut, url_name="surveys_round_results")
def get_results(request, round_id: int):
    """Each readable unit's indices with their confidence interval and target; an index from
    fewer responses than the sample requires carries ``sample_note`` "chưa đủ mẫu (n/N)"."""
    rnd = queries.access_round(request.user, round_id)
    rows = queries.unit_table(rnd, list(queries.round_units_for(request.user, rnd).order_by("unit__code")))
    return {
        "round": _round_out(rnd),
        "units": [
            {
                **_unit_out(r),
                "indices": [
                    {k: i[k] for k in ("code", "label", "value", "ci_low", "ci_high", "n", "target")}
                    | {"attainment": i["attainment"] or ""}
                    for i in r["indices"]
                ],
            }
            for r in rows
        ],
    }


@router.patch("/round-units/{round_unit_id}", response=RoundUnitOut, url_name="surveys_round_unit_update")
def update_round_unit(request, round_unit_id: int, data: RoundUnitIn):
    """The standing agency corrects a unit's N (pre-filled from its dossiers) or its sample; a
    sample of 0 is refused (400)."""
    ru = queries.access_round_unit(request.user, round_unit_id)
    if not policy.can_manage_survey_round(request.user, ru.round.province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được sửa cỡ mẫu."))
    actions.do_update_round_unit(
        round_unit=ru,
        population=data.population,
        sample=data.sample_size,
        max_responses=ru.max_responses,
        actor=request.user,
    )
    row = queries.unit_table(ru.round, [ru])[0]
    return _unit_out(row)


@router.post("/rounds/{round_id}/responses", response=SurveyImportOut, url_name="surveys_response_import")
def import_responses(request, round_id: int, file: UploadedFile = File(...), source: str = Form("paper")):
    """Import external responses (multipart ``file``: CSV or XLSX, ``source``: paper, limesurvey
    or kobo). All rows or none: a file with a bad row is refused (400) with the rows listed."""
    from cchc.surveys.importing import do_import_responses

    rnd = queries.access_round(request.user, round_id)
    if source not in SOURCES:
        raise DomainError(_("Nguồn phiếu không hợp lệ (paper, limesurvey, kobo)."), code="source")
    check_size(file.name or "", file.size)
    batch = do_import_responses(
        round=rnd, data=file.read(), filename=file.name or "upload.csv", source=source, actor=request.user
    )
    return {"batch_id": batch.pk, "rows": batch.rows, "source": batch.source}
