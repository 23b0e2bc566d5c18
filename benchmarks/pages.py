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
import math
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
    ("officer", "plans", "/ke-hoach/"),
    ("officer", "task list", "/nhiem-vu/danh-sach/"),
    ("officer", "overdue list", "/nhiem-vu/danh-sach/?status=overdue"),
    ("officer", "task board", "/nhiem-vu/theo-nhiem-vu/"),
    ("officer", "calendar", "/nhiem-vu/lich-han/"),
    ("officer", "timeline", "/nhiem-vu/tien-do/"),
    ("officer", "approval queue", "/nhiem-vu/cho-duyet/"),
    ("officer", "plan page", "/nhiem-vu/ke-hoach/{plan}/"),
    ("officer", "plan area", "/nhiem-vu/ke-hoach/{plan}/?area={area}"),
    ("officer", "reports", "/bao-cao/"),
    ("officer", "consolidation", "/bao-cao/tong-hop/{plan}/2022-Y/"),
    ("officer", "compliance", "/bao-cao/tinh-hinh-nop/{plan}/2022-Y/"),
    ("officer", "indicators", "/chi-so/"),
    ("officer", "PAR results", "/chi-so-cchc/"),
    ("officer", "surveys", "/khao-sat/"),
    ("officer", "inspections", "/dieu-hanh/kiem-tra/"),
    ("officer", "publications", "/dieu-hanh/cong-bo/"),
    ("officer", "budget rounds", "/kinh-phi/"),
    ("officer", "budget round", "/kinh-phi/{round}/"),
    ("officer", "estimate", "/kinh-phi/{round}/don-vi/{stp}/"),
    ("officer", "bell", "/thong-bao/"),
    ("officer", "units", "/co-quan/"),
    ("officer", "audit log", "/nhat-ky/"),
    ("officer", "attainment", "/chi-so/ke-hoach/{plan}/?ky=2022-Y"),
    ("reporter", "home", "/"),
    ("reporter", "my work", "/nhiem-vu/"),
    ("reporter", "estimate", "/kinh-phi/{round}/don-vi/{stp}/"),
    ("leader", "home", "/"),
    ("leader", "dashboard", "/dieu-hanh/"),
    ("leader", "dashboard 2022", "/dieu-hanh/?plan={plan}&year=2022"),
    ("leader", "dashboard units", "/dieu-hanh/don-vi/?plan={plan}"),
    ("leader", "public results", "/cong-khai/HP/"),
]
# --writes-per-second: demo accounts that report progress for their own unit (reporter or unit head)
WRITERS = {"HP-STP": "baocao.stp", "HP-STTTT": "baocao.stttt", "HP-STC": "taichinh.haiphong"}


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


def load(port: int, cookies_for, url: str, clients: int, seconds: float, started=None) -> dict:
    """``clients`` threads, each its own logged-in connection, GET ``url`` for ``seconds``
    (``started()`` is called when the timed part starts, after the warm-up)."""
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

    if started:
        started()
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


class Writer:
    """Deadline day: while a page is measured, reporters of several units record progress on
    their own unit's open assignments of the plan, at about ``rate`` writes a second in all,
    through the real form as a browser does (GET the assignment page for a fresh CSRF token and
    the row's version, then POST ``/nhiem-vu/<id>/cap-nhat/``). One thread per reporter (more at high rates), each its
    own logged-in session; every write is valid (in progress, a new percent and a narrative), so it
    changes the row and bumps the cache generations a real report bumps."""

    def __init__(self, port: int, rate: float, work: list[tuple[dict, list[int]]]):
        self.port = port
        self.interval = len(work) / rate  # each of the len(work) threads writes every interval s
        self.work = work
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.failed = 0
        self.since = time.perf_counter()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(cookies, ids, i), daemon=True)
            for i, (cookies, ids) in enumerate(work)
        ]

    def _write(self, s: Session, assignment_id: int, n: int) -> tuple[int, float, float]:
        _status, page = s.request("GET", f"/nhiem-vu/{assignment_id}/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        version = re.search(rb'name="version" value="(\d+)"', page)
        if not token or not version:
            return 0, time.perf_counter(), 0.0
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "version": version.group(1).decode(),
                "status": "in_progress",
                "percent": str(5 + (n * 7) % 90),
                "narrative": f"Cập nhật tiến độ lần {n} (benchmark)",
            }
        )
        t0 = time.perf_counter()
        status, _ = s.request("POST", f"/nhiem-vu/{assignment_id}/cap-nhat/", body)
        return status, t0, time.perf_counter() - t0

    def _run(self, cookies: dict, ids: list[int], offset: int) -> None:
        s = Session(self.port)
        s.cookies = dict(cookies)
        n = 0
        next_at = time.perf_counter() + offset * self.interval / len(self.work)
        while not self._stop.is_set():
            delay = next_at - time.perf_counter()
            if delay > 0 and self._stop.wait(delay):
                break
            next_at = max(next_at + self.interval, time.perf_counter())
            status, at, took = self._write(s, ids[n % len(ids)], n)
            n += 1
            with self.lock:
                if at < self.since:
                    continue  # POSTed before the page's timed part started: not its write
                if 200 <= status < 400:
                    self.latencies.append(took)
                else:
                    self.failed += 1

    def start(self) -> None:
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=130)

    def take(self) -> dict:
        """The writes POSTed since the last ``take`` (done, failed), their rate, and the POSTs'
        p50/p95 (ms)."""
        now = time.perf_counter()
        with self.lock:
            done, failed, since = sorted(self.latencies), self.failed, self.since
            self.latencies, self.failed, self.since = [], 0, now

        def q(p):
            return done[min(len(done) - 1, int(p * len(done)))] * 1000 if done else 0

        rate = len(done) / (now - since) if now > since else 0
        return {"done": len(done), "failed": failed, "p50": q(0.50), "p95": q(0.95), "rate": rate}


