"""Benchmark the PAR INDEX arithmetic (no database): check a criteria tree, then roll up, index,
classify and rank ``--units`` sheets of ``--leaves`` sub-criteria.

Run: ``uv run python benchmarks/parindex_arithmetic.py [--units 600] [--leaves 100]``. Prints wall
times. The page's own cost is the database reads (a fixed number of queries, see the query-count
tests); this is the Python part on top.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cchc.domain import parindex as px


def tree(leaves: int) -> list[px.Node]:
    """8 lĩnh vực of equal share; each tiêu chí has 4 sub-criteria of 0.25 of its points."""
    rows, per_area = [], leaves // 8 // 4
    area_max = Decimal(100) / 8
    for a in range(1, 9):
        rows.append(px.Node(code=str(a), title=f"Lĩnh vực {a}", max_points=area_max))
        crit_max = area_max / per_area
        for c in range(1, per_area + 1):
            rows.append(px.Node(code=f"{a}.{c}", title="Tiêu chí", max_points=crit_max))
            for s in range(1, 5):
                rows.append(px.Node(code=f"{a}.{c}.{s}", title="TCTP", max_points=crit_max / 4))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=600)
    parser.add_argument("--leaves", type=int, default=100)
    args = parser.parse_args()
    rows = tree(args.leaves)
    started = time.perf_counter()
    roots = px.build_tree(rows)
    leaves = px.leaves(roots)
    print(f"tree of {len(rows)} nodes, {len(leaves)} leaves checked: {time.perf_counter() - started:.3f} s")
    rng = random.Random(1)
    sheets = {
        u: {leaf.code: (leaf.max_points * Decimal(rng.randint(60, 100)) / 100) for leaf in leaves}
        for u in range(args.units)
    }
    bands = [{"min": "90", "label": "Tốt"}, {"min": "80", "label": "Khá"}, {"min": "0", "label": "Yếu"}]
    mx = px.tree_max(rows)
    started = time.perf_counter()
    index = {}
    for u, points in sheets.items():
        totals = px.rollup(roots, points)
        index[u] = px.compute_index(sum(totals[r.code] for r in roots), mx)
        px.classify(index[u], bands)
    ranks = px.rank(index)
    elapsed = time.perf_counter() - started
    print(
        f"{args.units} sheets rolled up, indexed, classified and ranked: {elapsed:.3f} s "
        f"({elapsed / args.units * 1000:.2f} ms per sheet); best rank {min(ranks.values())}"
    )


if __name__ == "__main__":
    main()
