"""Benchmark the leaders' dashboard and the public pages on the demo data.

Run after ``uv run cchc demo --no-serve`` (or with ``DATABASE_URL`` pointing at a loaded
PostgreSQL database):

    uv run python benchmarks/dashboard.py [--n 30] [--threads 1]

Times ``/dieu-hanh/`` (as lanhdao.haiphong, as of today: the first view, i.e. the province's main
plan over all years; all province plans; the 216/KH plan for the year 2022) through Django's test client and prints p50/p95/max in ms and the query
count; then the public publication page (cached) in requests per second. ``--threads N`` runs N
clients at once (each its own connection) to see the effect of concurrency. Measures the
application (views, queries, templates), not a WSGI server or the network.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("CCHC_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def timed(client: Client, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        resp = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, (url, resp.status_code)
    return out


def report(label: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(
        f"{label:<48} n={len(ms):<4} p50={statistics.median(ms):7.1f} ms  p95={p95:7.1f} ms  max={ms[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    from cchc.accounts.models import User
    from cchc.oversight.models import Publication
    from cchc.plans.models import Plan

    leader = User.objects.get(username="lanhdao.haiphong")
    plan = Plan.objects.filter(number="216/KH-UBND", parent_plan__isnull=True).first()
    urls = {
        "dashboard first view (main plan, all years)": "/dieu-hanh/",
        "dashboard (all province plans, all years)": "/dieu-hanh/?plan=",
    }
    if plan is not None:
        urls["dashboard (216/KH-UBND, year 2022)"] = f"/dieu-hanh/?plan={plan.pk}&year=2022"
    print(f"database: {connection.vendor}; threads: {args.threads}")
    for label, url in urls.items():
        client = Client()
        client.force_login(leader)
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        results: list[float] = []
        lock = threading.Lock()

        def run(url=url, results=results, lock=lock):
            c = Client()
            c.force_login(leader)
            ms = timed(c, url, args.n)
            with lock:
                results.extend(ms)
            connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report(f"{label} [{len(q)} queries]", results)

    pub = Publication.objects.filter(withdrawn_at__isnull=True).first()
    if pub is not None:
        url = f"/cong-khai/{pub.province.code}/{pub.pk}/"
        client = Client()
        client.get(url)
        n = args.n * 20
        t0 = time.perf_counter()
        for _ in range(n):
            client.get(url)
        elapsed = time.perf_counter() - t0
        print(f"{'public publication page (cached)':<48} {n / elapsed:7.0f} requests/s (one client)")


if __name__ == "__main__":
    main()
