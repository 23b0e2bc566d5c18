"""Reporting periods and cut-off windows (cchc.domain.periods; METHODOLOGY §3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.periods import (
    NATIONAL_RULES,
    Period,
    ReportingRules,
    period_containing,
    periods_in,
    rules_from_text,
)

# Seed 002 (Vinh Yên, 2022), organisation section, item 10.
VINH_YEN = (
    "10. Các phòng, ban, đơn vị, UBND các xã, phường thực hiện nghiêm túc, chủ động chế độ thông tin, "
    "báo cáo. Định kỳ hàng quý, 6 tháng (*chậm nhất trước ngày: 25/2, 25/5, 25/8*) và năm (*chậm nhất "
    "trước ngày 15/11/2022*) báo cáo UBND thành phố (*qua phòng Nội vụ*) về tình hình, kết quả công tác "
    "CCHC của đơn vị."
)


# 581/BNV-CCHC [S]: Q1 15/12 – 14/3, 6 months 15/12 – 14/6, Q3 15/6 – 14/9, year 15/12 – 14/12;
# due no later than the 20th of the period's last month.
# code | kind | label | window start | window end | due date
NATIONAL_PERIODS = """
2022-Q1  | quarterly    | Quý I năm 2022       | 2021-12-15 | 2022-03-14 | 2022-03-20
2022-Q2  | quarterly    | Quý II năm 2022      | 2022-03-15 | 2022-06-14 | 2022-06-20
2022-H1  | six_monthly  | 6 tháng đầu năm 2022 | 2021-12-15 | 2022-06-14 | 2022-06-20
2022-Q3  | quarterly    | Quý III năm 2022     | 2022-06-15 | 2022-09-14 | 2022-09-20
2022-9M  | nine_monthly | 9 tháng năm 2022     | 2021-12-15 | 2022-09-14 | 2022-09-20
2022-Q4  | quarterly    | Quý IV năm 2022      | 2022-09-15 | 2022-12-14 | 2022-12-20
2022-Y   | annual       | năm 2022             | 2021-12-15 | 2022-12-14 | 2022-12-20
2022-M07 | monthly      | tháng 7 năm 2022     | 2022-06-15 | 2022-07-14 | 2022-07-20
"""


@pytest.mark.parametrize(
    ("code", "kind", "label", "start", "end", "due"),
    [tuple(cell.strip() for cell in row.split("|")) for row in NATIONAL_PERIODS.strip().splitlines()],
)
def test_national_regime_windows_labels_and_due_dates(code, kind, label, start, end, due):
    period = Period.parse(code)
    assert (period.kind, period.year, period.label_vi) == (kind, 2022, label)
    assert period.window(NATIONAL_RULES) == (date.fromisoformat(start), date.fromisoformat(end))
    assert period.due_date(NATIONAL_RULES) == date.fromisoformat(due)
    assert str(period) == code


@pytest.mark.parametrize("code", ["", "2022", "2022-Q5", "2022-H3", "Q1-2022", "2022-M13", "năm 2022"])
def test_parse_refuses_unknown_codes(code):
    with pytest.raises(ValueError):
        Period.parse(code)


def test_parse_is_lenient_on_case_and_spaces():
    assert Period.parse(" 2022-q2 ") == Period(2022, "quarterly", 2)


def test_calendar_windows_when_a_province_uses_no_cutoff():
    rules = ReportingRules(cutoff_day=None)
    assert Period.parse("2022-Q1").window(rules) == (date(2022, 1, 1), date(2022, 3, 31))
    assert Period.parse("2024-H1").window(rules) == (date(2024, 1, 1), date(2024, 6, 30))


def test_adhoc_period_carries_its_own_window():
    p = Period.adhoc(date(2022, 3, 1), date(2022, 5, 31))
    assert p.kind == "adhoc"
    assert p.window() == (date(2022, 3, 1), date(2022, 5, 31))
    assert p.due_date() is None
    assert p.label_vi == "đột xuất (01/03/2022 – 31/05/2022)"
    with pytest.raises(ValueError):
        Period.adhoc(date(2022, 5, 31), date(2022, 3, 1))


def test_periods_in_year_follow_the_regime():
    assert [str(p) for p in periods_in(2022)] == ["2022-Q1", "2022-H1", "2022-Q3", "2022-Y"]
    assert [str(p) for p in periods_in(2022, kinds=("quarterly",))] == [f"2022-Q{q}" for q in range(1, 5)]
    assert len(periods_in(2022, kinds=("monthly",))) == 12


def test_period_containing_uses_the_data_window_not_the_calendar():
    assert str(period_containing(date(2022, 12, 20), "quarterly")) == "2023-Q1"
    assert str(period_containing(date(2022, 12, 14), "quarterly")) == "2022-Q4"
    assert str(period_containing(date(2022, 12, 20), "annual")) == "2023-Y"
    assert str(period_containing(date(2022, 3, 15), "quarterly")) == "2022-Q2"
    assert str(period_containing(date(2022, 1, 10), "six_monthly")) == "2022-H1"
    assert period_containing(date(2022, 7, 1), "six_monthly") is None  # no second-half report


def test_rules_from_vinh_yen_sentence():
    rules = rules_from_text(VINH_YEN)
    assert rules.due_overrides == {"Q1": (2, 25), "H1": (5, 25), "Q3": (8, 25), "Y": (11, 15)}
    assert rules.reports == ("Q1", "H1", "Q3", "Y")
    assert [(str(p), p.due_date(rules)) for p in periods_in(2022, rules)] == [
        ("2022-Q1", date(2022, 2, 25)),
        ("2022-H1", date(2022, 5, 25)),
        ("2022-Q3", date(2022, 8, 25)),
        ("2022-Y", date(2022, 11, 15)),
    ]
    # windows stay the national ones unless the plan says otherwise
    assert Period.parse("2022-Q3").window(rules) == (date(2022, 6, 15), date(2022, 9, 14))


def test_vinh_yen_sentence_is_real():
    from cchc.domain.testing.seeds import seed_path

    seed = seed_path("002")
    assert VINH_YEN in seed.read_text(encoding="utf-8")


def test_rules_from_text_without_dates_keeps_the_base():
    assert rules_from_text("Định kỳ hàng quý, 6 tháng, hàng năm hoặc đột xuất báo cáo") is NATIONAL_RULES


def test_rules_validate_their_values():
    with pytest.raises(ValueError):
        ReportingRules(cutoff_day=31)
    with pytest.raises(ValueError):
        ReportingRules(due_overrides={"Q1": (2, 30)})
    with pytest.raises(ValueError):
        ReportingRules(due_overrides={"Q9": (2, 25)})


@given(st.integers(min_value=1990, max_value=2100), st.none() | st.integers(min_value=1, max_value=28))
def test_quarterly_windows_are_contiguous_and_cover_the_reporting_year(year, cutoff):
    rules = ReportingRules(cutoff_day=cutoff)
    windows = [p.window(rules) for p in periods_in(year, kinds=("quarterly",))]
    for (_, end), (start, _) in zip(windows, windows[1:], strict=False):
        assert start == end + timedelta(days=1)  # no gap, no overlap
    assert all(start <= end for start, end in windows)
    assert windows[0][0] == Period.parse(f"{year}-Y").window(rules)[0]
    assert windows[-1][1] == Period.parse(f"{year}-Y").window(rules)[1]


@given(st.dates(min_value=date(1991, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_is_in_exactly_one_quarter_window(d):
    period = period_containing(d, "quarterly")
    assert period is not None
    start, end = period.window()
    assert start <= d <= end


def test_an_adhoc_code_parses_back_to_its_window():
    p = Period.adhoc(date(2022, 3, 1), date(2022, 5, 31))
    assert Period.parse(p.code) == p and p.window() == (date(2022, 3, 1), date(2022, 5, 31))
    for bad in ["adhoc:2022-05-31..2022-03-01", "adhoc:2022-02-30..2022-03-01", "adhoc:2022-03-01"]:
        with pytest.raises(ValueError):
            Period.parse(bad)
