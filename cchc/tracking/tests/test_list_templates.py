"""The list templates render each row without per-row includes or per-row translation
(docs/performance.md, "List templates"): what a row shows must stay what it showed."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.template.loader import render_to_string

from cchc.testing.factories import make_area, make_plan
from cchc.tracking.states import STATES
from cchc.tracking.templatetags.tracking_tags import state_badge
from cchc.tracking.tests.test_query_counts import grow

EXPECTED_BADGES = {
    "overdue": '<span class="badge overdue state-overdue">Quá hạn</span>',
    "at_risk": '<span class="badge at_risk state-at_risk">Có nguy cơ chậm</span>',
    "done": '<span class="badge done state-done">Hoàn thành</span>',
    "done_late": '<span class="badge done state-done_late">Hoàn thành muộn</span>',
    "pending_approval": '<span class="badge pending state-waiting">Chờ duyệt</span>',
    "waiting_event": '<span class="badge state-waiting">Chờ sự kiện</span>',
    "cancelled": '<span class="badge">Không thực hiện</span>',
    "open": '<span class="badge state-in_progress">Trong hạn</span>',
}


def test_every_state_has_its_badge_and_the_include_renders_the_same():
    assert set(EXPECTED_BADGES) == set(STATES)
    for state, html in EXPECTED_BADGES.items():
        assert state_badge(state) == html
        assert render_to_string("tracking/_state.html", {"state": state}).strip() == html
    assert state_badge("") == "" and state_badge("not-a-state") == ""


@pytest.mark.django_db
def test_every_row_of_the_task_list_carries_its_labels_and_badge(client, users, org_tree):
    plan = make_plan(org_tree)
    grow(plan, make_area(plan), org_tree, 0, 30)  # 60 assignments
    client.force_login(users["officer"])
    html = client.get("/nhiem-vu/danh-sach/?as_of=2023-01-01&size=25", secure=True).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = body.count("<tr>")
    assert rows == 25
    for label in ("Hạn", "Đơn vị", "Vai trò", "Tình trạng", "Tiến độ", "Cập nhật lần cuối"):
        assert body.count(f'data-label="{label}"') == rows, label
    badges = re.findall(r'<td data-label="Tình trạng"><span class="badge[^"]*">([^<]+)</span>', body)
    assert len(badges) == rows and set(badges) <= {re.sub("<[^>]+>", "", b) for b in EXPECTED_BADGES.values()}
    assert body.count('href="/nhiem-vu/') == rows
    assert body.count(">Chủ trì<") + body.count(">Phối hợp<") == rows


def test_clip_gives_what_truncatechars_gives():
    """The lists' ``clip`` is Django's ``truncatechars`` with fast paths: the same text for short,
    long, exactly-sized, decomposed (combining marks) and empty input, safe or not."""
    from django.template.defaultfilters import truncatechars
    from django.utils.safestring import SafeData, mark_safe

    from cchc.tracking.templatetags.tracking_tags import clip

    title = (
        "Triển khai thực hiện Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử"
    )
    decomposed = unicodedata.normalize("NFD", title)
    samples = [
        "",
        "a",
        "x" * 59,
        "x" * 60,
        "x" * 61,
        title,
        title * 3,
        decomposed,
        decomposed * 3,
        "e\u0301" * 80,
    ]
    for text in samples:
        for n in (0, 1, 2, 40, 60, 120, 140, 160):
            assert clip(text, n) == truncatechars(text, n), (text[:20], n)
    assert isinstance(clip(mark_safe(title * 3), 60), SafeData)
    assert clip(None, 5) == truncatechars(None, 5)
