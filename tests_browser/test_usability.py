"""Everyday usability on a phone and a desktop (issue 16): the folded menu, task rows as cards, the
month calendar, readable history, and the reports page's highlighted periods."""

from __future__ import annotations

import re

from tests_browser.support import login, screenshot


def test_phone_menu_folds_and_the_first_task_is_on_the_first_screen(live_app, phone_page):
    page = phone_page
    login(page, live_app, "baocao.stp")
    page.goto(live_app.url("/nhiem-vu/"))
    nav = page.locator("nav.main")
    assert not nav.is_visible(), "the menu is folded behind the toggle on a phone"
    first = page.locator("#task-table tbody tr").first
    box = first.bounding_box()
    assert box is not None and box["y"] < 844, "the first task is on the first screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 400, "no sideways scrolling"
    screenshot(page, "usability-phone-task-cards")
    page.locator("label.nav-toggle-label").click()
    assert nav.is_visible()
    screenshot(page, "usability-phone-menu-open")


def test_month_calendar_navigates_by_month(live_app, browser_page, phone_page):
    page = browser_page
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/nhiem-vu/lich-han/?month=2022-12"))
    assert page.locator("h1").inner_text() == "Lịch hạn tháng 12/2022"
    assert page.locator(".month-week").count() in (5, 6)
    assert page.locator(".month-day:not(.outside) li").count() > 0, "demo work due in December 2022"
    screenshot(page, "usability-calendar-desktop")
    with page.expect_navigation():
        page.locator("a[rel=next]").click()
    assert "01/2023" in page.locator("h1").inner_text()
    login(phone_page, live_app, "snv.haiphong")
    phone_page.goto(live_app.url("/nhiem-vu/lich-han/?month=2022-12"))
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(phone_page, "usability-calendar-phone")


def test_history_and_reports_page_read_as_words(live_app, browser_page):
    page = browser_page
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/nhat-ky/"))
    body = page.locator("main").inner_text()
    assert not re.search(r"\b(not_started|in_progress|awaiting_head)\b", body), "no raw codes"
    screenshot(page, "usability-history")
    page.goto(live_app.url("/bao-cao/"))
    assert page.locator("#plans li").count() >= 1, "periods grouped by plan"
    screenshot(page, "usability-reports")
