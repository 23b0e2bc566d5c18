"""The questionnaire workbook: loading, validation problems, skip logic, answer checks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.surveys import (
    ExpressionError,
    Questionnaire,
    QuestionnaireError,
    check_answers,
    evaluate,
    load_questionnaire,
    parse_expression,
    visible_sections,
)
from cchc.domain.surveys.workbook import WorkbookError, read_sheets, read_table

DATA = Path(__file__).resolve().parents[3] / "surveys" / "data"


def sheets(**over):
    base = {
        "survey": [
            ["type", "name", "label", "required", "relevant", "min", "max", "max_length"],
            ["begin_group", "g1", "Một"],
            ["select_one yn", "dung", "Đã dùng?", "yes"],
            ["integer", "tuoi", "Tuổi", "", "", 15, 120],
            ["end_group"],
            ["begin_group", "g2", "Hai", "", "${dung} = 'co'"],
            ["select_multiple ld", "ly_do", "Lý do", "yes"],
            ["text", "y_kien", "Ý kiến", "", "selected(${ly_do}, 'khac')", "", "", 20],
            ["end_group"],
        ],
        "choices": [
            ["list_name", "name", "label"],
            ["yn", "co", "Có"],
            ["yn", "khong", "Không"],
            ["ld", "nhanh", "Nhanh"],
            ["ld", "khac", "Khác"],
        ],
        "settings": [["form_id", "version", "form_title", "confidence"], ["THU", 2, "Phiếu thử", "S"]],
        "indices": [["code", "label", "type", "questions", "values"], ["D", "Dùng", "share", "dung", "co"]],
    }
    base.update(over)
    return base


def test_loads_sections_questions_choices_and_settings():
    q = load_questionnaire(sheets())
    assert (q.code, q.version, q.confidence) == ("THU", 2, "S")
    assert [s.name for s in q.sections] == ["g1", "g2"]
    assert q.questions["tuoi"].min == Decimal(15) and q.questions["y_kien"].max_length == 20
    assert q.primary_index.code == "D"
    assert Questionnaire.from_dict(q.to_dict()).to_dict() == q.to_dict()


def test_every_problem_is_reported_at_once():
    bad = sheets(
        survey=[
            ["type", "name", "label", "relevant"],
            ["select_one nolist", "a", "A"],
            ["widget", "b", "B"],
            ["text", "c", "C", "${later} = 'x'"],
            ["text", "c", "C again"],
            ["text", "d", "D", "${a} = = 'x'"],
        ],
        indices=[
            ["code", "label", "type", "questions", "values", "components"],
            ["X", "x", "share", "a", "nope"],
            ["Y", "y", "mean", "", "", "Z"],
        ],
    )
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(bad)
    codes = {p.code for p in info.value.problems}
    assert {"unknown_list", "bad_type", "relevant_unknown", "bad_name", "bad_relevant"} <= codes
    assert {"index_unknown_value", "index_unknown_component"} <= codes


def test_missing_sheet_and_cycle():
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire({"survey": [["type"]]})
    missing = {p.sheet for p in info.value.problems if p.code == "sheet_missing"}
    assert missing == {"choices", "settings", "indices"}
    cyc = sheets(
        indices=[
            ["code", "label", "type", "components"],
            ["A", "a", "mean", "B"],
            ["B", "b", "mean", "A"],
        ]
    )
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire(cyc)
    assert "index_cycle" in {p.code for p in info.value.problems}


def test_skip_logic_hides_a_section_and_its_required_questions():
    q = load_questionnaire(sheets())
    assert [s.name for s in visible_sections(q, {"dung": "khong"})] == ["g1"]
    checked = check_answers(q, {"dung": "khong", "ly_do": "nhanh"})
    assert checked.ok and "ly_do" not in checked.answers  # hidden answers are dropped
    checked = check_answers(q, {"dung": "co"})
    assert [p.code for p in checked.problems] == ["required"]


def test_answer_checks():
    q = load_questionnaire(sheets())
    checked = check_answers(q, {"dung": "có lẽ", "tuoi": "abc"})
    assert {(p.question, p.code) for p in checked.problems} == {
        ("dung", "not_a_choice"),
        ("tuoi", "not_a_number"),
    }
    assert check_answers(q, {"dung": "co", "tuoi": "7", "ly_do": "nhanh"}).problems[0].code == "out_of_range"
    long = check_answers(q, {"dung": "co", "ly_do": ["khac"], "y_kien": "x" * 21})
    assert [p.code for p in long.problems] == ["too_long"]
    ok = check_answers(
        q, {"dung": "co", "tuoi": "30", "ly_do": ["khac", "nhanh", "khac"], "y_kien": " tốt\x00 "}
    )
    assert ok.ok and ok.answers == {
        "dung": "co",
        "tuoi": Decimal(30),
        "ly_do": ["khac", "nhanh"],
        "y_kien": "tốt",
    }
    assert check_answers(q, {"dung": "co", "ly_do": "nhanh", "ma_don_vi": "5"}, strict=True).problems[
        0
    ].code == ("unknown_question")


@pytest.mark.parametrize(
    ("expr", "answers", "expected"),
    [
        ("${a} = 'x'", {"a": "x"}, True),
        ("${a} != 'x'", {}, True),
        ("${n} >= 18 and ${n} < 60", {"n": "30"}, True),
        ("${n} > 9", {"n": "10"}, True),  # numeric, not textual
        ("not(${a} = 'x') or selected(${m}, 'k')", {"a": "x", "m": ["k"]}, True),
        ("count-selected(${m}) > 1", {"m": ["k"]}, False),
        ("(${a} = 'x' or ${a} = 'y') and ${b}", {"a": "y", "b": "z"}, True),
        ("${b}", {}, False),
    ],
)
def test_relevant_expressions(expr, answers, expected):
    assert evaluate(parse_expression(expr), answers) is expected


@pytest.mark.parametrize("bad", ["${a} =", "__import__('os')", "${a} = 'x' garbage", "selected(${a})", "${}"])
def test_bad_expressions_are_refused(bad):
    with pytest.raises(ExpressionError):
        parse_expression(bad)


@given(st.text(max_size=40))
def test_no_text_crashes_the_expression_reader(text):
    try:
        parse_expression(text)
    except ExpressionError:
        pass


def test_shipped_questionnaires_load():
    for name in ("sipas-2017-2020.xlsx", "mot-cua-3-muc.xlsx"):
        q = load_questionnaire(read_sheets((DATA / name).read_bytes()))
        assert q.source and q.confidence in {"V", "S", "O", "U"}
    sipas = load_questionnaire(read_sheets((DATA / "sipas-2017-2020.xlsx").read_bytes()))
    assert len([i for i in sipas.indices if i.type == "mean"]) == 6  # 5 factors + overall
    assert sipas.primary_index.target_title == "CHỈ SỐ CHUNG"


def test_workbook_reader_refuses_what_is_not_a_spreadsheet():
    with pytest.raises(WorkbookError):
        read_sheets(b"not a zip")
    with pytest.raises(WorkbookError):
        read_sheets(b"PK\x03\x04broken")
    rows = read_table(b"ma;cau1\nA1;hai_long\n")
    assert rows == [["ma", "cau1"], ["A1", "hai_long"]]


junk = st.one_of(st.none(), st.text(max_size=30), st.lists(st.text(max_size=8), max_size=4), st.integers())


@given(st.dictionaries(st.sampled_from(["dung", "tuoi", "ly_do", "y_kien", "khac"]), junk, max_size=5))
def test_any_posted_values_are_either_accepted_clean_or_refused(raw):
    q = load_questionnaire(sheets())
    checked = check_answers(q, raw)
    for name, value in checked.answers.items():
        question = q.questions[name]
        if question.is_choice:
            chosen = value if isinstance(value, list) else [value]
            assert all(question.choice(c) is not None for c in chosen)
        if question.type == "text":
            assert len(value) <= question.max_length
    if checked.ok and checked.answers.get("dung") == "co":
        assert "ly_do" in checked.answers  # required once its screen is shown
