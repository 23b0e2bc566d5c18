"""Index arithmetic: satisfaction shares, means of indices, confidence intervals, sample sizes.

- ``share``: the percentage of answers that are among the index's ``values`` ("hài lòng" +
  "rất hài lòng") over the answers to its questions. SIPAS 2017–2020 (2640/QĐ-BNV; formula [U]
  in METHODOLOGY §2.2, consistent with Hà Nội 192/KH-UBND's published table: each factor is the
  mean of its indicators, the overall index the mean of the five factors).
- ``mean``: the mean of component indices that have a value (a component without answers is left
  out, never counted as 0).
- ``mean_score``: the mean Likert score scaled to 0–100.

Confidence intervals (default 95 %): a one-question share uses the Wilson score interval (good
near 100 %, where satisfaction shares live); pooled shares and means use the normal interval of
the respondents' own scores (each respondent's share, mean score or mean of components), centred
on the index. With a known population N (dossiers in the period) both apply the finite population
correction (N − n) / (N − 1). Sample size: n = N / (1 + N·e²) (MoHA SIPAS training 2013,
METHODOLOGY §2.4 [S]).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import NormalDist

from .questionnaire import IndexDef, Questionnaire, index_order

TWO = Decimal("0.01")


@dataclass
class IndexResult:
    code: str
    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    n: int  # respondents with an answer that counts for this index

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "value": _s(self.value),
            "ci_low": _s(self.low),
            "ci_high": _s(self.high),
            "n": self.n,
        }


@dataclass
class Distribution:
    question: str
    answered: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # choice -> respondents
    total: Decimal | None = None  # numbers: sum (mean = total / answered)
    minimum: Decimal | None = None
    maximum: Decimal | None = None


def _s(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def q2(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO, rounding=ROUND_HALF_UP)


def sample_size(population: int, margin: float | Decimal = Decimal("0.05")) -> int:
    """n = N / (1 + N·e²), rounded up; 0 for an empty population."""
    n_pop = int(population)
    if n_pop <= 0:
        return 0
    e = Decimal(str(margin))
    if not (Decimal(0) < e < Decimal(1)):
        raise ValueError("margin must be between 0 and 1")
    n = Decimal(n_pop) / (1 + n_pop * e * e)
    return min(n_pop, int(n.to_integral_value(rounding="ROUND_CEILING")))


def sample_status(responses: int, sample: int) -> str:
    """Whether an index may be shown as a result: ``"none"`` (no response: no data), ``"unknown"``
    (responses but no required sample: N was not known), ``"short"`` (fewer responses than the
    sample requires: shown, marked "chưa đủ mẫu (n/N)"), ``"ok"``."""
    if responses <= 0:
        return "none"
    if sample <= 0:
        return "unknown"
    return "short" if responses < sample else "ok"


def z_value(level: float | Decimal = Decimal("0.95")) -> float:
    level = float(level)
    if not 0 < level < 1:
        raise ValueError("confidence level must be between 0 and 1")
    return NormalDist().inv_cdf(0.5 + level / 2)


def _fpc(n: int, population: int | None) -> float:
    if not population or population <= 1 or n <= 0:
        return 1.0
    if n >= population:
        return 0.0
    return math.sqrt((population - n) / (population - 1))


def wilson(hits: int, n: int, z: float = 1.959963984540054, population: int | None = None):
    """The Wilson score interval of ``hits``/``n`` in percent (low, high); (None, None) if n=0."""
    if n <= 0:
        return None, None
    fpc = _fpc(n, population)
    p = hits / n
    if fpc == 0.0:
        return p * 100, p * 100
    n_eff = n / (fpc * fpc)
    z2 = z * z
    centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
    half = z * math.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff * n_eff)) / (1 + z2 / n_eff)
    return max(0.0, centre - half) * 100, min(1.0, centre + half) * 100


def mean_interval(value: float, scores: list[float], z: float, population: int | None = None):
    """value ± z·s/√n (× FPC), clipped to 0–100; (None, None) without two respondents."""
    n = len(scores)
    if n < 2:
        return (value, value) if n == 1 else (None, None)
    mean = sum(scores) / n
    var = sum((s - mean) ** 2 for s in scores) / (n - 1)
    half = z * math.sqrt(var / n) * _fpc(n, population)
    return max(0.0, value - half), min(100.0, value + half)


def _choice_scores(q: Questionnaire, name: str) -> tuple[dict[str, float], float, float]:
    scores = {c.name: float(c.score) for c in q.questions[name].choices if c.score is not None}
    return scores, min(scores.values()), max(scores.values())


def respondent_scores(q: Questionnaire, answers: dict) -> dict[str, float]:
    """One respondent's score (0–100) on each index they answered, in dependency order."""
    out: dict[str, float] = {}
    for d in index_order(q):
        if d.type == "share":
            answered = hits = 0
            for name in d.questions:
                v = answers.get(name)
                if v in (None, "", []):
                    continue
                chosen = v if isinstance(v, list) else [v]
                answered += 1
                hits += 1 if any(c in d.values for c in chosen) else 0
            if answered:
                out[d.code] = 100.0 * hits / answered
        elif d.type == "mean_score":
            vals = []
            for name in d.questions:
                v = answers.get(name)
                scores, lo, hi = _choice_scores(q, name)
                if isinstance(v, str) and v in scores:
                    vals.append(0.0 if hi == lo else 100.0 * (scores[v] - lo) / (hi - lo))
            if vals:
                out[d.code] = sum(vals) / len(vals)
        else:
            vals = [out[c] for c in d.components if c in out]
            if vals:
                out[d.code] = sum(vals) / len(vals)
    return out


