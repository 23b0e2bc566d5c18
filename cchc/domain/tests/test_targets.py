"""Target extraction from plan sentences (cchc.domain.planparse.targets), on real seed sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.planparse.targets import Target, extract_targets, is_target_sentence
from cchc.domain.testing.seeds import seeds_dir
from cchc.domain.text import clean

SEEDS = seeds_dir()

S000_LEVELS = (
    "90% hồ sơ công việc tại cấp thành phố; 80% hồ sơ công việc tại cấp huyện và 60% hồ sơ công việc tại "
    "cấp xã được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước)"
)
S000_RESPECTIVELY = (
    "Năm 2021, số hóa kết quả giải quyết TTHC đang còn hiệu lực và có giá trị sử dụng thuộc thẩm quyền "
    "giải quyết của cấp trung ương, cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng là 40%, 30%, "
    "20%, 15%; giai đoạn 2022 - 2025, mỗi năm tăng tối thiểu 20% đối với mỗi cấp hành chính cho đến khi "
    "đạt tỷ lệ 100% để đảm bảo việc kết nối, chia sẻ dữ liệu trong giải quyết TTHC trên môi trường điện tử."
)
S000_CUT = (
    "Cắt giảm, đơn giản hóa tối thiểu 20% số quy định và cắt giảm tối thiểu 20% chi phí tuân thủ quy định "
    "liên quan đến hoạt động kinh doanh tại các văn bản đang có hiệu lực thi hành thuộc thẩm quyền tính đến "
    "hết ngày 31/5/2020."
)
S000_SATISFACTION = (
    "Mức độ hài lòng đạt tối thiểu 90% (trong đó, mức độ hài lòng về giải quyết các TTHC lĩnh vực đất đai, "
    "xây dựng, đầu tư đạt tối thiểu 85%)."
)
S000_PAYMENT = (
    "Tối thiểu 80% TTHC có yêu cầu nghĩa vụ tài chính, được triển khai thanh toán trực tuyến, trong số đó, "
    "tỷ lệ giao dịch thanh toán trực tuyến đạt từ 30% trở lên."
)
S001_STAFF = "- Giảm 10% biên chế sự nghiệp hưởng lương từ ngân sách nhà nước so với năm 2021."
S001_TOP = (
    "Thành phố Đà Nẵng hoàn thành cơ bản chuyển đổi số, hình thành thành phố thông minh; thuộc nhóm 03 địa "
    "phương dẫn đầu về chuyển đổi số và lần đầu về an toàn thông tin, thương mại điện tử của cả nước."
)
S002_LATE = (
    "- Tỷ lệ hồ sơ chậm hạn của thành phố: dưới 0,90%; của các xã, phường: dưới 0,50% (theo số liệu thống kê "
    "trên Cổng dịch vụ công tỉnh Vĩnh Phúc)."
)
S002_WAIT = (
    " - + Giảm thời gian chờ đợi trung bình của các cá nhân, tổ chức tại Bộ phận một cửa các cấp thành phố "
    "còn tối đa 20 phút/01 lần giao dịch."
)
S002_TOP = (
    "- Phân đầu xếp hạng Chỉ số cải cách hành chính của thành phố năm 2022 nằm trong Top 03 các huyện, "
    "thành phố thuộc tỉnh."
)
S004_RANGE = "- Phấn đấu từ 95% -100% số hồ sơ TTHC được trả kết quả giải quyết đúng hạn, trước hạn."
S004_COUNT = (
    "- Thực hiện đầy đủ 02 hoạt động theo dõi thi hành pháp luật (*kiểm tra tình hình thi hành pháp luật; "
    "điều tra, khảo sát tình hình thi hành pháp luật*) và ban hành đầy đủ văn bản xử lý hoặc kiến nghị xử lý "
    "kết quả theo dõi thi hành pháp luật theo thẩm quyền."
)
S004_LEVELS = (
    "- 85% hồ sơ công việc tại cấp tỉnh; 75% hồ sơ công việc tại cấp huyện và 65% hồ sơ công việc tại cấp xã "
    "được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật nhà nước)."
)
S003_PAST = (
    "Ngày 25/5/2022, Ban Chỉ đạo Cải cách hành chính của Chính phủ công bố kết quả Chỉ số cải cách hành "
    "chính (PAR INDEX), Chỉ số hài lòng SIPAS năm 2021. Theo đó, Chỉ số PAR INDEX của Thành phố đạt 88,54%"
)

REAL = {
    "000_ba99fad979cb327a.txt": [S000_LEVELS, S000_RESPECTIVELY, S000_CUT, S000_SATISFACTION, S000_PAYMENT],
    "001_a9192378d84b1fc8.txt": [S001_STAFF, S001_TOP],
    "002_efc6d3cc5bffa6d9.txt": [S002_LATE, S002_WAIT, S002_TOP],
    "003_910b1e79badbb223.txt": [S003_PAST],
    "004_16593b7f236b5a08.txt": [S004_RANGE, S004_COUNT, S004_LEVELS],
}


def summary(targets: list[Target]) -> list[tuple]:
    return [(t.comparator, t.value, t.value_max, t.unit, t.level, t.year) for t in targets]


@pytest.mark.parametrize(("seed", "sentence"), [(k, s) for k, v in REAL.items() for s in v])
def test_test_sentences_are_copied_from_the_seeds(seed, sentence):
    path = SEEDS / seed
    assert clean(sentence) in clean(path.read_text(encoding="utf-8"))


def test_one_target_per_level_in_a_list():
    d = Decimal
    assert summary(extract_targets(S000_LEVELS, year=2025)) == [
        (">=", d(90), None, "%", "province", 2025),  # "cấp thành phố" of a centrally-run city
        (">=", d(80), None, "%", "district", 2025),
        (">=", d(60), None, "%", "commune", 2025),
    ]
    targets = extract_targets(S004_LEVELS, area="Chính quyền số", year=2024, line=76)
    assert [t.level for t in targets] == ["province", "district", "commune"]
    assert targets[1].subject == "hồ sơ công việc tại cấp huyện"
    assert {(t.area, t.line) for t in targets} == {("Chính quyền số", 76)}


def test_respectively_attaches_levels_by_position_and_the_sentence_year_wins():
    targets = extract_targets(S000_RESPECTIVELY, year=2025)
    assert [(t.value, t.level, t.year) for t in targets[:4]] == [
        (Decimal(40), None, 2021),  # cấp trung ương: not a local level
        (Decimal(30), "province", 2021),
        (Decimal(20), "district", 2021),
        (Decimal(15), "commune", 2021),
    ]
    assert all(t.comparator == ">=" for t in targets)
    assert targets[1].subject.endswith("(cấp tỉnh)")
    assert targets[1].subject.startswith("số hóa kết quả giải quyết TTHC")
    # "giai đoạn 2022 - 2025, mỗi năm tăng tối thiểu 20%": the clause's own period end
    assert (targets[4].value, targets[4].year) == (Decimal(20), 2025)


def test_range_and_strict_comparators():
    (t,) = extract_targets(S004_RANGE)
    assert (t.comparator, t.value, t.value_max, t.unit) == ("range", Decimal(95), Decimal(100), "%")
    late = extract_targets(S002_LATE)
    assert [(t.comparator, t.value) for t in late] == [("<", Decimal("0.9")), ("<", Decimal("0.5"))]
    assert late[0].subject == "Tỷ lệ hồ sơ chậm hạn của thành phố"
    assert late[1].level == "commune"
    (t,) = extract_targets("Tỷ lệ hồ sơ trễ hạn không quá 2%.")
    assert (t.comparator, t.value) == ("<=", Decimal(2))
    (t,) = extract_targets("trên 90% người dân hài lòng")
    assert (t.comparator, t.value) == (">", Decimal(90))


def test_floor_words_and_bare_percentages_are_at_least():
    first, second = extract_targets(S000_PAYMENT)
    assert (first.comparator, first.value, second.comparator, second.value) == (">=", 80, ">=", 30)
    assert second.subject == "tỷ lệ giao dịch thanh toán trực tuyến"
    main, land = extract_targets(S000_SATISFACTION)
    assert (main.subject, main.value, land.value) == ("Mức độ hài lòng", 90, 85)
    (t,) = extract_targets(
        "- 100% văn bản quy phạm pháp luật do Trung ương ban hành trong năm được triển khai kịp thời."
    )
    assert (t.comparator, t.value) == (">=", Decimal(100))  # "100%" and "đạt 100%" read as >=
    (t,) = extract_targets("Ít nhất 30% số cơ quan, đơn vị trực thuộc được kiểm tra.")  # seed 000
    assert (t.comparator, t.value) == (">=", 30)


def test_reductions_keep_at_least_on_the_size_of_the_cut():
    (t,) = extract_targets(S001_STAFF, year=2025)
    assert (t.comparator, t.value, t.unit, t.year) == (
        ">=",
        Decimal(10),
        "%",
        2025,
    )  # "so với năm 2021" is a baseline
    assert t.subject.startswith("giảm: biên chế sự nghiệp")
    cut_rules, cut_cost = extract_targets(S000_CUT)
    assert cut_rules.subject.startswith("giảm: số quy định")
    assert cut_cost.subject.startswith("giảm: chi phí tuân thủ")


def test_minutes_rank_and_count_targets():
    (t,) = extract_targets(S002_WAIT)
    assert (t.comparator, t.value, t.unit) == ("<=", Decimal(20), "minutes")
    assert t.subject.startswith("Giảm thời gian chờ đợi trung bình")
    (t,) = extract_targets(S002_TOP, year=2022)
    assert (t.comparator, t.value, t.unit, t.year) == ("<=", Decimal(3), "rank", 2022)
    (t,) = extract_targets(S001_TOP, year=2030)
    assert (t.comparator, t.value, t.unit) == ("<=", Decimal(3), "rank")
    (t,) = extract_targets("Phấn đấu Chỉ số PAPI nằm trong tốp 10 địa phương dẫn đầu cả nước.")
    assert (t.comparator, t.value, t.unit) == ("<=", Decimal(10), "rank")
    (t,) = extract_targets(S004_COUNT)
    assert (t.comparator, t.value, t.unit, t.subject) == (
        "=",
        Decimal(2),
        "count",
        "hoạt động theo dõi thi hành pháp luật",
    )


def test_year_from_the_sentence_or_the_heading():
    (t,) = extract_targets(
        "Đến năm 2025, có tối thiểu 20% đơn vị sự nghiệp công lập tự chủ kinh phí chi thường xuyên"
    )
    assert t.year == 2025
    (t,) = extract_targets(
        "- 100% cơ quan nhà nước tham gia cung cấp dữ liệu mở.", year=2025
    )  # under "* Đến năm 2025:"
    assert t.year == 2025
    (t,) = extract_targets("- 100% cơ quan nhà nước tham gia cung cấp dữ liệu mở.")
    assert t.year is None


def test_to_dict_serialises_decimals_as_strings():
    (t,) = extract_targets(
        "dưới 0,90% hồ sơ chậm hạn", area="Cải cách thủ tục hành chính", year=2022, line=35
    )
    assert t.to_dict() == {
        "area": "Cải cách thủ tục hành chính",
        "text": "dưới 0,90% hồ sơ chậm hạn",
        "comparator": "<",
        "value": "0.90",
        "value_max": None,
        "unit": "%",
        "level": None,
        "year": 2022,
        "subject": "hồ sơ chậm hạn",
        "trajectory": None,
        "line": 35,
    }


def test_a_yearly_rise_is_a_trajectory_not_one_years_target():
    sentence = (
        "Năm 2021, số hóa kết quả giải quyết thủ tục hành chính thuộc thẩm quyền của cấp tỉnh, cấp huyện, "
        "cấp xã đạt tỷ lệ tối thiểu tương ứng là 30%, 20%, 15%; giai đoạn 2022 - 2025, mỗi năm tăng tối "
        "thiểu 20% đối với mỗi cấp hành chính cho đến khi đạt tỷ lệ 100%."
    )
    targets = extract_targets(sentence, year=2021)
    yearly = [t for t in targets if t.trajectory == "yearly"]
    assert [(t.comparator, str(t.value), t.year) for t in yearly] == [(">=", "20", 2025)]
    assert [t.level for t in targets if t.year == 2021] == ["province", "district", "commune"]
    assert all(t.trajectory is None for t in targets if t not in yearly)


@pytest.mark.parametrize(
    "sentence",
    [
        S000_LEVELS,
        S000_RESPECTIVELY,
        S000_CUT,
        S001_STAFF,
        S001_TOP,
        S002_LATE,
        S002_WAIT,
        S002_TOP,
        S004_RANGE,
        S004_COUNT,
    ],
)
def test_target_sentences_are_recognised(sentence):
    assert is_target_sentence(sentence)
    assert extract_targets(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;",
        "Triển khai có hiệu quả Nghị định số 107/2020/NĐ-CP ngày 14 tháng 9 năm 2020 sửa đổi, bổ sung một số điều",
        "Cải cách hành chính nhà nước thành phố Hải Phòng giai đoạn 2021-2025 tập trung vào 06 nội dung chính",
        "Thực hiện theo Điều 12, khoản 3 Nghị định số 09/2019/NĐ-CP",
        "b) Nhiệm vụ",
        "chậm nhất trước ngày 15/11/2022",
        S003_PAST,  # a past result, not a target
        "",
    ],
)
def test_prose_with_numbers_is_not_a_target(sentence):
    assert not is_target_sentence(sentence)


@given(st.text(max_size=300), st.none() | st.integers(min_value=1900, max_value=2100))
def test_extraction_never_raises_and_keeps_its_vocabulary(text, year):
    for t in extract_targets(text, year=year):
        assert t.comparator in (">=", "<=", ">", "<", "=", "range")
        assert t.level in (None, "province", "district", "commune", "department")
        assert t.value is None or isinstance(t.value, Decimal)
        assert t.comparator != "range" or (t.value_max is not None and t.value <= t.value_max)
    assert isinstance(is_target_sentence(text), bool)


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=99))
def test_any_floor_percentage_round_trips(whole, cents):
    value = Decimal(f"{whole}.{cents:02d}")
    text = f"Tối thiểu {whole},{cents:02d}% hồ sơ được giải quyết trực tuyến"
    (t,) = extract_targets(text)
    assert (t.comparator, t.value, t.unit) == (">=", value, "%")
