"""The XLSX plan template: written blank or from a plan, recognised, read back losslessly."""

from __future__ import annotations

import io

import openpyxl
import pytest

from cchc.domain.planparse.readers import DocumentError, read_document
from cchc.domain.planparse.template import (
    SHEET_AREAS,
    SHEET_PLAN,
    SHEET_TARGETS,
    is_plan_template,
    read_template,
    template_bytes,
    write_template,
)
from cchc.domain.resolver import unresolved_mention
from cchc.domain.timeframes import parse_timeframe

mention = unresolved_mention


def timeframe(text: str) -> dict:
    return parse_timeframe(text, period=(2021, 2025)).to_dict()


PLAN = {
    "format": "cchc.plan/1",
    "document": {
        "number": "216/KH-UBND",
        "kind": "plan",
        "issuer": "Ủy ban nhân dân thành phố Hải Phòng",
        "place": "Hải Phòng",
        "date": "2021-09-23",
        "signer": "Nguyễn Văn Tùng",
        "title": "Thực hiện Chương trình tổng thể cải cách hành chính nhà nước (giai đoạn 2021-2025)",
        "period_start": 2021,
        "period_end": 2025,
    },
    "areas": [
        {"code": "I", "title": "Cải cách thể chế", "standard_area": "institutions"},
        {"code": "II", "title": "Cải cách thủ tục hành chính", "standard_area": "procedures"},
    ],
    "targets": [
        {
            "area": "II",
            "text": "Tối thiểu 80% hồ sơ được giải quyết trực tuyến toàn trình.",
            "comparator": ">=",
            "value": "80",
            "value_max": None,
            "unit": "%",
            "level": "province",
            "year": 2025,
            "subject": "hồ sơ được giải quyết trực tuyến toàn trình",
            "source": {"line_start": 120, "line_end": 120},
        },
        {
            "area": None,
            "text": "Tỷ lệ hài lòng từ 95% - 100%.",
            "comparator": "range",
            "value": "95",
            "value_max": "100",
            "unit": "%",
            "level": None,
            "year": None,
            "subject": "",
            "source": {"line_start": 121, "line_end": 121},
        },
        {
            "area": "I",
            "text": "Thời gian giải quyết còn tối đa 20 phút.",
            "comparator": "<=",
            "value": "0.90",
            "value_max": None,
            "unit": "minutes",
            "level": "district",
            "year": 2023,
            "subject": "thời gian",
            "source": {"line_start": 122, "line_end": 122},
        },
    ],
    "tasks": [
        {
            "area": "I",
            "objective": "Nâng cao chất lượng văn bản QPPL",
            "parent": "Xây dựng, hoàn thiện hệ thống văn bản QPPL",
            "title": "Kịp thời xây dựng các văn bản QPPL để quy định chi tiết",
            "outputs": ["Quyết định", "Báo cáo"],
            "lead": [mention("Các Sở, ban, ngành", vague=True)],
            "support": [mention("Sở Tư pháp"), mention("Văn phòng UBND thành phố")],
            "timeframe": timeframe("2021-2025"),
            "source": {"line_start": 250, "line_end": 262},
        },
        {
            "area": "I",
            "objective": None,
            "parent": None,
            "title": "Theo dõi thi hành pháp luật",
            "outputs": [],
            "lead": [mention("Sở Tư pháp")],
            "support": [],
            "timeframe": timeframe("Hàng năm"),
            "source": {"line_start": 270, "line_end": 275},
        },
        {
            "area": "II",
            "objective": "Công khai, minh bạch thủ tục",
            "parent": None,
            "title": "Rà soát, đơn giản hóa thủ tục hành chính",
            "outputs": ["Quyết định phê duyệt phương án"],
            "lead": [mention("Văn phòng UBND thành phố")],
            "support": [mention("Các Sở, ban, ngành", vague=True), mention("UBND cấp huyện")],
            "timeframe": timeframe("Quý III/2022"),
            "source": {"line_start": 280, "line_end": 290},
        },
        {
            "area": None,
            "objective": None,
            "parent": None,
            "title": "Việc không có lĩnh vực",
            "outputs": [],
            "lead": [],
            "support": [],
            "timeframe": None,
            "source": {"line_start": 300, "line_end": 300},
        },
    ],
    "index_criteria": [],
    "survey_targets": [],
    "warnings": [],
    "coverage": 0.97,
    "unresolved": [],
}


