"""Questionnaires as data: the XLSForm-like workbook layout, its validation, and answer checks.

Layout (docs/surveys.md, "Questionnaire workbook"), close to XLSForm (KoboToolbox / ODK):

- ``survey``: ``type | name | label | hint | required | relevant | appearance | min | max | max_length``.
  Types: ``begin_group`` / ``end_group`` (a section: one screen of the public form),
  ``select_one LIST``, ``select_multiple LIST``, ``likert LIST`` (= ``select_one LIST`` with
  appearance ``likert``), ``integer``, ``decimal``, ``text``, ``note``.
- ``choices``: ``list_name | name | label | score`` (``score``: the Likert value, e.g. 1–5).
- ``settings``: ``form_id | version | form_title | source | confidence | description``
  (one row under the header, or ``key | value`` rows).
- ``indices``: ``code | label | type | questions | values | components | target_title | primary``.
  ``share``: the percentage of answers among ``values`` (choice names) over the answers to
  ``questions`` (pooled); ``mean``: the mean of the ``components`` indices; ``mean_score``: the
  mean Likert score of ``questions`` on 0–100 ((score − min) / (max − min) × 100).

Everything here is plain data; errors are reported as ``Problem`` codes with their place, and the
app turns them into translated messages.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from .logic import ExpressionError, Node, parse_expression, references

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
CHOICE_TYPES = {"select_one", "select_multiple", "likert"}
QUESTION_TYPES = CHOICE_TYPES | {"integer", "decimal", "text", "note"}
INDEX_TYPES = {"share", "mean", "mean_score"}
CONFIDENCE = {"V", "S", "O", "U"}
DEFAULT_MAX_LENGTH = 2000
HARD_MAX_LENGTH = 10_000
TRUE = {"yes", "true", "1", "có", "x", "true()"}


@dataclass
class Problem:
    """One thing wrong, with where it is: ``code`` is stable, ``params`` fill the message."""

    code: str
    sheet: str = ""
    row: int | None = None
    params: dict = field(default_factory=dict)


class QuestionnaireError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(f"{p.sheet}:{p.row}:{p.code} {p.params}" for p in problems))
        self.problems = problems


@dataclass
class Choice:
    name: str
    label: str
    score: Decimal | None = None


@dataclass
class Question:
    name: str
    type: str
    label: str
    section: str
    hint: str = ""
    required: bool = False
    relevant: str = ""
    choices: list[Choice] = field(default_factory=list)
    min: Decimal | None = None
    max: Decimal | None = None
    max_length: int = DEFAULT_MAX_LENGTH

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def answerable(self) -> bool:
        return self.type != "note"

    def choice(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)


@dataclass
class Section:
    name: str
    label: str
    relevant: str = ""
    questions: list[str] = field(default_factory=list)


@dataclass
class IndexDef:
    code: str
    label: str
    type: str
    questions: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    target_title: str = ""
    primary: bool = False


@dataclass
class Questionnaire:
    code: str
    version: int
    title: str
    source: str
    confidence: str
    description: str
    sections: list[Section]
    questions: dict[str, Question]
    indices: list[IndexDef]

    # -- lookups ---------------------------------------------------------------------------
    def index(self, code: str) -> IndexDef | None:
        return next((i for i in self.indices if i.code == code), None)

    @property
    def primary_index(self) -> IndexDef | None:
        return next((i for i in self.indices if i.primary), None)

    def questions_of(self, section: Section) -> list[Question]:
        return [self.questions[n] for n in section.questions]

    # -- JSON storage ----------------------------------------------------------------------
    def to_dict(self) -> dict:
        return _plain(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> Questionnaire:
        questions = {}
        for name, q in data["questions"].items():
            q = dict(q)
            q["choices"] = [Choice(c["name"], c["label"], _dec(c.get("score"))) for c in q.get("choices", [])]
            q["min"], q["max"] = _dec(q.get("min")), _dec(q.get("max"))
            questions[name] = Question(**q)
        return cls(
            code=data["code"],
            version=int(data["version"]),
            title=data["title"],
            source=data.get("source", ""),
            confidence=data.get("confidence", "U"),
            description=data.get("description", ""),
            sections=[Section(**s) for s in data["sections"]],
            questions=questions,
            indices=[IndexDef(**i) for i in data["indices"]],
        )


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _dec(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(rows: list[list], sheet: str, problems: list[Problem]) -> list[tuple[int, dict]]:
    """Header row -> dicts (lower-case keys), with their 1-based row numbers; blank rows skipped."""
    rows = [list(r) for r in rows]
    while rows and not any(_text(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        problems.append(Problem("sheet_missing", sheet))
        return []
    header = [_text(c).lower().split("::")[0] for c in rows[0]]
    out = []
    for i, row in enumerate(rows[1:], start=2):
        values = {h: _text(row[j]) if j < len(row) else "" for j, h in enumerate(header) if h}
        if any(values.values()):
            out.append((i, values))
    return out


def load_questionnaire(sheets: dict[str, list[list]]) -> Questionnaire:
    """Build and validate a questionnaire from its sheets (name -> rows of cell values).

    Raises ``QuestionnaireError`` with every problem found, so the officer fixes them in one go.
    """
    problems: list[Problem] = []
    lower = {k.strip().lower(): v for k, v in sheets.items()}
    # a missing sheet is reported by _rows; the others are still checked, so every problem shows
    settings = _settings(_rows(lower.get("settings", []), "settings", problems), problems)
    choice_lists = _choices(_rows(lower.get("choices", []), "choices", problems), problems)
    sections, questions = _survey(_rows(lower.get("survey", []), "survey", problems), choice_lists, problems)
    indices = _indices(_rows(lower.get("indices", []), "indices", problems), questions, problems)
    if problems:
        raise QuestionnaireError(problems)
    return Questionnaire(sections=sections, questions=questions, indices=indices, **settings)


def _settings(rows, problems) -> dict:
    data: dict[str, str] = {}
    if rows and set(rows[0][1]) >= {"key", "value"}:
        data = {r["key"].lower(): r.get("value", "") for _, r in rows}
    elif rows:
        data = rows[0][1]
    code = data.get("form_id", "")
    if not code or not re.match(r"^[A-Za-z0-9_.-]{1,64}$", code):
        problems.append(Problem("bad_form_id", "settings", None, {"value": code}))
    try:
        version = int(Decimal(data.get("version") or "1"))
        if version < 1:
            raise ValueError
    except (InvalidOperation, ValueError):
        problems.append(Problem("bad_version", "settings", None, {"value": data.get("version")}))
        version = 1
    confidence = (data.get("confidence") or "U").strip("[] ").upper()
    if confidence not in CONFIDENCE:
        problems.append(Problem("bad_confidence", "settings", None, {"value": confidence}))
    title = data.get("form_title", "")
    if not title:
        problems.append(Problem("missing_title", "settings"))
    return {
        "code": code,
        "version": version,
        "title": title,
        "source": data.get("source", ""),
        "confidence": confidence,
        "description": data.get("description", ""),
    }


def _choices(rows, problems) -> dict[str, list[Choice]]:
    lists: dict[str, list[Choice]] = {}
    for row_no, r in rows:
        list_name, name, label = r.get("list_name", ""), r.get("name", ""), r.get("label", "")
        if not NAME.match(list_name) or not re.match(r"^[A-Za-z0-9_.-]{1,64}$", name):
            problems.append(Problem("bad_choice_name", "choices", row_no, {"value": f"{list_name}/{name}"}))
            continue
        if not label:
            problems.append(Problem("missing_label", "choices", row_no, {"name": name}))
        score = None
        if r.get("score"):
            score = _dec(r["score"])
            if score is None:
                problems.append(Problem("bad_number", "choices", row_no, {"value": r["score"]}))
        existing = lists.setdefault(list_name, [])
        if any(c.name == name for c in existing):
            problems.append(Problem("duplicate_choice", "choices", row_no, {"name": name}))
        existing.append(Choice(name, label, score))
    return lists


def _survey(rows, choice_lists, problems):
    sections: list[Section] = []
    questions: dict[str, Question] = {}
    current: Section | None = None
    auto: Section | None = None  # consecutive rows outside any group share one section
    seen_names: set[str] = set()
    for row_no, r in rows:
        parts = r.get("type", "").split()
        kind = parts[0].lower() if parts else ""
        name = r.get("name", "")
        if kind in {"begin_group", "begin"} or (kind == "begin" and parts[1:2] == ["group"]):
            if current is not None:
                problems.append(Problem("nested_group", "survey", row_no, {"name": name}))
            if not NAME.match(name) or name in seen_names:
                problems.append(Problem("bad_name", "survey", row_no, {"name": name}))
            seen_names.add(name)
            auto = None
            current = Section(name, r.get("label", "") or name, r.get("relevant", ""))
            sections.append(current)
            continue
        if kind in {"end_group", "end"}:
            if current is None:
                problems.append(Problem("unopened_group", "survey", row_no))
            current = None
            continue
        if r.get("appearance", "").lower() == "likert" and kind == "select_one":
            kind = "likert"
        if kind not in QUESTION_TYPES:
            problems.append(Problem("bad_type", "survey", row_no, {"value": r.get("type", "")}))
            continue
        if not NAME.match(name) or name in seen_names:
            problems.append(Problem("bad_name", "survey", row_no, {"name": name}))
            continue
        seen_names.add(name)
        if not r.get("label"):
            problems.append(Problem("missing_label", "survey", row_no, {"name": name}))
        target = current
        if target is None:
            if auto is None:
                auto = Section(f"section_{len(sections) + 1}", "", "")
                sections.append(auto)
            target = auto
        q = Question(
            name=name,
            type=kind,
            label=r.get("label", ""),
            section=target.name,
            hint=r.get("hint", ""),
            required=r.get("required", "").lower() in TRUE and kind != "note",
            relevant=r.get("relevant", ""),
        )
        if q.is_choice:
            list_name = parts[1] if len(parts) > 1 else ""
            if list_name not in choice_lists:
                problems.append(Problem("unknown_list", "survey", row_no, {"value": list_name}))
            q.choices = list(choice_lists.get(list_name, []))
            if kind == "likert" and any(c.score is None for c in q.choices):
                problems.append(Problem("likert_without_scores", "survey", row_no, {"value": list_name}))
        for key in ("min", "max"):
            if r.get(key):
                value = _dec(r[key])
                if value is None:
                    problems.append(Problem("bad_number", "survey", row_no, {"value": r[key]}))
                setattr(q, key, value)
        if r.get("max_length"):
            try:
                q.max_length = max(1, min(HARD_MAX_LENGTH, int(Decimal(r["max_length"]))))
            except InvalidOperation:
                problems.append(Problem("bad_number", "survey", row_no, {"value": r["max_length"]}))
        _check_relevant(q.relevant, row_no, set(questions), problems)
        questions[name] = q
        target.questions.append(name)
    for s in sections:
        _check_relevant(s.relevant, None, set(questions), problems)
        if not s.questions:
            problems.append(Problem("empty_group", "survey", None, {"name": s.name}))
    if not questions:
        problems.append(Problem("no_questions", "survey"))
    return sections, questions


def _check_relevant(text: str, row_no, earlier: set[str], problems) -> Node | None:
    if not text:
        return None
    try:
        node = parse_expression(text)
    except ExpressionError as exc:
        problems.append(Problem("bad_relevant", "survey", row_no, {"value": text, "error": str(exc)}))
        return None
    unknown = references(node) - earlier
    if unknown:
        problems.append(Problem("relevant_unknown", "survey", row_no, {"value": ", ".join(sorted(unknown))}))
    return node


def _split(text: str) -> list[str]:
    return [p for p in re.split(r"[\s,;]+", text) if p]


def _indices(rows, questions: dict[str, Question], problems) -> list[IndexDef]:
    out: list[IndexDef] = []
    for row_no, r in rows:
        d = IndexDef(
            code=r.get("code", ""),
            label=r.get("label", ""),
            type=r.get("type", "").lower(),
            questions=_split(r.get("questions", "")),
            values=_split(r.get("values", "")),
            components=_split(r.get("components", "")),
            target_title=r.get("target_title", ""),
            primary=r.get("primary", "").lower() in TRUE,
        )
        if not re.match(r"^[A-Za-z0-9_.-]{1,32}$", d.code) or any(i.code == d.code for i in out):
            problems.append(Problem("bad_index_code", "indices", row_no, {"value": d.code}))
        if d.type not in INDEX_TYPES:
            problems.append(Problem("bad_index_type", "indices", row_no, {"value": d.type}))
        if d.type in {"share", "mean_score"}:
            if not d.questions:
                problems.append(Problem("index_without_questions", "indices", row_no, {"value": d.code}))
            for name in d.questions:
                q = questions.get(name)
                if q is None or not q.is_choice:
                    problems.append(Problem("index_unknown_question", "indices", row_no, {"value": name}))
                elif d.type == "share":
                    for v in d.values:
                        if q.choice(v) is None:
                            problems.append(
                                Problem("index_unknown_value", "indices", row_no, {"value": f"{name}={v}"})
                            )
                elif any(c.score is None for c in q.choices):
                    problems.append(Problem("likert_without_scores", "indices", row_no, {"value": name}))
            if d.type == "share" and not d.values:
                problems.append(Problem("index_without_values", "indices", row_no, {"value": d.code}))
        if d.type == "mean" and not d.components:
            problems.append(Problem("index_without_components", "indices", row_no, {"value": d.code}))
        out.append(d)
    codes = {i.code for i in out}
    for i in out:
        for c in i.components:
            if c not in codes:
                problems.append(
                    Problem("index_unknown_component", "indices", None, {"value": f"{i.code}→{c}"})
                )
    if not problems and _has_cycle(out):
        problems.append(Problem("index_cycle", "indices"))
    if sum(1 for i in out if i.primary) > 1:
        problems.append(Problem("several_primary", "indices"))
    if out and not any(i.primary for i in out):
        out[0].primary = True  # the first index is the overall one unless marked
    if not out:
        problems.append(Problem("no_indices", "indices"))
    return out


def _has_cycle(indices: list[IndexDef]) -> bool:
    graph = {i.code: i.components for i in indices}
    state: dict[str, int] = {}

    def visit(code: str) -> bool:
        if state.get(code) == 1:
            return True
        if state.get(code) == 2:
            return False
        state[code] = 1
        if any(visit(c) for c in graph.get(code, [])):
            return True
        state[code] = 2
        return False

    return any(visit(c) for c in graph)


def index_order(q: Questionnaire) -> list[IndexDef]:
    """Indices so that every component comes before the index that averages it."""
    done: dict[str, IndexDef] = {}
    by_code = {i.code: i for i in q.indices}

    def add(i: IndexDef):
        if i.code in done:
            return
        for c in i.components:
            add(by_code[c])
        done[i.code] = i

    for i in q.indices:
        add(i)
    return list(done.values())
