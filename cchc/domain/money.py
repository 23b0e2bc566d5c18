"""Money in đồng (VND): parsing what people type or a workbook holds, and formatting for display.

Amounts are whole đồng (VND has no fractional unit in use), kept as ``Decimal`` with no fraction.
Input is refused, never rounded: a fraction, a negative amount, text, an absurd size each raise
:class:`MoneyError` with a Vietnamese message a form or an import row can show as it is.

Accepted input: ``int``; a whole ``Decimal``; a whole ``float`` (openpyxl reads numeric cells as
float, ``1250000000.0``); text ``"1.250.000.000"``, ``"1250000000"``, ``"1 250 000 000"``,
``"1,250,000,000"`` (two or more comma groups: English thousands), optionally followed by ``đ``,
``đồng``, ``VND`` or ``VNĐ``, and a zero fraction (``"1.250.000,00"``). A single comma group
(``"1,250"``) is refused: in Vietnamese it is 1,25 and in English 1250, and money is not guessed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cchc.domain.vnformat import format_number

__all__ = ["MAX_VND", "MoneyError", "format_million", "format_vnd", "parse_vnd"]

MAX_VND = Decimal(10) ** 15  # a million billion đồng: above any CCHC budget line by far
MILLION = Decimal(1_000_000)

_SUFFIX = re.compile(r"(?:đồng|đ|vnđ|vnd|dong)\.?$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_PLAIN = re.compile(r"\d+")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_AMBIGUOUS = re.compile(r"\d{1,3},\d{3}")
_DECIMAL_COMMA = re.compile(r"(\d+|\d{1,3}(?:\.\d{3})+),(\d+)")
_DECIMAL_POINT = re.compile(r"(\d+|\d{1,3}(?:,\d{3})+)\.(\d{1,2}|\d{4,})")


class MoneyError(ValueError):
    """An amount that is not a whole, non-negative number of đồng; ``message`` is Vietnamese,
    ``code`` one of ``empty``, ``negative``, ``fraction``, ``ambiguous``, ``not_a_number``,
    ``too_large``."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def _whole(d: Decimal) -> Decimal:
    if not d.is_finite():
        raise MoneyError("Số tiền không phải là số.", "not_a_number")
    if d < 0:
        raise MoneyError("Số tiền không được âm.", "negative")
    if d != d.to_integral_value():
        raise MoneyError("Số tiền phải là số đồng nguyên, không có số lẻ.", "fraction")
    if d > MAX_VND:
        raise MoneyError("Số tiền quá lớn (tối đa 1.000.000.000.000.000 đồng).", "too_large")
    return d.quantize(Decimal(1))


def _from_text(text: str) -> Decimal:
    s = _SPACES.sub("", text)
    s = _SUFFIX.sub("", s)
    if s.startswith("-") or (s.startswith("(") and s.endswith(")")):
        raise MoneyError("Số tiền không được âm.", "negative")
    s = s.lstrip("+")
    if _PLAIN.fullmatch(s):
        return Decimal(s)
    if _DOTTED.fullmatch(s):
        return Decimal(s.replace(".", ""))
    if _COMMA_GROUPS.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if _AMBIGUOUS.fullmatch(s):
        raise MoneyError(
            "Số tiền viết không rõ (dấu phẩy là dấu thập phân): hãy viết 1.250.000 hoặc 1250000.",
            "ambiguous",
        )
    for pattern, thousands in ((_DECIMAL_COMMA, "."), (_DECIMAL_POINT, ",")):
        m = pattern.fullmatch(s)
        if m:
            whole, frac = m.group(1).replace(thousands, ""), m.group(2)
            if set(frac) != {"0"}:
                raise MoneyError("Số tiền phải là số đồng nguyên, không có số lẻ.", "fraction")
            return Decimal(whole)
    raise MoneyError("Số tiền không phải là số (ví dụ đúng: 1.250.000.000).", "not_a_number")


def parse_vnd(value, *, required: bool = True) -> Decimal | None:
    """``value`` as a whole, non-negative ``Decimal`` of đồng; ``MoneyError`` otherwise.

    Empty input (``None``, ``""``, spaces) is refused when ``required``, else ``None``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise MoneyError("Chưa nhập số tiền.", "empty")
        return None
    if isinstance(value, bool):
        raise MoneyError("Số tiền không phải là số.", "not_a_number")
    if isinstance(value, int):
        return _whole(Decimal(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise MoneyError("Số tiền không phải là số.", "not_a_number")
        return _whole(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return _whole(value)
    if isinstance(value, str):
        try:
            return _whole(_from_text(value.strip()))
        except InvalidOperation:  # pragma: no cover - the patterns only let digits through
            raise MoneyError("Số tiền không phải là số.", "not_a_number") from None
    raise MoneyError("Số tiền không phải là số.", "not_a_number")


def format_vnd(value: Decimal | int) -> str:
    """``Decimal("1250000000")`` -> ``"1.250.000.000 đ"``."""
    return format_number(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)) + " đ"


def format_million(value: Decimal | int, digits: int = 0) -> str:
    """In triệu đồng, as tables write it: ``Decimal("1250000000")`` -> ``"1.250"``;
    ``digits=1`` -> ``"1.250,0"`` (rounded half-up)."""
    return format_number(Decimal(value) / MILLION, digits)
