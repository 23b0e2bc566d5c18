"""The import preview in a real browser (issue 16, "Import preview"): a plan from another
province is flagged, the unit picker is searchable, the report lists the lines not understood
and one is marked "not a task" (demo data, desktop and phone)."""

from __future__ import annotations

from cchc.plans.demo import SEEDS_DIR
from tests_browser.support import login, screenshot

PLAN_EXTRA = "Dòng giới thiệu này không phải là nội dung nào của kế hoạch\n"


def test_officer_reviews_an_import_of_another_province(live_app, new_page, tmp_path):
    seed = next(SEEDS_DIR.glob("002_*.txt")).read_text(encoding="utf-8")
    head, sep, rest = seed.partition("Căn cứ")
    upload = tmp_path / "ke-hoach-vinh-yen.txt"
    upload.write_text(head + sep + rest.replace("\nI.", "\n" + PLAN_EXTRA + "I.", 1), encoding="utf-8")

    page = new_page()
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/ke-hoach/nhap/"))
    page.locator("input[type=file]").set_input_files(str(upload))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
    assert "/ke-hoach/nhap/" in page.url

    warning = page.locator("#outside-province")
    assert warning.is_visible() and "Vinh Yên" in warning.inner_text()
    report = page.locator("#import-report")
    assert "Dòng giới thiệu này không phải là nội dung nào của kế hoạch" in report.inner_text()
    picker = page.locator("input.unit-picker").first
    assert picker.get_attribute("list") == "unit-choices"
    assert page.locator("#unit-choices option").count() > 10
    screenshot(page, "import-preview-outside-province")

    row = report.locator("tr", has_text="Dòng giới thiệu này")
    row.locator("select").first.select_option("ignore")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu chỉnh sửa").click()
    row = page.locator("#import-report tr", has_text="Dòng giới thiệu này")
    assert row.locator("select").first.input_value() == "ignore"

    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, live_app, "snv.haiphong")
    phone.goto(page.url)
    assert phone.locator("#outside-province").is_visible()
    screenshot(phone, "import-preview-phone")
