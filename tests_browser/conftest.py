"""Browser-test fixtures, for every app's browser tests:

- ``live_app`` (session): the real app (``cchc serve``, waitress) on demo data in a temp SQLite
  database; ``live_app.url("/path")``, ``live_app.base_url``, ``live_app.run_cchc(...)``.
- ``browser`` (session): Debian's headless Chromium through Playwright.
- ``browser_page``: a fresh desktop-sized page (own cookies); ``phone_page``: 390x844.
- ``new_page(viewport=..., locale=...)``: more pages, e.g. two users at once.

Helpers ``login(page, live_app, username)`` and ``screenshot(page, name)`` live in support.py.
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


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport: dict | None = None, locale: str = "vi-VN"):
        context = browser.new_context(
            viewport=viewport or DESKTOP, locale=locale, timezone_id="Asia/Ho_Chi_Minh"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_page):
    return new_page(DESKTOP)


@pytest.fixture
def phone_page(new_page):
    return new_page(PHONE)
