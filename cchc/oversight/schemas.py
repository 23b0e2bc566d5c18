from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from cchc.core.schemas import ErrorOut  # noqa: F401 (the one error body; routers import it from here)


class CountsOut(Schema):
    total: int
    done: int
    done_late: int
    overdue: int
    at_risk: int
    cancelled: int
    rate: Decimal | None


class UnitCountsOut(CountsOut):
    unit_id: int
    unit: str
    list_url: str


class DashboardOut(Schema):
    province: str
    as_of: dt.date
    year: int | None
    plan_id: int | None
    totals: CountsOut
    units: list[UnitCountsOut]
    list_url: str


class PublicationOut(Schema):
    id: int
    kind: str
    title: str
    year: int
    published_at: dt.datetime
    url: str
