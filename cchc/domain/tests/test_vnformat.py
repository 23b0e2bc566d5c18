"""Vietnamese numbers, dates, roman numerals and quarters (cchc.domain.vnformat)."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.vnformat import (
    find_dates,
    format_date,
    format_date_long,
    format_number,
    format_percent,
    format_quarter,
    month_end,
    parse_date,
    parse_number,
    parse_quarter,
    parse_roman,
    quarter_end,
    quarter_label,
    to_roman,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("88,54", "88.54"),  # seed 003: "Chỉ số PAR INDEX của Thành phố đạt 88,54%"
        ("6.282", "6282"),  # thousands dot
        ("88.54", "88.54"),  # English decimal point accepted
        ("2.47%", "2.47"),  # seed 003: "tăng 2.47% so với năm 2020"
        ("03", "3"),  # seed 002: "Top 03"
        ("0,90", "0.9"),  # seed 002: "dưới 0,90%"
        ("6.282.000", "6282000"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        (" -3,5 ", "-3.5"),
        ("0.900", "0.9"),  # a zero integer part cannot be a thousands group
        ("100%", "100"),
    ],
)
def test_parse_number_reads_vietnamese_and_english_notation(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12.34,5", "1,", "76/NQ-CP"])
def test_parse_number_refuses_non_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_format_number_uses_decimal_comma_and_thousands_dot():
    assert format_number(Decimal("88.54")) == "88,54"
    assert format_number(Decimal("6282")) == "6.282"
    assert format_number(Decimal("-1234567.891")) == "-1.234.567,891"
    assert format_number(Decimal("0.9"), 2) == "0,90"
    assert format_number(Decimal("88.545"), 2) == "88,55"  # half-up, not banker's
    assert format_number(7) == "7"
    assert format_percent(Decimal("88.54")) == "88,54%"


def test_dates_parse_in_every_written_form():
    d = date(2021, 9, 23)
    for text in [
        "23/9/2021",
        "23/09/2021",
        "23-09-2021",
        "ngày 23 tháng 9 năm 2021",
        "Hải Phòng, ngày 23 tháng 9 năm 2021",  # seed 000 date line
        "Ngày ban hành: 23/09/2021 Ngày hiệu lực: Đã biết",  # seed 000 page chrome
        unicodedata.normalize("NFD", "ngày 23 tháng 9 năm 2021"),
    ]:
        assert parse_date(text) == d, text


def test_parse_date_returns_none_without_a_real_date():
    assert parse_date("Kế hoạch cải cách hành chính năm 2022") is None
    assert parse_date("31/2/2022") is None
    assert parse_date("Nghị quyết số 76/NQ-CP") is None


def test_find_dates_lists_all_dates_in_order():
    text = "Nghị định số 107/2020/NĐ-CP ngày 14 tháng 9 năm 2020 và Quyết định ngày 29/4/2022"
    assert [d for _, _, d in find_dates(text)] == [date(2020, 9, 14), date(2022, 4, 29)]


def test_format_dates_follow_decree_30():
    assert format_date(date(2021, 9, 23)) == "23/09/2021"
    assert format_date_long(date(2021, 9, 23)) == "ngày 23 tháng 9 năm 2021"
    # Decree 30/2020/NĐ-CP: days below 10 and months 1-2 get a leading zero (seed 003: "ngày 08 tháng 7")
    assert format_date_long(date(2022, 7, 8)) == "ngày 08 tháng 7 năm 2022"
    assert format_date_long(date(2022, 2, 1)) == "ngày 01 tháng 02 năm 2022"


def test_roman_numerals_one_to_twenty():
    expected = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()
    assert [to_roman(n) for n in range(1, 21)] == expected
    assert [parse_roman(r) for r in expected] == list(range(1, 21))
    assert parse_roman("viii") == 8
    for bad in ["", "IIII", "IC", "VX", "ABC", "2"]:
        assert parse_roman(bad) is None


def test_quarter_helpers():
    assert parse_quarter("Quý III/2022") == (3, 2022)
    assert parse_quarter("Quý I năm 2023") == (1, 2023)
    assert parse_quarter("hoàn thành trong quý 2") == (2, None)
    assert parse_quarter("quy định") is None
    assert format_quarter(3, 2022) == "Quý III/2022"
    assert quarter_label(2, 2022) == "Quý II năm 2022"
    assert quarter_end(2022, 3) == date(2022, 9, 30)
    assert month_end(2024, 2) == date(2024, 2, 29)


decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=4)


@given(decimals)
def test_format_then_parse_number_round_trips(value):
    assert parse_number(format_number(value)) == value


@given(decimals, st.integers(min_value=0, max_value=4))
def test_format_with_places_then_parse_round_trips_to_the_rounded_value(value, places):
    text = format_number(value, places)
    assert parse_number(text) == value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_format_then_parse_date_round_trips(d):
    assert parse_date(format_date(d)) == d
    assert parse_date(format_date_long(d)) == d


@given(st.integers(min_value=1, max_value=3999))
def test_roman_round_trips(n):
    assert parse_roman(to_roman(n)) == n
