"""PAR INDEX arithmetic: the published decompositions, tree checks, rules, bands, ranking."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain import parindex as px


# --------------------------------------------------------------------------- METHODOLOGY §1.3
def test_da_nang_2012_decomposition():
    """Đà Nẵng 2012: 87.12 = 53.25 (appraised by MoHA) + 33.87 (survey), max 100 [S][13]."""
    assert px.index_of(D("53.25"), D("33.87"), D("100")) == D("87.12")


def test_quang_ninh_2020_decomposition():
    """Quảng Ninh 2020: 91.04 ≈ 57.66 + 9.56 (SIPAS) + 18.83 (leaders' survey) + 5 (impact) [S][12].

    The published parts are themselves rounded to two decimals; their sum is 91.05, one
    hundredth off the published 91.04, which is within the rounding of four rounded parts."""
    survey = D("9.56") + D("18.83") + D("5")
    got = px.index_of(D("57.66"), survey, D("100"))
    assert got == D("91.05")
    assert abs(got - D("91.04")) <= D("0.01") * 4 / 2


def test_index_scales_a_set_whose_maximum_is_not_100():
    # Hà Nội's district framework: without a survey the appraised score, scaled to 100 (§4.1)
    assert px.compute_index(D("56.35"), D("70")) == D("80.50")
    assert px.compute_index(D("2"), D("3")) == D("66.67")  # half up
    with pytest.raises(ValueError):
        px.compute_index(D("1"), D("0"))


def test_bonus_and_penalty_are_capped_and_never_drive_the_total_negative():
    assert px.score_total(D("80"), bonus=D("5"), bonus_cap=D("2")) == D("82")
    assert px.score_total(D("80"), penalty=D("9"), penalty_cap=D("3")) == D("77")
    assert px.score_total(D("1"), penalty=D("9")) == D("0")


# --------------------------------------------------------------------------- trees
def _n(code, mx, **kw):
    return px.Node(code=code, title=f"Tiêu chí {code}", max_points=D(str(mx)), **kw)


def test_a_sound_tree_links_and_rolls_up():
    rows = [_n("1", 3), _n("1.1", 1), _n("1.2", 2), _n("1.2.1", 1.5), _n("1.2.2", 0.5), _n("2", 7)]
    roots = px.build_tree(rows)
    assert [r.code for r in roots] == ["1", "2"]
    assert [leaf.code for leaf in px.leaves(roots)] == ["1.1", "1.2.1", "1.2.2", "2"]
    totals = px.rollup(roots, {"1.1": D("1"), "1.2.1": D("1"), "1.2.2": None, "2": D("6.5")})
    assert totals["1.2"] == D("1") and totals["1"] == D("2") and totals["2"] == D("6.5")
    assert px.tree_max(rows) == D("10")


@pytest.mark.parametrize(
    "rows,kind,code",
    [
        ([_n("1", 3), _n("1.1", 1), _n("1.2", 1)], "sum_mismatch", "1"),
        ([_n("1", 1), _n("1", 1)], "duplicate_code", "1"),
        ([_n("", 1)], "missing_code", ""),
        ([_n("1", 1), _n("2.1", 1)], "missing_parent", "2.1"),
        ([_n("1", -1)], "bad_max", "1"),
        ([_n("1", 1), _n("1.1", 1), _n("1.1.1", 1), _n("1.1.1.1", 1)], "too_deep", "1.1.1.1"),
        ([_n("T", 2, kind="bonus", survey=True)], "survey_bonus", "T"),
    ],
)
def test_tree_problems_are_named(rows, kind, code):
    problems = px.check_tree(rows)
    assert (problems[0].kind, problems[0].code) == (kind, code)
    with pytest.raises(px.TreeProblem):
        px.build_tree(rows)


def test_bonus_items_may_add_up_to_more_than_their_cap():
    rows = [_n("1", 10), _n("T", 2, kind="bonus"), _n("T.1", 1.5, kind="bonus"), _n("T.2", 1.5, kind="bonus")]
    assert px.check_tree(rows) == []
    assert px.tree_max(rows) == D("10")


def test_fill_gaps_adds_a_visible_remainder_child():
    rows = [_n("7", 7.25), _n("7.9", 1), _n("7.10", 0.5), _n("8", 2)]
    filled = px.fill_gaps(rows, label="Phần còn lại")
    assert [r.code for r in filled] == ["7", "7.9", "7.10", "7.0", "8"]
    assert filled[3].max_points == D("5.75") and filled[3].title == "Phần còn lại"
    assert px.check_tree(filled) == []
    assert px.check_tree(rows)[0].kind == "sum_mismatch"  # the input is not changed


def test_normalise_code():
    assert px.normalise_code(" 1.2. ") == "1.2"
    assert px.normalise_code(1.0) == "1"
    assert px.normalise_code("II") == "II"


# --------------------------------------------------------------------------- scores
def test_check_score_refuses_what_the_node_does_not_accept():
    assert px.check_score("1,5", max_points=D("2")) == D("1.5")
    for points, kind, survey in [
        ("-0.1", "negative", False),
        ("2.01", "above_max", False),
        ("1", "survey_only", True),
        ("abc", "not_a_number", False),
        ("", "not_a_number", False),
    ]:
        with pytest.raises(px.ScoreProblem) as exc:
            px.check_score(points, max_points=D("2"), survey=survey)
        assert exc.value.kind == kind


@given(st.decimals(min_value=0, max_value=100, places=3), st.decimals(min_value=0, max_value=100, places=3))
def test_index_is_within_bounds_and_monotone(a, b):
    lo, hi = sorted([a, b])
    assert D("0") <= px.compute_index(lo, D("100")) <= px.compute_index(hi, D("100")) <= D("100")


# --------------------------------------------------------------------------- rules
RULE = {
    "indicator": "ho_so_dung_han",
    "method": "thresholds",
    "thresholds": [{"min": "80", "points": "1"}, {"min": "95", "points": "2"}],
    "otherwise": "0",
}


@pytest.mark.parametrize("value,points", [(100, "2"), (95, "2"), ("94,9", "1"), (80, "1"), (79.99, "0")])
def test_threshold_rule(value, points):
    assert px.evaluate_rule(RULE, value, D("2")) == D(points)


def test_proportional_rule_and_missing_value():
    rule = {"method": "proportional", "scale": 100}
    assert px.evaluate_rule(rule, "88,54", D("10")) == D("8.854")
    assert px.evaluate_rule(rule, 150, D("10")) == D("10")  # never above the maximum
    assert px.evaluate_rule(rule, None, D("10")) is None


def test_check_rule():
    assert px.check_rule(RULE, D("2")) == []
    assert "threshold_points" in px.check_rule({**RULE, "thresholds": [{"min": 1, "points": 5}]}, D("2"))
    assert px.check_rule({"method": "magic"}, D("2")) == ["method"]
    assert px.check_rule({"method": "proportional", "scale": 0}, D("2")) == ["scale"]


@given(st.decimals(min_value=-50, max_value=200, places=2))
def test_rule_points_stay_within_the_node(value):
    assert D("0") <= px.evaluate_rule(RULE, value, D("2")) <= D("2")
    assert D("0") <= px.evaluate_rule({"method": "proportional"}, value, D("2")) <= D("2")


# --------------------------------------------------------------------------- bands, ranking
BANDS = [
    {"min": "90", "label": "Tốt"},
    {"min": "80", "label": "Khá"},
    {"min": "70", "label": "Trung bình"},
    {"min": "0", "label": "Yếu"},
]


@pytest.mark.parametrize(
    "index,label", [("96.51", "Tốt"), ("90", "Tốt"), ("89.99", "Khá"), ("70", "Trung bình"), ("12", "Yếu")]
)
def test_classify(index, label):
    assert px.classify(D(index), BANDS) == label


def test_classify_without_a_band_or_index():
    assert px.classify(None, BANDS) == ""
    assert px.classify(D("50"), [{"min": "60", "label": "Đạt"}]) == ""


def test_check_bands():
    assert px.check_bands(BANDS) == []
    assert px.check_bands([{"min": "120", "label": "A"}, {"min": "1", "label": ""}]) == [
        "band_min",
        "band_label",
    ]


def test_competition_ranking():
    assert px.rank({"a": D("90"), "b": D("95"), "c": D("90"), "d": D("80"), "e": None}) == {
        "b": 1,
        "a": 2,
        "c": 2,
        "d": 4,
    }


def test_lost_points():
    assert px.lost_points(
        {"1.1": D("2"), "1.2": D("1"), "1.3": D("1")}, {"1.1": D("1.5"), "1.2": D("1")}
    ) == {"1.1": D("0.5")}


def test_parse_rule_text():
    rule = px.parse_rule_text("ho_so_dung_han", "≥95: 2; 80:1; khác: 0,5")
    assert rule["thresholds"] == [{"min": "95", "points": "2"}, {"min": "80", "points": "1"}]
    assert px.evaluate_rule(rule, 50, D("2")) == D("0.5")
    assert px.parse_rule_text("x", "tỷ lệ")["method"] == "proportional"
    assert px.parse_rule_text("", "") is None
    for bad in [("", "95:2"), ("x", "95"), ("x", "abc:1"), ("x", "khác:1")]:
        with pytest.raises(ValueError):
            px.parse_rule_text(*bad)
