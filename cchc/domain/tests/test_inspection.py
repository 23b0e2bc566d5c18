from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.inspection import Candidate, needed, propose, reaches, share_of


def test_needed_is_the_ceiling_of_the_share():
    assert needed(10, Decimal("0.3")) == 3
    assert needed(11, Decimal("0.3")) == 4
    assert needed(0, Decimal("0.3")) == 0
    assert needed(5, Decimal("1.5")) == 5


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=100))
def test_needed_reaches_the_share_and_no_fewer_would(population, percent):
    share = Decimal(percent) / 100
    n = needed(population, share)
    assert share_of(n, population) >= share or population == 0
    if n > 0:
        assert share_of(n - 1, population) < share
    assert reaches(n, population, share)


def _c(i, **kw):
    return Candidate(unit_id=i, code=f"U{i:02d}", name=f"Đơn vị {i}", **kw)


def test_without_scores_most_overdue_first():
    cands = [_c(1, overdue=0, total=5), _c(2, overdue=4, total=10), _c(3, overdue=4, total=5), _c(4)]
    p = propose(cands, Decimal("0.5"), 2022)
    assert p.rule == "overdue"
    assert [c.unit_id for c in p.selected] == [3, 2]  # same count: higher ratio first


def test_with_scores_unscored_first_then_lowest_score():
    # the issue: "lowest score first" picked the three best departments because the others had
    # no score; a unit nobody measured comes first, then the lowest scores
    cands = [
        _c(1, score=Decimal("85.1"), overdue=9),
        _c(2, score=Decimal("70.2")),
        _c(3, overdue=20),
        _c(4, score=Decimal("79.9")),
        _c(5, overdue=1),
    ]
    p = propose(cands, Decimal("0.8"), 2022)
    assert p.rule == "score"
    assert [c.unit_id for c in p.selected] == [3, 5, 2, 4]


def test_recently_inspected_units_give_way_on_ties():
    cands = [_c(1, last_inspected_year=2021), _c(2, last_inspected_year=2018), _c(3)]
    p = propose(cands, Decimal("0.6"), 2022)
    assert [c.unit_id for c in p.selected] == [2, 3]
