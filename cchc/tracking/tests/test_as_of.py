"""The set-based state as of a past date (``tracking.as_of``) equals the per-row rule
(``states.annotate_state_from_history``) for every row, field by field, at several dates."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.testing.progress import record
from cchc.tracking.models import Assignment, ProgressUpdate
from cchc.tracking.states import annotate_as_of, annotate_state, annotate_state_from_history, state_counts
from cchc.tracking.tests.test_current import NOW, _demo, _values

pytestmark = pytest.mark.django_db


def _same(rows, as_of):
    set_based = _values(annotate_as_of(rows, as_of))
    per_row = _values(annotate_state_from_history(rows, as_of))
    assert set_based.keys() == per_row.keys() == set(rows.values_list("pk", flat=True))
    wrong = {pk: (set_based[pk], per_row[pk]) for pk in per_row if set_based[pk] != per_row[pk]}
    assert wrong == {}, (as_of, list(wrong.items())[:5])
    return per_row


def test_demo_states_as_of_past_dates_equal_the_per_row_rule(hp_plan):
    with time_machine.travel(NOW, tick=False):
        _demo(hp_plan)
        rows = Assignment.objects.all()
        ats = sorted(ProgressUpdate.objects.values_list("at", flat=True))
        assert len(ats) > 100
        middle = ats[len(ats) // 2].date()
        seen = set()
        for as_of in (dt.date(2020, 1, 1), middle, middle + dt.timedelta(days=40), dt.date(2026, 6, 14)):
            per_row = _same(rows, as_of)
            _same(rows.filter(task__plan=hp_plan, role="lead"), as_of)  # a filtered set reads its families
            seen |= {v[0] for v in per_row.values()}
            # counts by unit and by area: the same numbers from one grouped query
            for by in ("unit_id", "task__area_id"):
                expected: dict = {}
                for pk, key in rows.values_list("pk", by):
                    bucket = expected.setdefault(key, {})
                    bucket[per_row[pk][0]] = bucket.get(per_row[pk][0], 0) + 1
                assert state_counts(rows, as_of, by=by) == expected
        assert {"done", "overdue", "pending_approval", "open"} <= seen


def test_edge_cases_updates_after_as_of_decisions_later_cancelled_completion_dates(plan_setup):
    from cchc.tracking.actions import do_approve_progress, do_decide_queue, do_return_progress_to_unit

    users = plan_setup["users"]
    tasks = plan_setup["tasks"]
    leads = list(Assignment.objects.filter(role="lead").order_by("pk"))
    law = Assignment.objects.get(task=tasks["law"], role="lead")
    yearly = Assignment.objects.filter(task=tasks["yearly"], role="lead").first()
    others = [a for a in leads if a.pk not in (law.pk, yearly.pk) and a.unit_id == law.unit_id]
    start = dt.datetime(2025, 3, 1, 3, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        u1 = record(users["reporter"], law, "in_progress", 30, "Bắt đầu")
    with time_machine.travel(start + dt.timedelta(days=10), tick=False):
        law.refresh_from_db()
        u1 = record(users["reporter"], law)  # a done claim…
    with time_machine.travel(start + dt.timedelta(days=20), tick=False):
        do_return_progress_to_unit(actor=users["head"], update=u1, reason="Thiếu tài liệu")  # …returned later
    with time_machine.travel(start + dt.timedelta(days=5), tick=False):
        yearly.refresh_from_db()
        u2 = record(users["reporter"], yearly, completed_on=dt.date(2025, 2, 1))
    with time_machine.travel(start + dt.timedelta(days=15), tick=False):
        do_approve_progress(actor=users["head"], update=u2)
    with time_machine.travel(start + dt.timedelta(days=30), tick=False):
        do_decide_queue(actor=users["officer"], kind="review", update_ids=[u2.pk], decision="accept")
    assert others
    with time_machine.travel(start + dt.timedelta(days=12), tick=False):
        record(users["reporter"], others[0], "cancelled", 0, "Không thực hiện", cancel_reason="Bãi bỏ")
    rows = Assignment.objects.all()
    assert rows.exclude(current_update=None).exists() and rows.filter(current_update=None).exists()
    states = {}
    for offset in (-1, 0, 4, 5, 11, 14, 16, 21, 29, 31, 400):
        as_of = (start + dt.timedelta(days=offset)).date()
        per_row = _same(rows, as_of)
        states[offset] = (per_row[law.pk][0], per_row[yearly.pk][0], per_row[others[0].pk][0])
    assert states[-1][0] != "pending_approval" and states[11][0] == "pending_approval"  # returned later
    assert states[21][0] != "pending_approval"  # returned by then: in progress again
    assert states[11][2] != "cancelled" and states[14][2] == "cancelled"
    assert states[16][1] == "pending_approval" and states[31][1] in ("done", "done_late")


def test_past_date_reads_the_history_once_not_per_row(plan_setup):
    from cchc.tracking.queries import assignment_queryset

    as_of = dt.date(2025, 6, 1)
    assert annotate_state(Assignment.objects.all(), as_of).query.__class__.__name__ == "AsOfQuery"
    with CaptureQueriesContext(connection) as ctx:
        list(assignment_queryset(status="overdue", as_of=as_of))
        state_counts(Assignment.objects.all(), as_of, by="unit_id")
    for query in ctx.captured_queries:
        sql = query["sql"].upper()
        assert sql.count("ROW_NUMBER") == 1 and "LIMIT 1" not in sql, sql  # no per-row subquery
