"""The lists read a page's rows as plain values of the displayed columns (``queries.list_values``
and ``list_row``, one query, no model instance per row; docs/performance.md, "List pages' own
cost"). What a row shows must stay what the annotated model rows gave (``row_of`` over
``annotate_state``, the previous reading), for every demo row on page 1 of each filter and sort,
today (the current-progress columns) and as of a past date (the history)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from cchc.tracking import queries
from cchc.tracking.models import Assignment
from cchc.tracking.states import FILTERS, annotate_state, matches_filter
from cchc.tracking.tests.test_current import NOW, _demo

pytestmark = pytest.mark.django_db

SHOWN = (
    "url",
    "assignment.pk",
    "task.title",
    "task.parent_task_id",
    "plan.number",
    "plan.title",
    "unit.short_name",
    "unit.name",
    "role",
    "period_label",
    "due_date",
    "state",
    "percent",
    "last_update_at",
    "reported_this_period",
    "returned_reason",
)


def _get(row, path):
    for part in path.split("."):
        row = row[part] if isinstance(row, dict) else getattr(row, part)
    return row


def _model_rows(ids, as_of):
    """The rows as the lists read them before: annotated model instances, one ``row_of`` each."""
    qs = annotate_state(
        Assignment.objects.filter(pk__in=ids).select_related("task", "task__plan", "task__area", "unit"),
        as_of,
    ).defer("task__plan__interchange")
    by_id = {a.pk: queries.row_of(a) for a in qs}
    return [by_id[pk] for pk in ids]


def test_list_rows_show_what_the_model_rows_showed_for_every_filter_and_sort(hp_plan):
    with time_machine.travel(NOW, tick=False):
        _demo(hp_plan)
        officer = get_user_model().objects.get(username="snv.haiphong")
        url = queries.detail_url_format()
        seen = set()
        for as_of in (dt.date(2026, 6, 15), dt.date(2022, 6, 30)):
            scoped = queries.scoped_assignments(user=officer, as_of=as_of)
            for status in ("", *FILTERS):
                for sort in ("due", "state", "-updated", "unit"):
                    qs = queries.sorted_states(scoped, as_of, status=status, sort=sort)
                    values = list(queries.list_values(qs)[:50])
                    rows = [queries.list_row(v, url % v["id"]) for v in values]
                    ids = [v["id"] for v in values]
                    assert ids == list(qs.values_list("pk", flat=True)[:50]), (as_of, status, sort)
                    model = _model_rows(ids, as_of)
                    for got, want in zip(rows, model, strict=True):
                        assert matches_filter(got["state"], status)
                        for path in SHOWN:
                            assert _get(got, path) == _get(want, path), (as_of, status, sort, path, ids[0])
                    seen.update((r["state"], r["task"]["parent_task_id"] is not None) for r in rows)
        # the pages covered done, late, overdue, waiting rows and unit-plan copies
        assert {"done", "done_late", "overdue", "pending_approval", "open"} <= {s for s, _ in seen}
        assert any(copy for _, copy in seen)
