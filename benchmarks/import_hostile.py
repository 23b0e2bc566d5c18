"""Benchmark the plan importer (layout normalisation + parse) on hostile text layouts.

Run: ``uv run python benchmarks/import_hostile.py [--scale 0.1]`` (no database needed). Prints
the wall time and the outcome (tasks found, or the error message) per input. ``--scale`` shrinks
every input (1 = the sizes of issue 13: a 2 MB single line, 500 columns, 100,000 ``|``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.domain.planparse.api import PlanParseError, parse_text  # noqa: E402
from cchc.domain.planparse.tests import relayout as rl  # noqa: E402

SEED = Path(ROOT.parent / "shared" / "seeds" / "000_ba99fad979cb327a.txt")
HEAD = "ỦY BAN NHÂN DÂN TỈNH X\nSố: 1/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2025\nI. NHIỆM VỤ\n"


def cases(scale: float) -> list[tuple[str, str]]:
    n = lambda x: max(1, int(x * scale))  # noqa: E731
    word = "Rà soát, sửa đổi văn bản quy phạm pháp luật "
    one_line = HEAD + (word * (n(2_000_000) // len(word.encode())))
    cols = HEAD + "\n".join("| " + " | ".join(f"ô {r}.{c}" for c in range(n(500))) + " |" for r in range(50))
    pipes = HEAD + "|" * n(100_000)
    out = [("one 2 MB line", one_line), ("500 columns x 50 rows", cols), ("100,000 '|'", pipes)]
    lone = HEAD + "\n|\n".join(["Sở Nội vụ"] * n(100_000))
    out.append(("100,000 cells between lone '|' lines", lone))
    if SEED.exists():
        text = SEED.read_text(encoding="utf-8")
        out.append(("seed 000 wrap width 72 then 100", rl.wrap_varying(text, 72, 100)))
        out.append(("seed 000 wrapped at 20 columns", rl.wrap(text, 20)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    for label, text in cases(args.scale):
        started = time.perf_counter()
        try:
            p = parse_text(text)
            outcome = f"{len(p['tasks'])} tasks, {len(p['report']['not_understood'])} lines not understood"
        except PlanParseError as exc:
            outcome = f"refused: {exc}"
        took = time.perf_counter() - started
        print(f"{label:<45} {len(text):>10,} chars  {took:7.2f} s  {outcome}")


if __name__ == "__main__":
    main()
