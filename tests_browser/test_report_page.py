"""The reports page and the province's report, walked as the standing agency and as a unit's
reporter on the demo (plan 216/KH-UBND, 2021–2025)."""

from __future__ import annotations

import re

from tests_browser.support import login, screenshot


def _plan_216(page, live_app):
    page.goto(live_app.url("/bao-cao/"))
    link = page.locator("#plans a", has_text="216/KH-UBND").first
    with page.expect_navigation():
        link.click()


def test_standing_agency_sees_every_period_and_edits_the_assessment(live_app, new_page):
    officer = new_page()
    login(officer, live_app, "snv.haiphong")
    _plan_216(officer, live_app)
    rows = officer.locator("#period-status tr").all_inner_texts()[1:]
    labels = [r.split("\t")[0].strip() for r in rows]
    years = [int(re.search(r"(20\d\d)", label)[1]) for label in labels]
    assert years == sorted(years, reverse=True) and set(years) == {2021, 2022, 2023, 2024, 2025}
    assert len(labels) == 20  # Q1, 6 months, Q3 and the year of each of the plan's five years
    year_2022 = next(r for r in rows if r.startswith("Năm 2022"))
    assert "đã gửi" in year_2022 and "đã tiếp nhận" in year_2022
    screenshot(officer, "report-page-periods")

    officer.locator("#period-status a[href*='/tong-hop/'][href$='/2022-Y/']").click()
    officer.wait_for_load_state()
    headings = officer.locator("#report-outline h2").all_inner_texts()
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV"]
    assert "lượt giao chủ trì" in officer.locator("#summary").inner_text()
    officer.locator("#text_strengths").fill("Hoàn thành đúng hạn các nhiệm vụ trọng tâm của năm 2022.")
    with officer.expect_navigation():
        officer.get_by_role("button", name="Lưu nội dung").click()
    assert (
        officer.locator("#strengths").get_by_text("Hoàn thành đúng hạn các nhiệm vụ trọng tâm").is_visible()
    )
    screenshot(officer, "report-consolidation-outline")


def test_reporter_sees_the_units_periods_and_errors_where_the_eye_is(live_app, new_page):
    reporter = new_page()
    login(reporter, live_app, "baocao.stp")
    reporter.goto(live_app.url("/bao-cao/"))
    assert reporter.locator("#period-status").count() == 0  # province-wide counts are not a reporter's
    states = reporter.locator("#unit-report-states")
    assert "Đã gửi" in states.locator("tr:has(a[href*='/2022-Y/'])").inner_text()
    row = states.locator("tr:has(a[href*='/2025-Q3/'])")
    assert "Chưa lập" in row.inner_text() and "Lập báo cáo" in row.inner_text()
    screenshot(reporter, "report-page-reporter")
    with reporter.expect_navigation():
        row.get_by_role("link", name="Lập báo cáo").click()
    reporter.locator("textarea[name=area_institutions]").fill("Đã rà soát 25 văn bản quy phạm pháp luật.")
    reporter.locator("input[name=annex_dossiers_received]").fill("100")
    reporter.locator("input[name=annex_dossiers_online]").fill("250")  # more online than received
    with reporter.expect_navigation():
        reporter.get_by_role("button", name="Lưu dự thảo").click()
    online = reporter.locator("input[name=annex_dossiers_online]")
    assert online.get_attribute("aria-invalid") == "true"
    # both figures of the broken sum are marked; the first in the page has the cursor
    assert reporter.locator("input[name=annex_dossiers_received]").get_attribute("aria-invalid") == "true"
    assert reporter.evaluate("document.activeElement.name") == "annex_dossiers_received"
    assert online.input_value() == "250"  # nothing typed is lost
    assert "Đã rà soát 25 văn bản" in reporter.locator("textarea[name=area_institutions]").input_value()
    assert (
        "không thể lớn hơn"
        in reporter.locator("tr.has-error:has(input[name=annex_dossiers_online])").inner_text()
    )
    # every reason box has a label a screen reader reads
    label = reporter.locator("label[for=id_reason_dossiers_online]")
    assert "Lý do điều chỉnh" in label.inner_text()
    screenshot(reporter, "report-unit-field-error")
