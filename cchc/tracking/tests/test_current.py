"""The current progress kept by the writes (``tracking.current``) equals what the history says.

- every action that changes progress keeps the columns: rebuilding them from the history finds
  no difference (the demo's progress, approvals, returns, unit plans and moves; the approval
  queue);
- today's states read from the columns equal the states computed from the history
  (``annotate_state_from_history``) for every demo row, field by field.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.testing.progress import record
from cchc.testing.snapshots import replay
from cchc.tracking.current import differences, rebuild_current
from cchc.tracking.models import Assignment
from cchc.tracking.states import annotate_current, annotate_state, annotate_state_from_history

pytestmark = pytest.mark.django_db

FIELDS = (
    "state",
    "eff_status",
    "percent_as_of",
    "updated_as_of",
    "latest_approval",
    "latest_narrative",
    "returned_reason_as_of",
    "reported_this_period",
)
NOW = dt.datetime(2026, 6, 15, 3, tzinfo=dt.UTC)  # after the 2025 reorganisation: moves happened


def _values(qs):
    return {r["pk"]: tuple(r[f] for f in FIELDS) for r in qs.values("pk", *FIELDS)}


def _demo(hp_plan):
    from cchc.tracking.demo import load_demo_closed_unit_moves, load_demo_progress, load_demo_unit_plans

    def build():
        load_demo_progress()
        load_demo_unit_plans()
        load_demo_closed_unit_moves()

    # the demo's thousand progress updates are recorded once a session, then replayed as rows
    replay("tracking_demo", build)


def test_demo_current_columns_equal_a_rebuild_from_history_and_todays_states_agree(hp_plan):
    with time_machine.travel(NOW, tick=False):
        _demo(hp_plan)
        today = dt.date(2026, 6, 15)
        rows = Assignment.objects.all()
        assert rows.exclude(current_update=None).count() > 100
        assert rows.filter(moved_to__isnull=False).exists()  # moves of closed units' work ran
        assert rows.filter(task__plan__parent_plan__isnull=False).exists()  # unit-plan copies
        assert differences() == []
        for as_of in (today, today + dt.timedelta(days=20)):
            current = _values(annotate_current(rows, as_of))
            history = _values(annotate_state_from_history(rows, as_of))
            assert len(current) == rows.count()
            wrong = {pk: (current[pk], history[pk]) for pk in current if current[pk] != history[pk]}
            assert wrong == {}, list(wrong.items())[:5]
            # each list filter, as plain predicates on the columns, keeps the same rows
            from cchc.tracking import states as st
            from cchc.tracking.states import current_state_q

            for name, wanted in st.FILTERS.items():
                q = current_state_q(frozenset(wanted), as_of)
                if q is None:
                    continue
                by_q = set(rows.filter(q).values_list("pk", flat=True))
                assert by_q == {pk for pk, v in history.items() if v[0] in wanted}, name
        states = {v[0] for v in current.values()}
        assert {"done", "done_late", "overdue", "pending_approval", "open"} <= states
        # annotate_state picks the columns for today, the history for a past date
        assert str(annotate_state(rows, today).query).count("SELECT") == 1
        assert str(annotate_state(rows, today - dt.timedelta(days=1)).query).count("SELECT") > 1


def test_a_tampered_column_is_found_and_the_rebuild_repairs_it(plan_setup):
    law = Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")

    record(plan_setup["users"]["reporter"], law, "in_progress", 40, "")
    assert differences() == []
    Assignment.objects.filter(pk=law.pk).update(cur_percent=10)
    assert [d[0] for d in differences()] == [law.pk]
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("current_progress")  # `cchc current-progress` finds it too
    call_command("current_progress", "--rebuild")
    assert differences() == []
    call_command("current_progress")
    rebuild_current()
    assert differences() == []


def test_approval_queue_and_returns_keep_the_columns(plan_setup):
    from cchc.tracking.actions import (
        do_approve_progress,
        do_decide_queue,
        do_return_progress_to_unit,
    )

    users = plan_setup["users"]
    law = Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")
    yearly = Assignment.objects.filter(task=plan_setup["tasks"]["yearly"], role="lead").first()
    u1 = record(users["reporter"], law)
    law.refresh_from_db()
    assert (law.cur_status, law.cur_approval, law.current_update_id) == ("done", "pending_head", u1.pk)
    do_return_progress_to_unit(actor=users["head"], update=u1, reason="Thiếu tài liệu")
    law.refresh_from_db()
    assert (law.cur_status, law.cur_approval, law.cur_done_on) == ("in_progress", "returned", None)
    u2 = record(users["reporter"], yearly)
    do_approve_progress(actor=users["head"], update=u2)
    do_decide_queue(actor=users["officer"], kind="review", update_ids=[u2.pk], decision="accept")
    yearly.refresh_from_db()
    assert (yearly.cur_status, yearly.cur_approval) == ("done", "accepted")
    assert yearly.cur_done_on == u2.at.astimezone(dt.timezone(dt.timedelta(hours=7))).date()
    assert differences() == []


def test_todays_list_reads_the_columns_without_subqueries(plan_setup):
    from django.utils import timezone

    from cchc.tracking.queries import assignment_queryset

    for status in ("overdue", "done", None):
        with CaptureQueriesContext(connection) as ctx:
            list(assignment_queryset(status=status, as_of=timezone.localdate()))
        (query,) = ctx.captured_queries
        assert "cur_status" in query["sql"] and query["sql"].count("SELECT") == 1, query["sql"]
