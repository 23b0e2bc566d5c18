"""A reporter records progress with an evidence file; the unit head approves it (real browser, demo data)."""

from __future__ import annotations

import datetime as dt
import re

from cchc.tracking.evidence import tiny_pdf
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