class MemoryWatch:
    """Samples the resident memory of a process and its children (the server's workers) every
    0,2 s: the peak of their sum and of the largest one."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_total = 0
        self.peak_one = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _tree(self) -> list[int]:
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as f:
                        todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
        return out

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            sizes = [self._rss(p) for p in self._tree()]
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_one = max(self.peak_one, max(sizes, default=0))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


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
    ap.add_argument("--threads", type=int, default=4, help="threads per process (cchc serve --threads)")
    ap.add_argument(
        "--workers", type=int, default=0, help="processes (cchc serve --workers; 0: one per core)"
    )
    ap.add_argument("--plan", default="216/KH-UBND")
    ap.add_argument("--only", default="", help="comma-separated page names to run (default: all)")
    ap.add_argument(
        "--writes-per-second",
        type=float,
        default=0.0,
        help="deadline day: reporters of several units POST progress updates at about this rate "
        "in all while each page is measured (default 0: reads only)",
    )
    ap.add_argument(
        "--officer",
        default=ROLES["officer"],
        help="the officer who reads the officer's pages (e.g. snv.hanoi: another province than the "
        "writers', all of Hải Phòng; pages of the Hải Phòng plan are then refused)",
    )
    args = ap.parse_args()
    ROLES["officer"] = args.officer
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

    if db.startswith("postgres"):
        # a database just built in bulk (cchc demo, seed-scale) has no planner statistics until
        # autovacuum gets to it: without them PostgreSQL picks nested loops for 10^5 rows
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import os,django;os.environ.setdefault('DJANGO_SETTINGS_MODULE','cchc.settings');"
                "django.setup();from django.db import connection;connection.cursor().execute('ANALYZE')",
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
        print("ANALYZE done (planner statistics)")

    # plan id for URLs
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os,django;os.environ.setdefault('DJANGO_SETTINGS_MODULE','cchc.settings');"
            "django.setup();from cchc.plans.models import Plan;from cchc.tracking.models import Assignment;"
            f"p=Plan.objects.get(number={args.plan!r}, parent_plan__isnull=True);"
            "a=p.areas.order_by('order').first();print(p.pk, a.pk if a else 0, Assignment.objects.count());"
            # the plan's newest budget round (0: none, its pages are skipped) and Sở Tư pháp
            "from cchc.orgs.models import OrgUnit;r=p.budget_rounds.order_by('-year').first();"
            "u=OrgUnit.objects.filter(code='HP-STP').first();print(r.pk if r else 0, u.pk if u else 0)\n"
            # --writes-per-second: each writer unit's open assignments of the plan (not awaiting a decision)
            f"for code in {list(WRITERS)!r}:print(code, ','.join(str(i) for i in Assignment.objects.filter("
            "unit__code=code, task__plan=p,"
            "status__in=('not_started','in_progress'), awaiting_head=False, awaiting_review=False"
            ").order_by('pk').values_list('pk', flat=True)[:200]) or '-')",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    plan_id, area_id, total, round_id, stp_id, *writable = probe.stdout.split()
    writable = {
        code: [int(i) for i in ids.split(",") if i.isdigit()]
        for code, ids in zip(writable[0::2], writable[1::2], strict=True)
    }
    print(f"plan {args.plan} (id {plan_id}); {int(total):,} assignments in the database")

    workers = args.workers or len(os.sched_getaffinity(0))
    print(f"server: cchc serve, {workers} processes × {args.threads} threads")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cchc.cli",
            "serve",
            "--port",
            str(args.port),
            "--threads",
            str(args.threads),
            "--workers",
            str(workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    bare = None
    memory = MemoryWatch(server.pid)
    try:
        wait_for(args.port, server)
        memory.start()
        logged = {}
        for role, username in ROLES.items():
            s = Session(args.port)
            s.login(username)
            logged[role] = s.cookies
        writer = None
        if args.writes_per_second > 0:
            # one thread per reporter, more (each its own login, its own share of the unit's
            # assignments) when one GET + POST a thread would not keep up with the rate
            codes = [c for c in WRITERS if writable.get(c)]
            n = max(len(codes), math.ceil(args.writes_per_second))
            per_unit = math.ceil(n / len(codes))
            work = []
            for t in range(n):
                code = codes[t % len(codes)]
                s = Session(args.port)
                s.login(WRITERS[code])
                work.append((s.cookies, writable[code][t // len(codes) :: per_unit]))
            writer = Writer(args.port, args.writes_per_second, work)
            print(
                f"writes: ~{args.writes_per_second:g}/s in all while each page is measured, {n} threads, by "
                + ", ".join(
                    f"{WRITERS[c]} ({len(writable[c])} assignments)" for c in WRITERS if writable.get(c)
                )
            )
            writer.start()
        sizes = {}
        print(
            f"\n{'role':<9} {'page':<14} {'clients':>7} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}  bytes"
        )
        results = []
        only = {o.strip() for o in args.only.split(",") if o.strip()}
        for role, name, url in PAGES:
            if only and name not in only:
                continue
            url = url.format(plan=plan_id, area=area_id, round=round_id, stp=stp_id)
            s = Session(args.port)
            s.cookies = dict(logged[role])
            status, body = s.request("GET", url)
            if status != 200:
                print(f"{role:<9} {name:<14} HTTP {status}: skipped")
                continue
            sizes[(role, name)] = len(body)
            for c in levels:
                # the writes counted are those made while the page is timed (not during the warm-up)
                started = writer.take if writer else None
                r = load(args.port, lambda role=role: logged[role], url, c, args.seconds, started)
                results.append((role, name, c, r, len(body)))
                print(
                    f"{role:<9} {name:<14} {c:>7} {r['n']:>6} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['p99']:>8.0f}"
                    f" {r['rps']:>7.1f}  {len(body):,}" + (f"  ({r['errors']} errors)" if r["errors"] else "")
                )
                if writer:
                    w = writer.take()
                    print(
                        f"{'':<9} {'  writes':<14} {'':>7} {w['done']:>6} {w['p50']:>8.0f} {w['p95']:>8.0f}"
                        f" {'':>8} {w['rate']:>7.1f}  ({w['failed']} failed)"
                    )
        if writer:
            writer.stop()
        memory.stop()
        print(
            f"\nserver memory (RSS) at its peak: {memory.peak_total / 2**20:,.0f} MB in all, "
            f"{memory.peak_one / 2**20:,.0f} MB in the largest process"
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
                "gunicorn",
                f"--bind=127.0.0.1:{args.port}",
                f"--workers={workers}",
                f"--threads={args.threads}",
                "--worker-class=gthread",
                "--log-level=warning",
                "bare_app:application",
            ],
            env={**bare_env, "PYTHONPATH": str(ROOT / "benchmarks")},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(args.port, bare, "/bare/")
        ceilings: dict[str, dict[int, float]] = {}
        for name, path in (("bare view", "/bare/"), ("one-query page", "/ceiling/")):
            print(f"\n{name} ({path}; bare: {median:,} bytes; one query: 50 rows through a template):")
            ceilings[name] = {}
            for c in levels:
                r = load(args.port, dict, path, c, args.seconds)
                ceilings[name][c] = r["rps"]
                print(
                    f"{'':<9} {name:<14} {c:>7} {r['n']:>6} {r['p50']:>8.0f} {r['p95']:>8.0f} {r['p99']:>8.0f}"
                    f" {r['rps']:>7.1f}"
                )
        print("\nthroughput as a share of the bare view's and of the one-query page's:")
        print(f"{'role':<9} {'page':<14} {'clients':>7} {'bare':>6} {'1-query':>8}")
        for role, name, c, r, _size in results:
            shares = [r["rps"] / ceilings[k][c] * 100 if ceilings[k].get(c) else 0 for k in ceilings]
            print(f"{role:<9} {name:<14} {c:>7} {shares[0]:>5.0f}% {shares[1]:>7.0f}%")
    finally:
        for proc in (server, bare):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
    explain(args.plan)


if __name__ == "__main__":
    main()
