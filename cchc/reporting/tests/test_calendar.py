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


@pytest.mark.django_db
def test_standing_agency_sets_a_plan_calendar_and_goes_back_to_the_national_rules(users, org_tree, plan):
    from cchc.accounts.policy import Forbidden
    from cchc.audit.models import AuditEvent
    from cchc.core.errors import DomainError
    from cchc.reporting import actions

    with pytest.raises(Forbidden):
        actions.do_set_reporting_calendar(
            plan=plan, cutoff_day=None, due_day=25, reports=["Y"], actor=users["reporter"]
        )
    with pytest.raises(DomainError, match="không hợp lệ"):
        actions.do_set_reporting_calendar(
            plan=plan, cutoff_day=30, due_day=25, reports=["Y"], actor=users["officer"]
        )
    with pytest.raises(DomainError, match="ít nhất một kỳ"):
        actions.do_set_reporting_calendar(
            plan=plan, cutoff_day=15, due_day=25, reports=[], actor=users["officer"]
        )
    assert not ReportingCalendar.objects.exists()
    actions.do_set_reporting_calendar(
        plan=plan,
        cutoff_day=None,
        due_day=25,
        reports=["Y", "Q1", "9M"],
        due_overrides={"Y": (11, 15)},
        actor=users["officer"],
    )
    rules = rules_for(plan=plan)
    assert rules.reports == ("Q1", "9M", "Y")
    assert period_info("2022-Q1", rules).data_to == dt.date(2022, 3, 31)  # calendar months
    assert period_info("2022-9M", rules).due_date == dt.date(2022, 9, 25)
    assert period_info("2022-Y", rules).due_date == dt.date(2022, 11, 15)
    assert AuditEvent.objects.filter(model="reporting.reportingcalendar", action="create").count() == 1
    assert actions.do_delete_reporting_calendar(plan=plan, actor=users["officer"])
    assert rules_for(plan=plan).due_day == 20
    assert AuditEvent.objects.filter(model="reporting.reportingcalendar", action="delete").count() == 1


def test_due_overrides_text_round_trips_and_bad_parts_are_named():
    from cchc.domain.periods import format_due_overrides, parse_due_overrides

    parsed = parse_due_overrides("Y=15/11; q1 = 25/2, H1=25/5")
    assert parsed == {"Q1": (2, 25), "H1": (5, 25), "Y": (11, 15)}
    assert format_due_overrides(parsed) == "Q1=25/2; H1=25/5; Y=15/11"
    for bad in ["Q5=1/2", "Y=31/2", "Y 15-11"]:
        with pytest.raises(ValueError, match=bad.split("=")[0].strip()[:1]):
            parse_due_overrides(bad)


@pytest.mark.django_db
def test_calendar_page_applies_the_plan_text_calendar_and_refuses_units(login, users, plan):
    from cchc.plans.models import Task

    Task.objects.create(
        plan=plan,
        title="Định kỳ hàng quý, 6 tháng (chậm nhất trước ngày: 25/2, 25/5, 25/8) và năm (chậm nhất trước "
        "ngày 15/11/2022) báo cáo UBND thành phố về kết quả CCHC.",
        order=99,
    )
    url = f"/bao-cao/lich/?plan={plan.pk}&year=2022"
    reporter = login(users["reporter"])
    assert "Áp dụng lịch này" not in reporter.get(url).content.decode()
    assert reporter.post(url, {"op": "from_text"}).status_code == 403
    officer = login(users["officer"])
    body = officer.get(url).content.decode()
    assert "Áp dụng lịch này" in body and "25/02/2022" in body
    officer.post(url, {"op": "from_text"})
    body = officer.get(url).content.decode()
    assert "Lịch riêng của kế hoạch" in body and "15/11/2022" in body and "theo văn bản kế hoạch" in body
    body = officer.get(url).content.decode()
    assert 'name="due_Y" value="15/11"' in body  # one box per period, filled from the plan's text
    resp = officer.post(url, {"op": "save", "due_day": "20", "reports": ["Q1", "Y"], "due_Q1": "40/2"})
    assert "Không đọc được “40/2”" in resp.content.decode()
    assert rules_for(plan=plan).due_overrides["Y"] == (11, 15)  # unchanged
    officer.post(
        url, {"op": "save", "cutoff_day": "15", "due_day": "18", "reports": ["Q1", "Y"], "due_Q1": "25/2"}
    )
    assert period_info("2022-Y", rules_for(plan=plan)).due_date == dt.date(2022, 12, 18)
    assert period_info("2022-Q1", rules_for(plan=plan)).due_date == dt.date(2022, 2, 25)
    officer.post(url, {"op": "reset"})
    assert not ReportingCalendar.objects.filter(plan=plan).exists()


def test_period_labels_follow_the_interface_language():
    from django.utils import translation

    from cchc.domain.periods import Period
    from cchc.reporting.labels import period_label

    q2 = Period.parse("2022-Q2")
    assert period_label(q2) == q2.label_vi == "Quý II năm 2022"
    with translation.override("en"):
        assert period_label(q2) == "Quarter II 2022"
        assert period_label(Period.parse("2022-H1")) == "first half of 2022"
        assert period_label(Period.parse("2022-Y")) == "year 2022"
