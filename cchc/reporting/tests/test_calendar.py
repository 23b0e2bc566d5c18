import datetime as dt

import pytest

from cchc.domain.periods import rules_from_text
from cchc.reporting.models import ReportingCalendar
from cchc.reporting.schedule import calendar, period_info, rules_for


def test_national_calendar_windows_and_due_dates():
    cal = {p.code: p for p in calendar(2022)}
    assert list(cal) == ["2022-Q1", "2022-H1", "2022-Q3", "2022-Y"]
    assert (cal["2022-Q1"].data_from, cal["2022-Q1"].data_to) == (dt.date(2021, 12, 15), dt.date(2022, 3, 14))
    assert (cal["2022-Q3"].data_from, cal["2022-Q3"].data_to) == (dt.date(2022, 6, 15), dt.date(2022, 9, 14))
    assert cal["2022-Y"].due_date == dt.date(2022, 12, 20)


def test_on_time_is_on_or_before_the_due_date():
    info = period_info("2022-H1")
    assert info.is_on_time(dt.date(2022, 6, 20))
    assert not info.is_on_time(dt.date(2022, 6, 21))


@pytest.mark.django_db
def test_a_plan_calendar_overrides_the_province_and_national_rules(plan):
    assert rules_for(plan=plan).due_day == 20
    vy = rules_from_text(
        "Định kỳ hàng quý, 6 tháng (chậm nhất trước ngày: 25/2, 25/5, 25/8) và năm (chậm nhất trước ngày 15/11/2022)"
    )
    ReportingCalendar.objects.create(
        plan=plan, due_overrides={k: list(v) for k, v in vy.due_overrides.items()}, reports=list(vy.reports)
    )
    rules = rules_for(plan=plan)
    assert period_info("2022-Y", rules).due_date == dt.date(2022, 11, 15)
    assert period_info("2022-Q1", rules).due_date == dt.date(2022, 2, 25)


def test_calendar_page_lists_periods(login, users, plan):
    body = login(users["reporter"]).get("/bao-cao/lich/?year=2022").content.decode()
    assert "Quý I năm 2022" in body and "14/03/2022" in body and "20/12/2022" in body
