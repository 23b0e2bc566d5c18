"""Concurrent progress updates through the real server: errors and lost writes, SQLite or PostgreSQL.

Run (bounded, loopback only):

    uv run python benchmarks/concurrent_writes.py                       # SQLite in a temp dir
    uv run python benchmarks/concurrent_writes.py --users 8 --updates 25
    createdb -O cchc cchc_bench   # an EMPTY PostgreSQL database, then:
    uv run python benchmarks/concurrent_writes.py --database-url postgresql://cchc:PW@127.0.0.1:5432/cchc_bench

It builds a small province (``--units`` departments, ``--tasks`` tasks each, a reporter and a unit
head per department: two users contend for every assignment), starts ``cchc serve`` (waitress,
``--threads``) on 127.0.0.1, and lets ``--users`` client threads each post ``--updates`` progress
updates through ``POST /api/tracking/assignments/{id}/updates`` with the version they just read
(optimistic locking). Then it checks the database against what the server answered:

- errors: 5xx, "database is locked", connection failures, any status but 201/409;
- conflicts: 409 (a stale version: the expected answer when two users update one assignment);
- lost writes: an update answered 201 that is not in the database, an update in the database that
  was never answered 201, an assignment whose version is not 1 + its accepted updates, or whose
  percent is not the one of its last accepted update.

Exits 1 when there is an error or a lost write, so a later change cannot regress it silently.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"  # loopback only


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--database-url", default="", help="an empty PostgreSQL database (default: SQLite in a temp dir)"
    )
    p.add_argument("--users", type=int, default=6, help="client threads, each one user (max 2 per unit)")
    p.add_argument("--updates", type=int, default=15, help="updates each user posts")
    p.add_argument("--units", type=int, default=3, help="departments (each: a reporter and a unit head)")
    p.add_argument("--tasks", type=int, default=2, help="tasks (assignments) per department")
    p.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    args.users = max(1, min(args.users, 2 * args.units, 64))
    args.updates = max(1, min(args.updates, 500))
    return args


def setup(args, workdir: Path) -> dict:
    """Migrate, build the province, issue one token per user (in this process, before the server)."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from cchc.accounts.actions import do_create_user, do_issue_token
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Plan
    from cchc.testing.factories import make_area, make_task
    from cchc.tracking.actions import do_assign_plan
    from cchc.tracking.models import Assignment

    if Plan.objects.exists():
        sys.exit("the database is not empty: give an empty one")
    province = OrgUnit.objects.create(code="BX", name="Tỉnh Thử Tải", level="province", kind="province")
    plan = Plan.objects.create(
        number="1/KH-BX", title="Kế hoạch thử tải", province=province, owner_unit=province,
        period_start=2026, period_end=2026,
    )  # fmt: skip
    area = make_area(plan)
    users = []
    for i in range(args.units):
        unit = OrgUnit.objects.create(
            code=f"BX-S{i}", name=f"Sở thử {i}", level="department", kind="department", parent=province
        )
        for t in range(args.tasks):
            make_task(plan, f"Nhiệm vụ {i}.{t}", area=area, lead=[unit], timeframe_text="2026",
                      start_year=2026, end_year=2026)  # fmt: skip
        for role in ("reporter", "unit_head"):
            user = do_create_user(
                actor=None, username=f"{role}-{i}", password=uuid.uuid4().hex, memberships=[(unit, role)]
            )
            users.append({"username": user.username, "unit": unit.pk, "token": do_issue_token(
                actor=None, user=user, name="bench")[1]})  # fmt: skip
    do_assign_plan(plan, actor=None)
    by_unit = defaultdict(list)
    for a in Assignment.objects.filter(role="lead"):
        by_unit[a.unit_id].append(a.pk)
    # users interleaved by unit so that --users 4 with 3 units still puts two users on one unit
    users.sort(key=lambda u: (u["username"].split("-")[1], u["username"]))
    picked = users[: args.users]
    from django.db import connections

    connections.close_all()
    return {"users": picked, "assignments": dict(by_unit)}


