"""Indicators without the database: formulas, validation, outlier flags, attainment, period months.

An indicator's value is either entered (manual) or computed from a formula over other
indicators' values and over one-stop dossier statistics (``ds.<field>``), as a numerator and an
optional denominator times a factor (100 for a percentage), like DHIS2's indicators.

Formulas are a small arithmetic language, parsed here (never ``eval``): numbers, names
(``TL_DUNG_HAN``, ``ds.received``), ``+ - * /``, parentheses, ``min(a, b, …)`` and ``max(…)``.
A name without a value makes the result ``None`` (no data), and so does a division by zero:
``None`` is never 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cchc.domain.periods import Period
from cchc.domain.text import fold

__all__ = [
    "ATTAINED",
    "NOT_ATTAINED",
    "NO_DATA",
    "Formula",
    "FormulaError",
    "attainment",
    "is_outlier",
    "months_of",
    "parse_decimal",
    "period_key",
    "suggest",
    "validate_value",
]

ATTAINED = "dat"
NOT_ATTAINED = "chua_dat"
NO_DATA = "chua_co_so_lieu"

UNITS_OF_MEASURE = ("percent", "count", "days", "points", "minutes", "rank", "ratio")


class FormulaError(ValueError):
    """A formula that cannot be read; the message names the place."""


_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(.))")


@dataclass(frozen=True)
class Formula:
    """A parsed formula; :meth:`names` lists what it reads, :meth:`evaluate` computes it."""

    text: str
    tree: tuple

    @classmethod
    def parse(cls, text: str) -> Formula:
        tokens = _tokens(text)
        parser = _Parser(tokens, text)
        tree = parser.expr()
        if parser.pos != len(tokens):
            raise FormulaError(f"không đọc được công thức “{text}” từ “{tokens[parser.pos][1]}”")
        return cls(text, tree)

    def names(self) -> set[str]:
        out: set[str] = set()

        def walk(node):
            if node[0] == "name":
                out.add(node[1])
            for child in node[2:] if node[0] in {"op", "call"} else ():
                if isinstance(child, tuple):
                    walk(child)
                elif isinstance(child, list):
                    for c in child:
                        walk(c)

        walk(self.tree)
        return out

    def evaluate(self, lookup: Callable[[str], Decimal | None] | Mapping) -> Decimal | None:
        get = lookup.get if isinstance(lookup, Mapping) else lookup
        return _eval(self.tree, get)


def _tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text or ""
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m[1]:
            out.append(("num", m[1]))
        elif m[2]:
            out.append(("name", m[2]))
        elif m[3] and not m[3].isspace():
            if m[3] not in "+-*/(),":
                raise FormulaError(f"ký tự không hợp lệ “{m[3]}” trong công thức “{text}”")
            out.append(("sym", m[3]))
    if not out:
        raise FormulaError("công thức trống")
    return out


class _Parser:
    def __init__(self, tokens, text):
        self.tokens, self.text, self.pos = tokens, text, 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            raise FormulaError(f"công thức “{self.text}” chưa đầy đủ (thiếu “{value or '…'}”)")
        self.pos += 1
        return tok

    def _left_to_right(self, operand, ops):
        """``operand (op operand)*`` for the operators ``ops``, grouped from the left."""
        node = operand()
        while self.peek() in ops:
            op = self.take()[1]
            node = ("op", op, node, operand())
        return node

    def expr(self):
        return self._left_to_right(self.term, {("sym", "+"), ("sym", "-")})

    def term(self):
        return self._left_to_right(self.unary, {("sym", "*"), ("sym", "/")})

    def unary(self):
        if self.peek() == ("sym", "-"):
            self.take()
            return ("op", "-", ("num", Decimal(0)), self.unary())
        return self.atom()

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return ("num", Decimal(value))
        if kind == "name":
            if self.peek() == ("sym", "("):
                if value not in {"min", "max"}:
                    raise FormulaError(f"hàm không được hỗ trợ: {value}")
                self.take("(")
                args = [self.expr()]
                while self.peek() == ("sym", ","):
                    self.take()
                    args.append(self.expr())
                self.take(")")
                return ("call", value, args)
            return ("name", value)
        if value == "(":
            node = self.expr()
            self.take(")")
            return node
        raise FormulaError(f"không đọc được công thức “{self.text}” tại “{value}”")


def _eval(node, get) -> Decimal | None:
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "name":
        v = get(node[1])
        return None if v is None else Decimal(v)
    if kind == "call":
        values = [_eval(a, get) for a in node[2]]
        if any(v is None for v in values):
            return None
        return min(values) if node[1] == "min" else max(values)
    a, b = _eval(node[2], get), _eval(node[3], get)
    if a is None or b is None:
        return None
    op = node[1]
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return None
    return a / b


def ratio(numerator: Decimal | None, denominator: Decimal | None, factor: Decimal = Decimal(1)):
    """numerator / denominator × factor; ``None`` without data or with a zero denominator."""
    if numerator is None:
        return None
    if denominator is None:
        return numerator * factor
    if denominator == 0:
        return None
    return numerator / denominator * factor


def parse_decimal(raw) -> Decimal | None:
    """``"88,54"``, ``"88.54"``, ``"88,54%"``, ``88.54`` -> ``Decimal("88.54")``; ``""`` -> None.

    Raises ``ValueError`` for anything else (``"1.234,5"`` is read as 1234.5)."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, bool):
        raise ValueError(str(raw))
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueError(str(raw))
        return Decimal(str(raw))
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not text:
        return None
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(str(raw)) from None
    if not value.is_finite():
        raise ValueError(str(raw))
    return value


