"""The yearly inspection selection (kế hoạch kiểm tra CCHC): which units to propose, and why.

Plain Python, no Django. Seeds 000 and 004 ask the standing agency to inspect at least 30% of the
units a year (the share is data on the inspection plan, never a constant here). The proposal
favours the units most in need of a look:

1. rule ``"score"`` when at least one candidate has an index score (PAR INDEX of the previous
   year): units without a score first (nobody has measured them: they need a look most), then
   the lowest score first; then the rule below;
2. rule ``"overdue"`` otherwise: most overdue lead tasks first, then the highest overdue ratio;
3. ties: a unit not inspected in the previous two years before one that was, then the code
   (so the proposal is deterministic).

``needed(population, share)`` is the smallest count that reaches the share (ceil).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Candidate:
    unit_id: int
    code: str
    name: str
    overdue: int = 0
    total: int = 0
    score: Decimal | None = None
    last_inspected_year: int | None = None

    @property
    def overdue_ratio(self) -> Decimal:
        return Decimal(self.overdue) / Decimal(self.total) if self.total else Decimal(0)


@dataclass(frozen=True)
class Proposal:
    rule: str  # "score" | "overdue"
    needed: int
    selected: list[Candidate]
    population: int


def needed(population: int, share: Decimal) -> int:
    """The smallest number of units that reaches ``share`` (0..1) of ``population``."""
    if population <= 0 or share <= 0:
        return 0
    share = min(Decimal(share), Decimal(1))
    # exact decimal arithmetic: 30% of 10 is 3, not 4 through a float error
    count = math.ceil(Decimal(population) * share)
    return min(population, int(count))


def share_of(count: int, population: int) -> Decimal:
    """``count / population`` as a fraction (0 when the population is empty)."""
    return Decimal(count) / Decimal(population) if population else Decimal(0)


def reaches(count: int, population: int, share: Decimal) -> bool:
    return count >= needed(population, share)


def _recent(c: Candidate, year: int) -> int:
    return 1 if c.last_inspected_year is not None and year - c.last_inspected_year <= 2 else 0


def propose(candidates: list[Candidate], share: Decimal, year: int) -> Proposal:
    """The proposed selection reaching ``share`` of ``candidates`` and the rule that ordered it."""
    count = needed(len(candidates), share)
    scored = any(c.score is not None for c in candidates)
    rule = "score" if scored else "overdue"

    def key(c: Candidate):
        overdue_key = (-c.overdue, -c.overdue_ratio, _recent(c, year), c.code)
        if scored:
            return (c.score is not None, c.score if c.score is not None else Decimal(0), *overdue_key)
        return overdue_key

    ordered = sorted(candidates, key=key)
    return Proposal(rule=rule, needed=count, selected=ordered[:count], population=len(candidates))
