"""The annual report answers for the tasks due in its year (as of the 14/12 cut-off) and lists
multi-year work as continuing every year; the narrative, the annex and the tables use one set."""

import datetime as dt

import pytest

from cchc.plans.models import Task
from cchc.reporting import prefill
from cchc.reporting.consolidation import build_consolidation
from cchc.reporting.schedule import period_info
from cchc.reporting.tests.conftest import _progress
from cchc.tracking.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_end_plan(plan, org_tree):
    stp = org_tree["HP-STP"]
    area = plan.areas.first()
    spec = [
        ("Ban hành kế hoạch năm 2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31), 30),
        ("Tổng kết năm 2021", dt.date(2021, 1, 1), dt.date(2021, 12, 31), None),
        ("Chuyển đổi số giai đoạn 2021-2025", dt.date(2021, 1, 1), dt.date(2025, 12, 31), 60),
    ]
    for i, (title, start, due, pct) in enumerate(spec, 100):
        task = Task.objects.create(plan=plan, area=area, title=title, due_date=due, order=i)
        a = Assignment.objects.create(task=task, unit=stp, role="lead", start_date=start, due_date=due)
        if pct:
            _progress(a, dt.date(2022, 10, 1), "in_progress", pct, "Đang triển khai")
    return plan


def test_a_task_due_31_12_is_in_its_years_report_not_the_next_one(year_end_plan):
    c22 = build_consolidation(year_end_plan, "2022-Y")
    c23 = build_consolidation(year_end_plan, "2023-Y", today=dt.date(2023, 12, 20))
    titles22 = {r.task.title for unit, rows in c22.overdue for r in rows}
    # due 31/12/2022, reported as of 14/12/2022: in progress (at risk at 30%), not overdue
    assert "Ban hành kế hoạch năm 2022" not in titles22
    assert c22.total.due == 5  # the 4 fixture tasks due in 2022 + the 31/12/2022 one
    assert c22.total.in_progress >= 1
    # 2023 does not count the 31/12/2022 task as due (it shows up only as overdue carried over)
    assert c23.total.due == 1  # "Đề án năm 2023"
    text = " ".join(c22.paragraphs())
    assert "hạn hoàn thành từ ngày 01/01/2022 đến ngày 31/12/2022" in text
    assert f"thành {c22.total.due} lượt giao chủ trì đến hạn" in text


def test_multi_year_work_is_continuing_in_every_annual_report(year_end_plan):
    counts = {}
    for year in (2022, 2023, 2024):
        c = build_consolidation(year_end_plan, f"{year}-Y", today=dt.date(year, 12, 20))
        counts[year] = c.total.continuing
        assert "nhiệm vụ thực hiện nhiều năm hoặc thường xuyên đang tiếp tục triển khai" in " ".join(
            c.paragraphs()
        )
    assert counts[2022] >= 1 and counts[2023] >= 1 and counts[2024] >= 1
    c25 = build_consolidation(year_end_plan, "2025-Y", today=dt.date(2025, 12, 20))
    assert c25.total.due == 1 and c25.total.continuing == 0  # due in 2025: counted, no longer continuing


def test_narrative_annex_and_tables_use_the_same_set(year_end_plan, org_tree):
    stp = org_tree["HP-STP"]
    info = period_info("2022-Y")
    figures = prefill.system_figures(unit=stp, plan=year_end_plan, info=info)
    c = build_consolidation(year_end_plan, "2022-Y")
    line = next(x for x in c.by_unit if x.label == stp.name)
    assert figures["tasks_due"]["system"] == line.due
    assert figures["tasks_done"]["system"] == line.done
    assert figures["tasks_continuing"]["system"] == line.continuing == 1
    assert figures["tasks_in_progress"]["system"] == line.in_progress
    text = "\n".join(prefill.narrative(unit=stp, plan=year_end_plan, info=info).values())
    assert "Chuyển đổi số giai đoạn 2021-2025" in text  # continuing work is in the narrative
    assert "Ban hành kế hoạch năm 2022" in text  # due 31/12: under way at the cut-off
    assert "Tổng kết năm 2021" not in text  # the 2021 report's
    assert sum(x.due for x in c.by_area) == sum(x.due for x in c.by_unit) == c.total.due
    assert sum(x.continuing for x in c.by_unit) == c.total.continuing
