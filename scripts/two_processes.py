"""Two app servers on one PostgreSQL and one Redis agree (a CI check: ``.ci/run``).

Starts two ``cchc serve`` processes (each with its own ``var/`` directory, so nothing is shared
but the database and Redis), then drives them:

1. a session opened on A is valid on B;
2. login throttling: failures on A lock the same user name and address out on B;
3. the public pages: both serve a publication (and cache it); withdrawn by a third process, it
   is gone from both at once (no waiting for a cache time-out);
4. the province's progress figures: the leaders' dashboard, cached on A and B, shows a new
   progress report made through a third process at once;
5. who may do what (each user's memberships and scopes are cached, ``accounts.policy.grants``):
   a membership taken away by a third process is refused on both at once, and given back, seen
   on both at once; a logout on A ends the session on B.

Run::

    DATABASE_URL=postgresql://… CCHC_REDIS_URL=redis://127.0.0.1:6379/0 \\
        uv run python scripts/two_processes.py

The database must be empty or hold only this check's data: it is migrated and filled here.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-cchc-2025"


class Client:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        text = resp.read().decode("utf-8", "replace")
        for key, value in resp.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return resp.status, text

    def login(self, username: str, password: str = PASSWORD) -> int:
        _s, page = self.request("GET", "/tai-khoan/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request(
            "POST",
            "/tai-khoan/dang-nhap/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        return status


def env_for(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cchc.settings",
            "CCHC_VAR_DIR": str(var_dir),
            "CCHC_DEMO": "1",
            "CCHC_DEBUG": "0",
            "CCHC_TESTING": "0",
            "CCHC_SECRET_KEY": "two-processes-check-" + "x" * 40,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def django_run(env: dict, code: str) -> str:
    """Run ``code`` in a third process with Django set up (the writes of this check)."""
    prog = "import django; django.setup()\n" + code
    out = subprocess.run(
        [sys.executable, "-c", prog], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if out.returncode != 0:
        raise SystemExit(f"setup failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


SETUP = """
import datetime as dt
from django.core.management import call_command
call_command("migrate", verbosity=0)
from cchc.accounts.demo import create_demo_users
from cchc.orgs.demo import load_orgs
from cchc.orgs.models import OrgUnit
from cchc.oversight.models import Publication
load_orgs()
create_demo_users()
hp = OrgUnit.objects.get(code="HP")
Publication.objects.filter(title="Kiểm tra hai tiến trình").delete()
p = Publication.objects.create(kind="plans", province=hp, title="Kiểm tra hai tiến trình", year=2024,
    snapshot={"as_of": "2024-12-31", "plans": []}, published_at=dt.datetime.now(dt.UTC))
print(p.pk)
"""

WITHDRAW = """
from cchc.accounts.models import User
from cchc.oversight.actions import do_withdraw_publication
from cchc.oversight.models import Publication
p = Publication.objects.get(pk={pk})
do_withdraw_publication(actor=User.objects.get(username="snv.haiphong"), publication=p, reason="Kiểm tra")
"""

MEMBERSHIP = """
from cchc.accounts.models import Membership, User
from cchc.orgs.models import OrgUnit
user, unit = User.objects.get(username="baocao.stttt"), OrgUnit.objects.get(code="HP-STTTT")
if {give}:
    Membership.objects.get_or_create(user=user, unit=unit, role="reporter")
else:
    Membership.objects.filter(user=user, unit=unit).delete()
print(unit.pk)
"""

PROGRESS = """
import datetime as dt
from cchc.plans.models import Area, Plan, Task, TaskUnit
from cchc.orgs.models import OrgUnit
from cchc.tracking.actions import do_assign_plan, do_record_progress
from cchc.tracking.models import Assignment
from cchc.accounts.models import User
hp = OrgUnit.objects.get(code="HP")
stp = OrgUnit.objects.get(code="HP-STP")
plan, _ = Plan.objects.get_or_create(number="2P/KH-UBND", defaults={{"title": "Kiểm tra", "province": hp,
    "owner_unit": hp, "status": "committed"}})
if not plan.tasks.exists():
    t = Task.objects.create(plan=plan, title="Nhiệm vụ kiểm tra", order=1, timeframe_text="2020",
        start_year=2020, end_year=2020, due_date=dt.date(2020, 12, 31))
    TaskUnit.objects.create(task=t, role="lead", text=stp.name, unit=stp)
    do_assign_plan(plan, actor=None)
if {report}:
    a = Assignment.objects.get(task__plan=plan, role="lead")
    do_record_progress(actor=User.objects.get(username="baocao.stp"), assignment=a, status="cancelled",
        percent=0, cancel_reason="Kiểm tra", expected_version=a.version)
