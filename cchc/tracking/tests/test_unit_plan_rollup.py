"""Cụ thể hóa: what a unit reports on its own plan's copy of a task flows up to the province plan."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cchc.tracking.actions import (
    EvidenceInput,
    do_approve_progress,
    do_create_unit_plan,
    do_record_progress,
    do_review_progress,
)
from cchc.tracking.models import Assignment
from cchc.tracking.queries import assignment_rows, row_as_of
from cchc.tracking.reminders import build_digests
from cchc.tracking.tests.conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def _unit_plan(plan_setup):
    """Sở Tư pháp's reporter creates its unit plan: (the plan, its copy of the law task, the
    province row)."""
    stp, law_task = plan_setup["units"]["HP-STP"], plan_setup["tasks"]["law"]
    unit_plan = do_create_unit_plan(
        actor=plan_setup["users"]["reporter"], unit=stp, parent_plan=plan_setup["plan"]
    )
    copy = Assignment.objects.get(task__plan=unit_plan, task__parent_task=law_task, unit=stp)
    return unit_plan, copy, Assignment.objects.get(task=law_task, unit=stp, role="lead")


def test_progress_on_the_unit_plan_copy_flows_up_to_the_province_task(plan_setup):
    plan, stp, reporter = plan_setup["plan"], plan_setup["units"]["HP-STP"], plan_setup["users"]["reporter"]
    law_task = plan_setup["tasks"]["law"]
    with time_machine.travel(dt.datetime(2022, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        unit_plan, copy, parent = _unit_plan(plan_setup)
    # before anything is reported, the province task is overdue after its year
    assert row_as_of(parent, dt.date(2023, 1, 10)).state == "overdue"
    assert any(
        law_task.title[:60] in str(d.items) for d in build_digests(dt.date(2023, 1, 10)) if d.unit == stp
    )

    with time_machine.travel(dt.datetime(2022, 11, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        do_record_progress(
            actor=reporter,
            assignment=copy,
            status="done",
            percent=100,
            narrative="Đã ban hành kế hoạch rà soát",
            evidence=[
                EvidenceInput(
                    doc_number="45/QĐ-STP",
                    doc_date=dt.date(2022, 11, 18),
                    issuer="Sở Tư pháp",
                    file_name="qd.pdf",
                    file_data=pdf_bytes(),
                )
            ],
            expected_version=copy.version,
        )
    claim = copy.updates.get()
    # a claim counts as done once the unit head approved it and the standing agency accepted it
    assert row_as_of(parent, dt.date(2023, 1, 10)).state == "pending_approval"
    with time_machine.travel(dt.datetime(2022, 11, 21, 9, 0, tzinfo=dt.UTC), tick=False):
        do_approve_progress(actor=plan_setup["users"]["head"], update=claim)
    with time_machine.travel(dt.datetime(2022, 11, 22, 9, 0, tzinfo=dt.UTC), tick=False):
        do_review_progress(actor=plan_setup["users"]["officer"], update=claim, decision="accept")

    row = row_as_of(parent, dt.date(2023, 1, 10))
    assert (row.status, row.state, row.percent) == ("done", "done", 100)
    assert ("45/QĐ-STP", dt.date(2022, 11, 18), "Sở Tư pháp") in row.evidence
    # before it was reported, the province row did not know it
    assert row_as_of(parent, dt.date(2022, 11, 1)).status == "not_started"
    listed = {r.assignment.pk: r for r in assignment_rows(plan=plan, as_of=dt.date(2023, 1, 10))}
    assert listed[parent.pk].state == "done"
    overdue = assignment_rows(plan=plan, as_of=dt.date(2023, 1, 10), status="overdue")
    assert parent.pk not in {r.assignment.pk for r in overdue}
    # and nobody is reminded of it
    digests = build_digests(dt.date(2023, 1, 10))
    assert not any(law_task.title[:60] in str(d.items) for d in digests if d.unit == stp)
    # the supporting unit's share is its own: not marked done by the lead's unit plan
    support = Assignment.objects.get(task=law_task, role="support")
    assert row_as_of(support, dt.date(2023, 1, 10)).status == "not_started"


def test_the_unit_plan_copy_shows_the_province_rows_progress_too(plan_setup):
    """Both ways: what the unit reports on the province row shows on its own plan's copy."""
    with time_machine.travel(dt.datetime(2022, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        unit_plan, copy, parent = _unit_plan(plan_setup)
    assert row_as_of(copy, dt.date(2023, 1, 10)).state == "overdue"
    with time_machine.travel(dt.datetime(2022, 10, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        claim = do_record_progress(
            actor=plan_setup["users"]["head"],  # a head's own claim skips the first approval
            assignment=parent,
            status="done",
            percent=100,
            narrative="Đã rà soát",
            expected_version=parent.version,
        )
    with time_machine.travel(dt.datetime(2022, 10, 3, 9, 0, tzinfo=dt.UTC), tick=False):
        do_review_progress(actor=plan_setup["users"]["officer"], update=claim, decision="accept")
    for a in (parent, copy):
        row = row_as_of(a, dt.date(2023, 1, 10))
        assert (row.status, row.state, row.percent) == ("done", "done", 100)
    unit_rows = {
        r.assignment.pk: r.state for r in assignment_rows(plan=unit_plan, as_of=dt.date(2023, 1, 10))
    }
    assert unit_rows[copy.pk] == "done"


def test_copy_and_province_task_show_one_progress_and_the_copy_says_what_it_is(plan_setup, client):
    """Issue 24: a unit plan's copy is marked with its plan; both pages show the same progress and
    the same reports, whichever one was reported on."""
    stp, reporter = plan_setup["units"]["HP-STP"], plan_setup["users"]["reporter"]
    unit_plan, copy, parent = _unit_plan(plan_setup)
    do_record_progress(
        actor=reporter,
        assignment=parent,
        status="in_progress",
        percent=20,
        narrative="Đang rà soát văn bản",
        evidence=[],
        expected_version=parent.version,
    )
    client.force_login(reporter)
    copy_page = client.get(f"/nhiem-vu/{copy.pk}/").content.decode()
    parent_page = client.get(f"/nhiem-vu/{parent.pk}/").content.decode()
    for page in (copy_page, parent_page):
        assert '<span id="percent">20%</span>' in page
        assert "Đang rà soát văn bản" in page
    assert 'id="unit-copy"' in copy_page and "Bản cụ thể hóa của đơn vị" in copy_page
    assert f"/nhiem-vu/{parent.pk}/" in copy_page  # the way back to the province task
    assert 'id="unit-copy"' not in parent_page
    listing = client.get("/nhiem-vu/danh-sach/", {"unit": stp.pk}).content.decode()
    assert listing.count("Bản cụ thể hóa của đơn vị") >= 1
    assert unit_plan.title[:40] in listing or (unit_plan.number and unit_plan.number in listing)
