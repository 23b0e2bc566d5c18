"""Kinh phí CCHC in a real browser (demo data): the standing officer opens a budget round; the
unit heads of Sở Tư pháp (desktop) and Sở TT&TT (phone) fill their estimates (a task of the unit,
"thêm dòng" by htmx for other CCHC work, amounts typed as 1.250.000.000), a wrong total is refused
beside its box with nothing lost, then they submit; the finance agency adjusts one line (refused
without a reason, then with one) and allocates, on desktop and on the phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests_browser.support import login, screenshot


def _open_round(page, live_app) -> str:
    """A round of 216/KH-UBND for a year the demo has none for; returns its address."""
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/kinh-phi/"))
    taken = page.locator("#rounds").inner_text()
    year = next(y for y in range(2025, 2000, -1) if f"Dự toán năm {y}" not in taken)
    form = page.locator("#round-create")
    plan = form.locator("select[name=plan] option", has_text="216/KH-UBND").first.get_attribute("value")
    form.locator("select[name=plan]").select_option(plan)
    form.locator("input[name=year]").fill(str(year))
    form.locator("input[name=due_date]").fill("31/12/2099")
    form.locator("input[name=basis]").fill("216/KH-UBND mục V, VI.1.b; VI.2 (minh họa)")
    with page.expect_navigation():
        form.get_by_role("button", name="Tạo kỳ lập dự toán").click()
    assert "Đã tạo kỳ lập dự toán" in page.locator("main").inner_text()
    return page.url


def _fill_estimate(page, live_app, round_url, head, unit_name, shot):
    login(page, live_app, head)
    page.goto(round_url)
    page.locator("#own-estimate").click()
    page.wait_for_load_state()
    assert unit_name in page.locator("h1").inner_text()
    rows = page.locator("#line-rows tr")
    first = rows.nth(0)
    first.locator("select[name=task]").select_option(index=1)  # the unit's first task
    first.locator("input[name=requested]").fill("1.250.000.000")
    before = rows.count()
    page.locator("#add-line").click()
    expect(rows).to_have_count(before + 1)  # the row htmx added
    added = rows.nth(before)
    added.locator("textarea[name=description]").fill("Tập huấn kỹ năng cho công chức bộ phận một cửa")
    added.locator("select[name=source]").select_option("other")
    added.locator("input[name=requested]").fill("35.000.000")
    page.locator("#declared_total").fill("1.300.000.000")  # wrong: the lines make 1.285.000.000
    with page.expect_navigation():
        page.locator("#submit-estimate").click()
    assert page.locator("#declared_total-error").is_visible()
    assert page.locator("#declared_total").input_value() == "1.300.000.000"
    assert (
        page.locator("#line-rows tr").nth(before).locator("input[name=requested]").input_value()
        == "35.000.000"
    )
    screenshot(page, f"{shot}-total-refused")
    page.locator("#declared_total").fill("1.285.000.000")
    with page.expect_navigation():
        page.locator("#submit-estimate").click()
    assert "Đã gửi dự toán" in page.locator("main").inner_text()
    assert page.locator("#estimate-status").inner_text() == "Đã gửi, chờ thẩm định"
    assert "1.285.000.000 đ" in page.locator("#lines").inner_text()
    screenshot(page, f"{shot}-submitted")


def _appraise(page, live_app, round_url, unit_name, shot):
    login(page, live_app, "taichinh.haiphong")
    page.goto(round_url)
    page.locator("#appraisal-queue").get_by_role("link", name=unit_name, exact=True).click()
    page.wait_for_load_state()
    first = page.locator("#appraise-lines tbody tr").nth(0)
    first.locator("input[name^=approved-]").fill("1.000.000.000")
    page.locator("#allocation_ref").fill("1234/QĐ-UBND ngày 20/12/2021")
    with page.expect_navigation():
        page.locator("#save-appraisal").click()
    assert "Ghi lý do điều chỉnh" in page.locator("#appraise-lines tbody tr").nth(0).inner_text()
    assert (
        page.locator("#appraise-lines tbody tr").nth(0).locator("input[name^=approved-]").input_value()
        == "1.000.000.000"
    )
    screenshot(page, f"{shot}-reason-missing")
    page.locator("#appraise-lines tbody tr").nth(0).locator("input[name^=reason-]").fill(
        "Đã bố trí một phần trong đề án chuyển đổi số"
    )
    with page.expect_navigation():
        page.locator("#save-appraisal").click()
    assert "Đã thẩm định và giao dự toán" in page.locator("main").inner_text()
    page.locator("#filters input[name=q]").fill(unit_name)
    with page.expect_navigation():
        page.locator("#filters button").click()
    page.locator("#units").get_by_role("link", name=unit_name, exact=True).click()
    page.wait_for_load_state()
    lines = page.locator("#lines").inner_text()
    assert "1.000.000.000 đ" in lines and "Đã bố trí một phần" in lines
    screenshot(page, f"{shot}-appraised")


def test_estimate_and_appraisal_on_desktop_and_phone(live_app, new_page, browser_page, phone_page):
    round_url = _open_round(new_page(), live_app)
    _fill_estimate(browser_page, live_app, round_url, "lanhdao.stp", "Sở Tư pháp", "budget-desktop")
    _fill_estimate(
        phone_page, live_app, round_url, "lanhdao.stttt", "Sở Thông tin và Truyền thông", "budget-phone"
    )
    # the phone shows each line as a card, without sideways scrolling of the page
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finance_desktop, finance_phone = new_page(), new_page(viewport={"width": 390, "height": 844})
    _appraise(finance_desktop, live_app, round_url, "Sở Tư pháp", "budget-appraisal-desktop")
    _appraise(finance_phone, live_app, round_url, "Sở Thông tin và Truyền thông", "budget-appraisal-phone")
    assert finance_phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
