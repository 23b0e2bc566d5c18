"""Page benchmark: the real server (``cchc serve``) on a database you choose, three roles, the
main pages, 1 and 20 concurrent clients; p50/p95/p99 and throughput per page, and the throughput
of a bare Django view returning a page of the same size (same server, threads and middleware) as
a ratio. On PostgreSQL it also prints ``EXPLAIN ANALYZE`` of the task list's page query.

Run (see benchmarks/README.md)::

    uv run cchc demo --fresh --no-serve                      # the demo database (SQLite, var/)
    uv run python benchmarks/pages.py --seconds 5
    DATABASE_URL=postgresql://cchc:cchc-ci@127.0.0.1:54329/cchc_bench \\
        uv run python benchmarks/pages.py --seconds 10 --clients 1,20

The database must hold the demo (``cchc demo --no-serve``, or ``cchc migrate`` + ``cchc demo
--no-serve`` with ``DATABASE_URL`` set; ``cchc seed-scale N`` for a province-sized one). Timings
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-cchc-2025"
ROLES = {"officer": "snv.haiphong", "reporter": "baocao.stp", "leader": "lanhdao.haiphong"}
PAGES = [
    ("officer", "home", "/"),
    ("officer", "task list", "/nhiem-vu/danh-sach/"),
    ("officer", "overdue list", "/nhiem-vu/danh-sach/?status=overdue"),
    ("officer", "task board", "/nhiem-vu/theo-nhiem-vu/"),
    ("officer", "calendar", "/nhiem-vu/lich-han/"),
    ("officer", "plan page", "/nhiem-vu/ke-hoach/{plan}/"),
    ("officer", "reports", "/bao-cao/"),
    ("officer", "consolidation", "/bao-cao/tong-hop/{plan}/2022-Y/"),
    ("reporter", "home", "/"),
    ("reporter", "my work", "/nhiem-vu/"),
    ("leader", "home", "/"),
    ("leader", "dashboard", "/dieu-hanh/"),
    ("leader", "dashboard 2022", "/dieu-hanh/?plan={plan}&year=2022"),
    ("leader", "public results", "/cong-khai/HP/"),
]


class Session:
    """One client: a kept-alive connection and the session cookies."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, body: str | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{url}"
        try:
            self.conn.request(method, url, body=body, headers=headers)
            resp = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request(method, url, body=body, headers=headers)
            resp = self.conn.getresponse()
        data = resp.read()
        for key, value in resp.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, data

    def login(self, username: str) -> None:
        _status, page = self.request("GET", "/tai-khoan/dang-nhap/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD})
        status, _ = self.request("POST", "/tai-khoan/dang-nhap/", body)
        if status != 302:
            raise SystemExit(f"login of {username} failed ({status})")


def wait_for(port: int, proc: subprocess.Popen, path: str = "/tai-khoan/dang-nhap/") -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"server on {port} exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path)
            c.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on {port} did not start")


def load(port: int, cookies_for, url: str, clients: int, seconds: float) -> dict:
    """``clients`` threads, each its own logged-in connection, GET ``url`` for ``seconds``."""
    sessions = []
    for _ in range(clients):
        s = Session(port)
        s.cookies = dict(cookies_for())
        s.request("GET", url)  # warm the connection (and the server's caches) once
        sessions.append(s)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run(s: Session) -> None:
        mine = []
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            status, _ = s.request("GET", url)
            mine.append(time.perf_counter() - t0)
            if status != 200:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=run, args=(s,)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()

    def q(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0

    return {
        "n": len(latencies),
        "p50": q(0.50),
        "p95": q(0.95),
        "p99": q(0.99),
        "rps": len(latencies) / wall if wall else 0,
        "errors": errors[0],
    }


def explain(plan_number: str) -> None:
    """EXPLAIN ANALYZE of the task list's first page and of its state counts (PostgreSQL)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        return
    from cchc.tracking.queries import assignment_queryset, state_counts

    qs = assignment_queryset(as_of=timezone.localdate())
    print("\nEXPLAIN ANALYZE: task list, first page (50 rows)")
    print(qs[:50].explain(analyze=True))
    print("\nEXPLAIN ANALYZE: overdue lead work (the filter chips' count)")
    print(assignment_queryset(as_of=timezone.localdate(), status="overdue").explain(analyze=True)[-1500:])
    t0 = time.perf_counter()
    counts = state_counts(assignment_queryset(as_of=timezone.localdate()), timezone.localdate())
    print(
        f"\nstate counts of every assignment, one aggregate: {(time.perf_counter() - t0) * 1000:.0f} ms {counts}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="load time per page and concurrency")
    ap.add_argument("--clients", default="1,20", help="concurrency levels, e.g. 1,20")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--threads", type=int, default=8, help="server threads (cchc serve --threads)")
    ap.add_argument("--plan", default="216/KH-UBND")
    ap.add_argument("--only", default="", help="comma-separated page names to run (default: all)")
    args = ap.parse_args()
    levels = [int(c) for c in args.clients.split(",") if c.strip()]

    env = {
        **os.environ,
        "CCHC_DEMO": "1",  # plain HTTP cookies on 127.0.0.1 (no TLS in the benchmark)
        "CCHC_SECRET_KEY": os.environ.get("CCHC_SECRET_KEY", secrets.token_urlsafe(40)),
        "CCHC_LOGIN_MAX_FAILURES": "1000",
        "CCHC_LOG_LEVEL": "ERROR",
    }
    db = os.environ.get("DATABASE_URL", "sqlite (var/cchc.sqlite3)")
    print(
        f"database: {re.sub(r'//[^@]*@', '//…@', db)}; server threads: {args.threads}; {os.cpu_count()} CPUs"
    )

    # plan id for URLs
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os,django;os.environ.setdefault('DJANGO_SETTINGS_MODULE','cchc.settings');"
            "django.setup();from cchc.plans.models import Plan;from cchc.tracking.models import Assignment;"
            f"p=Plan.objects.get(number={args.plan!r}, parent_plan__isnull=True);print(p.pk, Assignment.objects.count())",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    plan_id, total = probe.stdout.split()
    print(f"plan {args.plan} (id {plan_id}); {int(total):,} assignments in the database")

    server = subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "serve", "--port", str(args.port), "--threads", str(args.threads)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    bare = None
    try:
        wait_for(args.port, server)
        logged = {}
        for role, username in ROLES.items():
            s = Session(args.port)
            s.login(username)
            logged[role] = s.cookies
        sizes = {}
        print(
            f"\n{'role':<9} {'page':<14} {'clients':>7} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}  bytes"
        )
        results = []
        only = {o.strip() for o in args.only.split(",") if o.strip()}
        for role, name, url in PAGES:
            if only and name not in only:
                continue
            url = url.format(plan=plan_id)
            s = Session(args.port)
            s.cookies = dict(logged[role])
            status, body = s.request("GET", url)
            if status != 200:
                print(f"{role:<9} {name:<14} HTTP {status}: skipped")
                continue
            sizes[(role, name)] = len(body)
            for c in levels:
                r = load(args.port, lambda role=role: logged[role], url, c, args.seconds)
                results.append((role, name, c, r, len(body)))
                print(
                    f"{role:<9} {name:<14} {c:>7} {r['n']:>6} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['p99']:>8.0f}"
                    f" {r['rps']:>7.1f}  {len(body):,}" + (f"  ({r['errors']} errors)" if r["errors"] else "")
                )
        server.terminate()
        server.wait(timeout=30)
        server = None

        # the bare view: same settings, middleware, server and threads; a body of the median page size
        median = int(statistics.median(sizes.values())) if sizes else 20000
        bare_env = {**env, "CCHC_BARE_BYTES": str(median)}
        bare = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "waitress",
                f"--port={args.port}",
                f"--threads={args.threads}",
                "bare_app:application",
            ],
            env={**bare_env, "PYTHONPATH": str(ROOT / "benchmarks")},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(args.port, bare, "/bare/")
        print(f"\nbare Django view, {median:,} bytes:")
        bare_rps = {}
        for c in levels:
            r = load(args.port, dict, "/bare/", c, args.seconds)
            bare_rps[c] = r["rps"]
            print(
                f"{'':<9} {'bare view':<14} {c:>7} {r['n']:>6} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['p99']:>8.0f} {r['rps']:>7.1f}"
            )
        print("\nthroughput as a share of the bare view's (target ≥ 30%):")
        for role, name, c, r, _size in results:
            share = r["rps"] / bare_rps[c] * 100 if bare_rps.get(c) else 0
            print(f"{role:<9} {name:<14} {c:>7} {share:>6.0f}%")
    finally:
        for proc in (server, bare):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
    explain(args.plan)


if __name__ == "__main__":
    main()
