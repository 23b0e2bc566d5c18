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
    # it opens on the latest year with approved PAR results (2022 in the demo), not on 2023, whose
    # campaign is still being scored
    assert page.locator("#year option[selected]").inner_text().strip() == "2022"
    screenshot(page, "oversight-dashboard-desktop")

    item = page.locator(".overdue-units li").first
    count = int(re.search(r": (\d+) quá hạn", item.inner_text()).group(1))
    with page.expect_navigation():
        item.locator("a").click()
    assert re.search(r"/nhiem-vu/danh-sach/\?", page.url) and "status=overdue" in page.url
    rows = page.locator("#task-table tbody tr:has(td)")
    total = int(
        re.search(r"trong ([\d.]+)", page.locator(".pager").first.inner_text()).group(1).replace(".", "")
    )
    assert total == count, "the list behind the figure has exactly that many rows (all pages)"
    assert rows.count() == min(count, 50)
    assert all("Quá hạn" in text for text in rows.all_inner_texts())
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
    link = page.get_by_role("link", name=re.compile("kế hoạch cải cách hành chính năm 2022"))
    with page.expect_navigation():
        link.first.click()
    assert "Tỷ lệ hoàn thành" in page.content()
    assert not page.context.cookies(), "the public section sets no cookie"
    screenshot(page, "oversight-public-2022")
