"""A small Hải Phòng plan with tasks assigned to STP and STTTT and progress as of 2022."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.plans.models import Area, Plan, Target, Task
from cchc.tracking.current import refresh_current
from cchc.tracking.models import Assignment, Evidence, ProgressUpdate


def at(d: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(d, dt.time(10)))


def _progress(a, when, status, percent, narrative="", evidence=None):
    up = ProgressUpdate.objects.create(
        assignment=a,
        at=at(when),
        status=status,
        percent=Decimal(percent),
        narrative=narrative,
        approval_state="accepted",
    )
    if evidence:
        Evidence.objects.create(update=up, doc_number=evidence[0], doc_date=evidence[1], issuer=evidence[2])
    refresh_current([a])  # written behind the actions' back: keep the current-progress columns
    return up


@pytest.fixture
def plan(org_tree):
    hp = org_tree["HP"]
    plan = Plan.objects.create(
        number="216/KH-UBND",
        title="Thực hiện Chương trình tổng thể CCHC giai đoạn 2021-2025",
        province=hp,
        owner_unit=hp,
        place="Hải Phòng",
        issued_on=dt.date(2021, 9, 23),
    )
    inst = Area.objects.create(
        plan=plan, code="II", title="CẢI CÁCH THỂ CHẾ", standard_area="institutions", order=1
    )
    dig = Area.objects.create(
        plan=plan, code="VII", title="XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", order=2
    )
    Target.objects.create(
        plan=plan,
        area=dig,
        text="Tối thiểu 80% hồ sơ được giải quyết trực tuyến",
        year=2025,
        comparator=">=",
        value=Decimal("80.0000"),
        unit="%",
    )
    stp, stttt = org_tree["HP-STP"], org_tree["HP-STTTT"]
    spec = [
        # title, area, unit, due, progress [(date, status, percent, narrative, evidence)]
        (
            "Rà soát văn bản QPPL",
            inst,
            stp,
            dt.date(2022, 6, 10),
            [
                (
                    dt.date(2022, 6, 1),
                    "done",
                    100,
                    "Đã rà soát 120 văn bản",
                    ("15/BC-STP", dt.date(2022, 6, 1), "Sở Tư pháp"),
                )
            ],
        ),
        (
            "Kiểm tra thi hành pháp luật",
            inst,
            stp,
            dt.date(2022, 9, 10),
            [(dt.date(2022, 8, 1), "in_progress", 40, "Thiếu kinh phí", None)],
        ),
        (
            "Xây dựng kho dữ liệu số",
            dig,
            stttt,
            dt.date(2022, 3, 31),
            [(dt.date(2022, 5, 10), "done", 100, "", None)],
        ),
        ("Nâng cấp Cổng dịch vụ công", dig, stttt, dt.date(2022, 11, 30), []),
        ("Đề án năm 2023", dig, stttt, dt.date(2023, 6, 30), []),
    ]
    for i, (title, area, unit, due, ups) in enumerate(spec):
        task = Task.objects.create(plan=plan, area=area, title=title, due_date=due, order=i)
        a = Assignment.objects.create(task=task, unit=unit, role="lead", due_date=due)
        for when, status, pct, narr, ev in ups:
            _progress(a, when, status, pct, narr, ev)
    # progress after the 2022 annual cut-off must not count in the 2022-Y report
    late_task = Assignment.objects.get(task__title="Nâng cấp Cổng dịch vụ công")
    _progress(late_task, dt.date(2022, 12, 20), "done", 100)
    return plan
