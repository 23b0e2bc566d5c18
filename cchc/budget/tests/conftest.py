"""The budget tests' world: plan_setup's Hải Phòng plan (Sở Tư pháp leads "law", Sở TT&TT supports
it and leads "digital"), the Sở Tài chính flagged as finance agency with a head and a reporter, a
Đà Nẵng finance officer, and the plan's 2022 round due 15/12/2021."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.audit.models import AuditEvent
from cchc.budget.actions import LineInput, do_create_round
from cchc.budget.models import BudgetEstimate, BudgetLine, BudgetRound, BudgetSpending
from cchc.testing.factories import make_unit, make_user

DUE = dt.date(2021, 12, 15)


@pytest.fixture
def world(plan_setup):
    units, users = plan_setup["units"], dict(plan_setup["users"])
    stc = make_unit(units["HP"], "HP-STC", "Sở Tài chính", is_finance_agency=True)
    dn_stc = make_unit(units["DN"], "DN-STC", "Sở Tài chính", is_finance_agency=True)
    users["finance"] = make_user("finance", stc, "unit_head")
    users["finance_reporter"] = make_user("finance_reporter", stc, "reporter")
    users["dn_finance"] = make_user("dn_finance", dn_stc, "unit_head")
    users["other_head"] = make_user("other_head", units["HP-STTTT"], "unit_head")
    rnd = do_create_round(plan_setup["plan"], 2022, DUE, "216/KH-UBND mục V (minh họa)", actor=None)
    return {**plan_setup, "units": {**units, "HP-STC": stc}, "users": users, "round": rnd}


@pytest.fixture
def lines_of(world):
    """Lines for Sở Tư pháp: its "law" and "yearly" tasks, and one "other CCHC work" line."""
    tasks = world["tasks"]
    return [
        LineInput(tasks["law"].pk, "", "province", "300.000.000"),
        LineInput(tasks["yearly"].pk, "Kiểm tra", "province", 200_000_000),
        LineInput(None, "Tập huấn cán bộ làm công tác CCHC", "other", "50 000 000 đ"),
    ]


@pytest.fixture
def counts():
    """Rows of every budget table and of the audit trail (call it before and after a refused
    write: they must be equal)."""
    return lambda: (
        BudgetRound.objects.count(),
        BudgetEstimate.objects.count(),
        BudgetLine.objects.count(),
        BudgetSpending.objects.count(),
        AuditEvent.objects.count(),
    )
