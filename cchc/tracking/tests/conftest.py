"""Tracking fixtures: a Hải Phòng plan with a few tasks, assigned through ``do_assign_plan``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cchc.orgs.models import OrgGroup
from cchc.tracking.actions import do_assign_plan
from cchc.tracking.tests.factories import make_area, make_plan, make_task

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "000_ba99fad979cb327a.txt"


@pytest.fixture
def plan_setup(org_tree, users):
    plan = make_plan(org_tree)
    area = make_area(plan)
    stp, stttt = org_tree["HP-STP"], org_tree["HP-STTTT"]
    tasks = {
        "law": make_task(
            plan,
            "Rà soát văn bản quy phạm pháp luật",
            area=area,
            lead=[stp],
            support=[stttt],
            timeframe_text="2022",
            start_year=2022,
            end_year=2022,
        ),
        "digital": make_task(
            plan,
            "Xây dựng chính quyền số",
            area=area,
            lead=[stttt],
            timeframe_text="2021-2025",
            start_year=2021,
            end_year=2025,
        ),
        "yearly": make_task(
            plan,
            "Kiểm tra công tác cải cách hành chính",
            area=area,
            lead=[stp],
            timeframe_text="Hàng năm",
            recurrence="yearly",
        ),
        "continuous": make_task(
            plan,
            "Tuyên truyền cải cách hành chính",
            area=area,
            lead=[stp],
            timeframe_text="Thường xuyên",
            recurrence="continuous",
        ),
        "event": make_task(
            plan,
            "Triển khai Nghị định mới",
            area=area,
            lead=[stp],
            timeframe_text="Sau khi Nghị định được ban hành",
            event="Nghị định được ban hành",
        ),
        "group": make_task(
            plan,
            "Đơn giản hóa thủ tục hành chính",
            area=area,
            lead=[stp],
            groups=[OrgGroup.objects.get(key="HP:cap-huyen")],
            unresolved=["Ban Quản lý khu kinh tế"],
            timeframe_text="2023",
            start_year=2023,
            end_year=2023,
        ),
    }
    do_assign_plan(plan, actor=None)
    return {"plan": plan, "area": area, "tasks": tasks, "units": org_tree, "users": users}


def pdf_bytes() -> bytes:
    from cchc.core.uploads import tiny_pdf

    return tiny_pdf("Quyet dinh 123")


@pytest.fixture
def today():
    return dt.date(2022, 6, 15)


@pytest.fixture
def hp_plan():
    if not SEED.exists():
        pytest.skip("seed documents not available")
    from cchc.accounts.demo import create_demo_users
    from cchc.orgs.demo import load_orgs
    from cchc.orgs.models import OrgUnit
    from cchc.plans.actions import do_import_plan

    load_orgs()
    create_demo_users()
    outcome = do_import_plan(
        actor=None,
        data=SEED.read_bytes(),
        filename=SEED.name,
        province=OrgUnit.objects.get(code="HP"),
        commit=True,
    )
    return outcome.plan