def validate_value(
    value: Decimal,
    *,
    unit_of_measure: str,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
) -> list[str]:
    """The rules a value breaks, as Vietnamese messages (empty when it is valid)."""
    errors = []
    if unit_of_measure == "percent" and not Decimal(0) <= value <= Decimal(100):
        errors.append(f"tỷ lệ phải trong khoảng 0–100%, không thể là {_plain(value)}%")
    if unit_of_measure in {"count", "days", "minutes", "points"} and value < 0:
        errors.append(f"giá trị không thể âm ({_plain(value)})")
    if min_value is not None and value < min_value:
        errors.append(f"giá trị {_plain(value)} nhỏ hơn mức tối thiểu {_plain(min_value)}")
    if max_value is not None and value > max_value:
        errors.append(f"giá trị {_plain(value)} lớn hơn mức tối đa {_plain(max_value)}")
    if numerator is not None and numerator < 0 or denominator is not None and denominator < 0:
        errors.append("tử số, mẫu số không thể âm")
    if numerator is not None and denominator is not None and numerator > denominator:
        errors.append(f"tử số ({_plain(numerator)}) lớn hơn mẫu số ({_plain(denominator)})")
    return errors


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f") if d == d.to_integral() else format(d, "f").rstrip("0")
    return text.replace(".", ",")


def is_outlier(value: Decimal, history: Iterable[Decimal], *, threshold: float = 3.5) -> bool:
    """Whether ``value`` is far from the unit's own history (modified z-score on the median
    absolute deviation, Iglewicz–Hoaglin, > 3.5). Fewer than three earlier values: never.
    When the history does not vary at all, a change of more than 20% of the median is flagged."""
    hist = sorted(float(h) for h in history if h is not None)
    if len(hist) < 3:
        return False
    med = _median(hist)
    mad = _median(sorted(abs(h - med) for h in hist))
    x = float(value)
    if mad == 0:
        return abs(x - med) > max(abs(med) * 0.2, 1e-9)
    return abs(0.6745 * (x - med) / mad) > threshold


def _median(xs: list[float]) -> float:
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def attainment(
    value: Decimal | None, comparator: str, threshold: Decimal | None, threshold_max: Decimal | None = None
) -> str:
    """đạt / chưa đạt / chưa có số liệu for a measured ``value`` against a target.

    ``comparator``: ``>=``, ``>``, ``<=``, ``<``, ``=``, ``range`` (``threshold``..``threshold_max``,
    inclusive); an empty comparator means ``>=``."""
    if value is None or threshold is None:
        return NO_DATA
    comp = comparator or ">="
    ok = {
        ">=": value >= threshold,
        ">": value > threshold,
        "<=": value <= threshold,
        "<": value < threshold,
        "=": value == threshold,
    }.get(comp)
    if comp == "range":
        ok = threshold <= value <= (threshold_max if threshold_max is not None else threshold)
    if ok is None:
        ok = value >= threshold
    return ATTAINED if ok else NOT_ATTAINED


