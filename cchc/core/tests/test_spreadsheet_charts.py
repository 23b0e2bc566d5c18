"""The shared export and chart helpers: hostile text stays text, charts carry their numbers."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from cchc.core.charts import Chart, Series
from cchc.core.spreadsheet import StreamingWorkbook, csv_text, safe_cell, table_xlsx

HOSTILE = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://x","y")']


def test_hostile_text_is_read_back_as_plain_text():
    data = table_xlsx("Nhiệm vụ", ["Tên", "Số"], [[t, 5] for t in HOSTILE])
    ws = load_workbook(io.BytesIO(data)).active
    values = [row[0].value for row in ws.iter_rows(min_row=2)]
    kinds = {row[0].data_type for row in ws.iter_rows(min_row=2)}
    assert kinds == {"s"}  # no formula cell
    assert [v.lstrip("'") for v in values] == HOSTILE
    assert [row[1].value for row in ws.iter_rows(min_row=2)] == [5] * len(HOSTILE)


def test_numbers_dates_and_plain_text_are_kept():
    assert safe_cell(Decimal("-3.5")) == Decimal("-3.5")
    assert safe_cell(-2) == -2
    assert safe_cell("Sở Nội vụ") == "Sở Nội vụ"
    assert safe_cell(None) is None


def test_csv_is_formula_safe_and_excel_readable():
    text = csv_text(["Tên"], [["=cmd|' /C calc'!A0"], ["Bình thường"]])
    assert text.startswith("\ufeff")
    assert "'=cmd" in text and "Bình thường" in text


def test_streaming_workbook_writes_many_rows_and_long_titles():
    book = StreamingWorkbook()
    book.add_sheet("Một tiêu đề rất dài: [có ký tự]/không hợp lệ trong tên sheet", ["a", "b"])
    for i in range(2000):
        book.append([i, f"dòng {i}"])
    wb = load_workbook(io.BytesIO(book.to_bytes()))
    ws = wb.worksheets[0]
    assert len(ws.title) <= 31 and ":" not in ws.title
    assert ws.max_row == 2001


def test_chart_svg_table_and_xlsx_agree():
    chart = Chart(
        title="Tỷ lệ hoàn thành",
        categories=["Sở Tư pháp", "Sở <Nội vụ>"],
        series=[Series("2022", [Decimal("88.54"), None]), Series("2023", [50, 100])],
        kind="hbar",
        unit="%",
        links=["/nhiem-vu/?unit=1", None],
        category_label="Đơn vị",
    )
    svg = str(chart.svg())
    assert svg.startswith("<svg") and "Sở &lt;Nội vụ&gt;" in svg and "<Nội" not in svg
    assert "88,54%" in svg and 'href="/nhiem-vu/?unit=1"' in svg
    assert "style=" not in svg
    assert chart.formatted_rows() == [["Sở Tư pháp", "88,54%", "50,00%"], ["Sở <Nội vụ>", "—", "100,00%"]]
    ws = load_workbook(io.BytesIO(chart.xlsx())).active
    assert [c.value for c in ws[1]] == ["Đơn vị", "2022", "2023"]
    assert [c.value for c in ws[2]] == ["Sở Tư pháp", 88.54, 50]


def test_bar_and_line_charts_render_every_category():
    for kind in ("bar", "line"):
        chart = Chart("Xu hướng", ["Q1", "Q2", "Q3"], [Series("Tỷ lệ", [10, 20, 30])], kind=kind, unit="%")
        svg = str(chart.svg())
        assert all(q in svg for q in ("Q1", "Q2", "Q3")), kind
    assert str(Chart("Trống", [], []).svg()) == ""
