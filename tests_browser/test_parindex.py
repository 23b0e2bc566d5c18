"""PAR INDEX: a reporter scores one sub-criterion with an evidence file, the head submits, a
council member appraises it (real browser, demo data: Sở TT&TT is still scoring its 2023 sheet);
a whole lĩnh vực saved in one submit keeps every typed value when one field is refused; the
results page's sort links are short and keep the block; the published 2022 results."""

from __future__ import annotations

import json
import re

from cchc.core.uploads import tiny_pdf
from tests_browser.support import login, screenshot

# Score every open item of Sở TT&TT's sheet but one; print that one's code.
PREPARE = """
from cchc.parindex import actions
from cchc.parindex.models import Sheet
sheet = Sheet.objects.get(campaign__year=2023, unit__code="HP-STTTT")
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


def test_bulk_self_assessment_keeps_every_typed_value_when_one_is_refused(live_app, new_page):
    page = new_page()
    login(page, live_app, "baocao.stp")  # Sở Tư pháp is still scoring its 2023 sheet
    page.goto(live_app.url("/"))
    with page.expect_navigation():
        page.get_by_role("link", name="Mở phiếu chấm điểm").click()
    sheet_url = page.url
    with page.expect_navigation():
        page.locator("a.bulk-area").first.click()  # "Chấm cả lĩnh vực" of lĩnh vực 1
    assert "/cham/?linh-vuc=1" in page.url
    rows = page.locator("#bulk tbody tr")
    n = rows.count()
    assert n >= 5
    typed = {}
    for i in range(n):
        row = rows.nth(i)
        points = row.locator("input[name^=points-]")
        note = row.locator("input[name^=note-]")
        value = "9999" if i == 2 else "0"  # one score far above its maximum
        points.fill(value)
        note.fill(f"Ghi chú {i}")
        typed[points.get_attribute("id")] = value
        typed[note.get_attribute("id")] = f"Ghi chú {i}"
    with page.expect_navigation():
        page.locator("#bulk-save").click()
    assert page.locator("#error-summary").is_visible()
    bad = rows.nth(2).locator("input[name^=points-]")
    assert bad.get_attribute("aria-invalid") == "true"
    error = rows.nth(2).locator("p.error")
    assert "vượt điểm tối đa" in error.inner_text()  # beside its field
    for field_id, value in typed.items():
        assert page.locator(f'[id="{field_id}"]').input_value() == value, field_id
    assert page.evaluate("document.activeElement.id") == bad.get_attribute("id")  # focus on the error
    screenshot(page, "parindex-bulk-error")
    # nothing was saved: the sheet still shows the old values
    other = new_page()
    login(other, live_app, "baocao.stp")
    other.goto(sheet_url)
    assert "Ghi chú 0" not in other.content()
    # fix the one field: everything is saved in one submit
    bad.fill("0")
    with page.expect_navigation():
        page.locator("#bulk-save").click()
    assert page.get_by_text(f"Đã lưu {n} điểm.").is_visible(), page.locator("ul.messages").inner_text()
    assert page.url.startswith(sheet_url)


def test_results_page_sort_links_are_short_and_keep_the_block(live_app, new_page):
    out = live_app.run_cchc("shell", "-c", CAMPAIGN_2022).stdout.strip().splitlines()[-1]
    campaign_id = int(out)
    page = new_page()
    login(page, live_app, "lanhdao.haiphong")
    page.goto(live_app.url(f"/chi-so-cchc/dot/{campaign_id}/ket-qua/"))
    district = page.locator("#block-tabs a", has_text="UBND cấp huyện")
    with page.expect_navigation():
        district.click()
    active = page.locator("#block-tabs a[aria-current=page]")
    assert active.inner_text() == "UBND cấp huyện"
    links = page.locator("#results thead a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 4 and all(len(h) < 40 and "block=district" in h for h in hrefs), hrefs
    with page.expect_navigation():
        page.locator("#results thead a", has_text="Chỉ số").click()
    assert "block=district" in page.url and "sort=-index" in page.url
    assert page.locator("#block-tabs a[aria-current=page]").inner_text() == "UBND cấp huyện"
    body = page.locator("#results").inner_text()
    assert re.search(r"Khá|Tốt|Trung bình|Yếu", body)  # final results have bands
    screenshot(page, "parindex-results-district")

    # the published 2022 results: one heading per block, bands, the stand-in set named as such
    public = new_page()
    public.goto(live_app.url("/cong-khai/HP/"))
    with public.expect_navigation():
        public.get_by_role("link", name=re.compile("Chỉ số cải cách hành chính năm 2022")).first.click()
    headings = public.locator("main h2").all_inner_texts()
    assert "Sở, ban, ngành" in headings and "UBND cấp huyện" in headings
    assert public.get_by_text("Bộ chỉ số minh họa", exact=False).first.is_visible()
    assert re.search(r"Khá|Tốt|Trung bình|Yếu", public.locator("main").inner_text())
    assert public.get_by_text("Không xác định chỉ số", exact=False).first.is_visible()
    screenshot(public, "parindex-published-2022")

    # the CLI lists every unit of every block of the closed campaign
    data = json.loads(
        live_app.run_cchc("par", "results", "--campaign", str(campaign_id), "--format", "json").stdout
    )
    listed = sum(len(b["units"]) + len(b["not_assessed"]) for b in data["blocks"])
    assert listed == 10 and data["campaign"]["approved"]


CAMPAIGN_2022 = """
from cchc.parindex.models import Campaign
print(Campaign.objects.get(year=2022, province__code="HP").pk)
"""


def test_publishing_an_unapproved_campaign_is_refused(live_app, new_page):
    page = new_page()
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/dieu-hanh/cong-bo/"))
    page.select_option("#kind", "parindex")
    page.fill("#year", "2023")
    with page.expect_navigation():
        page.get_by_role("button", name="Công bố", exact=True).click()
    refused = page.locator("#publish-refused")
    assert refused.is_visible() and "chưa được phê duyệt" in refused.inner_text()
    assert page.locator("#publish-confirm").count() == 0
