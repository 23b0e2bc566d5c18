"""Each assignment's current progress, kept in columns by the writes.

``Assignment.current_update`` is the latest progress update (by ``at``, then id) of the
assignment's *family* (the assignment and the unit-plan copies of the same work: same
``family_task_id``, unit, role and period; see :mod:`cchc.tracking.states`), and ``cur_status``,
``cur_percent``, ``cur_at``, ``cur_approval``, ``cur_done_on`` are what "as of today" needs of
it. Every action that adds an update, decides on one, or creates an assignment (assigning a
plan, a unit plan's task, the move of a closed unit's work) calls :func:`refresh_current` for
the rows it touched, inside its own transaction; bulk builders (``seed-scale``) call
:func:`rebuild_current` at the end.

:func:`cchc.tracking.states.annotate_state` reads these columns for today and later dates, and
computes the same values from the history for past dates; tests rebuild the columns from history
and compare both ways on the demo.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, CharField, DateField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from cchc.tracking.models import ApprovalState, Assignment, ProgressUpdate


def _latest_update_id(model=ProgressUpdate):
    return Subquery(
        model.objects.filter(
            assignment__family_task_id=OuterRef("family_task_id"),
            assignment__unit_id=OuterRef("unit_id"),
            assignment__role=OuterRef("role"),
            assignment__period_label=OuterRef("period_label"),
        )
        .order_by("-at", "-id")
        .values("pk")[:1]
    )


def _of_current(expr, output, model=ProgressUpdate):
    return Subquery(
        model.objects.filter(pk=OuterRef("current_update_id")).annotate(_v=expr).values("_v")[:1],
        output_field=output,
    )


def current_columns(model=ProgressUpdate) -> dict:
    """The columns' values from ``current_update`` (for ``QuerySet.update``; also used by the
    data migration with its historical model)."""
    returned = Q(approval_state=ApprovalState.RETURNED)
    status = Case(
        When(Q(status="done") & returned, then=Value("in_progress")),
        default=F("status"),
        output_field=CharField(),
    )
    # the date the work was actually completed (``completed_on``, issue 20), else the day it was
    # reported: the same rule as ``states.annotate_state_from_history`` (the historical model of
    # the columns' data migration predates ``completed_on``; that migration keeps the report date)
    reported = TruncDate("at", tzinfo=timezone.get_current_timezone())
    has_completed_on = any(f.name == "completed_on" for f in model._meta.get_fields())
    completed = Coalesce(F("completed_on"), reported) if has_completed_on else reported
    done_on = Case(
        When(Q(status="done") & ~returned, then=completed),
        default=Value(None),
        output_field=DateField(),
    )
    percent = Assignment._meta.get_field("cur_percent")
    return {
        "cur_status": Coalesce(_of_current(status, CharField(), model), Value("not_started")),
        "cur_percent": Coalesce(_of_current(F("percent"), percent, model), Value(0, output_field=percent)),
        "cur_at": _of_current(F("at"), Assignment._meta.get_field("cur_at"), model),
        "cur_approval": Coalesce(_of_current(F("approval_state"), CharField(), model), Value("")),
        "cur_done_on": _of_current(done_on, DateField(), model),
    }


def _apply(qs, model=ProgressUpdate) -> int:
    n = qs.update(current_update_id=_latest_update_id(model))
    qs.update(**current_columns(model))
    return n


def refresh_current(assignments: Iterable, *, new_rows: bool = False) -> int:
    """Recompute the current columns of the families of ``assignments`` (instances or ids of
    ``Assignment``). Two UPDATE statements, whatever the number of rows.

    ``new_rows``: the rows were just inserted (their columns hold the defaults), so only those
    whose family already has a history need it (one query finds them): a unit plan's copy, a new
    row of work reported under another row of its family."""
    rows = [a for a in assignments]
    if not rows:
        return 0
    if all(isinstance(a, Assignment) for a in rows):
        keys = {(a.family_task_id, a.unit_id) for a in rows}
    else:
        ids = {a if isinstance(a, int) else a.pk for a in rows}
        keys = set(Assignment.objects.filter(pk__in=ids).values_list("family_task_id", "unit_id").distinct())
    if new_rows:
        keys = (
            set(
                ProgressUpdate.objects.filter(
                    assignment__family_task_id__in={k[0] for k in keys},
                    assignment__unit_id__in={k[1] for k in keys},
                )
                .values_list("assignment__family_task_id", "assignment__unit_id")
                .distinct()
            )
            & keys
        )
        if not keys:
            return 0
    # a superset of the families (same province task and unit) is recomputed: the values are a
    # function of the history, so recomputing an unchanged family changes nothing
    families = {k[0] for k in keys}
    units = {k[1] for k in keys}
    bump_figures(units)
    return _apply(Assignment.objects.filter(family_task_id__in=families, unit_id__in=units))


ALL_FIGURES = "tracking:all"  # any province's figures: list counts keyed by their own query


def figures_generation(province_id) -> str:
    """The cache generation of a province's progress figures (dashboard panels, trend, state
    counts; ``core.generations``): bumped by every write that changes an assignment's state."""
    return f"tracking:{province_id}"


def bump_figures(unit_ids) -> None:
    """New generation of the figures of the provinces of ``unit_ids`` (one query)."""
    from cchc.core import generations
    from cchc.orgs.models import OrgUnit

    provinces = {
        province or pk
        for pk, province in OrgUnit.objects.filter(pk__in=set(unit_ids)).values_list("pk", "province_id")
    }
    generations.bump(ALL_FIGURES, *(figures_generation(p) for p in sorted(provinces)))


def rebuild_current(qs=None, model=ProgressUpdate) -> int:
    """Recompute every row's current columns from the history (bulk builders, the data migration)."""
    qs = qs if qs is not None else Assignment.objects.all()
    if model is ProgressUpdate:  # not in a migration: the cached figures start again too
        bump_figures(qs.order_by().values_list("unit_id", flat=True).distinct())
    return _apply(qs, model)


CHECKED = ("current_update_id", "cur_status", "cur_percent", "cur_at", "cur_approval", "cur_done_on")


def differences(qs=None) -> list[tuple]:
    """Rows whose stored current columns differ from a rebuild from history: ``(id, stored,
    rebuilt)`` (read-only: the rebuild runs in a savepoint that is rolled back)."""
    from django.db import transaction

    qs = qs if qs is not None else Assignment.objects.all()
    stored = {r[0]: r[1:] for r in qs.order_by().values_list("pk", *CHECKED)}

    class _Rollback(Exception):
        pass

    rebuilt: dict = {}
    try:
        with transaction.atomic():
            rebuild_current(qs.order_by())
            rebuilt = {r[0]: r[1:] for r in qs.order_by().values_list("pk", *CHECKED)}
            raise _Rollback
    except _Rollback:
        pass
    return [(pk, stored[pk], rebuilt[pk]) for pk in sorted(stored) if stored[pk] != rebuilt.get(pk)]
