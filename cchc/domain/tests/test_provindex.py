"""The province index table rules: tree from codes, summed vs entered rows, values, gaps."""

from decimal import Decimal as D

from cchc.domain import provindex as P


def rows():
    return [
        P.Row("1", D("3"), D("2.5"), D("3")),
        P.Row("1.1", D("1.5"), D("1.5"), D("1.5")),
        P.Row("1.2", D("1.5"), D("1"), D("1.5")),
        P.Row("7", D("8.75"), D("7"), D("8")),
        P.Row("7.1", D("7.25"), D("5.8"), D("6.45")),  # only part of its sub-criteria listed
        P.Row("7.1.9", D("1"), D("0.586"), D("0.63")),
        P.Row("7.2", D("1.5"), D("1.19"), D("1.22")),
    ]


def test_codes_as_typed_are_normalised():
    assert P.normalise_code("2 2") == "2.2" and P.normalise_code("7.1.9.") == "7.1.9"
    assert P.parent_code("2.4.1") == "2.4" and P.parent_code("3") is None


def test_rows_whose_children_cover_the_maximum_are_summed_partial_ones_entered():
    assert P.summed_codes(rows()) == {"1", "7"}
    assert P.entered_codes(rows()) == ["1.1", "1.2", "7.1", "7.1.9", "7.2"]


def test_values_sum_children_and_need_every_part():
    v = P.values(rows(), {"1.1": D("1.5"), "1.2": D("1"), "7.1": D("6"), "7.1.9": D("0.6")})
    assert v["1"] == D("2.5")
    assert v["7"] is None  # 7.2 missing: no total from partial data
    v = P.values(rows(), {"1.1": D("1.5"), "1.2": D("1"), "7.1": D("6"), "7.2": D("1.2")})
    assert v["7"] == D("7.2")  # 7.1.9 is a detail of 7.1, not added again


def test_gap_and_target_comparison():
    r = P.Row("1.2", D("1.5"), D("1"), D("1.5"))
    assert P.required_gain(r) == D("0.5")
    assert P.versus_target(r, D("1.2")) == D("-0.3") and P.below_target(r, D("1.2")) is True
    assert P.below_target(r, D("1.5")) is False and P.below_target(r, None) is None
    strict = P.Row("x", None, D("87"), D("88"), ">")
    assert P.below_target(strict, D("88")) is True and P.below_target(strict, D("88.1")) is False
