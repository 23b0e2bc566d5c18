"""The leader's dashboard on desktop and phone, one drill-down to its list; the public page without login."""

from __future__ import annotations

import re

from tests_browser.support import login, screenshot


def test_leader_dashboard_desktop_phone_and_drill_down(live_app, browser_page, phone_page):
    page = browser_page
    login(page, live_app, "lanhdao.haiphong")
    page.goto(live_app.url("/dieu-hanh/"))
    assert page.locator("h1").inner_text() == "Bảng điều hành cải cách hành chính"
    total = int(page.locator(".tile .tile-value").first.inner_text().replace(".", ""))
    assert total > 0, "real figures from the demo data"
    assert page.locator("svg.chart").count() >= 3
    assert page.get_by_text("Chưa có dữ liệu", exact=False).first.is_visible()
    screenshot(page, "oversight-dashboard-desktop")

    overdue = page.locator(".overdue-units a").first
    unit_name = overdue.inner_text()
    with page.expect_navigation():
        overdue.click()
    assert re.search(r"/nhiem-vu/danh-sach/\?", page.url) and "status=overdue" in page.url
    table = page.locator("#task-table")
    assert table.count() == 1 and unit_name in table.inner_text()
    screenshot(page, "oversight-drill-down")

    login(phone_page, live_app, "lanhdao.haiphong")
    phone_page.goto(live_app.url("/dieu-hanh/"))
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "no horizontal scrolling of the page on a phone"
    assert phone_page.locator(".tile").first.is_visible()
    screenshot(phone_page, "oversight-dashboard-phone")


def test_published_results_without_login(live_app, new_page):
    page = new_page()
    response = page.goto(live_app.url("/cong-khai/HP/"))
    assert response.status == 200
    link = page.get_by_role("link", name=re.compile("năm 2022"))
    with page.expect_navigation():
        link.first.click()
    assert "Tỷ lệ hoàn thành" in page.content()
    assert not page.context.cookies(), "the public section sets no cookie"
    screenshot(page, "oversight-public-2022")
