from __future__ import annotations

import datetime as dt

from ninja import Schema


class AnnexCellIn(Schema):
    value: int | None = None
    reason: str = ""


class UnitReportIn(Schema):
    unit_id: int
    period: str  # 2022-Q1, 2022-H1, 2022-Q3, 2022-9M, 2022-Y
    plan_id: int | None = None
    narrative: dict[str, str] = {}
    annex: dict[str, AnnexCellIn] = {}
    note: str = ""
    submit: bool = True  # approve and send when the caller is the unit head


class UnitReportOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    plan_number: str | None
    period: str
    period_label: str
    status: str
    due_date: dt.date | None
    submitted_at: dt.datetime | None
    on_time: bool | None
    review_comment: str
    version: int | None
    accepted_version: int | None
    narrative: dict[str, str]
    annex: dict[str, dict]


class CompletionLineOut(Schema):
    key: str
    label: str
    due: int
    done: int
    done_late: int
    overdue: int
    pending: int  # claimed done, awaiting approval ("chờ duyệt"): not counted in done
    in_progress: int
    continuing: int
    percent: float | None


class AnnexTotalOut(Schema):
    key: str
    label: str
    total: int | None  # sum of the accepted unit reports
    reports: int
    value: int | None = None  # the figure the report states (the platform's where it has one)
    platform: int | None = None  # the platform's figure for the whole province
    source: str = ""
    differs: bool = False  # the units' figures differ from the platform's for the same units


class ConsolidationOut(Schema):
    plan_number: str
    period: str
    period_label: str
    data_from: dt.date
    data_to: dt.date
    as_of: dt.date
    due_date: dt.date | None
    total: CompletionLineOut
    by_area: list[CompletionLineOut]
    by_unit: list[CompletionLineOut]
    overdue_tasks: int
    annex_totals: list[AnnexTotalOut]
    flagged_figures: int
    expected_units: list[str]
    submitted_units: list[str]
    missing_units: list[str]
    paragraphs: list[str]
