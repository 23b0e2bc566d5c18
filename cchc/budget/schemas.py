"""API schemas of the budget app (kinh phí CCHC): rounds, estimates with their lines, the funding
aggregate, and the two writes a unit's system integrates (an estimate's draft lines, a spending).

Money: whole đồng as ``Decimal``; the JSON carries it as a string of digits (``"1250000000"``),
as every ``Decimal`` of this API (indicators, surveys), so no client float ever rounds it. Input
amounts take the same string, an integer, or the Vietnamese writing ``"1.250.000.000"`` (parsed
by ``cchc.domain.money.parse_vnd``; fractions, negatives and text are a 400).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, StringConstraints

MAX_ID = 2**63 - 1  # the largest id a column holds: beyond it, 422 rather than a database error
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, StringConstraints(max_length=2000)]
AmountIn = Annotated[str, StringConstraints(max_length=64)] | int


class BudgetRoundOut(Schema):
    id: int
    plan_id: int
    plan: str  # the plan's number (e.g. 216/KH-UBND) or the start of its title
    province_id: int
    province: str
    year: int
    due_date: dt.date
    basis: str
    version: int


class BudgetMoneyOut(Schema):
    requested: Decimal
    approved: Decimal
    disbursed: Decimal
    settled: Decimal


class BudgetRoundUnitOut(Schema):
    unit_id: int
    unit_code: str
    unit: str
    estimate_id: int | None = None
    status: str  # "" (no estimate), draft, submitted, returned, appraised
    status_label: str
    on_time: bool | None = None
    requested: Decimal  # sums of the estimate's lines, whatever its status
    approved: Decimal


class BudgetRoundDetailOut(BudgetRoundOut):
    units: list[BudgetRoundUnitOut]
    totals: BudgetMoneyOut  # sent estimates (submitted or appraised) the caller reads, as the reports count


class BudgetLineOut(Schema):
    id: int
    order: int
    task_id: int | None = None
    task: str  # the task's title, or "" for "other CCHC work"
    description: str
    source: str
    source_label: str
    requested: Decimal
    approved: Decimal | None = None  # None until appraisal
    adjust_reason: str
    disbursed: Decimal
    settled: Decimal


class BudgetEstimateOut(Schema):
    id: int
    round_id: int
    year: int
    unit_id: int
    unit: str
    status: str
    status_label: str
    declared_total: Decimal | None = None
    note: str
    submitted_at: dt.datetime | None = None
    on_time: bool | None = None
    return_reason: str
    appraised_at: dt.datetime | None = None
    allocation_ref: str
    version: int
    can_edit: bool  # the caller may save the lines now (draft or returned, the unit's people)
    lines: list[BudgetLineOut]
    totals: BudgetMoneyOut


class BudgetFundingRowOut(Schema):
    unit_id: int
    unit_code: str
    unit: str
    source: str
    source_label: str
    requested: Decimal
    approved: Decimal
    disbursed: Decimal
    settled: Decimal


class BudgetFundingOut(Schema):
    plan_id: int
    year: int
    up_to: dt.date | None = None
    rows: list[BudgetFundingRowOut]
    totals: BudgetMoneyOut


class BudgetLineIn(Schema):
    """One line: a task of the round's plan assigned to the unit, or ``task_id`` null with the
    work written in ``description``; ``source`` one of central, province, district, commune,
    other; ``requested`` whole đồng."""

    task_id: Id | None = None
    description: Text = ""
    source: Annotated[str, StringConstraints(max_length=16)]
    requested: AmountIn


class BudgetEstimateLinesIn(Schema):
    """The whole list of lines of the draft (it replaces the saved ones, all or nothing).
    ``expected_version``: the estimate's version the caller read (0 when creating it); another
    save since is a 409. ``declared_total`` (tổng cộng), when given, must equal the lines' sum."""

    lines: list[BudgetLineIn]
    declared_total: AmountIn | None = None
    note: Text = ""
    expected_version: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


class BudgetNewEstimateIn(BudgetEstimateLinesIn):
    unit_id: Id


class BudgetSpendingIn(Schema):
    """Money disbursed or settled on an appraised line. Through the API the evidence is the
    voucher's number (``evidence_ref``, required); files go through the page."""

    period_code: Annotated[str, StringConstraints(max_length=16)]  # e.g. 2022-Q1
    kind: Annotated[str, StringConstraints(max_length=16)]  # disbursed | settled
    amount: AmountIn
    spent_on: dt.date
    evidence_ref: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    over_reason: Text = ""


class BudgetSpendingOut(Schema):
    id: int
    line_id: int
    period_code: str
    kind: str
    amount: Decimal
    spent_on: dt.date
    evidence_ref: str
    over_reason: str
    recorded_at: dt.datetime
    line_disbursed: Decimal  # the line's cumulative amounts after this record
    line_settled: Decimal
