"""Benchmark the dossier ingest against DuckDB's own scan of the same file.

Run: ``uv run python benchmarks/ingest_dossiers.py N [--threads T] [--django] [--csv FILE] [--repeat K]``
(``--csv``: an export already written, e.g. by ``make_dossiers.py`` outside the repo; ``--repeat``:
alternate ``count(*)`` and the scan K times, each with the load average, on a shared machine).

1. writes (or reuses) ``var/bench/dossiers-N.csv`` with ``make_dossiers.py``;
2. ``SELECT count(*) FROM read_csv(…)``: DuckDB alone, the reference scan;
3. ``cchc.domain.dossierscan.scan``: typing, rejects, duplicates and the aggregation;
4. with ``--django``: the whole ``do_ingest_dossiers`` into a fresh SQLite app database (units
   resolved, the months replaced) and the QĐ 766 index of the province-year from the aggregates.

Each phase runs in its own process, so its peak memory (max RSS) is its own. Targets (issue 9):
10 million rows ≤ 60 s and ≤ 2 GB; scan speed ≥ 50% of DuckDB's count(*); 766 < 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _phase(name: str, path: str, threads: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--file", path, "--threads", str(threads), "0"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(name: str, path: str, threads: int) -> None:
    t0 = time.perf_counter()
    extra: dict = {}
    if name == "count":
        import duckdb

        con = duckdb.connect(config={"memory_limit": "1GB"})
        if threads:
            con.execute(f"SET threads = {threads}")
        extra["rows"] = con.execute(
            f"SELECT count(*) FROM read_csv('{path}', header = true, all_varchar = true)"
        ).fetchone()[0]
    elif name == "scan":
        from cchc.domain.dossierscan import scan

        r = scan(path, threads=threads or None)
        extra = {
            "rows": r.rows_read,
            "accepted": r.rows_accepted,
            "groups": len(r.groups),
            "rejects": r.rejects,
        }
    elif name == "django":
        tmp = tempfile.mkdtemp(prefix="cchc-bench-")
        os.environ.update(
            {
                "CCHC_VAR_DIR": tmp,
                "DJANGO_SETTINGS_MODULE": "cchc.settings",
                "CCHC_LOCAL_KEY": "1",
                "DATABASE_URL": f"sqlite:///{tmp}/b.sqlite3",
            }
        )
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from cchc.indicators.ingest import do_ingest_dossiers
        from cchc.indicators.management.commands.indicators import load_shipped
        from cchc.indicators.queries import index_766
        from cchc.orgs.demo import load_orgs
        from cchc.orgs.models import OrgUnit

        load_orgs()
        load_shipped()
        hp = OrgUnit.objects.get(code="HP")
        t0 = time.perf_counter()
        ing = do_ingest_dossiers(path, province=hp, actor=None)
        ingest_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        result = index_766(hp, "2022-Y")
        extra = {
            "ingest_s": round(ingest_s, 2),
            "index766_s": round(time.perf_counter() - t1, 3),
            "index766_points": str(result.points),
            "aggregates": ing.aggregates.count(),
            "accepted": ing.rows_accepted,
        }
    print(
        json.dumps({"seconds": round(time.perf_counter() - t0, 2), "max_rss_mb": round(_rss_mb()), **extra})
    )


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--django", action="store_true")
    ap.add_argument("--csv", default="", help="an existing export instead of var/bench/dossiers-N.csv")
    ap.add_argument("--repeat", type=int, default=1, help="alternate count(*) and the scan this many times")
    ap.add_argument("--phase", default="")
    ap.add_argument("--file", default="")
    args = ap.parse_args(argv)
    if args.phase:
        return run_phase(args.phase, args.file, args.threads)
    path = Path(args.csv) if args.csv else ROOT / "var" / "bench" / f"dossiers-{args.n}.csv"
    if not path.exists():
        from benchmarks.make_dossiers import main as make

        make([str(args.n), "--out", str(path), "--bad", "0.001"])
    size = path.stat().st_size / 1024**2
    print(f"file: {path.name}, {args.n:,} rows, {size:,.1f} MiB, threads={args.threads or 'all'}")
    for _ in range(args.repeat):
        print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        count = _phase("count", str(path), args.threads)
        print(
            f"DuckDB count(*):      {count['seconds']:7.2f} s  peak {count['max_rss_mb']:6,} MB  ({count['rows']:,} rows)"
        )
        scan = _phase("scan", str(path), args.threads)
        ratio = count["seconds"] / scan["seconds"] if scan["seconds"] else 0
        print(
            f"scan + aggregate:     {scan['seconds']:7.2f} s  peak {scan['max_rss_mb']:6,} MB  "
            f"({scan['accepted']:,} accepted, {scan['groups']:,} groups, rejects {scan['rejects']})"
        )
        print(f"speed vs DuckDB scan: {ratio:.0%} (target ≥ 50%)")
    if args.django:
        dj = _phase("django", str(path), args.threads)
        print(
            f"ingest into app DB:   {dj['ingest_s']:7.2f} s  peak {dj['max_rss_mb']:6,} MB  "
            f"({dj['aggregates']:,} aggregate rows); 766 index of the province-year: {dj['index766_s']:.3f} s "
            f"({dj['index766_points']} points)"
        )


if __name__ == "__main__":
    main()
