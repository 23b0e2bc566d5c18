"""Benchmark the unit-name resolver on the hostile cells of its tests and on a long real-looking cell.

Run: ``uv run python benchmarks/resolver_hostile.py`` (no database needed). Prints the wall time
per input. Cells longer than ``MAX_CELL_CHARS`` come back whole and unresolved at once; the
expensive case is a long cell just under the limit.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.domain.orgdata import load_entries  # noqa: E402
from cchc.domain.resolver import MAX_CELL_CHARS, Resolver  # noqa: E402
from cchc.domain.tests.test_resolver import HOSTILE_CELLS  # noqa: E402


def main() -> None:
    resolver = Resolver(load_entries("HP"))
    near_limit = ("Sở Văn hóa, Thể thao và Du lịch, Sở Nội vụ, các cơ quan có liên quan; " * 100)[
        : MAX_CELL_CHARS - 1
    ]
    cases = [(f"hostile #{i + 1} ({len(c):,} chars)", c) for i, c in enumerate(HOSTILE_CELLS)]
    cases.append((f"real-looking cell just under the limit ({len(near_limit):,} chars)", near_limit))
    for label, text in cases:
        started = time.perf_counter()
        mentions = resolver.resolve(text)
        print(f"{label:<58} {time.perf_counter() - started:8.3f} s  {len(mentions):>5} mentions")


if __name__ == "__main__":
    main()
