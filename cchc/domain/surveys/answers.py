"""Checking a respondent's answers against the questionnaire: choices, numbers, lengths, skip
logic and required flags. Used by the public form (one section at a time), the importer (whole
rows) and the intake benchmark. Returns problems as codes; the app writes the messages."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .logic import evaluate, parse_expression
from .questionnaire import Question, Questionnaire, Section

Answer = str | list[str] | Decimal


@dataclass
class AnswerProblem:
    code: str  # required | not_a_choice | not_a_number | out_of_range | too_long | unknown_question
    question: str
    params: dict = field(default_factory=dict)


@dataclass
class Checked:
    answers: dict[str, Answer]
    problems: list[AnswerProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


_EXPR_CACHE: dict[str, object] = {}


def _relevant(text: str, answers: dict) -> bool:
    if not text:
        return True
    node = _EXPR_CACHE.get(text)
    if node is None:
        node = _EXPR_CACHE[text] = parse_expression(text)
    return evaluate(node, answers)


def section_visible(section: Section, answers: dict) -> bool:
    return _relevant(section.relevant, answers)


def question_visible(q: Question, answers: dict) -> bool:
    return _relevant(q.relevant, answers)


def visible_sections(q: Questionnaire, answers: dict) -> list[Section]:
    """The screens a respondent sees given the answers so far (skip logic on groups)."""
    return [s for s in q.sections if section_visible(s, answers)]


def clean_text(text: str) -> str:
    """NFC, no control characters except newlines and tabs, trimmed."""
    text = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


def _as_list(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return [str(v).strip() for v in raw if str(v).strip()]
    text = str(raw).strip()
    return [p for p in text.replace(",", " ").split() if p] if text else []


def _one(raw) -> str:
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else ""
    if raw is None:
        return ""
    if isinstance(raw, Decimal | int | float) and not isinstance(raw, bool):
        raw = format(Decimal(str(raw)).normalize(), "f")
    return str(raw).strip()


def check_question(q: Question, raw) -> tuple[Answer | None, AnswerProblem | None]:
    """One answer, cleaned; ``None`` when unanswered."""
    if q.type == "select_multiple":
        values = list(dict.fromkeys(_as_list(raw)))
        if not values:
            return None, None
        bad = [v for v in values if q.choice(v) is None]
        if bad:
            return None, AnswerProblem("not_a_choice", q.name, {"value": bad[0]})
        return values, None
    value = _one(raw)
    if value == "":
        return None, None
    if q.type in {"select_one", "likert"}:
        if q.choice(value) is None:
            return None, AnswerProblem("not_a_choice", q.name, {"value": value[:50]})
        return value, None
    if q.type in {"integer", "decimal"}:
        try:
            number = Decimal(value.replace(" ", "").replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            return None, AnswerProblem("not_a_number", q.name, {"value": value[:50]})
        if q.type == "integer" and number != number.to_integral_value():
            return None, AnswerProblem("not_a_number", q.name, {"value": value[:50]})
        if (q.min is not None and number < q.min) or (q.max is not None and number > q.max):
            return None, AnswerProblem("out_of_range", q.name, {"min": q.min, "max": q.max})
        if abs(number) >= Decimal("1e12"):
            return None, AnswerProblem("out_of_range", q.name, {"min": q.min, "max": q.max})
        return number, None
    if q.type == "text":
        text = clean_text(value)
        if len(text) > q.max_length:
            return None, AnswerProblem("too_long", q.name, {"max": q.max_length, "length": len(text)})
        return (text or None), None
    return None, None


def check_answers(
    q: Questionnaire,
    raw: dict,
    *,
    sections: list[Section] | None = None,
    known: dict | None = None,
    strict: bool = False,
) -> Checked:
    """Check ``raw`` (name -> value) for ``sections`` (default: all), in questionnaire order.

    ``known``: answers already accepted on earlier screens (they feed the skip logic). Answers to
    questions hidden by skip logic are dropped. ``strict`` (imports): a name that is not a
    question of the questionnaire is a problem.
    """
    answers: dict[str, Answer] = dict(known or {})
    problems: list[AnswerProblem] = []
    names = {n for s in (sections or q.sections) for n in s.questions}
    if strict:
        for key in raw:
            if key not in q.questions:
                problems.append(AnswerProblem("unknown_question", str(key)[:64]))
    for section in sections or q.sections:
        visible = section_visible(section, answers)
        for name in section.questions:
            question = q.questions[name]
            answers.pop(name, None)
            if not visible or not question.answerable or not question_visible(question, answers):
                continue
            value, problem = check_question(question, raw.get(name))
            if problem:
                problems.append(problem)
            elif value is None:
                if question.required:
                    problems.append(AnswerProblem("required", name))
            else:
                answers[name] = value
    return Checked({k: v for k, v in answers.items() if k in names or k in (known or {})}, problems)
