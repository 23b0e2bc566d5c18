"""The consolidation page is computed once per state of its inputs (``consolidation_cache``):
a second request reads it from the cache with fewer queries, and a write of progress, of a unit
report, of the standing agency's texts or of the plan's targets shows on the next request; the
DOCX (computed afresh) states the same figures as the cached page."""

from __future__ import annotations

import datetime as dt
import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from docx import Document

from cchc.reporting import actions, consolidation_views
from cchc.reporting.consolidation import build_consolidation
from cchc.reporting.tests.conftest import at
from cchc.reporting.tests.test_consolidation_documents import _send
from cchc.tracking.models import Assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, users):
    client.force_login(users["officer"])
    return client


def _page(client, plan) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/", secure=True)
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(ctx.captured_queries)


def _paragraphs(plan) -> list[str]:
    """The narrative as a fresh computation states it."""
    with translation.override("vi"):
        return build_consolidation(plan, "2022-Y").paragraphs()


def _builds(monkeypatch) -> list:
    calls = []
    real = consolidation_views.build_consolidation

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(consolidation_views, "build_consolidation", counting)
    return calls


def test_the_second_request_is_served_from_the_cache_with_fewer_queries(officer, plan, monkeypatch):
    builds = _builds(monkeypatch)
    first, cold = _page(officer, plan)
    second, warm = _page(officer, plan)
    assert len(builds) == 1
    assert warm < cold - 10, (cold, warm)
    strip = lambda body: body.split('id="report-outline"')[1].split('id="edit-texts"')[0]  # noqa: E731
    assert strip(first) == strip(second)  # the same report (the forms' CSRF tokens differ)
    for p in _paragraphs(plan):
        assert p in second


def _complete_a_2022_task(users, org_tree, plan, when, completed_on) -> None:
    """Sở Tư pháp reports its earliest unfinished 2022 task done, recorded at ``when``."""
    from cchc.tracking.actions import do_record_progress

    a = (
        Assignment.objects.filter(task__plan=plan, unit=org_tree["HP-STP"], role="lead", due_date__year=2022)
        .exclude(cur_status="done")
        .order_by("due_date")
        .first()
    )
    do_record_progress(
        actor=users["reporter"],
        assignment=a,
        status="done",
        percent=100,
        narrative="Đã hoàn thành, có văn bản kèm theo",
        expected_version=a.version,
        at=when,
        completed_on=completed_on,
    )


def test_a_progress_update_shows_on_the_next_request(officer, plan, users, org_tree):
    before, _n = _page(officer, plan)
    _complete_a_2022_task(users, org_tree, plan, at(dt.date(2022, 12, 1)), dt.date(2022, 12, 1))
    after, _n = _page(officer, plan)
    fresh = _paragraphs(plan)
    assert fresh[0] not in before  # the figures changed…
    for p in fresh:
        assert p in after  # …and the page says so at once


def test_a_report_recorded_today_leaves_a_closed_periods_page_cached(
    officer, plan, users, org_tree, monkeypatch
):
    """Deadline day: today's reports on the running period cannot change a state as of 2022's
    cut-off, so the 2022 report is not computed again for each of them, and it still says what a
    fresh computation says."""
    from django.utils import timezone

    builds = _builds(monkeypatch)
    before, _n = _page(officer, plan)
    _complete_a_2022_task(users, org_tree, plan, timezone.now(), timezone.localdate())
    after, _n = _page(officer, plan)
    assert len(builds) == 1  # served from the cache
    for p in _paragraphs(plan):
        assert p in after and p in before


def test_a_unit_report_accepted_shows_on_the_next_request(officer, plan, users, org_tree):
    before, _n = _page(officer, plan)
    _send(users, org_tree, plan, "HP-STP", {"dossiers_received": 50})
    after, _n = _page(officer, plan)
    sentence = next(p for p in _paragraphs(plan) if p.startswith("Có "))
    assert sentence not in before and sentence in after
    assert "1 báo cáo đã được tiếp nhận" in sentence


def test_saved_texts_and_a_new_target_show_on_the_next_request(officer, plan, users):
    from cchc.plans.task_actions import do_add_target

    _page(officer, plan)
    key = _editable_keys()[0]
    actions.do_save_consolidation_texts(
        plan=plan,
        period_code="2022-Y",
        texts={key: "Đoạn văn mới của cơ quan thường trực."},
        actor=users["officer"],
    )
    after, _n = _page(officer, plan)
    assert "Đoạn văn mới của cơ quan thường trực." in after
    do_add_target(plan, text="Chỉ tiêu mới thêm vào kế hoạch 99%", actor=users["officer"])
    after, _n = _page(officer, plan)
    assert "Chỉ tiêu mới thêm vào kế hoạch 99%" in after


def _editable_keys() -> list[str]:
    from cchc.reporting.outline import editable_keys

    return editable_keys()


def test_the_docx_states_the_figures_of_the_cached_page(officer, plan, users, org_tree):
    _send(users, org_tree, plan, "HP-STP", {"dossiers_received": 50})
    page, _n = _page(officer, plan)
    page, _n = _page(officer, plan)  # from the cache
    response = officer.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/tai-ve/docx/", secure=True)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for p in _paragraphs(plan):
        assert p in page and p in text
