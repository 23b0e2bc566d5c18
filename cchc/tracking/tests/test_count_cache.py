"""The lists' cached counts (chips, row counts, home panels: ``queries.cached_by_query``) are keyed
by the reader's province figures generation: a report in another province leaves them cached, a
report in the reader's province (or any, for a reader across provinces) computes them again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.orgs.actions import do_close_unit
from cchc.plans.models import Plan
from cchc.testing.factories import make_area, make_task, make_user
from cchc.tracking.actions import do_assign_plan, do_record_progress
from cchc.tracking.models import Assignment

LIST = "/nhiem-vu/danh-sach/?as_of=2022-06-15"
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def two_provinces(plan_setup, org_tree, users):
    """Hải Phòng's tracked plan and a Đà Nẵng plan with work of Sở Tư pháp Đà Nẵng."""
    dn = org_tree["DN"]
    plan = Plan.objects.create(
        number="12/KH-UBND", title="Kế hoạch CCHC Đà Nẵng", province=dn, owner_unit=dn,
        issued_on=dt.date(2021, 3, 1), period_start=2021, period_end=2025,
    )  # fmt: skip
    area = make_area(plan)
    for i in range(3):
        make_task(
            plan,
            f"Nhiệm vụ Đà Nẵng {i}",
            area=area,
            lead=[org_tree["DN-STP"]],
            start_year=2022,
            end_year=2022,
        )
    do_assign_plan(plan, actor=None)
    return {
        **plan_setup,
        "dn_plan": plan,
        "dn_reporter": make_user("dn_reporter", org_tree["DN-STP"], "reporter"),
    }


def _report(actor, unit, *, done=True):
    a = Assignment.objects.filter(unit=unit, role="lead", cur_status="not_started").order_by("pk").first()
    do_record_progress(
        actor=actor, assignment=a, status="done" if done else "in_progress", percent=100 if done else 40,
        narrative="Đã ban hành Quyết định 12/QĐ-UBND", expected_version=a.version,
    )  # fmt: skip


def _counts(client, user, url=LIST):
    """The list's chips and row count, and the number of state-count queries it ran."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url, secure=True)
    assert r.status_code == 200
    counting = [
        q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "tracking_assignment" in q["sql"]
    ]
    return {"chips": r.context["counts"], "rows": r.context["page"].paginator.count}, len(counting)


def _fresh(client, user, url=LIST):
    cache.clear()
    return _counts(client, user, url)[0]


def test_a_report_in_another_province_leaves_the_counts_cached(client, two_provinces, users):
    officer = users["officer"]
    before, computed = _counts(client, officer)
    assert computed >= 2  # chips and row count, on the first request
    assert _counts(client, officer)[1] == 0  # cached
    _report(two_provinces["dn_reporter"], two_provinces["units"]["DN-STP"])
    after, computed = _counts(client, officer)
    assert computed == 0  # Đà Nẵng's report did not drop Hải Phòng's counts
    assert after == before == _fresh(client, officer)
    # Đà Nẵng's own officer sees the report at once
    dn_before = _counts(client, users["dn_officer"])[0]
    assert dn_before["chips"] == _fresh(client, users["dn_officer"])["chips"]


def test_a_report_in_the_readers_province_reaches_its_next_request(client, two_provinces, users):
    officer = users["officer"]
    before, _ = _counts(client, officer)
    _report(users["reporter"], two_provinces["units"]["HP-STP"])
    after, computed = _counts(client, officer)
    assert computed >= 2
    assert after != before and after == _fresh(client, officer)


def test_a_reader_across_provinces_sees_every_provinces_reports(client, two_provinces, users):
    admin = users["admin"]
    before, _ = _counts(client, admin)
    assert before["rows"] == Assignment.objects.count()
    _report(two_provinces["dn_reporter"], two_provinces["units"]["DN-STP"])
    after, computed = _counts(client, admin)
    assert computed >= 2 and after != before and after == _fresh(client, admin)
    _report(users["reporter"], two_provinces["units"]["HP-STP"])
    again, computed = _counts(client, admin)
    assert computed >= 2 and again != after and again == _fresh(client, admin)


def test_work_moved_to_another_province_leaves_one_list_and_joins_the_other(client, two_provinces, users):
    """A closed unit's work moved to a successor in another province: both provinces' counts
    are computed again (the move bumps both)."""
    units = two_provinces["units"]
    hp_before, _ = _counts(client, users["officer"])
    dn_before, _ = _counts(client, users["dn_officer"])
    do_close_unit(
        actor=users["admin"],
        unit=units["HP-STTTT"],
        valid_to=dt.date(2022, 6, 14),
        successors=[units["DN-STP"]],
    )
    hp_after, _ = _counts(client, users["officer"])
    dn_after, _ = _counts(client, users["dn_officer"])
    assert hp_after["rows"] < hp_before["rows"] and dn_after["rows"] > dn_before["rows"]
    assert hp_after == _fresh(client, users["officer"]) and dn_after == _fresh(client, users["dn_officer"])


def test_the_home_panel_follows_its_provinces_reports(client, two_provinces, users):
    reporter = users["reporter"]
    client.force_login(reporter)

    def panel():
        with CaptureQueriesContext(connection) as ctx:
            r = client.get("/", secure=True)
        assert r.status_code == 200
        return r.content.decode(), len(ctx.captured_queries)

    panel()
    _, n_warm = panel()
    _report(two_provinces["dn_reporter"], two_provinces["units"]["DN-STP"])
    _, n_same = panel()
    assert n_same == n_warm  # Đà Nẵng's report: the panel is still cached
    _report(reporter, two_provinces["units"]["HP-STP"], done=False)
    _, n_after = panel()
    assert n_after > n_warm  # its own province's: computed again
