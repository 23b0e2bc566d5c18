"""Which tasks a periodic report answers for: due in the period's months, or continuing."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.periods import CONTINUING, DUE, Period, report_share


def _share(start, due, code="2022-Y"):
    span_from, span_to = Period.parse(code).reported_span()
    return report_share(start=start, due=due, span_from=span_from, span_to=span_to)


def test_a_task_due_at_the_end_of_the_year_belongs_to_that_years_report():
    assert Period.parse("2022-Y").reported_span() == (date(2022, 1, 1), date(2022, 12, 31))
    assert _share(date(2022, 1, 1), date(2022, 12, 31)) == DUE
    assert _share(date(2022, 1, 1), date(2022, 12, 31), "2023-Y") is None
    assert _share(date(2021, 1, 1), date(2021, 12, 31)) is None  # the 2021 report's


def test_multi_year_work_is_continuing_in_every_year_until_it_is_due():
    start, due = date(2021, 1, 1), date(2025, 12, 31)
    assert [_share(start, due, f"{y}-Y") for y in range(2021, 2026)] == [CONTINUING] * 4 + [DUE]
    assert _share(start, due, "2026-Y") is None
    assert _share(date(2023, 1, 1), date(2025, 12, 31), "2022-Y") is None  # not started yet


def test_continuous_work_without_a_due_date_is_continuing_once_started():
    assert _share(date(2021, 1, 1), None) == CONTINUING
    assert _share(None, None) is None  # waiting for an event: no dates at all


def test_quarters_answer_for_their_own_months():
    assert _share(date(2022, 1, 1), date(2022, 3, 31), "2022-Q1") == DUE
    assert _share(date(2022, 1, 1), date(2022, 3, 31), "2022-Q2") is None
    assert _share(date(2022, 1, 1), date(2022, 6, 30), "2022-Q1") == CONTINUING


@given(
    st.dates(date(2019, 1, 1), date(2027, 12, 31)),
    st.integers(0, 3000),
    st.integers(2020, 2026),
)
def test_work_is_due_in_exactly_one_annual_report(start, length, year):
    from datetime import timedelta

    due = start + timedelta(days=length)
    shares = {y: _share(start, due, f"{y}-Y") for y in range(2015, 2040)}
    assert [y for y, s in shares.items() if s == DUE] == [due.year]
    assert all(s == CONTINUING for y, s in shares.items() if start.year <= y < due.year)
