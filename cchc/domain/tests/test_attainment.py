"""Attainment by the target's own rule (cchc.domain.attainment), with the seeds' target texts."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain import attainment as a

# Seed 000 (Hải Phòng 216/KH-UBND), target 5 and its siblings
DIGITISATION = (
    "Năm 2021, số hóa kết quả giải quyết TTHC đang còn hiệu lực và có giá trị sử dụng thuộc thẩm "
    "quyền giải quyết của cấp trung ương, cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng "
    "là 40%, 30%, 20%, 15%; giai đoạn 2022 - 2025, mỗi năm tăng tối thiểu 20% đối với mỗi cấp hành "
    "chính cho đến khi đạt tỷ lệ 100% để đảm bảo việc kết nối, chia sẻ dữ liệu trong giải quyết TTHC "
    "trên môi trường điện tử."
)
TRAJECTORY = a.Rule(">=", D(20), unit="%", year=2025, yearly=True, increase_mode="points", start_year=2022)


def measured(value, n=1, expected=1):
    return a.Pooled(
        None if value is None else D(value), "pooled" if value is not None else "", n, expected, True, ""
    )


def test_the_seed_trajectory_is_proposed_in_points_from_2022():
    mode, reason = a.propose_increase_mode(DIGITISATION, "%")
    assert mode == "points" and "100%" in reason
    assert a.propose_start_year(DIGITISATION) == 2022
    assert (
        a.propose_increase_mode("Số doanh nghiệp thành lập mới tăng 15% so với năm trước", "count")[0]
        == "relative"
    )
    assert a.propose_increase_mode("tăng 5 điểm phần trăm mỗi năm", "%")[0] == "points"


def test_target_5_in_2022_requires_the_2021_level_of_each_cap_plus_20_points():
    levels = [
        a.LevelInput("province", measured("31.0"), previous=D("31.0")),  # 2021 measured
        a.LevelInput("district", measured("42.0"), previous=D("20.0")),
        a.LevelInput("commune", measured("30.0"), previous=D("15.0")),
    ]
    # cấp tỉnh measured 31 in 2022 as in 2021: required 51, not met; cấp huyện 42 ≥ 40; cấp xã 30 < 35
    levels[0] = a.LevelInput("province", measured("31.0"), previous=D("31.0"))
    r = a.judge(TRAJECTORY, 2022, levels)
    req = {x.level: x.required for x in r.levels}
    assert req == {"province": D("51.0"), "district": D("40.0"), "commune": D("35.0")}
    assert [x.status for x in r.levels] == [a.NOT_ATTAINED, a.ATTAINED, a.NOT_ATTAINED]
    assert r.status == a.NOT_ATTAINED and "cấp tỉnh" in r.label and "cấp xã" in r.label
    assert "điểm phần trăm" in r.note and "chưa được cán bộ xác nhận" in r.note
    # 46,50 against "20" (the old reading) would have been "Đạt"; by the trajectory it is not
    single = a.judge(TRAJECTORY, 2022, [a.LevelInput("", measured("46.5"), previous=D("31"))])
    assert single.required == D(51) and single.status == a.NOT_ATTAINED


def test_relative_growth_and_the_cap_at_100_percent():
    assert a.required_for_year(D(50), D(20), "relative") == D(60)
    assert a.required_for_year(D(90), D(20), "points", cap=D(100)) == D(100)
    assert a.required_for_year(None, D(20), "points") is None
    assert a.required_for_year(D(10), D(20), "") is None


def test_a_trajectory_without_base_says_which_year_and_level_is_missing():
    r = a.judge(TRAJECTORY, 2022, [a.LevelInput("district", measured("40"))])
    assert r.status == a.NO_DATA and "2021" in r.label and "cấp huyện" in r.label
    given_base = a.judge(TRAJECTORY, 2022, [a.LevelInput("district", measured("40"), base=D(20))])
    assert given_base.status == a.ATTAINED and given_base.levels[0].base_source.startswith("giá trị năm gốc")
    before = a.judge(TRAJECTORY, 2021, [a.LevelInput("district", measured("40"))])
    assert before.status == a.NOT_DUE
    assert a.validate_trajectory(["province", "district"], {"province": D(30)}, 2021) == [
        "Chỉ tiêu tăng hằng năm cần giá trị năm gốc 2021 của cấp huyện: chưa có số liệu đo được, "
        "hãy nhập giá trị năm gốc."
    ]
    assert a.validate_trajectory(["province"], {"province": D(30)}, 2021) == []


@pytest.mark.parametrize(
    ("comparator", "value", "ok"),
    [(">", "88", False), (">", "88.01", True), (">=", "88", True), ("<", "0.9", False), ("<", "0.89", True),
     ("<=", "20", True), ("=", "2", True), ("=", "3", False)],
)  # fmt: skip
def test_comparators_are_applied_exactly(comparator, value, ok):
    # Hà Nội 192: SIPAS "> 88.00"; Vĩnh Yên: "dưới 0,90%" late dossiers; "tối đa 20 phút"; "đầy đủ 02"
    threshold = {">": "88", ">=": "88", "<": "0.9", "<=": "20", "=": "2"}[comparator]
    assert a.compare(D(value), comparator, D(threshold)) is ok


def test_a_range_includes_both_ends():
    # Hải Dương 2024: "từ 95% -100% số hồ sơ TTHC được trả kết quả ... đúng hạn"
    rule = a.Rule("range", D(95), D(100), year=2024)
    assert a.judge(rule, 2024, [a.LevelInput("", measured("95"))]).status == a.ATTAINED
    assert a.judge(rule, 2024, [a.LevelInput("", measured("94.99"))]).status == a.NOT_ATTAINED
    assert a.compare(D(1), "≈", D(1)) is None


def test_pooling_sums_numerators_and_denominators():
    parts = [a.Part("A", D(90), D(9), D(10)), a.Part("B", D(50), D(50), D(100))]
    p = a.pool(parts, 2)
    assert p.method == "pooled" and p.value == D(59) / D(110) * 100  # not (90 + 50) / 2
    assert "Tổng tử số" in p.label


def test_a_mean_of_unit_values_only_without_parts_and_it_says_so():
    p = a.pool([a.Part("A", D(90)), a.Part("B", D(50), D(5), D(10))], 2)
    assert p.method == "mean" and p.value == D(70) and "Trung bình cộng" in p.label


def test_coverage_below_the_rule_gives_no_judgement():
    # target 26 "90% hồ sơ công việc tại cấp thành phố" judged from 1 of 22 units before
    p = a.pool([a.Part("Sở Nội vụ", D("92.5"))], 22)
    assert p.value is None and p.label == "Chưa đủ số liệu (1/22 đơn vị)"
    r = a.judge(a.Rule(">=", D(90), year=2025), 2025, [a.LevelInput("province", p)])
    assert r.status == a.NO_DATA and r.label == "Chưa đủ số liệu (1/22 đơn vị)"
    half = a.pool([a.Part(str(i), D(80)) for i in range(11)], 22, coverage=D(50))
    assert half.enough and half.value == D(80)
    assert a.pool([], 0).value is None


@pytest.mark.parametrize("share", ["120", "0", "-5", "abc", "NaN"])
def test_a_coverage_rule_above_100_percent_is_refused_in_vietnamese(share):
    errors = a.validate_coverage(share)
    assert errors and "100%" in errors[0] or "không đọc được" in errors[0]


def test_multi_year_target_in_an_earlier_year_uses_the_milestone_or_is_not_due():
    rule = a.Rule(">=", D(80), year=2025)  # "Tối thiểu 80% hồ sơ ... luân chuyển ... điện tử" (2025)
    r = a.judge(rule, 2022, [a.LevelInput("", measured("62"))])
    assert r.status == a.NOT_DUE and r.value == D(62) and r.label == "Chưa đến hạn" and "2025" in r.note
    with_milestone = a.Rule(">=", D(80), year=2025, milestones={2022: D(60)})
    r = a.judge(with_milestone, 2022, [a.LevelInput("", measured("62"))])
    assert r.status == a.ATTAINED and r.required == D(60) and "mốc năm 2022" in r.label
    assert a.judge(rule, 2025, [a.LevelInput("", measured("62"))]).status == a.NOT_ATTAINED


def test_levels_combine_not_met_wins_then_missing():
    rule = a.Rule(">=", D(60), year=2025)
    ok = a.LevelInput("district", measured("80"))
    bad = a.LevelInput("commune", measured("50"))
    none = a.LevelInput("province", a.pool([], 5))
    assert a.judge(rule, 2025, [ok, bad, none]).status == a.NOT_ATTAINED
    r = a.judge(rule, 2025, [ok, none])
    assert r.status == a.NO_DATA and "0/5" in r.missing[0]
    assert a.judge(rule, 2025, [ok, ok]).status == a.ATTAINED


decimals = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
maybe = st.one_of(st.none(), decimals)


@given(
    st.sampled_from(a.COMPARATORS + ("", "?")),
    maybe,
    maybe,
    st.booleans(),
    st.sampled_from(["points", "relative", ""]),
    st.lists(
        st.tuples(st.sampled_from(["", "province", "district", "commune"]), maybe, maybe, maybe), max_size=4
    ),
    st.integers(2020, 2031),
)
def test_attainment_never_raises_and_says_what_is_missing(comp, threshold, tmax, yearly, mode, levels, year):
    rule = a.Rule(comp, threshold, tmax, year=2025, yearly=yearly, increase_mode=mode, start_year=2022)
    inputs = [a.LevelInput(lv, measured(v), previous=p, base=b) for lv, v, p, b in levels]
    r = a.judge(rule, year, inputs)
    assert r.status in (a.ATTAINED, a.NOT_ATTAINED, a.NO_DATA, a.NOT_DUE)
    assert r.label
    if r.status in (a.ATTAINED, a.NOT_ATTAINED):
        assert all(x.value is not None for x in r.levels if x.status in (a.ATTAINED, a.NOT_ATTAINED))
    if r.status == a.NO_DATA:
        assert r.missing or not inputs


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 1000)), min_size=1, max_size=8))
def test_pooled_rate_lies_between_the_units_rates(pairs):
    parts = [a.Part(str(i), D(min(n, d)) / D(d) * 100, D(min(n, d)), D(d)) for i, (n, d) in enumerate(pairs)]
    p = a.pool(parts, len(parts))
    values = [x.value for x in parts]
    assert min(values) - D("1e-20") <= p.value <= max(values) + D("1e-20")


@given(st.integers(0, 50), st.integers(1, 50), st.decimals(min_value=1, max_value=100, places=0))
def test_coverage_rule_is_a_floor_on_reported_units(n, expected, share):
    n = min(n, expected)
    p = a.pool([a.Part(str(i), D(1)) for i in range(n)], expected, coverage=share)
    assert p.enough == (n * 100 >= expected * share or (n >= 1 and n * 100 >= expected * share))
    if not p.enough:
        assert p.value is None and f"({n}/{expected} đơn vị" in p.label


@given(decimals, st.decimals(min_value=0, max_value=50, places=1))
def test_points_requirement_never_falls_below_the_base_and_is_capped(base, inc):
    req = a.required_for_year(base, inc, "points", cap=D(100))
    assert req >= min(base, D(100)) and req <= D(100)
