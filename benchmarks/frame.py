"""The page frame: what every signed-in page pays, through the Django test client.

For each page (a small page, the reporter's and the officer's home; ``--only`` picks others from
``benchmarks/pages.py``) it prints the queries of one warm request (each with its time), the
median of ``--requests`` warm requests, and a profile: the time spent per request in each part
of the frame (session, user, grants, CSRF, two-factor, messages, CSP, locale, gzip, the context
processors, the template) and the top functions by own time.

Runs on the database of ``DATABASE_URL`` (the SQLite file in ``CCHC_VAR_DIR`` without it) with
``CCHC_DEBUG`` off, as the server does; the cache is the settings' (local memory unless
``CCHC_REDIS_URL``).

    uv run python benchmarks/frame.py --requests 50 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("CCHC_DEMO", "1")  # plain HTTP cookies, as benchmarks/pages.py
os.environ.setdefault("CCHC_LOCAL_KEY", "1")
os.environ.pop("CCHC_DEBUG", None)

# (role, page name, path) — the pages of the frame; --only picks others from pages.py
DEFAULT = ["PAR results", "publications", "bell", "home"]

# the frame's parts: label -> (file suffix, function name) whose cumulative time is reported
PARTS = [
    ("session load", ("django/contrib/sessions/backends/db.py", "load")),
    ("session load (cached_db)", ("django/contrib/sessions/backends/cached_db.py", "load")),
    ("user (get_user)", ("django/contrib/auth/__init__.py", "get_user")),
    ("grants (Grants.__init__)", ("cchc/accounts/policy/grants.py", "__init__")),
    ("grants (cached)", ("cchc/accounts/policy/grants.py", "grants_for")),
    ("locale", ("django/middleware/locale.py", "process_request")),
    ("common", ("django/middleware/common.py", "process_request")),
    ("csrf view", ("django/middleware/csrf.py", "process_view")),
    ("csrf response", ("django/middleware/csrf.py", "process_response")),
    ("otp", ("django_otp/middleware.py", "_verify_user")),
    ("two-factor", ("cchc/accounts/two_factor.py", "process_view")),
    ("messages response", ("django/contrib/messages/middleware.py", "process_response")),
    ("csp", ("csp/middleware.py", "process_response")),
    ("gzip", ("django/middleware/gzip.py", "process_response")),
    ("session save", ("django/contrib/sessions/middleware.py", "process_response")),
    ("cp: current_unit", ("cchc/accounts/context_processors.py", "current_unit")),
    ("cp: nav", ("cchc/core/nav.py", "context")),
    ("cp: bell", ("cchc/notifications/context_processors.py", "bell")),
    ("cp: messages", ("django/contrib/messages/context_processors.py", "messages")),
    ("template render", ("django/template/base.py", "render")),
    ("view (resolved)", ("django/core/handlers/base.py", "_get_response")),
    ("whole request", ("django/test/client.py", "request")),
]


def setup():
    import django

    django.setup()


def pages(names):
    from pages import PAGES

    from cchc.plans.models import Plan

    plan = Plan.objects.filter(number="216/KH-UBND", parent_plan__isnull=True).first()
    area = plan.areas.order_by("order").first() if plan else None
    out = []
    for role, name, path in PAGES:
        if name in names:
            out.append(
                (
                    role,
                    name,
                    path.format(plan=plan.pk if plan else 0, area=area.pk if area else 0, round=0, stp=0),
                )
            )
    return out


def client_for(username):
    from django.test import Client
    from pages import PASSWORD

    c = Client(HTTP_ACCEPT_ENCODING="gzip")
    if not c.login(username=username, password=PASSWORD):
        raise SystemExit(f"login of {username} failed")
    return c


def get(c, path):
    r = c.get(path)
    if r.status_code != 200:
        raise SystemExit(f"{path}: {r.status_code}")
    return r


def show_queries(c, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        get(c, path)
    for i, q in enumerate(ctx.captured_queries, 1):
        sql = q["sql"]
        print(f"    {i:2}. {float(q['time']) * 1000:6.2f} ms  {sql[:160]}{'…' if len(sql) > 160 else ''}")
    return len(ctx.captured_queries)


def profile(c, path, n):
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        get(c, path)
    prof.disable()
    st = pstats.Stats(prof)
    rows = []
    for label, (suffix, func) in PARTS:
        cum = 0.0
        calls = 0
        for (fname, _line, fn), (_cc, nc, _tt, ct, _callers) in st.stats.items():
            if fn == func and fname.endswith(suffix):
                cum += ct
                calls += nc
        if calls:
            rows.append((label, cum / n * 1000, calls / n))
    print("    part of the frame                 ms/request (under the profiler)  calls/request")
    for label, ms, calls in rows:
        print(f"    {label:<34} {ms:8.2f}  {calls:6.1f}")
    st.sort_stats("tottime")
    print("    top own time:")
    for (fname, line, fn), (_cc, nc, tt, _ct, _c) in sorted(st.stats.items(), key=lambda kv: -kv[1][2])[:15]:
        short = fname.split("site-packages/")[-1].split("/q1/")[-1]
        print(f"      {tt / n * 1000:6.2f} ms  {nc / n:6.1f}×  {short}:{line} {fn}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=",".join(DEFAULT))
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--queries", action="store_true", help="list each query of one warm request")
    args = ap.parse_args()
    setup()
    from django.db import connection
    from pages import ROLES

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; load {os.getloadavg()[0]:.1f}")
    clients = {}
    for role, name, path in pages({n.strip() for n in args.only.split(",")}):
        c = clients.get(role) or clients.setdefault(role, client_for(ROLES[role]))
        for _ in range(3):
            get(c, path)
        print(f"\n{role} · {name} · {path}")
        nq = show_queries(c, path) if args.queries else None
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            r = get(c, path)
            times.append((time.perf_counter() - t) * 1000)
        size = len(r.content)
        if nq is None:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                get(c, path)
            nq = len(ctx.captured_queries)
        print(
            f"  {nq} queries · median {statistics.median(times):.1f} ms · p90 "
            f"{sorted(times)[int(len(times) * 0.9) - 1]:.1f} ms · {size} bytes ({r.get('Content-Encoding', 'plain')})"
        )
        if args.profile:
            profile(c, path, args.requests)


if __name__ == "__main__":
    main()
