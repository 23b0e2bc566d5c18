"""Task timeframes and prose deadlines (cchc.domain.timeframes), on the seeds' real phrasing."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.testing.seeds import seeds_dir
from cchc.domain.text import clean
from cchc.domain.timeframes import Timeframe, find_deadline, parse_timeframe

SEEDS = seeds_dir()
PLAN = (2021, 2025)


def seed_text(name: str) -> str:
    path = SEEDS / name
    return clean(path.read_text(encoding="utf-8"))


# (cell text, start_year, end_year, due_date, recurrence)
CASES = [
    ("2021-2025", 2021, 2025, date(2025, 12, 31), None),  # seed 000 annex, 41 rows
    ("2021 -2025", 2021, 2025, date(2025, 12, 31), None),  # seed 000, stray space
    ("2021 – 2025", 2021, 2025, date(2025, 12, 31), None),  # en dash
    ("2022", 2022, 2022, date(2022, 12, 31), None),
    ("Năm 2023", 2023, 2023, date(2023, 12, 31), None),  # seed 001 annex
    ("Năm 2022-2023", 2022, 2023, date(2023, 12, 31), None),
    ("2021, 2022", 2021, 2022, date(2022, 12, 31), None),
    ("Hàng năm", 2021, 2025, None, "yearly"),  # seed 000 annex, 25 rows
    ("Hằng năm", 2021, 2025, None, "yearly"),
    ("Thường xuyên", 2021, 2025, None, "continuous"),
    ("Thường xuyên, hàng năm", 2021, 2025, None, "continuous"),
    ("Định kỳ hằng quý", 2021, 2025, None, "quarterly"),
    ("Hàng tháng", 2021, 2025, None, "monthly"),
    ("Định kỳ 6 tháng", 2021, 2025, None, "six_monthly"),
    ("Quý III/2022", 2022, 2022, date(2022, 9, 30), None),
    ("Quý I năm 2023", 2023, 2023, date(2023, 3, 31), None),
    ("tháng 7/2022", 2022, 2022, date(2022, 7, 31), None),
    ("trong tháng 02/2022", 2022, 2022, date(2022, 2, 28), None),  # seed 002
    ("trước ngày 15/11/2022", 2022, 2022, date(2022, 11, 15), None),  # seed 002
    ("ngày 23 tháng 9 năm 2021", 2021, 2021, date(2021, 9, 23), None),
    ("Hoàn thành trước năm 2025", 2021, 2024, date(2024, 12, 31), None),  # seed 001 annex
    ("Từ năm 2021", 2021, 2025, date(2025, 12, 31), None),  # seed 001 annex
    ("Đến năm 2025", 2021, 2025, date(2025, 12, 31), None),
    ("6 tháng đầu năm 2024", 2024, 2024, date(2024, 6, 30), None),
]


@pytest.mark.parametrize(("text", "start", "end", "due", "recurrence"), CASES)
def test_parse_timeframe_reads_the_plans_phrasing(text, start, end, due, recurrence):
    tf = parse_timeframe(text, period=PLAN)
    assert (tf.start_year, tf.end_year, tf.due_date, tf.recurrence) == (start, end, due, recurrence)
    assert tf.text == clean(text)
    assert tf.event is None


@pytest.mark.parametrize(("text", "start", "end", "due", "recurrence"), CASES)
def test_parse_timeframe_ignores_nfd_and_stray_spaces(text, start, end, due, recurrence):
    messy = "  " + unicodedata.normalize("NFD", text).replace(" ", "  \u00a0") + " "
    tf = parse_timeframe(messy, period=PLAN)
    assert (tf.start_year, tf.end_year, tf.due_date, tf.recurrence) == (start, end, due, recurrence)


def test_seed_timeframe_cells_are_real():
    text = seed_text("000_ba99fad979cb327a.txt") + seed_text("001_a9192378d84b1fc8.txt")
    for cell in ["2021 -2025", "Hàng năm", "Hoàn thành trước năm 2025", "Từ năm 2021", "Thường xuyên"]:
        assert cell in text


def test_event_timeframe_keeps_the_event():
    cell = "Sau khi Nghị định sửa đổi Nghị định số 61/2018/NĐ-CP được ban hành"  # seed 000 annex
    assert cell in seed_text("000_ba99fad979cb327a.txt")
    tf = parse_timeframe(cell, period=PLAN)
    assert tf.event == "Nghị định sửa đổi Nghị định số 61/2018/NĐ-CP được ban hành"
    assert tf.due_date is None and tf.recurrence is None


def test_recurring_timeframe_with_a_month_keeps_the_anchor():
    tf = parse_timeframe("Tháng 12 hàng năm", period=PLAN)
    assert (tf.recurrence, tf.due_month, tf.due_day, tf.due_date) == ("yearly", 12, None, None)
    assert tf.due_dates() == [date(y, 12, 31) for y in range(2021, 2026)]
    tf = parse_timeframe("trước ngày 15/11 hàng năm", period=(2022, 2023))
    assert (tf.due_month, tf.due_day) == (11, 15)
    assert tf.due_dates() == [date(2022, 11, 15), date(2023, 11, 15)]


def test_recurring_timeframe_without_period_has_no_years():
    tf = parse_timeframe("Hàng năm")
    assert (tf.recurrence, tf.start_year, tf.end_year, tf.due_dates()) == ("yearly", None, None, [])


def test_default_year_completes_year_less_periods():
    assert parse_timeframe("Quý III", default_year=2022).due_date == date(2022, 9, 30)
    assert parse_timeframe("tháng 7", default_year=2022).due_date == date(2022, 7, 31)
    assert parse_timeframe("Quý III").due_month == 9  # no year known: the month is kept


# ("Theo tiến độ của Trung ương" is an external schedule since issue 13: see below)
@pytest.mark.parametrize("text", ["", "   ", "2025-2021", "???", "Ghi chú", "Theo dõi"])
def test_unknown_text_gives_only_the_text(text):
    tf = parse_timeframe(text, period=PLAN)
    assert tf == Timeframe(text=clean(text))
    assert not tf.understood


def test_to_dict_is_json_ready():
    assert parse_timeframe("Quý III/2022").to_dict() == {
        "text": "Quý III/2022",
        "start_year": 2022,
        "end_year": 2022,
        "due_date": "2022-09-30",
        "recurrence": None,
        "event": None,
        "due_month": None,
        "due_day": None,
    }


# ------------------------------------------------------------------------- find_deadline


@pytest.mark.parametrize(
    ("sentence", "due", "phrase"),
    [
        (  # seed 003
            "Đối với những tiêu chí chưa đạt điểm tối đa Sở Nội vụ phân tích và xây dựng Kế hoạch khắc phục, "
            "cải thiện nâng cao Chỉ số (hoàn thành trong tháng 7/2022).",
            date(2022, 7, 31),
            "hoàn thành trong tháng 7/2022",
        ),
        (  # seed 003: a cited decision's date is not the deadline
            "Triển khai các nhiệm vụ tại Kế hoạch số 285/KH-UBND về việc thực hiện tích hợp DVC trực tuyến "
            "mức độ 3,4 và Quyết định số 1473/QĐ-UBND ngày 29/4/2022 (hoàn thành trong tháng 11/2022).",
            date(2022, 11, 30),
            "hoàn thành trong tháng 11/2022",
        ),
        (  # seed 000
            "a) Cụ thể hóa mục tiêu, nhiệm vụ, giải pháp tại Kế hoạch này thành Kế hoạch cải cách hành chính "
            "giai đoạn 2021-2025 (hoàn thành trước ngày 20/10/2021) và Kế hoạch cải cách hành chính hàng năm",
            date(2021, 10, 20),
            "hoàn thành trước ngày 20/10/2021",
        ),
        (  # seed 002
            "9. Căn cứ vào tình hình địa phương, UBND các xã, phường xây dựng và ban hành Kế hoạch CCHC năm 2022 "
            "của đơn vị và gửi về UBND thành phố (*qua phòng Nội vụ*) trong tháng 02/2022 để theo dõi",
            date(2022, 2, 28),
            "trong tháng 02/2022",
        ),
        ("Hoàn thiện mô hình một cửa hiện đại (hoàn thành trong Quý III/2022).", date(2022, 9, 30), None),
        ("Ban hành quy chế, thời gian hoàn thành: Quý III/2022", date(2022, 9, 30), None),
        ("Trình UBND tỉnh, hoàn thành trước ngày 30/6/2022.", date(2022, 6, 30), None),
    ],
)
def test_find_deadline_in_prose(sentence, due, phrase):
    tf = find_deadline(sentence)
    assert tf is not None and tf.due_date == due
    if phrase:
        assert tf.text == phrase


def test_seed_003_deadline_sentences_are_real():
    text = seed_text("003_910b1e79badbb223.txt")
    assert "(hoàn thành trong tháng 7/2022)" in text
    assert "Quyết định số 1473/QĐ-UBND ngày 29/4/2022 (hoàn thành trong tháng 11/2022)" in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Căn cứ Quyết định số 1473/QĐ-UBND ngày 29/4/2022 của UBND Thành phố",
        "Kế hoạch cải cách hành chính năm 2022",
        "Nghị quyết số 76/NQ-CP của Chính phủ ban hành Chương trình tổng thể giai đoạn 2021-2030",
        "",
    ],
)
def test_find_deadline_ignores_dates_that_are_not_deadlines(sentence):
    assert find_deadline(sentence) is None


# ------------------------------------------------------------------------- properties


@given(
    st.integers(min_value=1990, max_value=2099),
    st.integers(min_value=0, max_value=20),
    st.sampled_from(["-", " - ", " -", "–", " – ", "—"]),
)
def test_any_year_range_parses_to_its_years(y1, span, dash):
    y2 = min(y1 + span, 2099)
    tf = parse_timeframe(f"{y1}{dash}{y2}")
    assert (tf.start_year, tf.end_year, tf.due_date) == (y1, y2, date(y2, 12, 31))


@given(st.integers(min_value=1, max_value=4), st.integers(min_value=1990, max_value=2099), st.booleans())
def test_quarter_due_dates_are_quarter_ends(q, year, long_form):
    roman = ["I", "II", "III", "IV"][q - 1]
    text = f"Quý {roman} năm {year}" if long_form else f"Quý {roman}/{year}"
    due = parse_timeframe(text).due_date
    assert due is not None
    assert due.month == 3 * q and due.year == year
    assert date.fromordinal(due.toordinal() + 1).day == 1  # the next day starts a month


@given(st.text(max_size=200), st.none() | st.integers(min_value=1, max_value=9999))
def test_parse_timeframe_never_raises(text, default_year):
    tf = parse_timeframe(text, default_year=default_year, period=PLAN)
    assert isinstance(tf, Timeframe)
    assert tf.recurrence in (None, "yearly", "continuous", "quarterly", "monthly", "six_monthly")


@given(st.text(max_size=200))
def test_find_deadline_never_raises(text):
    result = find_deadline(text)
    assert result is None or isinstance(result, Timeframe)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Trước 15/11", date(2025, 11, 15)),  # an annual plan's cell: day/month, the plan's year
        ("Chậm nhất 20/12", date(2025, 12, 20)),
        ("6/2025", date(2025, 6, 30)),  # a bare month/year cell
        ("Tháng 01-02/2025", date(2025, 2, 28)),  # a span of months ends with the last one
        ("Quý I/2025 - Quý IV/2025", date(2025, 12, 31)),
        ("Quý I - Quý II/2025", date(2025, 6, 30)),
    ],
)
def test_annual_plan_cells_of_other_provinces(text, due):
    assert parse_timeframe(text, default_year=2025, period=(2025, 2025)).due_date == due


def test_recurring_day_month_and_whole_year_and_when_events():
    tf = parse_timeframe("Trước 15/12 hằng năm", period=(2026, 2030))
    assert (tf.recurrence, tf.due_month, tf.due_day) == ("yearly", 12, 15)
    assert parse_timeframe("Cả năm", default_year=2025, period=(2025, 2025)).recurrence == "continuous"
    tf = parse_timeframe("Khi có văn bản hướng dẫn của Trung ương", period=PLAN)
    assert tf.event == "Khi có văn bản hướng dẫn của Trung ương" and tf.due_date is None


def test_schedule_closing_a_prose_item():
    from cchc.domain.timeframes import find_schedule

    assert find_schedule("Tổ chức khảo sát sự hài lòng định kỳ 6 tháng.", default_year=2025).recurrence == (
        "six_monthly"
    )
    assert find_schedule("Niêm yết thủ tục hành chính, thực hiện thường xuyên.").recurrence == "continuous"
    # a recurrence inside the sentence describes the work, not its schedule
    assert find_schedule("Thường xuyên kiểm tra, đôn đốc việc thực hiện Kế hoạch.") is None
    assert find_schedule("Thẩm định kinh phí cải cách hành chính hàng năm.") is None


# --- issue 13: phrases still misread (each a shape seen in plans) ------------------------------


def test_external_schedule_is_an_event():
    from cchc.domain.timeframes import parse_timeframe

    # "Thời gian: Theo tiến độ của Trung ương" (a digital-government row waiting for ministries)
    for cell in ("Theo tiến độ của Trung ương", "theo lộ trình của Bộ", "Theo hướng dẫn của Bộ Nội vụ"):
        tf = parse_timeframe(cell, default_year=2025, period=(2025, 2025))
        assert tf.event == tf.text and tf.due_date is None and tf.understood
    # a year written with it wins: the schedule is context
    tf = parse_timeframe("Theo lộ trình của Bộ, hoàn thành năm 2026", period=(2025, 2026))
    assert tf.event is None and tf.due_date.isoformat() == "2026-12-31"


def test_from_a_month_is_a_start_not_a_deadline():
    from cchc.domain.timeframes import parse_timeframe

    tf = parse_timeframe("Từ tháng 3/2025", default_year=2025, period=(2025, 2026))
    assert tf.start_date.isoformat() == "2025-03-01"
    assert (tf.start_year, tf.end_year, tf.due_date.isoformat()) == (2025, 2026, "2026-12-31")
    assert tf.to_dict()["start_date"] == "2025-03-01"
    tf = parse_timeframe("Từ tháng 3/2025, định kỳ hằng tháng", period=(2025, 2025))
    assert tf.recurrence == "monthly" and tf.due_date is None
    assert [d.month for d in tf.due_dates()] == list(range(3, 13))  # from March on


def test_quarter_span_month_day_and_twice_yearly():
    from cchc.domain.timeframes import parse_timeframe

    tf = parse_timeframe("Quý II-III/2026", default_year=2025)
    assert (tf.start_date.isoformat(), tf.due_date.isoformat()) == ("2026-04-01", "2026-09-30")
    tf = parse_timeframe("Trước ngày 30 hằng tháng", period=(2025, 2025))
    assert tf.recurrence == "monthly" and tf.due_day == 30
    assert tf.due_dates()[1].isoformat() == "2025-02-28"  # the 30th, or the month's last day
    tf = parse_timeframe("Tháng 6 và tháng 12 hằng năm", period=(2025, 2025))
    assert tf.recurrence == "six_monthly"
    assert [d.isoformat() for d in tf.due_dates()] == ["2025-06-30", "2025-12-31"]
    assert "start_date" not in parse_timeframe("Quý III/2025").to_dict()  # optional key
