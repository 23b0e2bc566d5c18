"""Browser-test fixtures, for every app's browser tests:

- ``live_app`` (session): the real app (``cchc serve``, waitress) on demo data in a temp SQLite
  database; ``live_app.url("/path")``, ``live_app.base_url``, ``live_app.run_cchc(...)``.
- ``browser`` (session): Debian's headless Chromium through Playwright.
- ``browser_page``: a fresh desktop-sized page (own cookies); ``phone_page``: 390x844.
- ``new_page(viewport=..., locale=...)``: more pages, e.g. two users at once.

Helpers ``login(page, live_app, username)`` and ``screenshot(page, name)`` live in support.py.

Every page runs under the app's Content-Security-Policy, and a test FAILS if the browser reports a
violation (a ``securitypolicyviolation`` event or a "Content Security Policy" console message):
inline scripts, ``<style>`` blocks, ``style=`` attributes and ``on*=`` handlers are refused. A
test that provokes a violation on purpose empties ``csp_violations`` itself.
Without Chromium the tests skip, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os

import pytest

from tests_browser.support import (
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    chromium_path,
    start_app,
    stop_app,
)

# Playwright's sync API runs an event loop; let tests that also touch the ORM do so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    app = start_app(tmp_path_factory.mktemp("live-app"))
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        message = "Chromium not found (apt-get install chromium, or set CCHC_CHROMIUM)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Runs in every document before its own scripts (Playwright's init scripts are not subject to the
# page's policy): report each violation on the console, where the fixture collects it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
    + " in " + e.documentURI + (e.lineNumber ? ":" + e.lineNumber : ""));
});
"""


def is_csp_violation(text: str) -> bool:
    return "CSP violation" in text or "Content Security Policy" in text


@pytest.fixture
def csp_violations():
    """The CSP violations reported by the pages of this test (empty it to accept one)."""
    return []


@pytest.fixture
def new_page(browser, csp_violations):
    contexts = []

    def make(viewport: dict | None = None, locale: str = "vi-VN"):
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale=locale, timezone_id="Asia/Ho_Chi_Minh"
        )
        context.set_default_timeout(15_000)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        page = context.new_page()
        watch_csp(page, csp_violations)
        context.on("page", lambda other: watch_csp(other, csp_violations))
        return page

    yield make
    for context in contexts:
        context.close()
    if csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(csp_violations)))


def watch_csp(page, sink: list) -> None:
    def on_console(message):
        if message.type in {"error", "warning"} and is_csp_violation(message.text):
            sink.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.fixture
def browser_page(new_page):
    return new_page(DESKTOP)


@pytest.fixture
def phone_page(new_page):
    return new_page(PHONE)
