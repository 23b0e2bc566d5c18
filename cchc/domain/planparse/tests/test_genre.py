"""The importer on plans of the genre from provinces that are not in the seed corpus.

The plans in ``genre/`` were written for these tests in the style of real plans (Decree 30
header, "I. MỤC ĐÍCH, YÊU CẦU / II. CHỈ TIÊU / III. NHIỆM VỤ / IV. TỔ CHỨC THỰC HIỆN"), with
the variations seen across provinces: pipe and flattened (PDF-style, no blank lines) task
tables with other column names and orders, inline "(X chủ trì; thời gian: …)" trailers,
labelled "Cơ quan chủ trì:" lines, district plans with Phòng Nội vụ, and DOCX with real tables
(merged cells) and Word list numbering. Every expectation below was written by hand from the
plan text, not from parser output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.domain.encoding import encode_cp1258
from cchc.domain.planparse.api import parse_plan, parse_text
from cchc.domain.planparse.readers import read_document
from cchc.domain.planparse.tests.genre import docx_plans
from cchc.domain.testing.areas import RESOLUTION_76_AREAS

GENRE = Path(__file__).parent / "genre"


def text_plan(name: str) -> dict:
    return parse_text((GENRE / name).read_text(encoding="utf-8"))


def docx_plan(builder) -> dict:
    return parse_plan(read_document(builder(), filename="plan.docx"))


def by_title(p: dict, start: str) -> dict:
    found = [t for t in p["tasks"] if t["title"].startswith(start)]
    assert len(found) == 1, (start, [t["title"] for t in p["tasks"]])
    return found[0]


def leads(t: dict) -> list[str]:
    return [m["text"] for m in t["lead"]]


def supports(t: dict) -> list[str]:
    return [m["text"] for m in t["support"]]


def std_areas(p: dict) -> list[str | None]:
    return [a["standard_area"] for a in p["areas"]]


def target(p: dict, value: str, unit: str) -> dict:
    found = [t for t in p["targets"] if t["value"] == value and t["unit"] == unit]
    assert found, (value, unit, [(t["value"], t["unit"]) for t in p["targets"]])
    return found[0]


def no_unread_lines(p: dict) -> None:
    assert p["coverage"] >= 0.9, [w for w in p["warnings"] if "not" in w["message"]]
    assert not [w for w in p["warnings"] if "''" in w["message"]]  # empty cells are read


# --- Quảng Ninh: annual plan, prose tasks with "(X chủ trì; thời gian: …)" trailers ---------


def test_quangninh_annual_plan_with_inline_assignments():
    p = text_plan("quangninh_2023_annual.txt")
    d = p["document"]
    assert (d["number"], d["kind"], d["date"]) == ("45/KH-UBND", "plan", "2023-01-20")
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert d["signer"] == "Cao Tường Huy"
    assert (d["period_start"], d["period_end"]) == (2023, 2023)
    assert std_areas(p) == ["direction", *RESOLUTION_76_AREAS]
    assert 19 <= len(p["tasks"]) <= 20  # 14 in section III, 5 in IV
    t = by_title(p, "Ban hành Kế hoạch kiểm tra cải cách hành chính năm 2023")
    assert t["title"] == "Ban hành Kế hoạch kiểm tra cải cách hành chính năm 2023"  # trailer removed
    assert leads(t) == ["Sở Nội vụ"] and t["timeframe"]["due_date"] == "2023-03-31"
    t = by_title(p, "Kiểm tra công tác cải cách hành chính tại tối thiểu 30%")
    assert leads(t) == ["Sở Nội vụ"] and supports(t) == ["Văn phòng UBND tỉnh"]
    assert t["timeframe"]["due_date"] == "2023-09-30"
    t = by_title(p, "Rà soát, hệ thống hóa văn bản")
    assert leads(t) == ["Sở Tư pháp"] and t["timeframe"]["due_date"] == "2023-06-30"
    t = by_title(p, "Tổ chức theo dõi thi hành pháp luật")
    assert t["timeframe"]["recurrence"] == "yearly" and t["timeframe"]["due_month"] == 10
    t = by_title(p, "Số hóa hồ sơ, kết quả")  # starts like "Sở": not a unit
    assert leads(t) == ["Trung tâm Phục vụ hành chính công tỉnh"]
    assert t["timeframe"]["recurrence"] == "six_monthly"
    t = by_title(p, "Tham mưu bố trí kinh phí")  # last duty, before the closing formula
    assert leads(t) == ["Sở Tài chính"]
    t = by_title(p, "Xây dựng kế hoạch cải cách hành chính năm 2023 của cơ quan")
    assert t["timeframe"]["due_date"] == "2023-02-15"
    assert target(p, "2", "bậc")["comparator"] == ">="
    assert target(p, "100", "%")["subject"].startswith("TTHC được công khai")
    assert target(p, "50", "%")["comparator"] == ">="
    assert target(p, "15", "minutes")["comparator"] == "<="
    no_unread_lines(p)


# --- Nghệ An: decision + attached plan, pipe task table ---------------------------------------


def test_nghean_decision_with_pipe_task_table():
    p = text_plan("nghean_2023_decision_table.txt")
    d = p["document"]
    assert (d["number"], d["kind"], d["date"]) == ("4321/QĐ-UBND", "decision", "2022-12-28")
    assert d["signer"] == "Nguyễn Đức Trung"
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Nghệ An"
    assert [a["code"] for a in p["areas"]] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert std_areas(p)[-1] == "digital_government"
    table = [t for t in p["tasks"] if t["area"]]
    assert len(table) == 13
    t = by_title(p, "Xây dựng Kế hoạch tuyên truyền")
    assert (leads(t), supports(t), t["outputs"]) == (
        ["Sở Nội vụ"],
        ["Sở Thông tin và Truyền thông"],
        ["Kế hoạch"],
    )
    assert t["timeframe"]["due_date"] == "2023-03-31"
    t = by_title(p, "Tổ chức Hội nghị sơ kết")
    assert t["support"] == [] and t["timeframe"]["due_date"] == "2023-06-30"  # empty cell stays empty
    t = by_title(p, "Đánh giá tình hình thi hành pháp luật")
    assert t["timeframe"]["recurrence"] == "yearly" and t["timeframe"]["due_month"] == 10
    t = by_title(p, "Công bố danh mục thủ tục hành chính")
    assert t["timeframe"]["recurrence"] == "six_monthly"
    t = by_title(p, "Triển khai số hóa hồ sơ")
    assert supports(t) == ["Sở Thông tin và Truyền thông", "UBND cấp huyện"]
    t = by_title(p, "Sắp xếp đơn vị hành chính")
    assert (t["timeframe"]["start_year"], t["timeframe"]["end_year"]) == (2023, 2025)
    t = by_title(p, "Các sở, ban, ngành, UBND các huyện")
    assert leads(t) == ["Các sở, ban, ngành", "UBND các huyện, thành phố, thị xã"]
    assert t["timeframe"]["due_date"] == "2023-01-31"
    assert target(p, "98", "%")["comparator"] == ">="
    assert target(p, "2", "bậc")
    no_unread_lines(p)


# --- Bảo Lộc: PAR INDEX plan of a district-level city, flattened table without blank lines ---


def test_baoloc_parindex_plan_with_flattened_table():
    p = text_plan("baoloc_2023_parindex_flat.txt")
    d = p["document"]
    assert (d["number"], d["date"]) == ("112/KH-UBND", "2023-03-06")
    assert d["issuer"] == "Ủy ban nhân dân thành phố Bảo Lộc"
    assert std_areas(p) == ["direction", "procedures", "digital_government"]
    table = [t for t in p["tasks"] if t["area"]]
    assert len(table) == 7
    assert len(p["tasks"]) == 9  # + 2 duties in IV; "IV. TỔ CHỨC THỰC HIỆN" ends the table
    t = by_title(p, "Ban hành Kế hoạch cải cách hành chính năm 2023")
    assert leads(t) == ["Phòng Nội vụ"] and supports(t) == ["Văn phòng HĐND và UBND thành phố"]
    t = by_title(p, "Tổ chức tự đánh giá")
    assert supports(t) == ["Các phòng, ban chuyên môn"]
    assert t["timeframe"]["text"] == "Tháng 10 hằng năm"
    t = by_title(p, "Kiểm tra công tác cải cách hành chính")  # missing support cell
    assert leads(t) == ["Phòng Nội vụ"] and t["support"] == []
    assert t["timeframe"]["recurrence"] == "continuous"
    t = by_title(p, "Số hóa kết quả")
    assert leads(t) == ["UBND các xã, phường"] and t["timeframe"]["due_date"] == "2023-09-30"
    t = by_title(p, "Các đơn vị được giao nhiệm vụ")
    assert t["lead"] == []  # "whoever was assigned" is no unit
    assert target(p, "2", "bậc") and target(p, "5", "rank") and target(p, "50", "%")
    no_unread_lines(p)


# --- Đức Trọng: a district's annual plan, labelled attribute lines under a) items -----------


def test_ductrong_district_plan_with_labelled_attributes():
    p = text_plan("ductrong_2024_district.txt")
    d = p["document"]
    assert (d["number"], d["date"]) == ("15/KH-UBND", "2024-01-10")
    assert d["issuer"] == "Ủy ban nhân dân huyện Đức Trọng"
    assert std_areas(p) == ["institutions", "procedures", "civil_service", "public_finance"]
    assert len(p["tasks"]) == 10
    t = by_title(p, "Rà soát, kiểm tra văn bản")
    assert leads(t) == ["Phòng Tư pháp"]
    assert supports(t) == ["Các cơ quan chuyên môn thuộc UBND huyện"]
    assert t["timeframe"]["due_date"] == "2024-12-31"
    assert t["source"]["line_end"] > t["source"]["line_start"]
    t = by_title(p, "Thực hiện số hóa hồ sơ")
    assert leads(t) == ["Văn phòng HĐND và UBND huyện"] and t["timeframe"]["due_date"] == "2024-06-30"
    t = by_title(p, "Giao dự toán ngân sách")
    assert leads(t) == ["Phòng Tài chính - Kế hoạch"] and t["timeframe"]["due_date"] == "2024-01-31"
    t = by_title(p, "Thủ trưởng các cơ quan chuyên môn thuộc UBND huyện")
    assert leads(t) == ["các cơ quan chuyên môn thuộc UBND huyện", "UBND các xã, thị trấn"]
    assert t["timeframe"]["due_date"] == "2024-01-31"
    assert [t["lead"] for t in p["tasks"] if t["title"].startswith("Là cơ quan thường trực")][0][0][
        "text"
    ] == ("Phòng Nội vụ")
    assert target(p, "98", "%")["comparator"] == ">"
    assert target(p, "85", "%")["comparator"] == ">="
    no_unread_lines(p)


# --- DOCX ----------------------------------------------------------------------------------


def test_cantho_docx_real_table_with_merged_cells():
    p = docx_plan(docx_plans.cantho_2023_table)
    d = p["document"]
    # the header block is a two-column layout table
    assert (d["number"], d["place"], d["date"]) == ("58/KH-UBND", "Cần Thơ", "2023-02-14")
    assert d["issuer"] == "Ủy ban nhân dân thành phố Cần Thơ" and d["signer"] == "Trần Việt Trường"
    assert std_areas(p) == ["procedures", "digital_government"]
    assert len(p["tasks"]) == 5
    t = by_title(p, "Số hóa hồ sơ")
    assert leads(t) == ["Văn phòng UBND thành phố"]  # merged vertically with the row above
    assert t["outputs"] == ["Dữ liệu số hóa"] and t["timeframe"]["recurrence"] == "continuous"
    t = by_title(p, "Nâng cấp Hệ thống")
    assert t["support"] == [] and t["timeframe"]["due_date"] == "2023-09-30"
    t = by_title(p, "Báo cáo tình hình")
    assert t["timeframe"]["recurrence"] == "six_monthly"
    assert target(p, "100", "%") and target(p, "50", "%")
    no_unread_lines(p)
    assert p["coverage"] == 1.0


def test_thudaumot_docx_numbered_lists_and_solutions():
    p = docx_plan(docx_plans.thudaumot_2023_lists)
    d = p["document"]
    assert (d["number"], d["date"]) == ("77/KH-UBND", "2023-04-03")
    assert d["issuer"] == "Ủy ban nhân dân thành phố Thủ Dầu Một"
    assert std_areas(p) == ["direction", "procedures"]
    assert len(p["tasks"]) == 4
    t = by_title(p, "Tham mưu ban hành Kế hoạch kiểm tra")
    assert leads(t) == ["Phòng Nội vụ"] and supports(t) == ["Văn phòng HĐND và UBND thành phố"]
    assert t["timeframe"]["due_date"] == "2023-04-30"
    t = by_title(p, "Tổ chức tự đánh giá")
    assert t["timeframe"]["due_date"] == "2023-10-15"
    t = by_title(p, "Công khai đầy đủ")
    assert leads(t) == ["Văn phòng HĐND và UBND thành phố"]
    assert target(p, "2", "bậc") and target(p, "60", "%")


@pytest.mark.parametrize("name", sorted(p.name for p in GENRE.glob("*.txt")))
def test_genre_text_plans_have_no_unaccounted_lines(name):
    no_unread_lines(text_plan(name))


# --- 2025–2026 plans: a department, a ward, a merged province, an index plan, a web page ---


def test_department_annual_plan_docx_framework_after_signature():
    p = docx_plan(docx_plans.khanhhoa_soyte_2025)
    d = p["document"]
    assert (d["number"], d["kind"], d["date"]) == ("112/KH-SYT", "plan", "2025-01-10")
    assert d["place"] == "Khánh Hòa"
    assert d["issuer"] == "Sở Y tế tỉnh Khánh Hòa"  # the department, not the UBND above it
    assert d["signer"] == "Trần Thị Minh Hạnh"  # KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC
    assert (d["period_start"], d["period_end"]) == (2025, 2025)
    assert std_areas(p) == [
        "direction",
        "institutions",
        "procedures",
        "organisation",
        "public_finance",
        "digital_government",
    ]
    table = [t for t in p["tasks"] if t["area"]]
    assert len(table) == 12  # rows 1, 2, 3.1, 3.2, 4–11; row 3 only groups 3.1 and 3.2
    assert len(p["tasks"]) == 15  # + 3 duties in IV. TỔ CHỨC THỰC HIỆN
    assert not [t for t in p["tasks"] if t["title"] == "Tuyên truyền cải cách hành chính"]
    t = by_title(p, "Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2025")
    assert (leads(t), supports(t), t["outputs"]) == (["Văn phòng Sở"], ["Các phòng, đơn vị"], ["Kế hoạch"])
    assert t["timeframe"]["due_date"] == "2025-01-31"
    t = by_title(p, "Tổ chức Hội thi")
    assert t["parent"] == "Tuyên truyền cải cách hành chính"
    assert (leads(t), supports(t)) == (["Phòng Tổ chức cán bộ"], ["Công đoàn ngành Y tế"])
    assert t["outputs"] == ["Hội thi được tổ chức"] and t["timeframe"]["due_date"] == "2025-06-30"
    t = by_title(p, "Rà soát, hệ thống hóa văn bản")
    assert leads(t) == ["Phòng Nghiệp vụ Y"] and supports(t) == ["Phòng Nghiệp vụ Dược", "Văn phòng Sở"]
    t = by_title(p, "Số hóa hồ sơ")  # lead cell merged down from the row above
    assert leads(t) == ["Văn phòng Sở"] and t["timeframe"]["recurrence"] == "quarterly"
    t = by_title(p, "Duy trì, cải tiến Hệ thống quản lý chất lượng")
    assert t["support"] == [] and t["timeframe"]["recurrence"] == "continuous"
    t = by_title(p, "Căn cứ Kế hoạch này, xây dựng kế hoạch")
    assert t["timeframe"]["due_date"] == "2025-01-31"
    assert target(p, "80", "%")["comparator"] == ">="  # "từ 80% trở lên"
    assert target(p, "90", "%")["comparator"] == ">"  # "trên 90%"
    assert target(p, "5", "rank")["comparator"] == "<="  # "nhóm 5 sở, ngành dẫn đầu"
    no_unread_lines(p)
    assert not [w for w in p["warnings"] if "without" in w["message"]]


def test_merged_province_multi_year_docx_two_row_header():
    p = docx_plan(docx_plans.angiang_2026_2030)
    d = p["document"]
    assert (d["number"], d["date"]) == ("09/KH-UBND", "2026-01-12")
    assert d["issuer"] == "Ủy ban nhân dân tỉnh An Giang"
    assert (d["period_start"], d["period_end"]) == (2026, 2030)
    assert [a["code"] for a in p["areas"]] == ["I", "II", "III", "IV", "V", "VI"]
    assert p["areas"][0]["title"] == "CẢI CÁCH THỂ CHẾ"  # "I. CẢI CÁCH THỂ CHẾ" in one merged cell
    assert std_areas(p)[-1] == "digital_government"
    table = [t for t in p["tasks"] if t["area"]]
    assert len(table) == 10  # the header's second row (Chủ trì | Phối hợp) is no task
    t = by_title(p, "Xây dựng, ban hành văn bản quy phạm pháp luật")
    assert (leads(t), supports(t)) == (["Sở Tư pháp"], ["Các sở, ban, ngành", "UBND các xã, phường"])
    assert t["outputs"] == ["Nghị quyết, Quyết định"]  # "Dự kiến sản phẩm", last column
    assert (t["timeframe"]["start_year"], t["timeframe"]["end_year"]) == (2026, 2027)
    t = by_title(p, "Thực hiện thủ tục hành chính không phụ thuộc địa giới")
    assert leads(t) == ["Văn phòng UBND tỉnh"]  # merged down three rows
    assert t["timeframe"]["due_date"] == "2026-12-31"
    t = by_title(p, "Đánh giá chất lượng giải quyết")
    assert leads(t) == ["Văn phòng UBND tỉnh"] and t["timeframe"]["recurrence"] == "six_monthly"
    t = by_title(p, "Theo dõi tình hình thi hành pháp luật")
    assert t["timeframe"]["recurrence"] == "yearly"
    assert (t["timeframe"]["start_year"], t["timeframe"]["end_year"]) == (2026, 2030)
    t = by_title(p, "Xây dựng Kho dữ liệu dùng chung")
    assert leads(t) == ["Sở Khoa học và Công nghệ"] and t["outputs"] == ["Kho dữ liệu dùng chung"]
    t = by_title(p, "Tham mưu sơ kết giai đoạn 2026 - 2028")
    assert leads(t) == ["Sở Nội vụ"] and t["timeframe"]["due_date"] == "2028-12-31"
    assert target(p, "70", "%")["year"] == 2028  # "* Đến năm 2028:"
    rank = target(p, "10", "rank")
    assert (rank["comparator"], rank["year"]) == ("<=", 2030)
    assert target(p, "95", "%")["comparator"] == ">"
    no_unread_lines(p)


def test_index_plan_docx_other_headers_and_rank_targets():
    p = docx_plan(docx_plans.tayninh_index_2025)
    d = p["document"]
    assert (d["number"], d["date"], d["signer"]) == ("1520/KH-UBND", "2025-04-25", "Nguyễn Hồng Thanh")
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Tây Ninh"
    assert (d["period_start"], d["period_end"]) == (2025, 2025)
    rows = {c["code"]: c for c in p["index_criteria"]}
    assert list(rows) == ["1", "1.1", "1.2", "2", "2.1", "3"]  # codes written in the name cell
    assert rows["1.1"]["title"] == "Kế hoạch cải cách hành chính"
    assert (rows["1"]["max_points"], rows["1"]["baseline"], rows["1"]["target"]) == ("9", "8.25", "9")
    assert rows["1.2"]["lead"] == "Sở Nội vụ"  # inherited from its criterion
    assert rows["2.1"]["lead"] == "Sở Tư pháp"
    assert rows["3"]["target"] == "12.5"
    assert target(p, "10", "rank")["comparator"] == "<="  # nhóm 10 tỉnh, thành phố dẫn đầu
    assert target(p, "15", "rank")["comparator"] == "<="  # Top 15
    assert target(p, "2", "bậc")["comparator"] == ">="  # tăng ít nhất 2 bậc
    assert target(p, "90", "%")["comparator"] == ">"
    assert target(p, "85", "%")["comparator"] == ">="  # không thấp hơn 85%
    assert target(p, "80", "%")["comparator"] == ">="  # từ 80% trở lên
    assert len(p["tasks"]) == 5
    t = by_title(p, "Sở Tài chính chủ trì")
    assert (leads(t), supports(t)) == (["Sở Tài chính"], ["Hiệp hội Doanh nghiệp tỉnh"])
    assert t["timeframe"]["due_date"] == "2025-09-30"
    t = by_title(p, "Văn phòng UBND tỉnh chủ trì")
    assert t["timeframe"]["recurrence"] == "six_monthly"  # "… định kỳ 6 tháng."
    t = by_title(p, "Sở Nội vụ chủ trì")
    assert t["timeframe"]["due_date"] == "2025-05-31"
    no_unread_lines(p)
    assert p["coverage"] == 1.0


def test_ward_plan_with_assignment_sentences():
    p = text_plan("hacthanh_2026_ward.txt")
    d = p["document"]
    assert (d["number"], d["date"], d["place"]) == ("07/KH-UBND", "2026-01-08", "Hạc Thành")
    assert d["issuer"] == "Ủy ban nhân dân phường Hạc Thành" and d["signer"] == "Lê Văn Hoàng"
    assert (d["period_start"], d["period_end"]) == (2026, 2026)
    assert std_areas(p) == ["direction", "procedures", "organisation", "digital_government"]
    assert len(p["tasks"]) == 10  # 8 in III, 2 in IV
    t = by_title(p, "Ban hành Kế hoạch tuyên truyền")
    # "Giao X chủ trì thực hiện, hoàn thành trong Quý I/2026." is removed from the title
    assert t["title"] == "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 của phường"
    assert leads(t) == ["Văn phòng HĐND và UBND phường"] and t["timeframe"]["due_date"] == "2026-03-31"
    t = by_title(p, "Kiểm tra việc thực hiện kỷ luật")
    assert supports(t) == ["Phòng Văn hóa - Xã hội"]
    t = by_title(p, "Tổng hợp báo cáo kết quả")
    assert t["lead"] == [] and t["timeframe"]["due_date"] == "2026-12-15"  # "trước ngày 15/12"
    t = by_title(p, "Niêm yết, công khai")
    assert leads(t) == ["Trung tâm Phục vụ hành chính công phường"]
    assert t["timeframe"]["recurrence"] == "continuous"
    t = by_title(p, "Rà soát, đề xuất đơn giản hóa")
    assert leads(t) == ["Phòng Kinh tế, Hạ tầng và Đô thị"] and t["timeframe"]["due_date"] == "2026-06-30"
    t = by_title(p, "Phát triển mô hình")
    assert (leads(t), supports(t)) == (["Phòng Văn hóa - Xã hội"], ["Đoàn Thanh niên phường"])
    assert t["timeframe"]["due_date"] == "2026-09-30"
    t = by_title(p, "Văn phòng HĐND và UBND phường là cơ quan đầu mối")
    assert t["timeframe"]["recurrence"] == "quarterly"
    assert target(p, "98", "%")["comparator"] == ">="
    assert target(p, "60", "%")["comparator"] == ">="
    assert target(p, "95", "%")["comparator"] == ">"
    zero = target(p, "0", "count")  # "Không có cán bộ, công chức bị xử lý kỷ luật …"
    assert zero["comparator"] == "=" and zero["subject"].startswith("cán bộ, công chức bị xử lý kỷ luật")
    assert not [w for w in p["warnings"] if "no measurable target" in w["message"]]
    no_unread_lines(p)


@pytest.mark.parametrize("encoding", ["cp1258", "nfd"])
def test_web_page_plan_in_windows_1258_or_nfd(encoding):
    import unicodedata

    text = (GENRE / "lamdong_2026_web.txt").read_text(encoding="utf-8")
    data = encode_cp1258(text) if encoding == "cp1258" else unicodedata.normalize("NFD", text).encode("utf-8")
    p = parse_plan(read_document(data, filename="ke-hoach-45.htm"))
    d = p["document"]
    assert (d["number"], d["kind"], d["date"]) == ("45/KH-UBND", "plan", "2026-01-05")
    assert d["place"] == "Đà Lạt"  # the place of issue, not the province
    assert d["issuer"] == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert d["signer"] == "Nguyễn Ngọc Phúc"  # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    assert std_areas(p) == ["institutions", "procedures", "civil_service", "digital_government"]
    assert len(p["tasks"]) == 7  # the portal's footer is no task
    t = by_title(p, "Rà soát, đơn giản hóa quy trình nội bộ")
    assert (leads(t), supports(t)) == (["Sở Nông nghiệp và Môi trường"], ["Văn phòng UBND tỉnh"])
    assert t["timeframe"]["due_date"] == "2026-09-30"
    t = by_title(p, "Vận hành Hệ thống thông tin")
    assert leads(t) == ["Sở Khoa học và Công nghệ"] and t["timeframe"]["due_date"] == "2026-03-31"
    assert target(p, "3", "bậc")["comparator"] == ">="
    assert target(p, "85", "%")["comparator"] == ">="  # "không thấp hơn 85%"
    no_unread_lines(p)
    assert p["coverage"] == 1.0  # banner, menu, visit counter and footer are chrome


def test_department_docx_table_without_stt_sentence_case_sections_and_unit_lines():
    p = docx_plan(docx_plans.bacninh_sotuphap_2025)
    d = p["document"]
    assert (d["number"], d["issuer"]) == ("20/KH-STP", "Sở Tư pháp tỉnh Bắc Ninh")
    assert d["signer"] == "Nguyễn Văn Hùng"
    assert std_areas(p) == ["institutions", "procedures"]  # section rows merged across, no numeral
    table = [t for t in p["tasks"] if t["area"]]
    assert len(table) == 3 and [t["area"] for t in table] == ["1", "2", "2"]
    t = by_title(p, "Rà soát văn bản quy phạm pháp luật")
    assert supports(t) == ["Văn phòng Sở", "Thanh tra Sở"]  # one unit per line
    assert t["timeframe"]["due_date"] == "2025-06-30"  # "Quý II" of the plan's year
    t = by_title(p, "Công bố, công khai thủ tục hành chính")
    assert supports(t) == ["Các phòng chuyên môn"]  # one name wrapped over two lines
    assert t["note"] == "Nhiệm vụ thường xuyên"  # the Ghi chú column
    t = by_title(p, "Giải quyết hồ sơ lý lịch tư pháp")
    assert supports(t) == ["Trung tâm Phục vụ hành chính công tỉnh", "Công an tỉnh"]
    assert t["timeframe"]["due_date"] == "2025-11-15"  # "Trước 15/11"
    assert "note" not in t
    no_unread_lines(p)
    assert p["coverage"] == 1.0


def test_district_text_plan_with_a_table_copied_as_tabs():
    p = text_plan("tamdao_2025_tabs.txt")
    d = p["document"]  # the header block is two columns separated by tabs as well
    assert (d["number"], d["date"], d["place"]) == ("12/KH-UBND", "2025-01-10", "Tam Đảo")
    assert d["issuer"] == "Ủy ban nhân dân huyện Tam Đảo" and d["signer"] == "Trần Văn Nam"
    assert len(p["tasks"]) == 6  # 4 table rows, 2 items in IV
    t = by_title(p, "Kiểm tra công tác cải cách hành chính")
    assert (leads(t), supports(t)) == (["Phòng Nội vụ"], ["Văn phòng HĐND và UBND huyện"])
    assert t["timeframe"]["due_date"] == "2025-09-30"
    t = by_title(p, "Số hóa hồ sơ")
    assert t["support"] == [] and t["timeframe"]["recurrence"] == "continuous"  # empty cell between tabs
    t = by_title(p, "Rà soát, đánh giá thủ tục hành chính")
    assert t["timeframe"]["due_date"] == "2025-11-15"
    t = by_title(p, "Rà soát quy trình nội bộ")  # "Chủ trì: …; Phối hợp: …; Thời gian: …" on its line
    assert t["title"] == "Rà soát quy trình nội bộ giải quyết thủ tục hành chính"
    assert (leads(t), supports(t)) == (["Phòng Tư pháp"], ["Văn phòng HĐND và UBND huyện"])
    assert t["timeframe"]["due_date"] == "2025-06-30"
    assert target(p, "1", "bậc")["comparator"] == ">="
    no_unread_lines(p)
    assert p["coverage"] == 1.0


def test_merged_province_plan_as_a_web_page_reads_like_its_docx():
    """The An Giang plan as a legal-document site shows it: one cell per paragraph with blank
    lines between, the two-row header flattened (Cơ quan thực hiện, Dự kiến sản phẩm, Chủ trì,
    Phối hợp), 'I. CẢI CÁCH THỂ CHẾ' section cells, the lead merged over rows 3–5 missing."""
    web = text_plan("angiang_2026_2030_web.txt")
    docx = docx_plan(docx_plans.angiang_2026_2030)
    assert web["document"]["number"] == "09/KH-UBND" and web["document"]["signer"] == "Hồ Văn Mừng"
    assert std_areas(web) == std_areas(docx)

    def rows(p):
        return [
            (t["area"], t["title"], leads(t), supports(t), t["outputs"], t["timeframe"]["text"])
            for t in p["tasks"]
            if t["area"]
        ]

    assert len(rows(web)) == 10
    assert rows(web) == rows(docx)
    no_unread_lines(web)


def test_index_plan_as_pdf_text_reads_its_flattened_criteria_table():
    """The Tây Ninh plan's text layer (PDF): the PAR INDEX table one cell per line, no blank
    lines, the empty lead cells of sub-criteria simply missing."""
    text = text_plan("tayninh_2025_index_pdf.txt")
    docx = docx_plan(docx_plans.tayninh_index_2025)

    def rows(p):
        return [
            (c["code"], c["title"], c["max_points"], c["baseline"], c["target"], c["lead"])
            for c in p["index_criteria"]
        ]

    assert len(rows(text)) == 6
    assert rows(text) == rows(docx)
    assert rows(text)[2] == ("1.2", "Kiểm tra cải cách hành chính", "1.5", "1", "1.5", "Sở Nội vụ")
    assert len(text["tasks"]) == len(docx["tasks"]) == 5
    no_unread_lines(text)
    assert text["coverage"] == 1.0


@pytest.mark.parametrize(
    "builder",
    [
        docx_plans.khanhhoa_soyte_2025,
        docx_plans.angiang_2026_2030,
        docx_plans.tayninh_index_2025,
        docx_plans.bacninh_sotuphap_2025,
    ],
    ids=lambda b: b.__name__,
)
def test_genre_docx_plans_conform_to_the_schema(builder):
    from cchc.domain.planparse.tests.test_planparse import SCHEMA, _check

    _check(docx_plan(builder), SCHEMA)
