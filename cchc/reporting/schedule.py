"""Which reporting rules apply to a plan or province, and the calendar of periods they give."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.domain.periods import NATIONAL_RULES, Period, ReportingRules, periods_in
from cchc.domain.vnformat import format_date


def rules_for(*, plan=None, province=None) -> ReportingRules:
    """A plan's own calendar, else its province's, else the national regime."""
    from cchc.reporting.models import ReportingCalendar

    if plan is not None:
        cal = ReportingCalendar.objects.filter(plan=plan).first()
        if cal:
            return cal.rules()
        province = province or plan.province
    if province is not None:
        cal = ReportingCalendar.objects.filter(province=province, plan__isnull=True).first()
        if cal:
            return cal.rules()
    return NATIONAL_RULES


@dataclass(frozen=True)
class PeriodInfo:
    period: Period
    data_from: dt.date
    data_to: dt.date
    due_date: dt.date | None
    known_on: dt.date | None = None  # "today" for a period still running (see ``as_of``)
    span_from: dt.date | None = None  # the due dates the report answers for (``Period.reported_span``)
    span_to: dt.date | None = None

    @property
    def as_of(self) -> dt.date:
        """The day the report's figures are taken on: the cut-off, or today while the period is
        still running (a task due next week is not overdue yet)."""
        return min(self.data_to, self.known_on) if self.known_on else self.data_to

    @property
    def span(self) -> tuple[dt.date, dt.date]:
        """``(from, to)`` of the due dates counted: the period's calendar months."""
        return (self.span_from or self.data_from, self.span_to or self.data_to)

    @property
    def code(self) -> str:
        return self.period.code

    @property
    def label(self) -> str:
        from cchc.reporting.labels import period_label

        return period_label(self.period)

    def has_started(self, today: dt.date) -> bool:
        return today >= self.data_from

    def is_on_time(self, submitted_on: dt.date) -> bool:
        return self.due_date is None or submitted_on <= self.due_date


def period_info(period: Period | str, rules: ReportingRules = NATIONAL_RULES) -> PeriodInfo:
    if isinstance(period, str):
        period = Period.parse(period)
    start, end = period.window(rules)
    span_from, span_to = period.reported_span()
    return PeriodInfo(period, start, end, period.due_date(rules), span_from=span_from, span_to=span_to)


def calendar(year: int, rules: ReportingRules = NATIONAL_RULES) -> list[PeriodInfo]:
    """The periods the rules ask for in ``year``, each with its window and due date."""
    return [period_info(p, rules) for p in periods_in(year, rules)]


def check_period(period_code: str, *, plan=None, province=None, today: dt.date | None = None):
    """The period's window and due date; refuses an unknown code or a period not yet started."""
    try:
        period = Period.parse(period_code)
    except ValueError:
        raise DomainError(
            _("Kỳ báo cáo không hợp lệ: %(code)s.") % {"code": period_code}, code="period"
        ) from None
    info = period_info(period, rules_for(plan=plan, province=province))
    today = today or timezone.localdate()
    if not info.has_started(today):
        raise DomainError(
            _("Kỳ báo cáo %(label)s chưa bắt đầu (số liệu tính từ ngày %(start)s); chưa thể lập báo cáo.")
            % {"label": info.label, "start": format_date(info.data_from)},
            code="period_not_started",
        )
    return replace(info, known_on=today)
