"""The standing officer reads a target of 216/KH-UBND on its own page: target 5 ("mỗi năm tăng
tối thiểu 20% đối với mỗi cấp") shows the 2022 requirement of each cấp computed from its 2021
value, a coverage rule above 100% is refused with nothing saved, the increase is confirmed as
relative growth and the requirement changes; target 6 warns that it shares target 5's indicator
(real browser, demo data)."""

from __future__ import annotations

from tests_browser.support import login, screenshot


def _required(page) -> dict[str, str]:
    rows = page.locator("#target-levels tbody tr")
    return {
        rows.nth(i).locator("th").inner_text().strip(): rows.nth(i)
        .locator("td.required")
        .inner_text()
        .strip()
        for i in range(rows.count())
    }


def test_target_page_shows_the_requirement_per_cap_and_saves_the_rule(live_app, new_page):
    page = new_page()
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/ke-hoach/"))
    page.get_by_role(
        "link", name="THỰC HIỆN CHƯƠNG TRÌNH TỔNG THỂ CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC THÀNH PHỐ HẢI PHÒNG"
    ).click()
    page.locator("#plan-attainment").get_by_role("link", name="Chi tiết, gắn chỉ số").click()
    assert "2022-Y" in page.locator("h1").inner_text()
    page.locator("#attainment tbody tr").nth(0).locator("td").nth(1).get_by_role("link").click()
    assert "mỗi năm tăng tối thiểu 20%" in page.locator("#target-text").inner_text()
    # the demo's 2021 values: cấp tỉnh 31,58%, cấp huyện 20,53% → 2022 requires +20 points
    assert _required(page) == {"cấp tỉnh": "≥ 51,58%", "cấp huyện": "≥ 40,53%", "cấp xã": "—"}
    status = page.locator("#target-status").inner_text()
    assert status.startswith("Chưa đạt") and "cấp huyện" in status
    page.locator("#target-levels details").first.click()
    assert page.locator("#target-levels ul.inputs li").count() > 5  # the units' values behind it
    screenshot(page, "target-5-2022")

    # bad input: a coverage rule above 100%, refused with a message, nothing saved
    page.locator("#coverage").fill("120")
    page.locator("#save-rule").click()
    assert "không quá 100%" in page.locator("main").inner_text()
    assert "Chưa lưu" in page.locator("#target-rule").inner_text()

    # the officer confirms relative growth for the two cấp the province reports on
    page.locator("#coverage").fill("")
    page.locator("select[name=increase_mode]").select_option("relative")
    page.get_by_label("Tôi xác nhận cách tính này").check()
    page.locator("input[name=levels][value=commune]").uncheck()
    page.locator("input[name=levels][value=province]").check()
    page.locator("input[name=levels][value=district]").check()
    page.locator("#save-rule").click()
    assert "Đã lưu cách đánh giá chỉ tiêu" in page.locator("main").inner_text()
    required = _required(page)
    assert set(required) == {"cấp tỉnh", "cấp huyện"}
    assert required["cấp huyện"].endswith("24,64%")  # 20,53 × 1,2
    assert "đã được xác nhận" in page.locator("#target-rule").inner_text()
    screenshot(page, "target-5-relative")

    # target 6 (same indicator, "cho đến khi đạt 100%"): the page warns about the shared number
    page.get_by_role("link", name="Kết quả chỉ tiêu của kế hoạch 216/KH-UBND").click()
    page.locator("#attainment tbody tr").nth(1).locator("td").nth(1).get_by_role("link").click()
    assert "cùng một số liệu" in page.locator("#shared-warning").inner_text()
