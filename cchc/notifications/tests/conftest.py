"""One unit (Sở Tư pháp, with an address) with something of each reminder kind due on 20/06/2022:
a task it leads, its 2022-H1 periodic report (due 20/06 by the default calendar) and its PAR INDEX
self-assessment. Built from the apps' models directly (tests never import other apps' tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.parindex.models import Block, Campaign, CriteriaSet, Sheet
from cchc.plans.models import Area, Plan, Task
from cchc.tracking.models import Assignment

DUE = dt.date(2022, 6, 20)


@pytest.fixture
def remindable(org_tree, users):
    hp, stp = org_tree["HP"], org_tree["HP-STP"]
    stp.email = "stp@haiphong.gov.vn"
    stp.save()
    plan = Plan.objects.create(
        number="216/KH-UBND", title="Kế hoạch CCHC năm 2022", province=hp, owner_unit=hp, place="Hải Phòng"
    )
    area = Area.objects.create(plan=plan, code="II", title="CẢI CÁCH THỂ CHẾ", order=1)
    task = Task.objects.create(plan=plan, area=area, title="Rà soát văn bản QPPL", due_date=DUE, order=1)
    assignment = Assignment.objects.create(task=task, unit=stp, role="lead", due_date=DUE)
    cset = CriteriaSet.objects.create(
        province=hp, year=2022, block=Block.DEPARTMENT, title="Bộ chỉ số sở 2022"
    )
    campaign = Campaign.objects.create(
        province=hp,
        year=2022,
        title="Xác định Chỉ số CCHC năm 2022",
        self_deadline=DUE,
        explanation_deadline=dt.date(2022, 7, 10),
        appraisal_deadline=dt.date(2022, 7, 31),
    )
    sheet = Sheet.objects.create(campaign=campaign, unit=stp, block=Block.DEPARTMENT, criteria_set=cset)
    return {"unit": stp, "plan": plan, "assignment": assignment, "sheet": sheet, "users": users}
