"""Assigning a committed plan in bulk (issue 22): the same rows as one by one, one audit event per
batch listing its rows, a number of statements that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.audit.models import AuditEvent
from cchc.audit.recording import batch_rows
from cchc.core.bulk import analyze_if_grown, insert_rows
from cchc.tracking import actions
from cchc.tracking.actions import ASSIGN_BATCH, do_assign_plan
from cchc.tracking.current import differences
from cchc.tracking.models import Assignment, sort_keys

pytestmark = pytest.mark.django_db

LISTED = ("task", "unit", "role", "period_label", "start_date", "due_date")


def _rows(plan) -> dict:
    return {
        a["pk"]: (a["task_id"], a["unit_id"], a["role"], a["period_label"], a["start_date"], a["due_date"])
        for a in Assignment.objects.filter(task__plan=plan).values(
            "pk", "task_id", "unit_id", "role", "period_label", "start_date", "due_date"
        )
    }


def _batch_events():
    return AuditEvent.objects.filter(
        model="tracking.assignment", action="create", note="Giao nhiệm vụ theo lô"
    ).order_by("pk")


def test_committing_seed_000_assigns_every_task_in_batches_each_listing_its_rows(hp_plan):
    rows = _rows(hp_plan)
    # 6.152 assignments: what committing seed 000 created one row at a time before (issue 22)
    assert len(rows) == 6152
    events = list(_batch_events())
    assert len(events) == -(-len(rows) // ASSIGN_BATCH)  # ceil: one event per batch
    listed = {}
    for event in events:
        batch = batch_rows(event)
        assert 0 < len(batch) <= ASSIGN_BATCH
        assert event.object_id == f"{batch[0]['id']}-{batch[-1]['id']}"
        assert event.province_code == "HP"
        for row in batch:
            listed[row["id"]] = tuple(
                dt.date.fromisoformat(row[k]) if k.endswith("_date") and row[k] else row[k] for k in LISTED
            )
    assert listed == rows  # every created row listed once, as it was stored
    created = Assignment.objects.filter(task__plan=hp_plan)
    assert set(created.values_list("status", "cur_status", "percent", "version")) == {
        ("not_started", "not_started", Decimal("0"), 1)
    }
    assert all(a.family_task_id == a.task_id for a in created.only("family_task_id", "task_id"))
    assert differences(created) == []


def _fresh_assign_queries(plan) -> tuple[int, int]:
    """(rows created, statements run) of assigning ``plan`` again after its rows are removed."""
    Assignment.objects.filter(task__plan=plan).delete()
    with CaptureQueriesContext(connection) as ctx:
        created = do_assign_plan(plan, actor=None).created
    return created, len(ctx.captured_queries)


def _small_plan():
    """A plan of three tasks of two departments and one group, on the demo org tree."""
    from cchc.orgs.models import OrgGroup, OrgUnit
    from cchc.testing.factories import make_plan, make_task

    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["HP", "HP-STP", "HP-STTTT"])}
    plan = make_plan(units, number="1/KH-THU")
    group = OrgGroup.objects.filter(province=units["HP"], members__isnull=False).order_by("key").first()
    make_task(plan, "Rà soát văn bản", lead=[units["HP-STP"]], support=[units["HP-STTTT"]], start_year=2022)
    make_task(plan, "Kiểm tra hằng năm", lead=[units["HP-STP"]], recurrence="yearly")
    make_task(plan, "Đơn giản hóa thủ tục", lead=[units["HP-STTTT"]], groups=[group], start_year=2023)
    return plan


def test_the_commits_statements_do_not_grow_with_its_rows(hp_plan, monkeypatch):
    monkeypatch.setattr(actions, "ASSIGN_BATCH", 100_000)  # one batch each: compare like with like
    small, small_queries = _fresh_assign_queries(_small_plan())
    large, large_queries = _fresh_assign_queries(hp_plan)
    assert small < 100 and large > 6000
    # the large plan names more groups (one member query each) and SQLite splits a batch's insert
    # under its parameter limit; nothing more per row
    assert large_queries <= small_queries + 30, (small_queries, large_queries)


def test_insert_rows_writes_what_the_orm_writes_and_returns_ids_in_order(plan_setup):
    task = plan_setup["tasks"]["law"]
    units = plan_setup["units"]
    orm = Assignment.objects.create(
        task=task, unit=units["HP-STTTT"], role="lead", period_label="x", due_date=dt.date(2022, 12, 31)
    )
    rows = [
        # the derived columns are the caller's: the stored sort keys (``family_task_id`` skipped)
        {"task_id": task.pk, "unit": units["HP-STTTT"], "role": "lead", "period_label": f"p{i}"}
        | sort_keys(task, units["HP-STTTT"])
        for i in range(3)
    ]
    rows[1]["due_date"] = dt.date(2022, 12, 31)
    ids = insert_rows(Assignment, rows)
    assert [Assignment.objects.get(pk=pk).period_label for pk in ids] == ["p0", "p1", "p2"]
    bulk = Assignment.objects.get(pk=ids[1])
    skip = {"id", "period_label", "created_at", "family_task_id"}
    for field in Assignment._meta.concrete_fields:
        if field.name not in skip:
            assert getattr(bulk, field.attname) == getattr(orm, field.attname), field.name
    assert bulk.created_at is not None
    with pytest.raises(ValueError):
        insert_rows(Assignment, [{"task_id": task.pk, "no_such_field": 1}])
    assert insert_rows(Assignment, []) == []


def test_a_bulk_insert_that_grows_a_table_refreshes_its_statistics_on_postgresql(plan_setup):
    task, unit = plan_setup["tasks"]["law"], plan_setup["units"]["HP-STTTT"]
    rows = [
        {"task_id": task.pk, "unit_id": unit.pk, "role": "support", "period_label": str(i)}
        for i in range(500)
    ]
    insert_rows(Assignment, rows)
    # grown by more than the share of what the planner believes (share 0: any growth)
    ran = analyze_if_grown(Assignment, len(rows), share=0)
    if connection.vendor != "postgresql":
        assert ran is False  # SQLite's planner has no statistics to go stale
        return
    assert ran is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'tracking_assignment'::regclass")
        # the transaction's own new rows are counted (a small table is read whole)
        assert cursor.fetchone()[0] == Assignment.objects.count() > 500
    assert analyze_if_grown(Assignment, 10) is False  # a few rows more: the statistics still hold
