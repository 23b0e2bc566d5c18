"""API schemas of the indicators app (glossary names; DHIS2 names for data-value sets)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema


class Message(Schema):
    message: str
    code: str = ""
    details: list = []


class IndicatorOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    direction: str
    level: str
    period_type: str
    kind: str
    numerator: str
    denominator: str
    factor: Decimal
    source: str
    confidence: str


class DataValue(Schema):
    dataElement: str
    orgUnit: str
    period: str
    value: str
    comment: str = ""


class DataValueSet(Schema):
    dataValues: list[DataValue]


class ImportCount(Schema):
    imported: int
    updated: int
    ignored: int = 0
    deleted: int = 0


class ImportSummary(Schema):
    status: str
    importCount: ImportCount
    conflicts: list = []


class DataValueOut(Schema):
    dataElement: str
    orgUnit: str
    period: str
    value: Decimal
    comment: str
    status: str
    outlier: bool


class AttainmentLevelOut(Schema):
    level: str
    level_label: str
    value: Decimal | None
    required: Decimal | None
    sign: str
    base: Decimal | None
    base_source: str
    status: str
    status_label: str
    source: str


class AttainmentOut(Schema):
    target_id: int
    number: int
    text: str
    level: str
    year: int | None
    comparator: str
    threshold: Decimal | None
    threshold_max: Decimal | None
    unit: str
    indicator: str | None
    link_status: str
    value: Decimal | None
    status: str
    status_label: str
    source: str
    note: str
    required: Decimal | None
    yearly: bool
    summary: str
    shared_with: list[int]
    levels: list[AttainmentLevelOut]


class PlanAttainmentOut(Schema):
    plan: str
    period: str
    targets: list[AttainmentOut]
