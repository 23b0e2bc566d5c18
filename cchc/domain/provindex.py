"""The province's own PAR INDEX followed criterion by criterion (plain Python, no Django).

A province-level table (e.g. the appendix of Hà Nội's Kế hoạch 192/KH-UBND: 79 rows, lĩnh vực →
tiêu chí → tiêu chí thành phần, with the maximum, last year's announced score, this year's target
and a lead department per row) is a flat list of rows keyed by code. This module derives:

- the tree from the codes (``"2.4.1"``'s parent is ``"2.4"``; ``"2 2"`` as typed is ``"2.2"``);
- which rows are **entered** and which are **summed**: a row whose listed children add up to its
  maximum is the sum of its children; a row without children, or whose children cover only part
  of its maximum (the 192 table lists only three of 7.1's sub-criteria), is entered itself, and
  the children of such a partial row are details that are not added again;
- each row's value from the entered points (``None`` when a needed entry is missing: no total is
  shown from partial data);
- the gap: the improvement the target asks (target − last year's score) and, once a result is
  known, the result against the target (result − target; below target when negative, or when the
  comparator says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

_SEP = re.compile(r"[\s.]+")


def normalise_code(code: str) -> str:
    """``"2 2"`` → ``"2.2"``; ``"7.1.9."`` → ``"7.1.9"``."""
    return ".".join(p for p in _SEP.split((code or "").strip()) if p)


def parent_code(code: str) -> str | None:
    parts = normalise_code(code).split(".")
    return ".".join(parts[:-1]) if len(parts) > 1 else None


def domain_code(code: str) -> str:
    return normalise_code(code).split(".")[0]


@dataclass(frozen=True)
class Row:
    code: str
    max_points: Decimal | None
    baseline: Decimal | None = None
    target: Decimal | None = None
    comparator: str = ""


def children(codes: Iterable[str]) -> dict[str, list[str]]:
    """code → its listed children's codes (in the given order)."""
    codes = [normalise_code(c) for c in codes]
    present = set(codes)
    out: dict[str, list[str]] = {c: [] for c in codes}
    for c in codes:
        p = parent_code(c)
        while p is not None and p not in present:  # a skipped level: attach to the nearest listed one
            p = parent_code(p)
        if p is not None:
            out[p].append(c)
    return out


def summed_codes(rows: Iterable[Row]) -> set[str]:
    """Rows whose value is the sum of their listed children (children cover the whole maximum)."""
    rows = list(rows)
    by = {normalise_code(r.code): r for r in rows}
    kids = children(by)
    out = set()
    for code, ks in kids.items():
        if not ks or by[code].max_points is None:
            continue
        total = sum((by[k].max_points or Decimal(0) for k in ks), Decimal(0))
        if total == by[code].max_points:
            out.add(code)
    return out


def values(rows: Iterable[Row], entered: Mapping[str, Decimal | None]) -> dict[str, Decimal | None]:
    """Each row's value: entered rows from ``entered``, summed rows from their children."""
    rows = list(rows)
    by = {normalise_code(r.code): r for r in rows}
    kids = children(by)
    summed = summed_codes(rows)
    entered = {normalise_code(k): v for k, v in entered.items()}
    memo: dict[str, Decimal | None] = {}

    def value(code: str) -> Decimal | None:
        if code in memo:
            return memo[code]
        if code in summed:
            parts = [value(k) for k in kids[code]]
            result = None if any(p is None for p in parts) else sum(parts, Decimal(0))
        else:
            result = entered.get(code)
        memo[code] = result
        return result

    return {code: value(code) for code in by}


def entered_codes(rows: Iterable[Row]) -> list[str]:
    """Codes whose points are entered (not summed), in the table's order."""
    rows = list(rows)
    summed = summed_codes(rows)
    return [normalise_code(r.code) for r in rows if normalise_code(r.code) not in summed]


def required_gain(row: Row) -> Decimal | None:
    """How much the target asks above last year's score (target − baseline)."""
    if row.target is None or row.baseline is None:
        return None
    return row.target - row.baseline


def versus_target(row: Row, result: Decimal | None) -> Decimal | None:
    """The result against the target (result − target), None without either."""
    if result is None or row.target is None:
        return None
    return result - row.target


def below_target(row: Row, result: Decimal | None) -> bool | None:
    """Whether ``result`` misses the target (``>`` targets need strictly more); None: no data."""
    if result is None or row.target is None:
        return None
    if row.comparator.strip() == ">":
        return not result > row.target
    return result < row.target
