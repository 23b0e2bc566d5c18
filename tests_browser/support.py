"""Helpers for browser tests: start the real app on demo data, log in, take screenshots.

Other apps' browser tests reuse these through the fixtures in ``conftest.py``::

    from tests_browser.support import login, screenshot

    def test_reporter_sees_tasks(live_app, browser_page):
        page = browser_page
        login(page, live_app, "baocao.stp")
        page.goto(live_app.url("/nhiem-vu/"))
        ...
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from cchc.core.demo_users import DEMO_PASSWORD

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT_DIR = REPO / "var" / "screenshots"
LOGIN_PATH = "/tai-khoan/dang-nhap/"
# Loading the demo data takes about a minute; a demo step that hangs must not hang CI.
DEMO_TIMEOUT = int(os.environ.get("CCHC_DEMO_TIMEOUT", "900"))

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    """Debian's Chromium (never a Playwright-downloaded one); CCHC_CHROMIUM overrides."""
    candidate = os.environ.get("CCHC_CHROMIUM") or "/usr/bin/chromium"
    if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
        return candidate
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveApp:
    """A running ``cchc serve`` on a throwaway SQLite database filled by ``cchc demo``."""

    base_url: str
    workdir: Path
    env: dict[str, str] = field(repr=False)
    process: subprocess.Popen | None = field(default=None, repr=False)
    worker: subprocess.Popen | None = field(default=None, repr=False)  # ``cchc worker`` (downloads, jobs)

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def run_cchc(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run a ``cchc`` command against the live app's database (e.g. to add data for a test)."""
        return subprocess.run(
            [sys.executable, "-m", "cchc.cli", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=300,
        )


def app_env(workdir: Path) -> dict[str, str]:
    """The environment of a real demo run: not the test settings of the pytest process."""
    env = dict(os.environ)
    env.pop("PYTEST_VERSION", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cchc.settings",
            "DATABASE_URL": f"sqlite:///{workdir / 'cchc.sqlite3'}",
            "CCHC_VAR_DIR": str(workdir),
            "CCHC_DEMO": "1",
            "CCHC_TESTING": "0",
            "CCHC_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def start_app(workdir: Path, *, timeout: float = 60) -> LiveApp:
    """Prepare the demo data (``cchc demo --fresh --no-serve``), then ``cchc serve`` on a free port."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = app_env(workdir)
    try:
        prepared = subprocess.run(
            [sys.executable, "-m", "cchc.cli", "demo", "--fresh", "--no-serve"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=DEMO_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(
            f"`cchc demo --no-serve` did not finish in {DEMO_TIMEOUT}s; its output so far:\n{exc.stdout}"
        ) from None
    if prepared.returncode != 0:
        raise RuntimeError(f"`cchc demo --no-serve` failed:\n{prepared.stdout}\n{prepared.stderr}")
    port = free_port()
    with open(workdir / "serve.log", "w") as log:  # the child keeps its own handle
        process = subprocess.Popen(
            [sys.executable, "-m", "cchc.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    with open(workdir / "worker.log", "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "cchc.cli", "worker"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    app = LiveApp(
        base_url=f"http://127.0.0.1:{port}", workdir=workdir, env=env, process=process, worker=worker
    )
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"`cchc serve` exited early:\n{(workdir / 'serve.log').read_text()}")
        try:
            with urllib.request.urlopen(app.url(LOGIN_PATH), timeout=2) as response:
                if response.status == 200:
                    return app
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            stop_app(app)
            raise RuntimeError(
                f"`cchc serve` did not answer in {timeout}s:\n{(workdir / 'serve.log').read_text()}"
            )
        time.sleep(0.1)


def stop_app(app: LiveApp) -> None:
    for process in (app.process, app.worker):
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def login(page, app: LiveApp, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form; returns on the page the form leads to."""
    page.goto(app.url(LOGIN_PATH))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def screenshot(page, name: str) -> Path:
    """Full-page screenshot into var/screenshots/NAME.png (kept after the run, for looking at)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
