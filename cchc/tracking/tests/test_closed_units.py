"""Closed units keep nothing open: their open work moves to the successor, with a record."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from cchc.audit.models import AuditEvent
from cchc.orgs.actions import do_close_unit
from cchc.orgs.models import UnitSuccession
from cchc.testing.progress import record
from cchc.tracking.models import Assignment
from cchc.tracking.moves import do_move_closed_unit_work
from cchc.tracking.queries import assignment_rows
from cchc.tracking.reminders import build_digests

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def digital(plan_setup):
    """Sở TT&TT's 2021-2025 task, half done, and the same unit's done yearly share."""
    users = plan_setup["users"]
    a = Assignment.objects.get(task=plan_setup["tasks"]["digital"], role="lead")
    record(users["other_reporter"], a, "in_progress", 40, "Đã có kho dữ liệu", expected_version=1)
    return a


def test_closing_with_one_successor_moves_open_work_and_keeps_history(plan_setup, digital):
    units, users = plan_setup["units"], plan_setup["users"]
    stttt, stp = units["HP-STTTT"], units["HP-STP"]
    support = Assignment.objects.get(task=plan_setup["tasks"]["law"], unit=stttt, role="support")
    before = AuditEvent.objects.count()
    do_close_unit(actor=users["admin"], unit=stttt, valid_to=dt.date(2022, 6, 30), successors=[stp])
    digital.refresh_from_db()
    new = digital.moved_to
    assert new is not None and new.unit == stp and digital.held_to == dt.date(2022, 6, 30)
    assert new.held_from == dt.date(2022, 7, 1) and new.role == "lead" and new.due_date == digital.due_date
    assert digital.updates.count() == 1  # history stays under the old unit
    carried = new.updates.get()
    assert carried.percent == 40 and "Tiếp nhận từ Sở Thông tin và Truyền thông" in carried.narrative
    support.refresh_from_db()
    assert support.moved_to is not None  # supporting shares move too
    # audited: the new rows, and each old row's hand-over
    events = AuditEvent.objects.filter(pk__gt=0).order_by("pk")[before:]
    assert {(e.model, e.action) for e in events} >= {
        ("tracking.assignment", "create"),
        ("tracking.assignment", "update"),
    }
    # as of a day before the move the old unit holds it; after, the successor
    old_rows = assignment_rows(plan=plan_setup["plan"], unit=stttt, as_of=dt.date(2022, 6, 20))
    assert digital.pk in {r.assignment.pk for r in old_rows}
    after = assignment_rows(plan=plan_setup["plan"], as_of=dt.date(2022, 7, 2))
    assert digital.pk not in {r.assignment.pk for r in after}
    row = next(r for r in after if r.assignment.pk == new.pk)
    assert row.unit == stp and row.percent == 40


def test_the_task_page_shows_the_move(plan_setup, digital, client):
    units, users = plan_setup["units"], plan_setup["users"]
    stttt, stp = units["HP-STTTT"], units["HP-STP"]
    do_close_unit(actor=users["admin"], unit=stttt, valid_to=dt.date(2022, 6, 30), successors=[stp])
    digital.refresh_from_db()
    client.force_login(users["officer"])
    old_page = client.get(f"/nhiem-vu/{digital.pk}/").content.decode()
    assert "nhiệm vụ đã chuyển cho Sở Tư pháp" in old_page
    new_page = client.get(f"/nhiem-vu/{digital.moved_to_id}/").content.decode()
    assert "Tiếp nhận từ Sở Thông tin và Truyền thông" in new_page


def test_nothing_is_sent_to_a_closed_unit(plan_setup, digital):
    units, users = plan_setup["units"], plan_setup["users"]
    stttt = units["HP-STTTT"]
    as_of = dt.date(2025, 12, 10)  # the 2021-2025 task is due soon
    assert stttt.pk in {d.unit.pk for d in build_digests(as_of)}
    # closed without a recorded successor: the work waits for an officer, no reminder goes out
    stttt.valid_to = dt.date(2025, 2, 28)
    stttt.save()
    assert stttt.pk not in {d.unit.pk for d in build_digests(as_of)}
    r = do_move_closed_unit_work(actor=users["officer"], unit=stttt)
    assert r.needs_choice and r.moved == 0
    r = do_move_closed_unit_work(actor=users["officer"], unit=stttt, successor=units["HP-STP"])
    assert r.moved >= 1
    assert units["HP-STP"].pk in {d.unit.pk for d in build_digests(as_of)}


def test_command_moves_existing_data_and_reports_splits(plan_setup, digital):
    units = plan_setup["units"]
    stttt = units["HP-STTTT"]
    stttt.valid_to = dt.date(2025, 2, 28)
    stttt.save()
    UnitSuccession.objects.create(predecessor=stttt, successor=units["HP-STP"], date=dt.date(2025, 3, 1))
    out = io.StringIO()
    call_command("tasks", "move-closed", "--dry-run", stdout=out)
    assert "would move" in out.getvalue() and not Assignment.objects.filter(moved_to__isnull=False).exists()
    out = io.StringIO()
    call_command("tasks", "move-closed", stdout=out)
    digital.refresh_from_db()
    assert digital.moved_to.unit == units["HP-STP"] and "moved" in out.getvalue()
    out = io.StringIO()
    call_command("tasks", "move-closed", stdout=out)  # run twice: nothing left to move
    assert "total moved: 0" in out.getvalue()


def test_the_page_lets_the_standing_agency_choose_the_receiver(plan_setup, digital, client):
    units, users = plan_setup["units"], plan_setup["users"]
    stttt = units["HP-STTTT"]
    stttt.valid_to = dt.date(2025, 2, 28)
    stttt.save()
    client.force_login(users["officer"])
    page = client.get("/nhiem-vu/don-vi-da-dong/")
    assert page.status_code == 200 and "Sở Thông tin và Truyền thông" in page.content.decode()
    resp = client.post("/nhiem-vu/don-vi-da-dong/", {"unit": stttt.pk, "successor": units["HP-STP"].pk})
    assert resp.status_code == 302
    digital.refresh_from_db()
    assert digital.moved_to.unit == units["HP-STP"]
    client.force_login(users["dn_officer"])  # another province's agency
    resp = client.post("/nhiem-vu/don-vi-da-dong/", {"unit": stttt.pk, "successor": units["HP-STP"].pk})
    assert resp.status_code == 404
    client.force_login(users["reporter"])
    assert client.get("/nhiem-vu/don-vi-da-dong/").status_code == 403
