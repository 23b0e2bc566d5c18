"""API schemas of the surveys app (rounds, per-unit results, response import)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class RoundOut(Schema):
    id: int
    title: str
    province_id: int
    province: str
    year: int
    starts_on: dt.date
    ends_on: dt.date
    status: str
    questionnaire: str
    questionnaire_version: int
    reference_from: dt.date | None = None
    reference_to: dt.date | None = None
    margin: Decimal


class RoundUnitOut(Schema):
    id: int
    unit_id: int
    unit_code: str
    unit: str
    population: int | None = None
    population_source: str
    sample_size: int
    responses: int
    sample_status: str  # "ok" | "short" | "none" | "unknown"
    sample_note: str  # "chưa đủ mẫu (n/N)", "chưa có số liệu", "chưa xác định cỡ mẫu" or ""
    overall: Decimal | None = None


class RoundDetailOut(RoundOut):
    units: list[RoundUnitOut]


class IndexOut(Schema):
    code: str
    label: str
    value: Decimal | None = None
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    n: int
    target: Decimal | None = None
    attainment: str


class UnitResultOut(RoundUnitOut):
    indices: list[IndexOut]


class RoundResultsOut(Schema):
    round: RoundOut
    units: list[UnitResultOut]


class RoundUnitIn(Schema):
    """N and the sample of one unit; leave ``sample_size`` out to compute it from N."""

    population: int | None = Field(None, ge=0, le=100_000_000)
    sample_size: int | None = Field(None, ge=0, le=1_000_000)


class SurveyImportOut(Schema):
    batch_id: int
    rows: int
    source: str
