"""Indicator formulas, validation, outliers, attainment and period keys (no database)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain import indicators as ind


def test_formula_reads_names_and_computes():
    f = ind.Formula.parse("(ds.early + ds.on_time) / ds.received * 100")
    assert f.names() == {"ds.early", "ds.on_time", "ds.received"}
    assert f.evaluate({"ds.early": D(30), "ds.on_time": D(60), "ds.received": D(120)}) == D(75)


def test_formula_without_data_or_zero_denominator_is_none_never_zero():
    f = ind.Formula.parse("A / B")
    assert f.evaluate({"A": D(1)}) is None
    assert f.evaluate({"A": D(1), "B": D(0)}) is None
    assert ind.Formula.parse("min(A, 5) - -2").evaluate({"A": D(9)}) == D(7)


@pytest.mark.parametrize("text", ["", "A +", "import os", "A ** 2", "__class__(1)", "(A", "A; B"])
def test_bad_formulas_are_refused(text):
    with pytest.raises(ind.FormulaError):
        ind.Formula.parse(text)


def test_a_rate_of_140_percent_and_numerator_above_denominator_are_refused():
    errors = ind.validate_value(D(140), unit_of_measure="percent")
    assert errors and "0–100%" in errors[0] and "140" in errors[0]
    assert ind.validate_value(D(5), unit_of_measure="percent", numerator=D(12), denominator=D(10))
    assert (
        ind.validate_value(D("88.5"), unit_of_measure="percent", numerator=D(885), denominator=D(1000)) == []
    )
    assert ind.validate_value(D(-1), unit_of_measure="count")


@pytest.mark.parametrize(
    "raw,expected",
    [("88,54", D("88.54")), ("88.54%", D("88.54")), ("1.234,5", D("1234.5")), (12, D(12)), ("", None)],
)
def test_parse_decimal(raw, expected):
    assert ind.parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "1,2,3", float("nan"), "Infinity"])
def test_parse_decimal_refuses(raw):
    with pytest.raises(ValueError):
        ind.parse_decimal(raw)


def test_outlier_against_the_units_history():
    history = [D("91.2"), D("92.0"), D("90.8"), D("91.5")]
    assert not ind.is_outlier(D("92.4"), history)
    assert ind.is_outlier(D("45"), history)
    assert not ind.is_outlier(D("10"), history[:2])  # too little history: never flagged
    assert ind.is_outlier(D("130"), [D(100)] * 4) and not ind.is_outlier(D(101), [D(100)] * 4)


@pytest.mark.parametrize(
    "value,comp,t,tmax,status",
    [
        (D("98.2"), ">=", D(98), None, ind.ATTAINED),
        (D("97.9"), ">=", D(98), None, ind.NOT_ATTAINED),
        (D("0.7"), "<", D("0.9"), None, ind.ATTAINED),
        (D("96"), "range", D(95), D(100), ind.ATTAINED),
        (D("94"), "range", D(95), D(100), ind.NOT_ATTAINED),
        (None, ">=", D(80), None, ind.NO_DATA),
        (D(3), "<=", D(3), None, ind.ATTAINED),
    ],
)
def test_attainment(value, comp, t, tmax, status):
    assert ind.attainment(value, comp, t, tmax) == status


@given(st.decimals(0, 100, places=2), st.decimals(0, 100, places=2))
def test_higher_or_equal_and_lower_are_complementary(value, threshold):
    a = ind.attainment(value, ">=", threshold)
    b = ind.attainment(value, "<", threshold)
    assert {a, b} == {ind.ATTAINED, ind.NOT_ATTAINED}


def test_period_keys_months_and_dhis2_periods():
    assert ind.period_key(2022, "annual") == "2022-Y"
    assert ind.period_key(2022, "quarterly", 2) == "2022-Q2"
    assert ind.months_of("2022-H1") == [(2022, m) for m in range(1, 7)]
    assert len(ind.months_of("2022-Y")) == 12 and ind.months_of("2022-M07") == [(2022, 7)]
    assert ind.period_from_dhis2("2022") == "2022-Y"
    assert ind.period_from_dhis2("2022S1") == "2022-H1"
    assert ind.period_from_dhis2("2022Q3") == "2022-Q3"
    assert ind.period_from_dhis2("202207") == "2022-M07"
    assert ind.period_from_dhis2("2022-Y") == "2022-Y"
    with pytest.raises(ValueError):
        ind.period_from_dhis2("2022S2")


def test_suggestion_is_accent_insensitive():
    catalogue = [
        {
            "code": "TL_HS_DUNG_HAN",
            "name": "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "keywords": ["đúng hạn"],
            "unit_of_measure": "percent",
        },
        {
            "code": "TL_HAI_LONG",
            "name": "Mức độ hài lòng",
            "keywords": ["hài lòng"],
            "unit_of_measure": "percent",
        },
    ]
    assert (
        ind.suggest("Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 98%", "%", catalogue)[0][0] == "TL_HS_DUNG_HAN"
    )
    assert (
        ind.suggest("ty le ho so giai quyet dung han dat tren 98%", "%", catalogue)[0][0] == "TL_HS_DUNG_HAN"
    )
    assert ind.suggest("Xây dựng trụ sở mới", "%", catalogue) == []


@given(st.decimals(-1000, 1000, places=3), st.decimals(-1000, 1000, places=3))
def test_formula_arithmetic_matches_decimal_arithmetic(a, b):
    f = ind.Formula.parse("(A + B) * 2 - A / B + min(A, B) - -max(A, 1)")
    expected = None if b == 0 else (a + b) * 2 - a / b + min(a, b) + max(a, D(1))
    assert f.evaluate({"A": a, "B": b}) == expected
