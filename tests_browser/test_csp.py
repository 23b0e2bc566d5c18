"""The Content-Security-Policy holds in a real browser, and the browser tests notice a breach."""

from __future__ import annotations

from tests_browser.support import login


def test_pages_run_under_the_policy_without_violations(live_app, browser_page, csp_violations):
    page = browser_page
    login(page, live_app, "snv.haiphong")
    for path in ("/", "/ke-hoach/", "/nhiem-vu/", "/bao-cao/", "/nhat-ky/", "/api/docs"):
        response = page.goto(live_app.url(path))
        assert response.status < 400, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    assert csp_violations == []


def test_an_inline_style_is_refused_and_reported(live_app, browser_page, csp_violations):
    page = browser_page
    page.goto(live_app.url("/tai-khoan/dang-nhap/"))
    # What an injected <style> or inline script would do: the policy refuses both.
    page.evaluate(
        """() => {
        const s = document.createElement("style"); s.textContent = "body{display:none}";
        document.head.appendChild(s);
        const j = document.createElement("script"); j.textContent = "window.__pwned = 1";
        document.head.appendChild(j);
    }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("body").is_visible()
    assert any("style-src" in v for v in csp_violations), csp_violations
    assert any("script-src" in v for v in csp_violations), csp_violations
    csp_violations.clear()  # provoked on purpose