def start_server(env: dict, threads: int, workdir: Path):
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    log = open(workdir / "serve.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "serve", "--host", HOST, "--port", str(port), "--threads", str(threads)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("cchc serve exited:\n" + (workdir / "serve.log").read_text())
        try:
            urllib.request.urlopen(base + "/tai-khoan/dang-nhap/", timeout=2).close()
            return proc, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    proc.terminate()
    sys.exit("cchc serve did not answer in 60 s")


def request(base, method, path, token, fields=None):
    data, headers = None, {"Authorization": f"Bearer {token}"}
    if fields is not None:
        boundary = uuid.uuid4().hex
        body = (
            "".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                for k, v in fields.items()
            )
            + f"--{boundary}--\r\n"
        )
        data = body.encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def worker(base, user, assignments, updates, rng, results, lock):
    for n in range(updates):
        aid = rng.choice(assignments)
        status, body = request(base, "GET", f"/api/tracking/assignments/{aid}", user["token"])
        if status != 200:
            with lock:
                results["errors"].append(f"GET {status}: {body[:120]}")
            continue
        version = json.loads(body)["version"]
        percent = rng.randint(1, 99)
        fields = {"status": "in_progress", "percent": str(percent), "expected_version": str(version),
                  "narrative": f"{user['username']} lần {n}"}  # fmt: skip
        try:
            status, body = request(
                base, "POST", f"/api/tracking/assignments/{aid}/updates", user["token"], fields
            )
        except Exception as exc:
            status, body = -1, repr(exc)
        with lock:
            results["status"][status] += 1
            if status == 201:
                results["accepted"].append((aid, json.loads(body)["id"], percent))
            elif status != 409:
                results["errors"].append(f"POST {status}: {body[:160]}")


def check(results) -> list[str]:
    import django

    django.setup()
    from cchc.tracking.models import Assignment, ProgressUpdate

    lost = []
    accepted = defaultdict(list)
    for aid, uid, percent in results["accepted"]:
        accepted[aid].append((uid, percent))
    in_db = defaultdict(set)
    for aid, uid in ProgressUpdate.objects.values_list("assignment_id", "id"):
        in_db[aid].add(uid)
    for a in Assignment.objects.filter(role="lead"):
        answered = {uid for uid, _ in accepted[a.pk]}
        if answered - in_db[a.pk]:
            lost.append(f"assignment {a.pk}: answered 201 but missing: {sorted(answered - in_db[a.pk])}")
        if in_db[a.pk] - answered:
            lost.append(
                f"assignment {a.pk}: in the database, never answered 201: {sorted(in_db[a.pk] - answered)}"
            )
        if a.version != 1 + len(answered):
            lost.append(f"assignment {a.pk}: version {a.version}, expected {1 + len(answered)}")
        if accepted[a.pk]:
            last_percent = max(accepted[a.pk])[1]
            if int(a.percent) != last_percent:
                lost.append(
                    f"assignment {a.pk}: percent {a.percent}, the last accepted update said {last_percent}"
                )
    return lost


def main() -> int:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    host = url.split("@")[-1].split("/")[0].split(":")[0] if "@" in url else HOST
    if url.startswith("postgresql") and host not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("loopback only: the database must be on 127.0.0.1")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cchc.settings",
        "DATABASE_URL": url,
        "CCHC_VAR_DIR": str(workdir),
        "CCHC_DEMO": "1",  # plain HTTP on loopback
        "CCHC_DEBUG": "0",
        "CCHC_TESTING": "0",
        "CCHC_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    env.pop("PYTEST_VERSION", None)
    os.environ.update(env)
    data = setup(args, workdir)
    proc, base = start_server(env, args.threads, workdir)
    results = {"status": Counter(), "accepted": [], "errors": []}
    lock = threading.Lock()
    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=len(data["users"])) as pool:
            for i, user in enumerate(data["users"]):
                rng = random.Random(args.seed * 1000 + i)
                pool.submit(
                    worker, base, user, data["assignments"][user["unit"]], args.updates, rng, results, lock
                )
    finally:
        elapsed = time.perf_counter() - started
        proc.terminate()
        proc.wait(timeout=20)
    lost = check(results)
    engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    posted = sum(results["status"].values())
    locked = sum("locked" in e for e in results["errors"])
    print(
        f"{engine}: {len(data['users'])} users x {args.updates} updates on "
        f"{sum(len(v) for v in data['assignments'].values())} assignments, {args.threads} server threads, "
        f"{elapsed:.1f} s ({posted / elapsed:.1f} posts/s)"
    )
    print(
        f"  posted {posted}: accepted {results['status'][201]}, conflicts (409) {results['status'][409]}, "
        f"errors {len(results['errors'])} (database is locked: {locked}), lost writes {len(lost)}"
    )
    for line in (results["errors"] + lost)[:20]:
        print("   ", line)
    return 1 if results["errors"] or lost else 0


if __name__ == "__main__":
    sys.exit(main())