@dataclass
class _Acc:
    hits: int = 0
    answered: int = 0
    score_sum: float = 0.0
    score_n: int = 0


def compute(
    q: Questionnaire,
    responses: Iterable[dict],
    *,
    population: int | None = None,
    level: float | Decimal = Decimal("0.95"),
) -> tuple[dict[str, IndexResult], dict[str, Distribution], int]:
    """Every index (with its interval) and every question's distribution over ``responses``.

    Returns (indices by code, distributions by question, number of responses).
    """
    z = z_value(level)
    order = index_order(q)
    acc = {d.code: _Acc() for d in order}
    per_resp: dict[str, list[float]] = {d.code: [] for d in order}
    dist = {n: Distribution(n) for n, qq in q.questions.items() if qq.answerable}
    count = 0
    for answers in responses:
        count += 1
        for name, v in answers.items():
            d = dist.get(name)
            if d is None or v in (None, "", []):
                continue
            d.answered += 1
            if isinstance(v, list):
                for c in v:
                    d.counts[c] = d.counts.get(c, 0) + 1
            elif isinstance(v, Decimal):
                d.total = (d.total or Decimal(0)) + v
                d.minimum = v if d.minimum is None else min(d.minimum, v)
                d.maximum = v if d.maximum is None else max(d.maximum, v)
            elif q.questions[name].is_choice:
                d.counts[v] = d.counts.get(v, 0) + 1
        for code, score in respondent_scores(q, answers).items():
            per_resp[code].append(score)
        for d in order:
            if d.type == "share":
                a = acc[d.code]
                for name in d.questions:
                    v = answers.get(name)
                    if v in (None, "", []):
                        continue
                    chosen = v if isinstance(v, list) else [v]
                    a.answered += 1
                    a.hits += 1 if any(c in d.values for c in chosen) else 0
    values: dict[str, float | None] = {}
    results: dict[str, IndexResult] = {}
    for d in order:
        scores = per_resp[d.code]
        if d.type == "share":
            a = acc[d.code]
            value = 100.0 * a.hits / a.answered if a.answered else None
            if value is not None and len(d.questions) == 1:
                low, high = wilson(a.hits, a.answered, z, population)
            else:
                low, high = mean_interval(value, scores, z, population) if value is not None else (None, None)
        elif d.type == "mean_score":
            value = sum(scores) / len(scores) if scores else None
            low, high = mean_interval(value, scores, z, population) if value is not None else (None, None)
        else:
            comps = [values[c] for c in d.components if values.get(c) is not None]
            value = sum(comps) / len(comps) if comps else None
            low, high = mean_interval(value, scores, z, population) if value is not None else (None, None)
        values[d.code] = value
        results[d.code] = IndexResult(d.code, q2(value), q2(low), q2(high), len(scores))
    return results, dist, count


def mean_of(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the values that exist, to two places (a ``mean`` index from published figures)."""
    vals = [Decimal(v) for v in values if v is not None]
    if not vals:
        return None
    return q2(sum(vals) / len(vals))


def attainment(value: Decimal | None, target: Decimal | None, comparator: str = "") -> str:
    """ "met" | "missed" | "" (nothing to compare). ``comparator`` as the plan wrote it (">" for
    "> 88,00": 88,00 itself is not enough); empty means ≥."""
    if value is None or target is None:
        return ""
    comp = comparator if comparator in (">", ">=", "<", "<=", "=") else ">="
    ok = {
        ">": value > target,
        ">=": value >= target,
        "<": value < target,
        "<=": value <= target,
        "=": value == target,
    }
    return "met" if ok[comp] else "missed"


__all__ = [
    "Distribution",
    "IndexDef",
    "IndexResult",
    "attainment",
    "compute",
    "mean_interval",
    "mean_of",
    "q2",
    "respondent_scores",
    "sample_size",
    "wilson",
    "z_value",
]
