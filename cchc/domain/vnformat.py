"""Vietnamese numbers, dates, roman numerals and quarters, as written in official documents.

Conventions (GLOSSARY "Writing conventions"): decimal comma and thousands dot (``88,54%``,
``6.282``), but input may use the English decimal point (``2.47%`` in seed 003), so parsing
accepts both. Dates are ``23/9/2021``, ``23/09/2021`` or ``ngày 23 tháng 9 năm 2021``.
Formatting happens only at display; values stay ``Decimal`` and ``date``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from cchc.domain.text import clean, fold_aligned

__all__ = [
    "format_date",
    "format_date_long",
    "format_number",
    "format_percent",
    "format_quarter",
    "month_end",
    "parse_date",
    "parse_number",
    "parse_quarter",
    "parse_roman",
    "quarter_end",
    "quarter_label",
    "quarter_start",
    "to_roman",
]

# ---------------------------------------------------------------------------------------------
# Numbers

_NUMBER = re.compile(r"[+-]?\d[\d.,]*")


def parse_number(text: str) -> Decimal:
    """Parse a number written the Vietnamese or the English way; raise ``ValueError`` if none.

    Rules, in order:

    * both ``.`` and ``,`` present: the last one is the decimal separator (``6.282,5``,
      ``1,234.5``);
    * several ``.`` or several ``,``: thousands separators (``6.282.000``);
    * one ``,``: decimal comma (``88,54``, ``0,90``) — the Vietnamese convention wins, so
      ``1,000`` is one, not a thousand;
    * one ``.`` followed by exactly three digits after a non-zero integer part: thousands dot
      (``6.282`` -> 6282); otherwise a decimal point (``88.54``, ``2.47``, ``0.900``).

    Leading zeros are dropped (``03`` -> 3). Surrounding spaces and a trailing ``%`` are allowed.
    """
    s = clean(str(text)).replace(" ", "").removesuffix("%")
    if not _NUMBER.fullmatch(s) or s[-1] in ".,":
        raise ValueError(f"not a number: {text!r}")
    sign, digits = ("-", s[1:]) if s[0] == "-" else ("", s.lstrip("+"))
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_sep = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        int_part, _, frac = digits.rpartition(decimal_sep)
        if decimal_sep in int_part:
            raise ValueError(f"not a number: {text!r}")
        _check_groups(int_part, thousands, text)
        normal = int_part.replace(thousands, "") + "." + frac
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        _check_groups(digits, sep, text)
        normal = digits.replace(sep, "")
    elif commas == 1:
        normal = digits.replace(",", ".")
    elif dots == 1:
        int_part, frac = digits.split(".")
        if len(frac) == 3 and int_part.lstrip("0") != "" and len(int_part) <= 3:
            normal = int_part + frac
        else:
            normal = digits
    else:
        normal = digits
    try:
        return Decimal(sign + normal)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise ValueError(f"not a number: {text!r}") from exc


def _check_groups(int_part: str, sep: str, text: str) -> None:
    groups = int_part.split(sep)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise ValueError(f"badly grouped number: {text!r}")


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """``Decimal("6282")`` -> ``"6.282"``, ``Decimal("88.54")`` -> ``"88,54"``.

    ``places`` rounds half-up to that many decimals (``format_number(Decimal("0.9"), 2)`` ->
    ``"0,90"``); ``None`` keeps the value's own decimals. Thousands are grouped with a dot.
    """
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if not d.is_finite():
        raise ValueError(f"cannot format {value!r}")
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif d.as_tuple().exponent > 0:  # type: ignore[operator]  # e.g. Decimal("1E+3")
        d = d.quantize(Decimal(1))
    text = format(d, "f")
    sign = "-" if text.startswith("-") else ""
    int_part, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = ".".join(groups)
    if frac:
        out += "," + frac
    if sign and d != 0:
        out = sign + out
    return out


def format_percent(value: Decimal | int, places: int | None = None) -> str:
    """``Decimal("88.54")`` -> ``"88,54%"`` (no space before ``%``, as the documents write it)."""
    return format_number(value, places) + "%"


# ---------------------------------------------------------------------------------------------
# Dates

# d/m/yyyy, d-m-yyyy, d.m.yyyy (separators must agree); the year is four digits.
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)")
# "ngày 23 tháng 9 năm 2021" on folded text; "ngày" is optional ("23 tháng 9 năm 2021").
_LONG_DATE = re.compile(r"(?:ngay\s+)?(?<!\d)(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:nam|,)\s*(\d{4})(?!\d)")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """Every full date in ``text`` as ``(start, end, date)``, offsets into ``clean(text)``.

    Impossible dates (``31/2/2022``) are skipped."""
    s = clean(text)
    f = fold_aligned(s)
    found: list[tuple[int, int, date]] = []
    for m in _NUMERIC_DATE.finditer(f):
        d = _safe_date(int(m[4]), int(m[3]), int(m[1]))
        if d:
            found.append((m.start(), m.end(), d))
    for m in _LONG_DATE.finditer(f):
        d = _safe_date(int(m[3]), int(m[2]), int(m[1]))
        if d:
            found.append((m.start(), m.end(), d))
    return sorted(found)


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (``23/9/2021``, ``23/09/2021``, ``23-09-2021``,
    ``ngày 23 tháng 9 năm 2021``, in NFC or NFD), or ``None`` if there is none."""
    found = find_dates(text)
    return found[0][2] if found else None


