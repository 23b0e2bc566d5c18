"""PAR INDEX: a reporter scores one sub-criterion with an evidence file, the head submits, a
council member appraises it (real browser, demo data: Sở TT&TT is still scoring its 2022 sheet)."""

from __future__ import annotations

from cchc.tracking.evidence import tiny_pdf
from tests_browser.support import login, screenshot

# Score every open item of Sở TT&TT's sheet but one; print that one's code.
PREPARE = """
from cchc.parindex import actions
from cchc.parindex.models import Sheet
sheet = Sheet.objects.get(campaign__year=2022, unit__code="HP-STTTT")
todo = list(sheet.scores.select_related("criterion", "sheet").filter(criterion__survey=False, self_points=None))
for s in todo[:-1]:
    actions.do_self_score(actor=None, score=s, points=s.criterion.max_points, note="Lưu tại đơn vị",
                          expected_version=s.version)
print(todo[-1].criterion.code, sheet.pk)
"""


def test_reporter_scores_with_evidence_and_council_appraises(live_app, new_page, tmp_path):
    code, sheet_id = live_app.run_cchc("shell", "-c", PREPARE).stdout.strip().splitlines()[-1].split()

    reporter = new_page()
    login(reporter, live_app, "baocao.stttt")
    with reporter.expect_navigation():
        reporter.get_by_role(
            "link", name="Mở phiếu chấm điểm"
        ).click()  # the campaign is work on the home page
    assert reporter.url.endswith(f"/chi-so-cchc/phieu/{sheet_id}/")
    row = reporter.locator(f'[id="row-{code}"]')
    row.locator("summary", has_text="Chấm điểm").click()
    row.locator("input[name=points]").fill("0,5")
    with reporter.expect_navigation():
        row.get_by_role("button", name="Lưu điểm").click()
    assert reporter.get_by_text("Đã lưu điểm tự đánh giá.").is_visible()
    row = reporter.locator(f'[id="row-{code}"]')
    assert row.locator("td.self").inner_text() == "0,50"
    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(tiny_pdf("Bao cao 88/BC-STTTT"))
    row.locator("summary", has_text="Chấm điểm").click()
    row.locator("input[name=file]").set_input_files(str(evidence))
    row.locator("input[name=doc_number]").fill("88/BC-STTTT")
    with reporter.expect_navigation():
        row.get_by_role("button", name="Thêm tài liệu").click()
    assert reporter.get_by_text("Đã thêm tài liệu kiểm chứng.").is_visible()
    row = reporter.locator(f'[id="row-{code}"]')
    assert row.get_by_role("link", name="bao-cao.pdf").is_visible()
    screenshot(reporter, "parindex-reporter-scored")

    head = new_page()
    login(head, live_app, "lanhdao.stttt")
    head.goto(live_app.url(f"/chi-so-cchc/phieu/{sheet_id}/"))
    with head.expect_navigation():
        head.get_by_role("button", name="Gửi phiếu tự đánh giá").click()
    assert head.get_by_text("Đã gửi phiếu tự đánh giá.").is_visible(), head.locator(
        "ul.messages"
    ).inner_text()
    assert head.locator("#sheet-status").inner_text() == "Đã gửi tự đánh giá"

    council = new_page()
    login(council, live_app, "hoidong.haiphong")
    council.goto(live_app.url("/"))
    with council.expect_navigation():
        council.get_by_role("link", name="Mở hàng chờ thẩm định").click()
    with council.expect_navigation():
        council.locator("#queue").get_by_role("link", name="Sở Thông tin và Truyền thông").click()
    row = council.locator(f'[id="row-{code}"]')
    assert row.get_by_role("link", name="bao-cao.pdf").is_visible()  # the council sees the evidence
    row.locator("summary", has_text="Thẩm định lần 1").click()
    row.locator("input[name=points]").fill("0,25")
    row.locator("input[name=comment]").fill("Báo cáo chưa nêu kết quả")
    with council.expect_navigation():
        row.get_by_role("button", name="Lưu điểm thẩm định").click()
    assert council.get_by_text("Đã lưu điểm thẩm định.").is_visible()
    row = council.locator(f'[id="row-{code}"]')
    assert row.locator("td.round1").inner_text().startswith("0,25")
    assert "Báo cáo chưa nêu kết quả" in row.inner_text()
    screenshot(council, "parindex-council-appraised")

    # the other council-side readers cannot change it; a neighbour unit cannot open the sheet
    other = new_page()
    login(other, live_app, "baocao.stp")
    assert other.goto(live_app.url(f"/chi-so-cchc/phieu/{sheet_id}/")).status == 404
