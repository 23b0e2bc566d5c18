"""Matching a plan's SIPAS table (or its satisfaction targets) to a questionnaire's indices.

A row of Hà Nội 192/KH-UBND's table ("I | Tiếp cận dịch vụ | 89,28 | >91.00") matches the index
whose ``target_title`` (or label) is the same text up to accents, case and punctuation, or nearly
the same (typos in the published table such as "niêm vết" for "niêm yết").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from ..text import fold
from .questionnaire import Questionnaire


@dataclass
class TargetRow:
    title: str
    target: Decimal | None
    baseline: Decimal | None = None
    source: str = ""
    comparator: str = ""  # as written (">" for "> 88,00"); empty means ≥


def _key(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(text)).split())


def match_targets(q: Questionnaire, rows: list[TargetRow], threshold: float = 0.9) -> dict[str, TargetRow]:
    """index code -> the row that sets its target (best match at or above ``threshold``)."""
    out: dict[str, TargetRow] = {}
    keys = [(_key(r.title), r) for r in rows if r.title]
    for d in q.indices:
        wanted = [k for k in (_key(d.target_title), _key(d.label)) if k]
        best, best_ratio = None, 0.0
        for key, row in keys:
            for w in wanted:
                ratio = 1.0 if key == w else SequenceMatcher(None, key, w).ratio()
                if ratio > best_ratio:
                    best, best_ratio = row, ratio
        if best is not None and best_ratio >= threshold:
            out[d.code] = best
    return out