def format_date(d: date) -> str:
    """``date(2021, 9, 23)`` -> ``"23/09/2021"``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def format_date_long(d: date) -> str:
    """``date(2021, 9, 23)`` -> ``"ngày 23 tháng 9 năm 2021"``.

    Follows Decree 30/2020/NĐ-CP, Phụ lục I (date line): a day below 10 and the months 1 and 2
    take a leading zero (``ngày 08 tháng 7 năm 2022``, ``tháng 02``), so nobody can add a digit.
    """
    day = f"{d.day:02d}"
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def month_end(year: int, month: int) -> date:
    """Last day of a month: ``month_end(2022, 2)`` -> 2022-02-28."""
    return date(year, month, calendar.monthrange(year, month)[1])


# ---------------------------------------------------------------------------------------------
# Roman numerals (section headings "I.", "II."; quarters "Quý III")

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def to_roman(n: int) -> str:
    """``3`` -> ``"III"``; defined for 1..3999."""
    if not 1 <= n <= 3999:
        raise ValueError(f"no roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def parse_roman(text: str) -> int | None:
    """``"III"`` / ``"iii"`` -> 3; ``None`` unless ``text`` is a canonical roman numeral
    (``"IIII"``, ``"IC"`` and ``""`` are refused, so a heading parser can rely on it)."""
    s = text.strip().upper()
    if not s or set(s) - set("IVXLCDM"):
        return None
    total, i = 0, 0
    for value, letters in _ROMAN:
        while s.startswith(letters, i):
            total += value
            i += len(letters)
    if i != len(s) or total == 0 or total > 3999 or to_roman(total) != s:
        return None
    return total


# ---------------------------------------------------------------------------------------------
# Quarters

_QUARTER = re.compile(r"\bquy\s+(iv|i{1,3}|[1-4])\b(?:\s*(?:/|-|nam)\s*(\d{4}))?")


def parse_quarter(text: str) -> tuple[int, int | None] | None:
    """``"Quý III/2022"`` -> ``(3, 2022)``; ``"Quý I năm 2023"`` -> ``(1, 2023)``;
    ``"quý 2"`` -> ``(2, None)``; ``None`` when no quarter is named."""
    m = _QUARTER.search(fold_aligned(clean(text)))
    if not m:
        return None
    q = int(m[1]) if m[1].isdigit() else parse_roman(m[1])
    assert q is not None
    return q, (int(m[2]) if m[2] else None)


def format_quarter(quarter: int, year: int | None = None) -> str:
    """``(3, 2022)`` -> ``"Quý III/2022"``; without a year ``"Quý III"``."""
    label = f"Quý {to_roman(quarter)}"
    return f"{label}/{year}" if year else label


def quarter_label(quarter: int, year: int) -> str:
    """Report-title form: ``(2, 2022)`` -> ``"Quý II năm 2022"``."""
    return f"Quý {to_roman(quarter)} năm {year}"


def quarter_start(year: int, quarter: int) -> date:
    if not 1 <= quarter <= 4:
        raise ValueError(f"no quarter {quarter}")
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    """``quarter_end(2022, 3)`` -> 2022-09-30."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"no quarter {quarter}")
    return month_end(year, 3 * quarter)
