"""Attainment of a plan target by the target's own rule (no database).

A target (chỉ tiêu) is judged in a period (a year) from measured values, by rules the plans
state in words and that are kept as data on the target (docs/indicators.md, "Attainment"):

* **comparators** ``>=``, ``>``, ``<=``, ``<``, ``=``, ``range`` are applied exactly as written
  ("trên 88%" is ``>``: 88 is not enough);
* **yearly trajectories** ("giai đoạn 2022 - 2025, mỗi năm tăng tối thiểu 20% đối với mỗi cấp"):
  the year's required value is the previous year's measured value (or the base value the
  officer gave) plus the increase, in **percentage points** or as **relative growth** (data on
  the target: the importer proposes one, the officer confirms it), capped at 100% for a rate;
* **levels**: a target that names several cấp is judged per cấp, each from the units of that
  cấp, and is met only when every cấp is;
* **pooling**: a rate over several units is Σ numerators / Σ denominators when the parts are
  known; a mean of the units' values only when they are not, and then it says so;
* **coverage**: a value from units' reports needs enough of the expected units (a share, 100%
  by default); below it the status is "Chưa đủ số liệu (n/N đơn vị)", never đạt / chưa đạt;
* **milestones**: a multi-year target in an earlier year is judged against the plan's milestone
  for that year when there is one, else it is "Chưa đến hạn" with its current value.

Nothing here raises on missing data: every result says what is missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cchc.domain.indicators import ATTAINED, NO_DATA, NOT_ATTAINED
from cchc.domain.text import fold

__all__ = [
    "ATTAINED",
    "COMPARATORS",
    "DEFAULT_COVERAGE",
    "INCREASE_MODES",
    "NOT_ATTAINED",
    "NOT_DUE",
    "NO_DATA",
    "LevelInput",
    "LevelResult",
    "Part",
    "Pooled",
    "Result",
    "Rule",
    "combine",
    "compare",
    "judge",
    "judge_level",
    "pool",
    "propose_increase_mode",
    "propose_start_year",
    "required_for_year",
    "validate_coverage",
    "validate_trajectory",
]

NOT_DUE = "chua_den_han"
COMPARATORS = (">=", ">", "<=", "<", "=", "range")
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "range": "từ"}
POINTS = "points"
RELATIVE = "relative"
INCREASE_MODES = (POINTS, RELATIVE)
DEFAULT_COVERAGE = Decimal(100)
LEVEL_LABELS = {
    "province": "cấp tỉnh",
    "department": "cấp sở, ngành",
    "district": "cấp huyện",
    "commune": "cấp xã",
    "": "toàn tỉnh",
}
_Q2 = Decimal("0.01")


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "—"
    return f"{d.quantize(_Q2, ROUND_HALF_UP):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


# --------------------------------------------------------------------------- comparators
def compare(
    value: Decimal, comparator: str, threshold: Decimal, threshold_max: Decimal | None = None
) -> bool | None:
    """Whether ``value`` meets ``comparator threshold`` exactly; ``None`` for an unknown comparator
    (an empty one means ``>=``, the importer's reading of a bare "80%")."""
    comp = comparator or ">="
    if comp == "range":
        return threshold <= value <= (threshold_max if threshold_max is not None else threshold)
    ops = {
        ">=": value >= threshold,
        ">": value > threshold,
        "<=": value <= threshold,
        "<": value < threshold,
        "=": value == threshold,
    }
    return ops.get(comp)


# --------------------------------------------------------------------------- pooling, coverage
@dataclass(frozen=True)
class Part:
    """One unit's value, with its numerator and denominator when known."""

    unit: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Pooled:
    """A value over several units, how it was formed and how many units it rests on."""

    value: Decimal | None
    method: str  # "pooled" (Σnum/Σden), "mean" (of unit values), "" (no value)
    reported: int
    expected: int
    enough: bool
    label: str  # what the value is, or what is missing


def pool(
    parts: Iterable[Part], expected: int, *, coverage: Decimal | None = None, factor: Decimal = Decimal(100)
) -> Pooled:
    """The value of a group of ``expected`` units from their ``parts``.

    Σ numerators / Σ denominators × ``factor`` when every reported part has both (and Σden > 0);
    else the mean of the reported values, labelled as such. Fewer reported units than
    ``coverage`` % of ``expected`` (100% when not given): no value, "Chưa đủ số liệu (n/N đơn vị)"."""
    reported = [p for p in parts if p.value is not None]
    n = len(reported)
    share = DEFAULT_COVERAGE if coverage is None else Decimal(coverage)
    if expected <= 0:
        return Pooled(None, "", n, 0, False, "Danh mục đơn vị chưa có đơn vị nào thuộc cấp này")
    need = max(1, math.ceil(expected * share / 100))
    if n < need:
        rule = "" if share == DEFAULT_COVERAGE else f"; cần tối thiểu {_fmt(share)}% số đơn vị"
        return Pooled(None, "", n, expected, False, f"Chưa đủ số liệu ({n}/{expected} đơn vị{rule})")
    if all(p.numerator is not None and p.denominator is not None for p in reported):
        num = sum((p.numerator for p in reported), Decimal(0))
        den = sum((p.denominator for p in reported), Decimal(0))
        if den > 0:
            return Pooled(
                num / den * factor,
                "pooled",
                n,
                expected,
                True,
                f"Tổng tử số / tổng mẫu số của {n}/{expected} đơn vị ({_fmt(num)}/{_fmt(den)})",
            )
    mean = sum((p.value for p in reported), Decimal(0)) / n
    return Pooled(
        mean,
        "mean",
        n,
        expected,
        True,
        f"Trung bình cộng giá trị của {n}/{expected} đơn vị (không có tử số, mẫu số để cộng dồn)",
    )


def validate_coverage(share) -> list[str]:
    """The coverage rule is a share of the expected units, above 0 and at most 100%."""
    try:
        value = Decimal(str(share))
    except (ArithmeticError, ValueError):
        return [f"Tỷ lệ đơn vị phải có số liệu không đọc được: “{share}”."]
    if not value.is_finite() or value <= 0 or value > 100:
        return [
            f"Tỷ lệ đơn vị phải có số liệu phải lớn hơn 0% và không quá 100%, không thể là {_fmt(value)}%."
        ]
    return []


# --------------------------------------------------------------------------- trajectories
def required_for_year(
    base: Decimal | None, increase: Decimal | None, mode: str, *, cap: Decimal | None = None
) -> Decimal | None:
    """The year's required value: ``base`` (the previous year's value) plus ``increase`` in
    percentage points (``points``) or ``base × (1 + increase/100)`` (``relative``), at most
    ``cap``; ``None`` when the base, the increase or the mode is missing."""
    if base is None or increase is None or mode not in INCREASE_MODES:
        return None
    value = base + increase if mode == POINTS else base * (1 + increase / 100)
    if cap is not None and value > cap:
        value = cap
    return value


def validate_trajectory(
    levels: Iterable[str], bases: Mapping[str, Decimal | None], base_year: int | None
) -> list[str]:
    """A yearly trajectory needs a base-year value for each of its levels (measured or given)."""
    if base_year is None:
        return ["Chỉ tiêu tăng hằng năm cần năm gốc (năm trước năm đầu tiên của giai đoạn)."]
    missing = [LEVEL_LABELS.get(level, level) for level in levels if bases.get(level) is None]
    if missing:
        return [
            f"Chỉ tiêu tăng hằng năm cần giá trị năm gốc {base_year} của {', '.join(missing)}: "
            "chưa có số liệu đo được, hãy nhập giá trị năm gốc."
        ]
    return []


_POINTS_WORDS = re.compile(r"\bdiem phan tram\b")
_RELATIVE_WORDS = re.compile(r"\btang\b[^.;]{0,40}\bso voi\b|\bso voi (?:nam truoc|cung ky|nam \d{4})\b")
_UNTIL_FULL = re.compile(r"\bcho den khi dat\b|\bden khi dat\b")


_PERIOD = re.compile(r"\bgiai doan\s+(\d{4})\s*-\s*(\d{4})[^.;]{0,40}\bmoi nam\b")


def propose_start_year(text: str) -> int | None:
    """The first year of a yearly trajectory ("giai đoạn 2022 - 2025, mỗi năm tăng …": 2022)."""
    m = _PERIOD.search(fold(text or ""))
    return int(m[1]) if m else None


def propose_increase_mode(text: str, unit: str) -> tuple[str, str]:
    """``(mode, reason)`` proposed for "tăng X%" of a yearly target, for the officer to confirm.

    "điểm phần trăm" → points; "tăng … so với năm trước / cùng kỳ" → relative growth; a rate
    ("… cho đến khi đạt tỷ lệ 100%", or any % target) → points, since "a rate rises by 20%" is
    read by the plans' own follow-up reports as 20 percentage points; other units → relative."""
    f = fold(text or "")
    if _POINTS_WORDS.search(f):
        return POINTS, "văn bản ghi “điểm phần trăm”"
    if _RELATIVE_WORDS.search(f):
        return RELATIVE, "văn bản so sánh với năm trước (tăng trưởng tương đối)"
    if _UNTIL_FULL.search(f):
        return POINTS, "tỷ lệ tăng dần “cho đến khi đạt 100%”: cộng thêm điểm phần trăm mỗi năm"
    if unit == "%":
        return POINTS, "chỉ tiêu là một tỷ lệ (%): cộng thêm điểm phần trăm mỗi năm"
    return RELATIVE, "chỉ tiêu là một số lượng: tăng tương đối so với năm trước"


# --------------------------------------------------------------------------- judging
@dataclass(frozen=True)
class Rule:
    """A target's rule as data."""

    comparator: str
    threshold: Decimal | None
    threshold_max: Decimal | None = None
    unit: str = "%"
    year: int | None = None  # the year it must be reached (a trajectory: its last year)
    yearly: bool = False  # "mỗi năm tăng …": ``threshold`` is the yearly increase
    start_year: int | None = None  # a trajectory's first year ("giai đoạn 2022 - 2025": 2022)
    increase_mode: str = ""  # points / relative (a trajectory)
    mode_confirmed: bool = False
    milestones: Mapping[int, Decimal] = field(default_factory=dict)  # year -> value of that year


@dataclass(frozen=True)
class LevelInput:
    """What is known of one level (or of the province as a whole, level ``""``)."""

    level: str
    measured: Pooled
    previous: Decimal | None = None  # the previous year's measured value (trajectories)
    base: Decimal | None = None  # the base value the officer gave (trajectories)


@dataclass(frozen=True)
class LevelResult:
    level: str
    value: Decimal | None
    required: Decimal | None
    comparator: str
    status: str
    label: str
    source: str
    base: Decimal | None = None
    base_source: str = ""


@dataclass(frozen=True)
class Result:
    status: str
    label: str
    value: Decimal | None
    required: Decimal | None
    comparator: str
    levels: tuple[LevelResult, ...]
    note: str = ""
    missing: tuple[str, ...] = ()


def _status_label(status: str) -> str:
    return {ATTAINED: "Đạt", NOT_ATTAINED: "Chưa đạt", NO_DATA: "Chưa có số liệu", NOT_DUE: "Chưa đến hạn"}[
        status
    ]


def judge_level(rule: Rule, year: int, data: LevelInput) -> LevelResult:
    """One level's judgement in ``year`` (see the module doc)."""
    m = data.measured
    value = m.value
    where = LEVEL_LABELS.get(data.level, data.level)
    if rule.yearly and rule.start_year is not None and year < rule.start_year:
        label = f"Chưa đến hạn (tăng hằng năm từ năm {rule.start_year})"
        return LevelResult(data.level, value, None, ">=", NOT_DUE, label, m.label)
    if rule.yearly and rule.year is not None and year > rule.year:
        label = f"Ngoài giai đoạn của chỉ tiêu (đến năm {rule.year})"
        return LevelResult(data.level, value, None, ">=", NO_DATA, label, m.label)
    if rule.yearly:
        base, base_source = data.previous, f"số liệu đo được năm {year - 1}"
        if base is None and data.base is not None:
            base, base_source = data.base, "giá trị năm gốc do cán bộ nhập"
        required = required_for_year(
            base, rule.threshold, rule.increase_mode, cap=Decimal(100) if rule.unit == "%" else None
        )
        comp = ">="
        if rule.increase_mode not in INCREASE_MODES:
            return LevelResult(
                data.level, value, None, comp, NO_DATA, "Chưa xác định cách tính mức tăng", m.label
            )
        if rule.threshold is None:
            return LevelResult(data.level, value, None, comp, NO_DATA, "Chỉ tiêu không có mức tăng", m.label)
        if base is None:
            return LevelResult(
                data.level, value, None, comp, NO_DATA,
                f"Chưa có số liệu năm {year - 1} của {where} để tính mức phải đạt", m.label,
            )  # fmt: skip
        if value is None:
            return LevelResult(
                data.level, None, required, comp, NO_DATA, _missing(m, where), m.label, base, base_source
            )
        ok = value >= required
        status = ATTAINED if ok else NOT_ATTAINED
        return LevelResult(
            data.level, value, required, comp, status, _status_label(status), m.label, base, base_source
        )
    threshold, comp = rule.threshold, rule.comparator or ">="
    label_extra = ""
    if rule.year is not None and rule.year > year:
        milestone = rule.milestones.get(year)
        if milestone is None:
            label = (
                "Chưa đến hạn" if value is not None else f"Chưa đến hạn; {_lower_first(_missing(m, where))}"
            )
            return LevelResult(data.level, value, threshold, comp, NOT_DUE, label, m.label)
        threshold, label_extra = Decimal(milestone), f" (mốc năm {year})"
        if comp == "range":
            comp = ">="
    if threshold is None:
        return LevelResult(data.level, value, None, comp, NO_DATA, "Chỉ tiêu không có mức phải đạt", m.label)
    if value is None:
        return LevelResult(data.level, None, threshold, comp, NO_DATA, _missing(m, where), m.label)
    ok = compare(value, comp, threshold, rule.threshold_max if comp == "range" else None)
    if ok is None:
        return LevelResult(
            data.level, value, threshold, comp, NO_DATA, f"Không rõ phép so sánh “{comp}”", m.label
        )
    status = ATTAINED if ok else NOT_ATTAINED
    return LevelResult(
        data.level, value, threshold, comp, status, _status_label(status) + label_extra, m.label
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _missing(m: Pooled, where: str) -> str:
    return m.label or f"Chưa có số liệu của {where}"


def combine(levels: Iterable[LevelResult]) -> tuple[str, str]:
    """A target over several levels: chưa đạt if any measured level is not met (a fact whatever
    the others), đạt when every level is met, otherwise what is missing."""
    rows = list(levels)
    if not rows:
        return NO_DATA, "Chưa có số liệu"
    if len(rows) == 1:
        return rows[0].status, rows[0].label
    failed = [r for r in rows if r.status == NOT_ATTAINED]
    if failed:
        names = ", ".join(LEVEL_LABELS.get(r.level, r.level) for r in failed)
        return NOT_ATTAINED, f"Chưa đạt ({names})"
    if all(r.status == ATTAINED for r in rows):
        return ATTAINED, "Đạt (mọi cấp)"
    if all(r.status in (ATTAINED, NOT_DUE) for r in rows):
        return NOT_DUE, "Chưa đến hạn"
    missing = ", ".join(LEVEL_LABELS.get(r.level, r.level) for r in rows if r.status == NO_DATA)
    return NO_DATA, f"Chưa có số liệu ({missing})"


def judge(rule: Rule, year: int, levels: Iterable[LevelInput]) -> Result:
    """The target's judgement in ``year`` from what is known of each of its levels."""
    results = tuple(judge_level(rule, year, d) for d in levels)
    status, label = combine(results)
    single = results[0] if len(results) == 1 else None
    note = ""
    if rule.yearly and rule.increase_mode in INCREASE_MODES:
        how = "điểm phần trăm" if rule.increase_mode == POINTS else "tăng tương đối"
        note = f"mỗi năm tăng {_fmt(rule.threshold)}{'%' if rule.unit == '%' else ''} ({how})"
        if not rule.mode_confirmed:
            note += ", cách tính do hệ thống đề xuất, chưa được cán bộ xác nhận"
    elif rule.year is not None and rule.year > year and status == NOT_DUE:
        note = f"mức phải đạt đến năm {rule.year}"
    missing = tuple(r.label for r in results if r.status == NO_DATA)
    return Result(
        status=status,
        label=label,
        value=single.value if single else None,
        required=single.required if single else None,
        comparator=single.comparator if single else (">=" if rule.yearly else rule.comparator or ">="),
        levels=results,
        note=note,
        missing=missing,
    )
