"""A reporter records progress with an evidence file; the unit head approves it (real browser, demo data)."""

from __future__ import annotations

import datetime as dt
import re

from cchc.core.uploads import tiny_pdf
from tests_browser.support import login, screenshot


def test_reporter_records_progress_with_file_and_head_approves(live_app, new_page, tmp_path):
    reporter = new_page()
    login(reporter, live_app, "baocao.stp")
    reporter.goto(live_app.url("/nhiem-vu/?status=open"))
    assert reporter.locator("h1").inner_text() == "Việc của đơn vị tôi"
    reporter.locator("#task-table a").first.click()
    reporter.wait_for_load_state()
    task_url = reporter.url
    assert re.search(r"/nhiem-vu/\d+/$", task_url)

    evidence = tmp_path / "quyet-dinh.pdf"
    evidence.write_bytes(tiny_pdf("Quyet dinh 45/QD-STP"))
    form = reporter.locator("#update-form")
    form.locator("select[name=status]").select_option("done")
    form.locator("input[name=percent]").fill("100")
    form.locator("textarea[name=narrative]").fill("Đã ban hành Quyết định triển khai.")
    form.locator("input[name=doc_number]").fill("45/QĐ-STP")
    form.locator("input[name=doc_date]").fill((dt.date.today() - dt.timedelta(days=3)).isoformat())
    form.locator("input[name=issuer]").fill("Sở Tư pháp")
    form.locator("input[name=files]").set_input_files(str(evidence))
    with reporter.expect_navigation():
        form.get_by_role("button", name="Lưu báo cáo").click()

    assert reporter.get_by_text("Đã ghi nhận báo cáo tiến độ.").is_visible()
    history = reporter.locator("#history")
    assert "45/QĐ-STP" in history.inner_text()
    assert history.get_by_role("link", name="quyet-dinh.pdf").is_visible()
    assert "Chờ lãnh đạo đơn vị duyệt" in reporter.locator("#summary").inner_text()
    screenshot(reporter, "tracking-reporter-recorded")

    head = new_page()
    login(head, live_app, "lanhdao.stp")
    head.goto(task_url)
    with head.expect_navigation():
        head.get_by_role("button", name="Duyệt báo cáo hoàn thành").click()
    assert head.get_by_text("Đã cập nhật trạng thái duyệt.").is_visible()
    assert "Lãnh đạo đơn vị đã duyệt" in head.locator("#history").inner_text()
    assert "Chờ cơ quan thường trực xem xét" in head.locator("#summary").inner_text()
    screenshot(head, "tracking-head-approved")

    # a neighbour unit's reporter cannot even open the task
    other = new_page()
    login(other, live_app, "baocao.stttt")
    response = other.goto(task_url)
    assert response.status == 404


def test_plan_page_shows_areas_and_loads_an_areas_tasks_when_opened(live_app, new_page):
    """The framework page lists the plan's areas with their task counts; opening one loads its
    first page of tasks (htmx), and its pager loads the next page in place."""
    out = live_app.run_cchc(
        "shell",
        "-c",
        "from cchc.plans.models import Plan;"
        "print(Plan.objects.get(number='216/KH-UBND', parent_plan=None).pk)",
    )
    plan_id = out.stdout.strip().splitlines()[-1]
    page = new_page()
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url(f"/nhiem-vu/ke-hoach/{plan_id}/"))
    areas = page.locator("details.plan-area")
    assert areas.count() > 1
    assert page.locator("table.plan-area-tasks").count() == 0  # nothing loaded before it is opened
    biggest = max(
        range(areas.count()),
        key=lambda i: int(re.search(r"(\d+) nhiệm vụ", areas.nth(i).inner_text()).group(1)),
    )
    area = areas.nth(biggest)
    area.locator("summary").click()
    table = area.locator("table.plan-area-tasks")
    table.wait_for()
    rows = table.locator("tr").count()
    assert 1 < rows <= 26
    pager = area.locator(".pager a", has_text="Sau")
    if pager.count():
        first_title = table.locator("tr").nth(1).inner_text()
        pager.first.click()
        page.wait_for_function(
            "([el, t]) => el.querySelector('tr:nth-child(2)') && el.querySelector('tr:nth-child(2)').innerText !== t",
            arg=[area.element_handle(), first_title],
        )
        assert page.url.endswith(f"/nhiem-vu/ke-hoach/{plan_id}/")  # loaded in place
    screenshot(page, "tracking-plan-page-area")
