"""The import preview's report (issue 13, issue 16 "Import preview"): tasks per area, the lines
not understood with their whole text and a way to mark or turn them into tasks, a searchable
unit picker, whole texts, and a warning for a plan from another province."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.plans.models import Plan, PlanImport

UPLOAD = "/ke-hoach/nhap/"

PLAN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HẢI PHÒNG
Số: 12/KH-UBND
Hải Phòng, ngày 10 tháng 01 năm 2025
KẾ HOẠCH
Cải cách hành chính năm 2025
Căn cứ Luật Tổ chức chính quyền địa phương;
Dòng giới thiệu này không phải là nội dung nào của kế hoạch
I. NHIỆM VỤ
1. Cải cách thể chế
- Rà soát, hệ thống hóa văn bản quy phạm pháp luật của thành phố ban hành trong giai đoạn trước, công bố danh mục văn bản hết hiệu lực (Sở Tư pháp chủ trì; thời gian: Quý II/2025).
2. Cải cách thủ tục hành chính
- Công khai thủ tục hành chính (Sở Nội vụ chủ trì; thời gian: Theo tiến độ của Trung ương).
"""


def _upload(client, org_tree, name, data):
    return client.post(UPLOAD, {"province": org_tree["HP"].pk, "file": SimpleUploadedFile(name, data)})


@pytest.mark.django_db
def test_report_lists_unread_lines_and_they_can_be_marked_or_made_tasks(users, org_tree, login, no_assign):
    client = login(users["officer"])
    wrapped = "\n".join(
        line
        if len(line) < 70
        else line[:60].rsplit(" ", 1)[0] + "\n" + line[len(line[:60].rsplit(" ", 1)[0]) + 1 :]
        for line in PLAN.split("\n")
    )
    response = _upload(client, org_tree, "kh.txt", wrapped.encode())
    assert response.status_code == 302
    url = response["Location"]
    html = client.get(url).content.decode()
    assert 'id="import-report"' in html
    assert "Dòng giới thiệu này không phải là nội dung nào của kế hoạch" in html  # whole text
    assert "1 dòng chưa hiểu" in html
    nu = html.index('name="nu-0"')
    assert "</form>" not in html[html.rindex("<form", 0, nu) : nu]  # the marks are inside the form
    imp = PlanImport.objects.get()
    task_count = len(imp.interchange["tasks"])
    # the long title is shown whole, in a text box tall enough
    long_title = imp.interchange["tasks"][0]["title"]
    assert long_title.endswith("công bố danh mục văn bản hết hiệu lực")  # rejoined across the wrap
    m = re.search(r'<textarea name="t-0-title" rows="(\d+)"', html)
    assert m and int(m.group(1)) * 40 >= len(long_title)
    # turn the unread line into a task of area 2, then nothing is left to review
    response = client.post(url, {"action": "save", "nu-0": "task", "nu-0-area": "2"})
    assert response.status_code == 302
    imp.refresh_from_db()
    tasks = imp.interchange["tasks"]
    assert len(tasks) == task_count + 1
    (manual,) = [t for t in tasks if t["origin"] == "manual"]
    assert manual["title"] == "Dòng giới thiệu này không phải là nội dung nào của kế hoạch"
    assert manual["area"] == "2" and manual["source"]["line_start"] == 8
    assert imp.interchange["report"]["not_understood"][0]["status"] == "task"
    html = client.get(url).content.decode()
    assert "đã chuyển thành nhiệm vụ" in html and "dòng chưa xem xét" not in html
    response = client.post(url, {"action": "commit", "confirm": "1"})
    assert response.status_code == 302
    assert Plan.objects.get().tasks.count() == task_count + 1


@pytest.mark.django_db
def test_a_line_marked_not_a_task_stays_reviewed(users, org_tree, login):
    client = login(users["officer"])
    url = _upload(client, org_tree, "kh.txt", PLAN.encode())["Location"]
    client.post(url, {"action": "save", "nu-0": "ignore"})
    imp = PlanImport.objects.get()
    assert imp.interchange["report"]["not_understood"][0]["status"] == "ignored"
    assert not [t for t in imp.interchange["tasks"] if t["origin"] == "manual"]
    html = client.get(url).content.decode()
    assert '<option value="ignore" selected>' in html


@pytest.mark.django_db
def test_unit_picker_is_searchable_and_accepts_a_label(users, org_tree, login, no_assign):
    client = login(users["officer"])
    text = PLAN.replace("Sở Nội vụ chủ trì", "Phòng Quản trị nội bộ chủ trì")
    url = _upload(client, org_tree, "kh.txt", text.encode())["Location"]
    html = client.get(url).content.decode()
    assert 'list="unit-choices"' in html and '<datalist id="unit-choices">' in html
    assert '<select name="map-' not in html  # no 60-entry drop-down without search
    imp = PlanImport.objects.get()
    k = imp.interchange["unresolved"].index("Phòng Quản trị nội bộ")
    label = org_tree["HP-SNV"].name
    assert f'<option value="{label}">' in html
    client.post(url, {"action": "save", f"maptext-{k}": "Phòng Quản trị nội bộ", f"map-{k}": label})
    imp.refresh_from_db()
    (task,) = [t for t in imp.interchange["tasks"] if t["title"].startswith("Công khai")]
    assert task["lead"][0]["unit_code"] == org_tree["HP-SNV"].code
    assert task["timeframe"]["event"] == "Theo tiến độ của Trung ương"


@pytest.mark.django_db
def test_plan_from_another_province_is_flagged(users, org_tree, login, seed):
    client = login(users["officer"])
    url = _upload(client, org_tree, "vinh-yen.txt", seed("002"))["Location"]
    html = client.get(url).content.decode()
    assert 'id="outside-province"' in html and "Vinh Yên" in html
    PlanImport.objects.all().delete()
    url = _upload(client, org_tree, "hp.txt", PLAN.encode())["Location"]
    assert 'id="outside-province"' not in client.get(url).content.decode()


@pytest.mark.django_db
def test_preview_has_no_inline_style_or_script(users, org_tree, login):
    client = login(users["officer"])
    url = _upload(client, org_tree, "kh.txt", PLAN.encode())["Location"]
    html = client.get(url).content.decode()
    assert "<style" not in html and ' style="' not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


@pytest.mark.django_db
def test_demo_pending_imports_show_the_report(demo_tree):
    from cchc.plans.demo import load_pending_imports

    load_pending_imports()
    load_pending_imports()  # safe to run twice
    imports = {i.source_name: i for i in PlanImport.objects.all()}
    assert len(imports) == 2
    web = imports["ke-hoach-cchc-2024-hai-duong-ban-sao-web.txt"].interchange
    assert any("hard-wrapped" in note for note in web["report"]["layout"])
    assert len(web["tasks"]) >= 70 and web["report"]["not_understood"]
    lines = web["report"]["lines"]
    assert lines["read"] + lines["not_understood"] + lines["layout"] + lines["blank"] == lines["total"]
