"""Every write is recorded with who, when and what changed; the trail outlives what it describes."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.orgs.actions import do_close_unit, do_create_unit, do_update_unit
from cchc.orgs.models import OrgUnit


def test_update_records_field_by_field_changes_with_actor(users, org_tree):
    unit = org_tree["HP-STTTT"]
    do_update_unit(actor=users["admin"], unit=unit, short_name="STTTT", email="stttt@haiphong.gov.vn")
    event = AuditEvent.objects.get(model="orgs.orgunit", object_id=str(unit.pk), action="update")
    assert event.actor_name == "Admin" and event.actor_id == users["admin"].pk
    assert event.changes == {"email": ["", "stttt@haiphong.gov.vn"], "short_name": ["Sở TT&TT", "STTTT"]}
    assert event.province_code == "HP"


def test_update_without_change_is_not_recorded(users, org_tree):
    do_update_unit(actor=users["admin"], unit=org_tree["HP-STP"], name="Sở Tư pháp")
    assert not AuditEvent.objects.filter(action="update", object_id=str(org_tree["HP-STP"].pk)).exists()


def test_refused_write_changes_nothing_and_records_nothing(users, org_tree):
    before = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        do_update_unit(actor=users["officer"], unit=org_tree["HP-STP"], name="Sở Tư pháp mới")
    with pytest.raises(Forbidden):
        do_create_unit(
            actor=users["reporter"], code="HP-NEW", name="Sở Mới", level="department", kind="department"
        )
    assert OrgUnit.objects.get(code="HP-STP").name == "Sở Tư pháp"
    assert AuditEvent.objects.count() == before


def test_merge_keeps_history_and_successor_link(users, org_tree):
    khcn = do_create_unit(
        actor=users["admin"],
        code="HP-SKHCN",
        name="Sở Khoa học và Công nghệ",
        level="department",
        kind="department",
        parent=org_tree["HP"],
    )
    do_close_unit(
        actor=users["admin"],
        unit=org_tree["HP-STTTT"],
        valid_to=dt.date(2025, 2, 28),
        successors=[khcn],
        note="Hợp nhất theo Nghị quyết của HĐND thành phố",
    )
    stttt = OrgUnit.objects.get(code="HP-STTTT")
    assert stttt.is_valid_at(dt.date(2024, 1, 1)) and not stttt.is_valid_at(dt.date(2025, 3, 1))
    assert stttt.successions_out.get().successor == khcn
    event = AuditEvent.objects.filter(object_id=str(stttt.pk)).latest("id")
    assert event.changes["valid_to"] == [None, "2025-02-28"]


def test_audit_survives_the_actor_being_deleted(users, org_tree):
    do_update_unit(actor=users["admin"], unit=org_tree["HP-STP"], short_name="STP mới")
    users["admin"].delete()
    event = AuditEvent.objects.filter(object_id=str(org_tree["HP-STP"].pk)).latest("id")
    assert event.actor_name == "Admin"


def test_history_visible_to_auditor_not_to_reporter(login, users, org_tree):
    do_update_unit(actor=users["admin"], unit=org_tree["HP-STP"], short_name="STP-2")
    auditor = login(users["auditor"])
    body = auditor.get(f"/co-quan/{org_tree['HP-STP'].pk}/").content.decode()
    assert "Lịch sử thay đổi" in body and "STP-2" in body
    assert "STP-2" in auditor.get("/nhat-ky/").content.decode()
    reporter = login(users["reporter"])
    body = reporter.get(f"/co-quan/{org_tree['HP-STP'].pk}/").content.decode()
    assert "Lịch sử thay đổi" not in body
    refused = reporter.get("/nhat-ky/")
    assert refused.status_code == 403 and "Bạn không có quyền" in refused.content.decode()
    dn = login(users["dn_officer"])
    assert "STP-2" not in dn.get("/nhat-ky/").content.decode()


def test_history_shows_field_and_value_labels_not_raw_codes(client, users, login):
    from cchc.audit.presentation import readable_changes

    event = AuditEvent.objects.create(
        actor_name="Admin",
        action="update",
        model="tracking.assignment",
        object_id="1",
        object_repr="Nhiệm vụ 1",
        province_code="HP",
        changes={
            "status": ["not_started", "done"],
            "awaiting_head": [False, True],
            "percent": ["0.00", "60.00"],
            "no_such_field": [None, "x"],
        },
    )
    rows = dict((label, (old, new)) for label, old, new in readable_changes(event))
    assert rows["Tình trạng"] == ("Chưa thực hiện", "Đã hoàn thành")
    assert rows["Chờ lãnh đạo đơn vị duyệt"] == ("Không", "Có")
    assert rows["Tiến độ (%)"] == ("0", "60")
    assert rows["no_such_field"] == ("—", "x")

    login(users["admin"])
    page = client.get("/nhat-ky/").content.decode()
    assert "Chưa thực hiện → Đã hoàn thành" in page
    assert "not_started" not in page and "awaiting_head" not in page


def test_structured_values_are_summarised_not_dumped():
    from cchc.audit.presentation import value_label

    assert (
        value_label(None, {"plans": [{"state": "in_progress"}], "year": 2022})
        == "(dữ liệu có cấu trúc, 2 mục)"
    )
    assert value_label(None, ["a", "b"]) == "a, b"


def test_audited_change_bumps_the_version_saves_and_records_field_by_field(users, org_tree):
    from django.db import transaction

    from cchc.audit.recording import audited_change, lock
    from cchc.parindex.models import CriteriaSet

    cset = CriteriaSet.objects.create(province=org_tree["HP"], year=2024, block="department", title="Bộ A")
    with transaction.atomic():
        locked = lock(cset)
        with audited_change(locked, actor=users["admin"], unit=org_tree["HP"], note="đổi tên"):
            locked.title = "Bộ B"
    cset.refresh_from_db()
    assert (cset.title, cset.version) == ("Bộ B", 2)
    event = AuditEvent.objects.get(model="parindex.criteriaset", object_id=str(cset.pk))
    assert event.action == "update" and event.note == "đổi tên" and event.province_code == "HP"
    assert event.changes == {"title": ["Bộ A", "Bộ B"], "version": [1, 2]}


def test_audited_change_that_raises_saves_and_records_nothing(users, org_tree):
    from cchc.audit.recording import audited_change

    unit = org_tree["HP-STP"]
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError), audited_change(unit, actor=users["admin"]):
        unit.name = "Sở Tư pháp mới"
        raise ValueError
    assert OrgUnit.objects.get(pk=unit.pk).name == "Sở Tư pháp"
    assert AuditEvent.objects.count() == before


def test_audited_change_of_a_new_row_records_a_creation(users, org_tree):
    from cchc.audit.recording import audited_change

    unit = OrgUnit(
        code="HP-SMOI", name="Sở Mới", level="department", kind="department", parent=org_tree["HP"]
    )
    with audited_change(unit, actor=users["admin"]):
        unit.short_name = "SM"
    event = AuditEvent.objects.get(model="orgs.orgunit", object_id=str(unit.pk))
    assert event.action == "create" and event.changes["short_name"] == [None, "SM"]


def test_the_list_reads_a_bulk_events_size_not_its_rows(client, users, login):
    """Issue 22: an event of a bulk write lists every row (100+ KB of JSON at a province's size);
    the list says how large it is instead of reading and decoding it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [["id", "task", "unit"], *[[i, i, i] for i in range(3000)]]
    bulk = AuditEvent.objects.create(
        actor_name="Admin", action="create", model="tracking.assignment", object_repr="Giao việc hàng loạt",
        province_code="HP", changes={"rows": rows},
    )  # fmt: skip
    small = AuditEvent.objects.create(
        actor_name="Admin", action="update", model="tracking.assignment", object_repr="Nhiệm vụ 1",
        province_code="HP", changes={"status": ["not_started", "done"]},
    )  # fmt: skip
    login(users["admin"])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/nhat-ky/").content.decode()
    assert "Thay đổi hàng loạt" in page and "Giao việc hàng loạt" in page
    assert "Chưa thực hiện → Đã hoàn thành" in page
    reads = [
        q["sql"] for q in ctx.captured_queries if '"audit_auditevent"."changes" AS "changes"' in q["sql"]
    ]
    ids = re.search(r"IN \(([\d, ]+)\)", reads[0]).group(1).split(", ")
    # the size is the one stored with the event: no event's JSON is read to measure it
    assert bulk.changes_size > 30_000 and not any("LENGTH(" in q["sql"].upper() for q in ctx.captured_queries)
    assert (
        len(reads) == 1 and str(small.pk) in ids and str(bulk.pk) not in ids
    )  # the small events' changes only


def test_a_batch_is_one_event_listing_its_rows(users, org_tree):
    from cchc.audit.recording import batch_rows, record_rows

    units = [org_tree["HP-STP"], org_tree["HP-STTTT"]]
    event = record_rows(
        actor=users["admin"],
        action="update",
        model=OrgUnit,
        header=["id", "code", "valid_to"],
        rows=[[u.pk, u.code, dt.date(2025, 6, 30)] for u in units],
        label="2 đơn vị",
        unit=org_tree["HP"],
        note="Theo lô",
    )
    event.refresh_from_db()
    assert event.model == "orgs.orgunit" and event.object_id == f"{units[0].pk}-{units[1].pk}"
    assert event.actor_id == users["admin"].pk and event.province_code == "HP" and event.note == "Theo lô"
    assert batch_rows(event) == [{"id": u.pk, "code": u.code, "valid_to": "2025-06-30"} for u in units]
    before = AuditEvent.objects.count()
    assert record_rows(actor=None, action="create", model=OrgUnit, header=["id"], rows=[], label="") is None
    with pytest.raises(ValueError):
        record_rows(actor=None, action="create", model=OrgUnit, header=["code"], rows=[["X"]], label="")
    assert AuditEvent.objects.count() == before
