"""REST API: the indicator catalogue, DHIS2-shaped data-value sets (JSON and CSV), target
attainment of a plan and the 766 index."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from ninja import Router

from cchc.accounts import policy
from cchc.core.errors import DomainError
from cchc.domain.indicators import period_from_dhis2
from cchc.indicators import actions, queries
from cchc.indicators.models import ValueSource
from cchc.indicators.schemas import (
    DataValueOut,
    DataValueSet,
    ImportSummary,
    IndicatorOut,
    Message,
    PlanAttainmentOut,
)
from cchc.plans.queries import access_plan

router = Router(tags=["indicators"])
ERRORS = {400: Message, 403: Message, 404: Message, 409: Message, 422: Message}
MAX_ROWS = 10_000


@router.get("/", response={200: list[IndicatorOut], **ERRORS}, url_name="indicators_list")
def list_indicators(request):
    return list(queries.indicators_for(request.user))


@router.get("/dataValueSets", response={200: dict, **ERRORS}, url_name="indicators_data_values")
def get_data_values(request, dataElement: str = "", period: str = "", orgUnit: str = ""):
    qs = queries.values_for(request.user)
    if dataElement:
        qs = qs.filter(indicator__code=dataElement)
    if period:
        try:
            qs = qs.filter(period_key=period_from_dhis2(period))
        except ValueError:
            raise DomainError(_("Kỳ không hợp lệ: %(p)s") % {"p": period}, code="period") from None
    if orgUnit:
        qs = qs.filter(unit__code=orgUnit)
    rows = qs.order_by("indicator__code", "period_key", "unit__code")[:MAX_ROWS]
    return {
        "dataValues": [
            DataValueOut(
                dataElement=v.indicator.code,
                orgUnit=v.unit.code,
                period=v.period_key,
                value=v.value,
                comment=v.comment,
                status=v.status,
                outlier=v.outlier,
            ).dict()
            for v in rows
        ]
    }


def _rows_from_csv(body: bytes) -> list[dict]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("Tệp CSV phải là UTF-8."), code="encoding") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    need = ["dataelement", "period", "orgunit", "value"]
    missing = [n for n in need if n not in fields]
    if missing:
        raise DomainError(_("CSV thiếu cột: %(c)s") % {"c": ", ".join(missing)}, code="columns")
    out = []
    for r in reader:
        out.append(
            {
                "dataElement": r.get(fields["dataelement"], ""),
                "period": r.get(fields["period"], ""),
                "orgUnit": r.get(fields["orgunit"], ""),
                "value": r.get(fields["value"], ""),
                "comment": r.get(fields.get("comment", ""), "") if "comment" in fields else "",
            }
        )
        if len(out) > MAX_ROWS:
            raise DomainError(_("Tối đa %(n)s dòng mỗi lần gửi.") % {"n": MAX_ROWS}, code="size")
    return out


@router.post("/dataValueSets", response={200: ImportSummary, **ERRORS}, url_name="indicators_data_value_set")
def post_data_value_set(request):
    """A DHIS2 data-value set: JSON ``{"dataValues": [{dataElement, orgUnit, period, value,
    comment}]}`` or CSV (``Content-Type: text/csv``; columns dataelement, period, orgunit, value,
    comment). All or nothing: any bad row answers 400 with every conflict and saves nothing."""
    ctype = (request.content_type or "").lower()
    if "csv" in ctype:
        items = _rows_from_csv(request.body)
    else:
        try:
            items = [d.dict() for d in DataValueSet.model_validate_json(request.body or b"{}").dataValues]
        except ValueError as exc:
            raise DomainError(
                _("Dữ liệu JSON không hợp lệ."), code="invalid", details=[str(exc)[:500]]
            ) from None
    rows = []
    for n, d in enumerate(items, 1):
        try:
            period = period_from_dhis2(d["period"])
        except ValueError:
            period = str(d["period"])
        rows.append(
            {
                "row": n,
                "indicator": d["dataElement"],
                "unit": d["orgUnit"],
                "period": period,
                "value": d["value"],
                "comment": d.get("comment", ""),
            }
        )
    result = actions.do_save_values(
        rows, actor=request.user, source=ValueSource.API, label="API dataValueSets"
    )
    return {
        "status": "SUCCESS",
        "importCount": {"imported": result.imported, "updated": result.updated, "ignored": 0, "deleted": 0},
        "conflicts": [],
    }


@router.get(
    "/plans/{plan_id}/attainment",
    response={200: PlanAttainmentOut, **ERRORS},
    url_name="indicators_plan_attainment",
)
def plan_attainment(request, plan_id: int, period: str):
    plan = access_plan(request.user, plan_id)
    try:
        period = period_from_dhis2(period)
    except ValueError:
        raise DomainError(_("Kỳ không hợp lệ: %(p)s") % {"p": period}, code="period") from None
    return {"plan": plan.number, "period": period, "targets": queries.attainment_for_plan(plan, period)}


@router.get("/index766/{unit_id}", response={200: dict, **ERRORS}, url_name="indicators_index766")
def index766(request, unit_id: int, period: str):
    unit = policy.access_unit(request.user, unit_id)
    try:
        period = period_from_dhis2(period)
    except ValueError:
        raise DomainError(_("Kỳ không hợp lệ: %(p)s") % {"p": period}, code="period") from None
    result = queries.index_766(unit, period)
    if result is None:
        raise DomainError(_("Chưa nạp định nghĩa Chỉ số 766."), code="no_definition")
    return {"unit": unit.code, "period": period, "computed_by": "cchc", **result.as_dict()}


@router.get("/{code}", response={200: IndicatorOut, **ERRORS}, url_name="indicators_detail")
def get_indicator(request, code: str):
    return queries.access_indicator(request.user, code)
