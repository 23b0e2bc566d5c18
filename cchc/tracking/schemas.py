from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from cchc.core.schemas import ErrorOut  # noqa: F401 (the one error body; routers import it from here)


class EvidenceOut(Schema):
    id: int
    doc_number: str
    doc_date: dt.date | None
    issuer: str
    original_name: str
    content_type: str
    size: int
    download_url: str | None


class UpdateOut(Schema):
    id: int
    at: dt.datetime
    author_name: str
    status: str
    percent: Decimal
    narrative: str
    cancel_reason: str
    completed_on: dt.date | None = None
    approval_state: str
    return_reason: str
    evidence: list[EvidenceOut]


class AssignmentOut(Schema):
    id: int
    task_id: int
    task: str
    plan_id: int
    plan: str
    area: str
    unit_id: int
    unit: str
    role: str
    period_label: str
    due_date: dt.date | None
    status: str
    percent: Decimal
    state: str
    version: int
    last_update_at: dt.datetime | None
    narrative: str


class AssignmentDetailOut(AssignmentOut):
    updates: list[UpdateOut]
