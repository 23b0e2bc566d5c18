"""A unit walks its report draft -> approve -> submit; the standing agency accepts and consolidates."""

from __future__ import annotations

from tests_browser.support import login, screenshot


def test_unit_report_walk_and_consolidation(live_app, new_page):
    # a period of 216/KH-UBND's years (2021–2025) without a demo report: the page offers only those
    period = "2025-Q3"
    reporter = new_page()
    login(reporter, live_app, "baocao.stp")
    reporter.goto(live_app.url("/bao-cao/"))
    reporter.locator(f"a[href*='/{period}/?plan=']").first.click()
    reporter.wait_for_load_state()
    edit_url = reporter.url
    reporter.locator("textarea[name=area_institutions]").fill("Đã rà soát 25 văn bản quy phạm pháp luật.")
    reporter.locator("input[name=annex_dossiers_received]").fill("120")
    with reporter.expect_navigation():
        reporter.get_by_role("button", name="Lưu dự thảo").click()
    assert reporter.get_by_text("Đã lưu phiên bản 1.").is_visible()
    assert reporter.locator("#report-status").inner_text() == "Dự thảo"

    head = new_page()
    login(head, live_app, "lanhdao.stp")
    head.goto(edit_url)
    with head.expect_navigation():
        head.get_by_role("button", name="Lãnh đạo duyệt").click()
    assert head.locator("#report-status").inner_text() == "Lãnh đạo đơn vị đã duyệt"
    with head.expect_navigation():
        head.get_by_role("button", name="Gửi cơ quan thường trực").click()
    assert head.locator("#report-status").inner_text() == "Đã gửi"
    head.get_by_role("link", name="Xem chi tiết, các phiên bản").click()
    head.wait_for_load_state()
    detail_url = head.url
    screenshot(head, "reporting-unit-submitted")

    officer = new_page()
    login(officer, live_app, "snv.haiphong")
    officer.goto(detail_url)
    with officer.expect_navigation():
        officer.get_by_role("button", name="Tiếp nhận").click()
    assert officer.locator("#report-status").inner_text() == "Đã tiếp nhận"
    officer.goto(live_app.url("/bao-cao/"))
    officer.locator("a[href*='/tong-hop/'][href$='/2022-Y/']").first.click()
    officer.wait_for_load_state()
    assert "lượt giao chủ trì đến hạn" in officer.locator("#summary").inner_text()
    screenshot(officer, "reporting-consolidation")
    # the DOCX is prepared in the background (cchc worker): a progress page, then the file
    with officer.expect_navigation():
        officer.get_by_role("button", name="Tải DOCX").click()
    assert "/tep/" in officer.url and officer.locator("#job-progress progress").count() == 1
    officer.get_by_role("link", name="Tải tệp").wait_for(timeout=90_000)
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Tải tệp").click()
    assert download.value.suggested_filename.endswith(".docx")
