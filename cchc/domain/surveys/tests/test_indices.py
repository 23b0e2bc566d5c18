"""Index arithmetic against hand-computed examples, intervals, sample sizes (no database)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.surveys import compute, load_questionnaire, mean_of, sample_size, wilson
from cchc.domain.surveys.indices import respondent_scores
from cchc.domain.surveys.workbook import read_sheets

DATA = Path(__file__).resolve().parents[3] / "surveys" / "data"


def small():
    """Two factors: A (questions a1, a2), B (b1); overall = mean(A, B)."""
    return load_questionnaire(
        {
            "survey": [
                ["type", "name", "label", "required"],
                ["begin_group", "g", "Nhóm"],
                ["likert hl", "a1", "Câu a1", "yes"],
                ["likert hl", "a2", "Câu a2", ""],
                ["likert hl", "b1", "Câu b1", ""],
                ["end_group"],
            ],
            "choices": [
                ["list_name", "name", "label", "score"],
                ["hl", "khong", "Không hài lòng", 1],
                ["hl", "binh_thuong", "Bình thường", 2],
                ["hl", "hai_long", "Hài lòng", 3],
                ["hl", "rat_hai_long", "Rất hài lòng", 4],
            ],
            "settings": [["form_id", "version", "form_title"], ["T", 1, "Thử"]],
            "indices": [
                ["code", "label", "type", "questions", "values", "components", "primary"],
                ["ALL", "Chung", "mean", "", "", "A B", "yes"],
                ["A1", "a1", "share", "a1", "hai_long rat_hai_long"],
                ["A2", "a2", "share", "a2", "hai_long rat_hai_long"],
                ["A", "Yếu tố A", "mean", "", "", "A1 A2"],
                ["B", "Yếu tố B", "share", "b1", "hai_long rat_hai_long"],
                ["AP", "A gộp", "share", "a1 a2", "hai_long rat_hai_long"],
                ["S", "Điểm", "mean_score", "a1 a2 b1"],
            ],
        }
    )


def test_hand_computed_shares_means_and_scores():
    q = small()
    responses = [
        {"a1": "hai_long", "a2": "khong", "b1": "rat_hai_long"},
        {"a1": "rat_hai_long", "a2": "hai_long", "b1": "binh_thuong"},
        {"a1": "khong", "a2": "hai_long"},  # b1 unanswered: not counted in B
        {"a1": "hai_long"},  # a2 unanswered
    ]
    res, dist, n = compute(q, responses)
    assert n == 4
    # A1: 3 of 4 satisfied = 75 %; A2: 2 of 3 = 66.67 %; A = (75 + 66.667) / 2 = 70.83
    assert res["A1"].value == Decimal("75.00")
    assert res["A2"].value == Decimal("66.67")
    assert res["A"].value == Decimal("70.83")
    # B: 1 of 2 = 50 %; overall = (70.833 + 50) / 2 = 60.42
    assert res["B"].value == Decimal("50.00")
    assert res["ALL"].value == Decimal("60.42")
    # pooled share over a1, a2: 5 of 7 answers = 71.43 %
    assert res["AP"].value == Decimal("71.43")
    # mean score on 0–100: scores (3-1)/3 etc.; answers: 66.67, 0, 100 | 100, 66.67, 33.33 | 0, 66.67 | 66.67
    # respondents' means: 55.56, 66.67, 33.33, 66.67 -> 55.56
    assert res["S"].value == Decimal("55.56")
    assert res["B"].n == 2 and res["A1"].n == 4
    assert dist["a1"].counts == {"hai_long": 2, "rat_hai_long": 1, "khong": 1}
    assert dist["b1"].answered == 2


def test_wilson_interval_hand_computed():
    # 8 of 10: Wilson 95 % = 49.02 % … 94.33 % (textbook value)
    low, high = wilson(8, 10)
    assert round(low, 2) == 49.02 and round(high, 2) == 94.33
    res, _, _ = compute(small(), [{"a1": "hai_long"}] * 8 + [{"a1": "khong"}] * 2)
    assert (res["A1"].low, res["A1"].high) == (Decimal("49.02"), Decimal("94.33"))


def test_finite_population_narrows_and_a_census_has_no_interval():
    wide = wilson(80, 100)
    narrow = wilson(80, 100, population=200)
    assert narrow[0] > wide[0] and narrow[1] < wide[1]
    assert wilson(80, 100, population=100) == (80.0, 80.0)


def test_sample_size_formula():
    # n = N / (1 + N e^2): 1000 / (1 + 1000 * 0.0025) = 285.7 -> 286
    assert sample_size(1000) == 286
    assert sample_size(100) == 80  # 100 / 1.25
    assert sample_size(10, Decimal("0.1")) == 10  # 10 / 1.1 = 9.09 -> 10
    assert sample_size(0) == 0
    with pytest.raises(ValueError):
        sample_size(100, 0)


@given(st.integers(1, 10_000_000), st.sampled_from(["0.01", "0.03", "0.05", "0.1"]))
def test_sample_never_exceeds_population_nor_the_infinite_limit(n_pop, e):
    n = sample_size(n_pop, Decimal(e))
    assert 1 <= n <= n_pop
    assert n <= int(1 / Decimal(e) ** 2) + 1


def test_seed_003_published_figures_follow_the_mean_rule():
    """Hà Nội 192/KH-UBND (seed 003): SIPAS 2021 factor I = mean of its four indicators, the
    overall index = mean of the five factors, as the shipped questionnaire computes them."""
    assert mean_of([Decimal("89.23"), Decimal("89.41"), Decimal("89.29"), Decimal("89.18")]) == Decimal(
        "89.28"
    )
    assert mean_of([Decimal(x) for x in ("89.12", "89.06", "89.00", "88.77", "88.08")]) == Decimal("88.81")
    factors = [Decimal(x) for x in ("89.28", "88.81", "88.51", "89.21", "79.73")]
    assert mean_of(factors) == Decimal("87.11")


answer = st.sampled_from([None, "khong", "binh_thuong", "hai_long", "rat_hai_long"])


@given(st.lists(st.fixed_dictionaries({"a1": answer, "a2": answer, "b1": answer}), max_size=40))
def test_indices_are_percentages_inside_their_intervals(rows):
    rows = [{k: v for k, v in r.items() if v} for r in rows]
    res, _, n = compute(small(), rows)
    assert n == len(rows)
    for r in res.values():
        if r.value is None:
            assert r.n == 0
            continue
        assert Decimal(0) <= r.value <= Decimal(100)
        assert r.low <= r.value <= r.high


def test_respondent_scores_skip_what_was_not_answered():
    scores = respondent_scores(small(), {"a1": "rat_hai_long"})
    assert scores["A1"] == 100.0 and "A2" not in scores and scores["A"] == 100.0 and "B" not in scores


def test_shipped_sipas_questionnaire_indices_per_factor():
    q = load_questionnaire(read_sheets((DATA / "sipas-2017-2020.xlsx").read_bytes()))
    everyone_satisfied = {n: "hai_long" for n, qq in q.questions.items() if qq.type == "likert"}
    everyone_satisfied["da_gop_y"] = "co"
    half = dict(everyone_satisfied)
    for name in ("tc1", "tc2"):
        half[name] = "khong_hai_long"
    res, _, _ = compute(q, [everyone_satisfied, half])
    # YT1 (4 indicators): tc1, tc2 at 50 %, tc3, tc4 at 100 % -> 75; others 100; SIPAS = 475 / 5 = 95
    assert res["YT1"].value == Decimal("75.00")
    assert res["YT2"].value == Decimal("100.00")
    assert res["SIPAS"].value == Decimal("95.00")
