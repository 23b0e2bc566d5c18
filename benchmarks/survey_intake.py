"""Benchmark the survey intake: sustained submissions per second, then count what was stored.

Run (PostgreSQL, the target): ``DATABASE_URL=postgresql://… uv run python benchmarks/survey_intake.py
--seconds 60 --workers 4``; without DATABASE_URL it uses a fresh SQLite file under var/.

Each worker process submits complete one-stop desk responses with its own invitation codes
(``--mode action``: ``intake.do_submit_response``, the call the public form makes; ``--mode
view``: the public form's POST through Django's test client, view + action + template). A
share of the submissions (``--reuse``) replays an already used code: each must be refused.
Afterwards the script counts the stored responses and answers: accepted = stored, no code twice,
every answer row present. Target: ≥ 500 accepted submissions/s for 60 s on 2 cores, PostgreSQL.

``--mode http`` (issue 22): the same POSTs to the real server, ``cchc serve`` (gunicorn,
``--server-workers`` processes × ``--server-threads`` threads) started on ``--port``: each worker
is one kept-alive connection; the server trusts 127.0.0.1 as its proxy and every submission comes
with its own ``X-Forwarded-For`` (a citizen's address), so the per-address limits count apart.

``--behind-proxy N`` (issue 25): N distinct citizens (default 200) reach the public form through
the province's reverse proxy (``CCHC_CLIENT_IP_HEADER=X-Forwarded-For``, the proxy trusted), all
with ONE client address (a kiosk at the one-stop desk, a carrier's shared address): each opens
its code's page and submits. Target: all N accepted, within a minute.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANSWERS = {"muc_do": "hai_long", "thoi_gian": "rat_hai_long", "thai_do": "hai_long"}


def setup_django():
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="cchc-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("CCHC_LOCAL_KEY", "1")
    os.environ.setdefault("CCHC_SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def prepare(n_codes: int):
    import datetime as dt

    from django.utils import timezone

    from cchc.orgs.models import OrgUnit
    from cchc.surveys.actions import do_create_round, do_generate_invitations, do_load_questionnaire

    hp, _ = OrgUnit.objects.get_or_create(
        code="BENCH", defaults={"name": "Tỉnh Thử Tải", "level": "province", "kind": "province"}
    )
    unit, _ = OrgUnit.objects.get_or_create(
        code="BENCH-MC",
        defaults={
            "name": "Bộ phận Một cửa thử tải",
            "level": "department",
            "kind": "department",
            "parent": hp,
        },
    )
    q = do_load_questionnaire(
        data=(ROOT / "cchc/surveys/data/mot-cua-3-muc.xlsx").read_bytes(), filename="mc.xlsx", actor=None
    )
    today = timezone.localdate()
    rnd = do_create_round(
        province=hp,
        questionnaire=q,
        title=f"Thử tải {time.time():.0f}",
        year=today.year,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1),
        units=[(unit, None)],
        actor=None,
    )
    from cchc.surveys.actions import do_set_round_status

    do_set_round_status(round=rnd, status="open", actor=None)
    ru = rnd.units.get()
    codes = []
    while len(codes) < n_codes:
        codes += [
            i.code
            for i in do_generate_invitations(round_unit=ru, count=min(5000, n_codes - len(codes)), actor=None)
        ]
    return rnd.pk, ru.pk, codes


def worker(args):
    wid, ru_id, codes, seconds, mode, reuse, out = args
    import django
    from django.db import connections

    connections.close_all()
    django.setup()
    from cchc.core.errors import DomainError
    from cchc.surveys.intake import do_submit_response
    from cchc.surveys.models import Channel, Invitation, RoundUnit

    client = None
    if mode == "http":
        client = HttpClient(int(os.environ["BENCH_PORT"]), codes[0])
    elif mode == "view":
        from django.test import Client

        client = Client()
        client.get("/phieu/")  # warm up: URL resolver, templates, translations
    ru = RoundUnit.objects.select_related("round__questionnaire").get(pk=ru_id)
    invitations = {i.code: i for i in Invitation.objects.filter(code__in=codes)}
    accepted, refused, errors, lat = 0, 0, 0, []
    used: list[str] = []
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end and i < len(codes):
        replay = used and reuse and (accepted + refused) % int(1 / reuse) == 0
        code = used[-1] if replay else codes[i]
        if not replay:
            i += 1
        t0 = time.perf_counter()
        try:
            if mode == "http":
                status, location = client.post(code, f"10.{wid}.{i // 250 % 250}.{i % 250}")
                if status == 302 and location.endswith("/cam-on/"):
                    accepted += 1
                    used.append(code)
                elif status == 409:
                    refused += 1
                else:
                    errors += 1
            elif mode == "view":
                r = client.post(
                    f"/phieu/{code}/",
                    {"buoc": "0", **ANSWERS},
                    REMOTE_ADDR=f"10.{wid}.{i // 250 % 250}.{i % 250}",
                )
                ok = r.status_code == 302 and r["Location"].endswith("/cam-on/")
                if ok:
                    accepted += 1
                    used.append(code)
                elif r.status_code == 409:
                    refused += 1
                else:
                    errors += 1
            else:
                do_submit_response(
                    round_unit=ru, raw=ANSWERS, channel=Channel.INVITATION, invitation=invitations[code]
                )
                accepted += 1
                used.append(code)
        except DomainError as exc:
            if exc.code == "used":
                refused += 1
            else:
                errors += 1
        lat.append(time.perf_counter() - t0)
    out.put((accepted, refused, errors, lat, used))


class HttpClient:
    """One citizen-facing connection to ``cchc serve``: the CSRF cookie and token are taken once
    from a form page (any valid token of the cookie's secret is accepted), then only POSTs."""

    def __init__(self, port: int, first_code: str):
        import http.client
        import re

        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", f"/phieu/{first_code}/")
        resp = self.conn.getresponse()
        page = resp.read()
        cookie = next(v for k, v in resp.getheaders() if k.lower() == "set-cookie" and "csrftoken" in v)
        self.cookie = cookie.split(";", 1)[0]
        self.token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

    def post(self, code: str, address: str) -> tuple[int, str]:
        from urllib.parse import urlencode

        body = urlencode({"csrfmiddlewaretoken": self.token, "buoc": "0", **ANSWERS})
        url = f"/phieu/{code}/"
        headers = {
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}{url}",
            "X-Forwarded-For": address,
        }
        self.conn.request("POST", url, body=body, headers=headers)
        resp = self.conn.getresponse()
        resp.read()
        return resp.status, resp.getheader("Location") or ""