def without_source(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k != "source"} for item in items]


def test_round_trip_gives_the_same_document_areas_targets_and_tasks():
    data = template_bytes(PLAN)
    plan = read_template(data)
    assert plan["format"] == "cchc.plan/1"
    assert plan["document"] == PLAN["document"]
    assert plan["areas"] == PLAN["areas"]
    assert without_source(plan["targets"]) == without_source(PLAN["targets"])
    assert without_source(plan["tasks"]) == without_source(PLAN["tasks"])
    assert plan["index_criteria"] == [] and plan["survey_targets"] == []
    assert plan["coverage"] == 1.0
    assert "Sở Tư pháp" in plan["unresolved"]
    # the task without a lead is reported, at its row
    assert [w["message"] for w in plan["warnings"]] == ["task without a lead unit (Chủ trì)"]


def test_source_lines_are_sheet_rows_like_read_document():
    data = template_bytes(PLAN)
    plan = read_template(data)
    doc = read_document(data, "khung.xlsx")
    table = doc.blocks[0]
    assert table.name == SHEET_PLAN
    task_rows = {row[0].line: [c.text for c in row] for row in table.rows}
    first = plan["tasks"][0]
    assert first["source"]["line_start"] == first["source"]["line_end"]
    assert task_rows[first["source"]["line_start"]][4] == first["title"]
    target_table = next(b for b in doc.blocks if b.name == SHEET_TARGETS)
    target_rows = {row[0].line: [c.text for c in row] for row in target_table.rows}
    assert target_rows[plan["targets"][0]["source"]["line_start"]][1] == PLAN["targets"][0]["text"]


def test_written_template_layout():
    stream = io.BytesIO()
    write_template(PLAN, stream)
    workbook = openpyxl.load_workbook(io.BytesIO(stream.getvalue()))
    assert workbook.sheetnames == [SHEET_PLAN, SHEET_TARGETS, SHEET_AREAS]
    sheet = workbook[SHEET_PLAN]
    header_row = next(r for r in range(1, 20) if sheet.cell(row=r, column=1).value == "STT")
    header = [sheet.cell(row=header_row, column=c).value for c in range(1, 10)]
    assert header == [
        "STT", "Lĩnh vực", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Kết quả/Sản phẩm", "Chủ trì",
        "Phối hợp", "Thời gian",
    ]  # fmt: skip
    assert sheet.freeze_panes == f"A{header_row + 1}"
    cell = sheet.cell(row=header_row, column=4)
    assert cell.font.bold and cell.font.name == "Times New Roman"
    assert sheet.cell(row=header_row + 1, column=4).alignment.wrap_text
    assert sheet.column_dimensions["D"].width >= 30
    labels = [sheet.cell(row=r, column=2).value for r in range(1, header_row)]
    for label in ("Số hiệu:", "Tên kế hoạch:", "Cơ quan ban hành:", "Ngày ban hành:", "Giai đoạn:"):
        assert label in labels
    targets = workbook[SHEET_TARGETS]
    assert [targets.cell(row=1, column=c).value for c in range(1, 9)] == [
        "Lĩnh vực", "Chỉ tiêu", "So sánh", "Giá trị", "Giá trị tối đa", "Đơn vị", "Cấp", "Năm",
    ]  # fmt: skip
    # a child activity shows its parent task in "Nhiệm vụ"
    row = header_row + 1
    assert sheet.cell(row=row, column=4).value == PLAN["tasks"][0]["parent"]
    assert sheet.cell(row=row, column=5).value == PLAN["tasks"][0]["title"]
    assert sheet.cell(row=row, column=6).value == "Quyết định\nBáo cáo"


def test_blank_template_is_a_template_with_no_tasks():
    data = template_bytes(None)
    assert is_plan_template(data)
    plan = read_template(data)
    assert plan["tasks"] == [] and plan["targets"] == []
    assert plan["document"]["number"] is None
    assert len(plan["areas"]) == 8 and plan["areas"][1]["standard_area"] == "institutions"


