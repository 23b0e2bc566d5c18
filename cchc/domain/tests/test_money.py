"""Money in đồng (cchc.domain.money): what is accepted, what is refused, and how it is shown."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.money import MAX_VND, MoneyError, format_million, format_vnd, parse_vnd


@pytest.mark.parametrize(
    "value",
    [
        1250000000,
        Decimal("1250000000"),
        Decimal("1250000000.00"),
        1250000000.0,
        "1.250.000.000",
        "1250000000",
        "1 250 000 000",
        "1\u00a0250\u00a0000\u00a0000",
        "1.250.000.000 đ",
        "1.250.000.000đ",
        "1.250.000.000 đồng",
        "1.250.000.000 VNĐ",
        "1,250,000,000",
        "1.250.000.000,00",
        "  +1250000000 ",
    ],
)
def test_accepted_forms_of_the_same_amount(value):
    assert parse_vnd(value) == Decimal(1_250_000_000)
    assert parse_vnd(value).as_tuple().exponent == 0


def test_zero_and_small_amounts():
    assert parse_vnd("0") == 0
    assert parse_vnd("500") == 500
    assert parse_vnd("1.000") == 1000


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (-5, "negative"),
        ("-1.000.000", "negative"),
        ("(1.000.000)", "negative"),
        (Decimal("-1"), "negative"),
        ("1.250,5", "fraction"),
        ("1250000.5", "fraction"),
        (12.5, "fraction"),
        (Decimal("0.1"), "fraction"),
        ("1,250", "ambiguous"),
        ("1,000", "ambiguous"),
        ("một tỷ", "not_a_number"),
        ("1.25.000", "not_a_number"),
        ("12a", "not_a_number"),
        ("=SUM(A1:A3)", "not_a_number"),
        (True, "not_a_number"),
        (float("nan"), "not_a_number"),
        (float("inf"), "not_a_number"),
        ([1], "not_a_number"),
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        (10**15 + 1, "too_large"),
        (1e16, "too_large"),
        ("9.999.999.999.999.999", "too_large"),
    ],
)
def test_refused_with_a_vietnamese_message(value, code):
    with pytest.raises(MoneyError) as err:
        parse_vnd(value)
    assert err.value.code == code
    assert isinstance(err.value, ValueError)
    assert any(ch in err.value.message for ch in "ốộểềảđ")


def test_empty_is_none_when_not_required():
    assert parse_vnd("", required=False) is None
    assert parse_vnd(None, required=False) is None
    assert parse_vnd(MAX_VND) == MAX_VND


def test_formats():
    assert format_vnd(Decimal("1250000000")) == "1.250.000.000 đ"
    assert format_vnd(0) == "0 đ"
    assert format_million(Decimal("1250000000")) == "1.250"
    assert format_million(Decimal("1250000000"), 1) == "1.250,0"
    assert format_million(Decimal("350000")) == "0"
    assert format_million(Decimal("350000"), 2) == "0,35"
    assert format_million(Decimal("1500000")) == "2"  # half up


@given(st.integers(min_value=0, max_value=10**15))
def test_format_then_parse_round_trip(n):
    assert parse_vnd(format_vnd(n)) == n
    assert parse_vnd(str(n)) == n
    assert parse_vnd(float(n) if n < 2**53 else n) == n