def start_server(port: int, workers: int, threads: int):
    import http.client
    import subprocess

    os.environ.update(
        {
            "BENCH_PORT": str(port),
            "CCHC_CLIENT_IP_HEADER": "X-Forwarded-For",
            "CCHC_TRUSTED_PROXIES": "127.0.0.1",
        }
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "serve", "--port", str(port)]
        + ["--workers", str(workers), "--threads", str(threads)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / f"cchc-survey-intake-{port}.log", "w"),
    )
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"server exited with {server.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/phieu/")
            c.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("server did not start")


def behind_proxy(n: int) -> None:
    import datetime as dt

    from django.test import Client

    from cchc.surveys.models import Response

    _round_id, ru_id, codes = prepare(n)
    client = Client()
    hdr = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}  # one shared address
    statuses: dict[int, int] = {}
    t0 = time.perf_counter()
    for code in codes:
        page = client.get(f"/phieu/{code}/", **hdr)
        r = client.post(f"/phieu/{code}/", {"buoc": "0", **ANSWERS}, **hdr)
        ok = page.status_code == 200 and r.status_code == 302 and r["Location"].endswith("/cam-on/")
        key = 200 if ok else (page.status_code if page.status_code != 200 else r.status_code)
        statuses[key] = statuses.get(key, 0) + 1
    elapsed = time.perf_counter() - t0
    stored = Response.objects.filter(round_unit_id=ru_id).count()
    accepted = statuses.get(200, 0)
    print(f"behind one proxy address: {n} citizens, {2 * n} requests in {elapsed:.1f}s")
    print(
        f"accepted {accepted}/{n}, refused {dict((k, v) for k, v in statuses.items() if k != 200)}, stored {stored}"
    )
    ok = accepted == n == stored and elapsed <= dt.timedelta(minutes=1).total_seconds()
    print("behind-proxy: OK" if ok else "behind-proxy: FAILED")
    sys.exit(0 if ok else 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--mode", choices=["action", "view", "http"], default="action")
    parser.add_argument(
        "--reuse", type=float, default=0.02, help="share of submissions replaying a used code"
    )
    parser.add_argument("--codes-per-worker", type=int, default=0, help="default: enough for 900/s")
    parser.add_argument("--behind-proxy", type=int, default=0, metavar="N", help="the kiosk case (above)")
    parser.add_argument("--port", type=int, default=8765, help="--mode http: the server's port")
    parser.add_argument("--server-workers", type=int, default=2, help="--mode http: cchc serve --workers")
    parser.add_argument("--server-threads", type=int, default=4, help="--mode http: cchc serve --threads")
    opts = parser.parse_args()
    if opts.behind_proxy:
        os.environ.setdefault("CCHC_CLIENT_IP_HEADER", "X-Forwarded-For")
        os.environ.setdefault("CCHC_TRUSTED_PROXIES", "127.0.0.1,10.0.0.5")
        setup_django()
        behind_proxy(opts.behind_proxy)
        return
    setup_django()
    from django.db import connection, connections

    per_worker = opts.codes_per_worker or int(900 * opts.seconds / opts.workers) + 100
    t0 = time.perf_counter()
    round_id, ru_id, codes = prepare(per_worker * opts.workers)
    print(f"database: {connection.vendor}; prepared {len(codes)} codes in {time.perf_counter() - t0:.1f}s")
    connections.close_all()
    server = None
    if opts.mode == "http":
        server = start_server(opts.port, opts.server_workers, opts.server_threads)
        print(f"server: cchc serve, {opts.server_workers} processes × {opts.server_threads} threads")
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    procs = [
        ctx.Process(
            target=worker,
            args=(
                (
                    w,
                    ru_id,
                    codes[w * per_worker : (w + 1) * per_worker],
                    opts.seconds,
                    opts.mode,
                    opts.reuse,
                    out,
                ),
            ),
        )
        for w in range(opts.workers)
    ]
    start = time.perf_counter()
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - start
    if server is not None:
        server.terminate()
        server.wait(timeout=30)
    accepted = sum(r[0] for r in results)
    refused = sum(r[1] for r in results)
    errors = sum(r[2] for r in results)
    lat = sorted(x for r in results for x in r[3])
    used = [c for r in results for c in r[4]]
    from cchc.surveys.models import Answer, Response

    stored = Response.objects.filter(round_unit_id=ru_id).count()
    distinct = Response.objects.filter(round_unit_id=ru_id).values("invitation_id").distinct().count()
    answers = Answer.objects.filter(response__round_unit_id=ru_id).count()
    print(f"mode={opts.mode} workers={opts.workers} seconds={elapsed:.1f}")
    print(
        f"accepted {accepted} ({accepted / elapsed:.0f}/s), reused codes refused {refused}, other errors {errors}"
    )
    if lat:
        print(
            f"latency p50 {statistics.median(lat) * 1000:.1f} ms, p99 {lat[int(len(lat) * 0.99) - 1] * 1000:.1f} ms"
        )
    lost = accepted - stored
    print(
        f"stored responses {stored}, distinct codes {distinct}, answers {answers} (expected {stored * len(ANSWERS)})"
    )
    print(f"lost {lost}, duplicated {stored - distinct}, codes accepted twice {len(used) - len(set(used))}")
    ok = (
        errors == 0
        and accepted > 0
        and lost == 0
        and stored == distinct
        and answers == stored * len(ANSWERS)
        and len(used) == len(set(used))
    )
    print("integrity: OK" if ok else "integrity: FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