def test_is_plan_template_on_workbooks_sources_and_bytes():
    data = template_bytes(PLAN)
    assert is_plan_template(data)
    assert is_plan_template(openpyxl.load_workbook(io.BytesIO(data)))
    assert is_plan_template(read_document(data, "x.xlsx"))
    other = openpyxl.Workbook()
    other.active.append(["STT", "Nhiệm vụ", "Ghi chú"])
    stream = io.BytesIO()
    other.save(stream)
    assert not is_plan_template(stream.getvalue())
    assert not is_plan_template(read_document(stream.getvalue(), "x.xlsx"))
    assert not is_plan_template(b"not a workbook")
    with pytest.raises(DocumentError) as info:
        read_template(stream.getvalue())
    assert info.value.code == "not_template"


def test_user_filled_template_with_merges_section_rows_and_moved_columns():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Khung ke hoach"  # accents dropped by the user's keyboard
    sheet.append(["Số hiệu:", "12/KH-UBND"])
    sheet.append(["Giai đoạn:", "Năm 2022"])
    sheet.append(["Ngày ban hành:", None])
    sheet["B3"].value = __import__("datetime").datetime(2022, 1, 15)
    sheet.append([])
    sheet.append(["TT", "Nhiệm vụ", "Hoạt động", "Chủ trì", "Phối hợp", "Thời gian", "Lĩnh vực", "Kết quả"])
    sheet.append(["I", None, None, None, None, None, "Cải cách thủ tục hành chính"])  # section row 6
    sheet.append(
        [
            1,
            "Công khai TTHC",
            "Niêm yết",
            "Văn phòng UBND; Sở Tư pháp",
            "",
            "tháng 7/2022",
            None,
            "- Danh mục",
        ]
    )
    sheet.append([2, None, "Cập nhật CSDL", "Văn phòng UBND", "Các sở", "Quý III", None, ""])
    sheet.merge_cells("B7:B8")
    sheet.append([3, None, None, "Sở Nội vụ", "", "", None, ""])  # no task: warned, skipped
    stream = io.BytesIO()
    workbook.save(stream)
    plan = read_template(stream.getvalue())
    assert plan["document"]["number"] == "12/KH-UBND"
    assert plan["document"]["period_start"] == plan["document"]["period_end"] == 2022
    assert plan["document"]["date"] == "2022-01-15"
    assert [a["title"] for a in plan["areas"]] == ["Cải cách thủ tục hành chính"]
    assert plan["areas"][0]["standard_area"] == "procedures"
    first, second = plan["tasks"]
    assert (first["parent"], first["title"]) == ("Công khai TTHC", "Niêm yết")
    assert (second["parent"], second["title"]) == ("Công khai TTHC", "Cập nhật CSDL")
    assert first["area"] == second["area"] == plan["areas"][0]["code"]
    assert [m["text"] for m in first["lead"]] == ["Văn phòng UBND", "Sở Tư pháp"]
    assert first["outputs"] == ["Danh mục"]
    assert first["timeframe"]["text"] == "tháng 7/2022"
    assert second["timeframe"]["text"] == "Quý III"
    assert first["source"] == {"line_start": 7, "line_end": 7}
    assert plan["warnings"][0]["line"] == 9
    assert plan["coverage"] == pytest.approx(3 / 4)


def test_targets_typed_by_users_are_normalised():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_PLAN
    sheet.append(["STT", "Lĩnh vực", "Mục tiêu", "Nhiệm vụ", "Hoạt động", "Chủ trì", "Phối hợp", "Thời gian"])
    targets = workbook.create_sheet(SHEET_TARGETS)
    targets.append(["Chỉ tiêu", "So sánh", "Giá trị", "Đơn vị", "Cấp", "Năm"])
    targets.append(["Tỷ lệ hồ sơ đúng hạn", "tối thiểu", 88.5, "%", "Cấp xã", 2024])
    targets.append(["Tỷ lệ số hóa", "≤", "88,54", "phút", "district", "2025"])
    stream = io.BytesIO()
    workbook.save(stream)
    plan = read_template(stream.getvalue())
    first, second = plan["targets"]
    assert (first["comparator"], first["value"], first["unit"], first["level"], first["year"]) == (
        ">=", "88.5", "%", "commune", 2024,
    )  # fmt: skip
    assert (second["comparator"], second["value"], second["unit"], second["level"], second["year"]) == (
        "<=", "88.54", "minutes", "district", 2025,
    )  # fmt: skip
