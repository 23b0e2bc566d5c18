"""Smoke test of the real app in a real browser: log in, see the Vietnamese home page, be refused."""

from __future__ import annotations

from tests_browser.support import LOGIN_PATH, login, screenshot


def test_login_page_is_in_vietnamese_and_lists_demo_users(live_app, browser_page):
    page = browser_page
    page.goto(live_app.url("/"))

    assert page.url.startswith(live_app.url(LOGIN_PATH))
    assert page.locator("h1").inner_text() == "Đăng nhập"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("#demo-users").get_by_text("snv.haiphong").is_visible()
    screenshot(page, "login-desktop")


def test_standing_officer_logs_in_and_sees_home_page(live_app, browser_page):
    page = browser_page
    login(page, live_app, "snv.haiphong")

    assert page.url == live_app.url("/")
    assert page.locator("h1").inner_text() == "Trang chủ"
    assert page.get_by_role("navigation").get_by_role("link", name="Trang chủ").is_visible()
    body = page.locator("main").inner_text()
    assert "Sở Nội vụ" in body
    assert "Đăng xuất" in page.locator("header").inner_text()
    assert page.title().startswith("Trang chủ")
    screenshot(page, "home-desktop")


def test_home_page_fits_a_phone(live_app, phone_page):
    page = phone_page
    login(page, live_app, "snv.haiphong")

    assert page.locator("h1").inner_text() == "Trang chủ"
    # the menu and the user box fold behind "Menu" on a phone (issue 16), and open on a tap
    assert not page.locator("header .userbox").is_visible()
    page.locator("label.nav-toggle-label").click()
    assert page.locator("header .userbox").is_visible()
    # Nothing wider than the screen: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-phone")


def test_wrong_password_is_refused_with_a_vietnamese_message(live_app, browser_page):
    page = browser_page
    login(page, live_app, "snv.haiphong", password="mat-khau-sai-123")

    assert page.url.startswith(live_app.url(LOGIN_PATH))
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").is_visible()
    assert page.locator("h1").inner_text() == "Đăng nhập"
    screenshot(page, "login-refused-desktop")


def test_logout_returns_to_the_login_page(live_app, browser_page):
    page = browser_page
    login(page, live_app, "baocao.stp")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()

    assert page.url.startswith(live_app.url(LOGIN_PATH))
    page.goto(live_app.url("/"))
    assert page.url.startswith(live_app.url(LOGIN_PATH))


def test_login_page_fits_a_phone(live_app, phone_page):
    page = phone_page
    page.goto(live_app.url(LOGIN_PATH))

    assert page.locator("#id_username").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "login-phone")


def test_home_panels_have_no_empty_list_items(live_app, browser_page):
    page = browser_page
    login(page, live_app, "snv.haiphong")

    items = page.locator("main section.card li").all_inner_texts()
    assert all(text.strip() for text in items), items


def test_language_button_switches_to_english_and_back(live_app, browser_page):
    page = browser_page
    login(page, live_app, "snv.haiphong")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Home"
    assert page.get_by_role("navigation").get_by_text("Plans and tasks", exact=True).is_visible()
    assert "Sign out" in page.locator("header").inner_text()
    assert "Sở Nội vụ" in page.locator("main").inner_text()  # unit names are not translated
    screenshot(page, "home-english-desktop")
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếng Việt").click()
    assert page.locator("h1").inner_text() == "Trang chủ"