def period_key(year: int, period_type: str, number: int = 1) -> str:
    """The reporting period code (cchc.domain.periods) for an indicator's period type."""
    kind = {"annual": "annual", "six_monthly": "six_monthly", "quarterly": "quarterly"}.get(period_type)
    if period_type == "monthly":
        return Period(year, "monthly", number).code
    if kind is None:
        raise ValueError(f"unknown period type {period_type!r}")
    return Period(year, kind, number).code


_DHIS2 = re.compile(r"(\d{4})(?:(S[12])|(Q[1-4])|(0[1-9]|1[0-2]))?")


def period_from_dhis2(text: str) -> str:
    """A DHIS2 period (``2022``, ``2022S1``, ``2022Q2``, ``202207``) or one of our codes
    (``2022-Y``, ``2022-H1`` …) as our code; raises ``ValueError`` otherwise. ``2022S2`` (the
    second half) has no report period of its own and is refused."""
    text = (text or "").strip()
    m = _DHIS2.fullmatch(text)
    if not m:
        return Period.parse(text).code
    year = int(m[1])
    if m[2] == "S1":
        return Period(year, "six_monthly").code
    if m[2]:
        raise ValueError(f"not a report period: {text!r}")
    if m[3]:
        return Period(year, "quarterly", int(m[3][1])).code
    if m[4]:
        return Period(year, "monthly", int(m[4])).code
    return Period(year, "annual").code


def months_of(code: str) -> list[tuple[int, int]]:
    """The calendar months a period covers (766 and dossier statistics use calendar months):
    ``2022-Y`` -> 12 months, ``2022-H1`` -> 1..6, ``2022-Q2`` -> 4..6, ``2022-M07`` -> 7."""
    p = Period.parse(code)
    start, end = p.calendar_range()
    return [(p.year, m) for m in range(start.month, end.month + 1)]


_STOP = {
    "ty", "le", "so", "cac", "duoc", "va", "cua", "tren", "dat", "toi", "thieu", "it", "nhat",
    "trong", "do", "phan", "dau", "100", "nam", "den", "co", "the", "hien", "thuc", "voi", "cho",
    "khi", "khong", "theo", "tai", "muc", "tu", "la", "mot", "nhung", "vao",
}  # fmt: skip


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text or "")) if w not in _STOP and len(w) > 1}


def suggest(
    target_text: str, target_unit: str, indicators: Iterable[Mapping], *, limit: int = 3
) -> list[tuple[str, float]]:
    """Indicator codes ranked for a target, by accent-insensitive word overlap of the target's
    text with each indicator's name and keywords, and a matching unit of measure.

    ``indicators``: mappings with ``code``, ``name``, ``keywords`` (list of phrases),
    ``unit_of_measure``. A keyword phrase found whole in the target's text weighs most."""
    text = fold(target_text or "")
    words = _words(target_text)
    unit = "percent" if target_unit == "%" else target_unit
    ranked = []
    for ind in indicators:
        score = 0.0
        for phrase in ind.get("keywords") or []:
            if fold(phrase) and fold(phrase) in text:
                score += 2.0 + len(fold(phrase).split()) * 0.5
        name_words = _words(ind.get("name", ""))
        if name_words:
            score += 1.0 * len(words & name_words) / len(name_words)
        if score <= 0:
            continue
        if unit and ind.get("unit_of_measure") == unit:
            score += 0.5
        elif unit and ind.get("unit_of_measure"):
            score -= 1.0
        if score >= 2.5:
            ranked.append((ind["code"], round(score, 3)))
    ranked.sort(key=lambda kv: (-kv[1], kv[0]))
    return ranked[:limit]
