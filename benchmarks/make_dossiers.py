"""Write a realistic synthetic one-stop dossier export (no real export is public).

Run: ``uv run python benchmarks/make_dossiers.py N [--out FILE.csv|.xlsx] [--year 2022] [--bad 0.01]``.
The units are Hải Phòng's departments and districts from ``cchc/orgs/data/units.csv``; DuckDB
writes the rows (10 million rows, ~1.9 GB, take well under a minute). ``--bad`` adds that share of
hostile rows (due before received, impossible dates, missing units, repeated codes).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc.indicators.synthetic import write_export  # noqa: E402


def hp_units() -> list[str]:
    with open(ROOT / "cchc" / "orgs" / "data" / "units.csv", encoding="utf-8") as fh:
        return [
            r["name"]
            for r in csv.DictReader(fh)
            if r["code"].startswith("HP-") and r["level"] in {"department", "district"} and not r["valid_to"]
        ]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--out", default="")
    ap.add_argument("--year", type=int, default=2022)
    ap.add_argument("--bad", type=float, default=0.0)
    ap.add_argument("--seed", type=float, default=0.42)
    args = ap.parse_args(argv)
    out = Path(args.out or ROOT / "var" / "bench" / f"dossiers-{args.n}.csv")
    t0 = time.perf_counter()
    write_export(out, args.n, units=hp_units(), year=args.year, bad=args.bad, seed=args.seed)
    size = out.stat().st_size
    print(f"{out}: {args.n:,} rows, {size / 1024**2:,.1f} MiB in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