"""


def start(port: int, env: dict, log: Path) -> subprocess.Popen:
    with open(log, "w") as f:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cchc.cli", "serve", "--port", str(port), "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    for _ in range(600):
        if proc.poll() is not None:
            raise SystemExit(f"server on {port} exited:\n{log.read_text()}")
        try:
            if Client(port).request("GET", "/tai-khoan/dang-nhap/")[0] == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on {port} did not start:\n{log.read_text()}")


def overdue_tile(html: str) -> int:
    m = re.search(r'class="tile state-overdue" href="[^"]*"><span class="tile-value">([\d.]+)<', html)
    return int(m.group(1).replace(".", "")) if m else -1


def check(ok: bool, what: str) -> None:
    print(("  ok    " if ok else "  FAIL  ") + what, flush=True)
    if not ok:
        raise SystemExit(1)


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("CCHC_REDIS_URL"):
        raise SystemExit("set DATABASE_URL (PostgreSQL) and CCHC_REDIS_URL")
    tmp = Path(tempfile.mkdtemp(prefix="cchc-two-"))
    env_a, env_b, env_c = (env_for(tmp / name) for name in ("a", "b", "c"))
    pub = int(django_run(env_c, SETUP).strip().splitlines()[-1])
    django_run(env_c, PROGRESS.format(report=False))
    port_a, port_b = int(os.environ.get("PORT_A", "18431")), int(os.environ.get("PORT_B", "18432"))
    procs = [start(port_a, env_a, tmp / "a.log"), start(port_b, env_b, tmp / "b.log")]
    try:
        # 1. one session, both servers
        a = Client(port_a)
        check(a.login("baocao.stttt") == 302, "login on A")
        b = Client(port_b)
        b.cookies = dict(a.cookies)
        status, _ = b.request("GET", "/nhiem-vu/")
        check(status == 200, "the session opened on A is valid on B")

        # 2. throttling: failures on A count on B
        for _ in range(6):
            Client(port_a).login("baocao.stp", "sai-mat-khau-123")
        refused = Client(port_b).login("baocao.stp")
        check(refused != 302, "after failures on A, B refuses the same user name and address")

        # 3. a withdrawn publication is gone from both at once
        path = f"/cong-khai/HP/{pub}/"
        for c in (Client(port_a), Client(port_b)):
            for _ in range(2):  # the second one is served from the cache
                status, body = c.request("GET", path)
                check(status == 200 and "Kiểm tra hai tiến trình" in body, f"{c.port} serves {path}")
        django_run(env_c, WITHDRAW.format(pk=pub))
        for c in (Client(port_a), Client(port_b)):
            status, _ = c.request("GET", path)
            check(status == 404, f"{c.port}: withdrawn in a third process, gone at once")
            status, body = c.request("GET", "/cong-khai/HP/")
            check("Kiểm tra hai tiến trình" not in body, f"{c.port}: gone from the province page too")

        # 4. the dashboard's cached figures follow a write made elsewhere
        leaders = []
        for port in (port_a, port_b):
            c = Client(port)
            check(c.login("lanhdao.haiphong") == 302, f"leader logs in on {port}")
            leaders.append(c)
        url = "/dieu-hanh/?year=2020"
        before = [overdue_tile(c.request("GET", url)[1]) for c in leaders for _ in range(2)]
        check(min(before) >= 1, f"both dashboards count the overdue task ({before})")
        django_run(env_c, PROGRESS.format(report=True))
        after = [overdue_tile(c.request("GET", url)[1]) for c in leaders]
        check(
            after == [before[0] - 1, before[2] - 1], f"both dashboards count it at once ({before} → {after})"
        )

        # 5. a membership taken away or given back elsewhere, and a logout, are seen at once
        unit_id = int(django_run(env_c, MEMBERSHIP.format(give=True)).strip().splitlines()[-1])
        page = f"/co-quan/{unit_id}/"
        for c in (a, b):
            for _ in range(3):  # cached in both processes of each server
                check(c.request("GET", page)[0] == 200, f"{c.port}: the reporter reads its own unit")
        django_run(env_c, MEMBERSHIP.format(give=False))
        for c in (a, b):
            for _ in range(2):
                check(c.request("GET", page)[0] == 404, f"{c.port}: membership taken away elsewhere, refused")
        django_run(env_c, MEMBERSHIP.format(give=True))
        for c in (a, b):
            check(c.request("GET", page)[0] == 200, f"{c.port}: membership given back elsewhere, seen")
        _s, body = a.request("GET", "/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        check(
            a.request("POST", "/tai-khoan/dang-xuat/", {"csrfmiddlewaretoken": token})[0] == 302,
            "logout on A",
        )
        status, _ = b.request("GET", page)
        check(status == 302, "the session ended on A is refused on B")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
    print("two processes agree", flush=True)


if __name__ == "__main__":
    main()
