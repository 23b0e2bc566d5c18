"""A citizen fills the public survey form on a phone with an invitation code; the code cannot be
used twice (real browser, demo data: the open one-stop desk round of Hải Phòng)."""

from __future__ import annotations

from tests_browser.support import PHONE, login, screenshot


def test_citizen_fills_the_form_on_a_phone_and_the_code_is_refused_the_second_time(live_app, new_page):
    officer = new_page()
    login(officer, live_app, "snv.haiphong")
    officer.goto(live_app.url("/khao-sat/"))
    # the 2022 SIPAS round: indices per unit with intervals, against 216/KH-UBND's 90 % target
    officer.get_by_role("link", name="Khảo sát sự hài lòng (SIPAS) năm 2022").first.click()
    table = officer.locator("table.data").first
    assert "Chỉ số hài lòng về sự phục vụ hành chính" in table.inner_text()
    assert "Sở Tư pháp" in table.inner_text() and "90%" in table.inner_text()
    assert officer.locator("svg.chart").count() == 1
    screenshot(officer, "surveys-results-2022")
    officer.goto(live_app.url("/khao-sat/"))
    officer.get_by_role("link", name="Đánh giá Bộ phận Một cửa tháng 12/2026").click()
    officer.get_by_role("link", name="Sở Tư pháp").first.click()
    officer.get_by_role("link", name="đợt 1").click()
    code = officer.locator(".qr-code").first.inner_text().strip()
    assert len(code) == 9 and officer.locator(".qr-card svg").count() >= 1
    screenshot(officer, "surveys-invitation-sheet")

    phone = new_page(viewport=PHONE)
    phone.goto(live_app.url("/phieu/"))
    phone.get_by_label("Mã khảo sát").fill(code.lower())
    phone.get_by_role("button", name="Bắt đầu").click()
    assert "Bước 1/2" in phone.locator(".progress-text").inner_text()
    # a required question left out: a clear message, on the same screen
    phone.get_by_role("group", name="Thời gian giải quyết hồ sơ").get_by_label("Hài lòng", exact=True).check()
    phone.get_by_role("group", name="Thái độ phục vụ của công chức").get_by_label("Rất hài lòng").check()
    phone.get_by_role("button", name="Tiếp tục").click()
    assert "Vui lòng trả lời câu" in phone.locator(".error-summary").inner_text()
    phone.get_by_role(
        "group", name="Ông/Bà đánh giá thế nào về việc giải quyết hồ sơ của mình?"
    ).get_by_label("Chưa hài lòng").check()
    phone.get_by_role("button", name="Tiếp tục").click()
    assert "Lý do chưa hài lòng" in phone.locator("h1").inner_text()
    phone.get_by_label("Trễ hẹn trả kết quả").check()
    phone.get_by_label("Góp ý để cơ quan phục vụ tốt hơn").fill("Nên nhắn tin khi có kết quả.")
    screenshot(phone, "surveys-phone-form")
    phone.get_by_role("button", name="Gửi phiếu").click()
    assert "Cảm ơn Ông/Bà" in phone.locator("h1").inner_text()

    again = new_page(viewport=PHONE)
    response = again.goto(live_app.url(f"/phieu/{code.replace('-', '')}/"))
    assert response.status == 409
    assert "đã được dùng để gửi phiếu" in again.locator(".error").inner_text()
    screenshot(again, "surveys-code-reused")
