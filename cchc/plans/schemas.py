from __future__ import annotations

import datetime as dt

from ninja import Schema


class PlanOut(Schema):
    id: int
    number: str
    kind: str
    title: str
    province: str
    owner_unit: str
    issued_on: dt.date | None
    period_start: int | None
    period_end: int | None
    status: str
    task_count: int
    unresolved_count: int

    @staticmethod
    def resolve_province(obj) -> str:
        return obj.province.code

    @staticmethod
    def resolve_owner_unit(obj) -> str:
        return obj.owner_unit.code


class ImportOut(Schema):
    import_id: int | None
    plan_id: int | None
    committed: bool
    interchange: dict
