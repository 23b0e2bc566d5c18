"""Each assignment's current progress, kept in columns by the writes.

``Assignment.current_update`` is the latest progress update (by ``at``, then id) of the
assignment's *family* (the assignment and the unit-plan copies of the same work: same
``family_task_id``, unit, role and period; see :mod:`cchc.tracking.states`), and ``cur_status``,
``cur_percent``, ``cur_at``, ``cur_approval``, ``cur_done_on`` are what "as of today" needs of
it. Every action that adds an update, decides on one, or creates an assignment (assigning a
plan, a unit plan's task, the move of a closed unit's work) calls :func:`refresh_current` for
the rows it touched, inside its own transaction (set-based: one ``UPDATE … FROM`` join with the
families' latest updates, see :func:`_apply`); bulk builders (``seed-scale``) call
:func:`rebuild_current` at the end.

:func:`cchc.tracking.states.annotate_state` reads these columns for today and later dates, and
computes the same values from the history for past dates; tests rebuild the columns from history
and compare both ways on the demo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, CharField, DateField, Exists, F, OuterRef, Q, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate
from django.utils import timezone

from cchc.tracking.models import ApprovalState, Assignment, ProgressUpdate

FAMILY = ("family_task_id", "unit_id", "role", "period_label")


def _values(model=ProgressUpdate, end=None) -> dict:
    """The current columns' values as expressions over an update (its family's latest). Given
    ``end`` (:mod:`cchc.tracking.as_of`), as known just before it: a return or an acceptance
    decided later is not known yet (the claim waits, "approved by head")."""
    returned = Q(approval_state=ApprovalState.RETURNED)
    approval = F("approval_state")
    if end is not None:
        returned &= Q(decided_at__lt=end)
        decided = Q(decided_at__isnull=True) | Q(decided_at__lt=end)
        approval = Case(
            When(Q(approval_state=ApprovalState.ACCEPTED) & decided, then=Value(ApprovalState.ACCEPTED)),
            When(returned, then=Value(ApprovalState.RETURNED)),
            When(
                approval_state__in=[ApprovalState.ACCEPTED, ApprovalState.RETURNED],
                then=Value(ApprovalState.APPROVED_BY_HEAD),
            ),
            default=F("approval_state"),
            output_field=CharField(),
        )
    # the date the work was actually completed (``completed_on``, issue 20), else the day it was
    # reported: the same rule as ``states.annotate_state_from_history`` (the historical model of
    # the columns' data migration predates ``completed_on``; that migration keeps the report date)
    reported = TruncDate("at", tzinfo=timezone.get_current_timezone())
    has_completed_on = any(f.name == "completed_on" for f in model._meta.get_fields())
    completed = Coalesce(F("completed_on"), reported) if has_completed_on else reported
    return {
        "current_update_id": F("pk"),
        "cur_status": Case(
            When(Q(status="done") & returned, then=Value("in_progress")),
            default=F("status"),
            output_field=CharField(),
        ),
        "cur_percent": F("percent"),
        "cur_at": F("at"),
        "cur_approval": approval,
        "cur_done_on": Case(
            When(Q(status="done") & ~returned, then=completed),
            default=Value(None),
            output_field=DateField(),
        ),
    }


DEFAULTS = {
    "current_update_id": None,
    "cur_status": "not_started",
    "cur_percent": 0,
    "cur_at": None,
    "cur_approval": "",
    "cur_done_on": None,
}


def _apply(scope, updates: Q | None = None, model=ProgressUpdate) -> int:
    """Set the current columns of the assignments of ``scope`` (a queryset) from their families'
    histories, set-based: one ``UPDATE … FROM`` joins the rows to their family's latest update
    (one window query over the families' updates: ``ROW_NUMBER() OVER (PARTITION BY family ORDER
    BY at DESC, id DESC) = 1``; the same SQL on PostgreSQL and SQLite ≥ 3.33), then one UPDATE
    puts the defaults back on rows whose family has no history left (an anti-join). No per-row
    subquery: the planner's cost is the join's, whatever its statistics say.

    ``updates`` narrows the updates read (the families' keys; default: those of ``scope``).
    Returns the number of rows written."""
    table = connection.ops.quote_name(scope.model._meta.db_table)
    qn = connection.ops.quote_name
    if updates is None:
        updates = Q(
            assignment__family_task_id__in=scope.order_by().values("family_task_id"),
            assignment__unit_id__in=scope.order_by().values("unit_id"),
        )
    family = {f"f_{k}": F(f"assignment__{k}") for k in FAMILY}
    latest = (
        model.objects.filter(updates)
        .order_by()
        .annotate(
            **family,
            **{f"v_{k}": v for k, v in _values(model).items()},
            _rank=Window(
                RowNumber(), partition_by=list(family.values()), order_by=[F("at").desc(), F("pk").desc()]
            ),
        )
        .filter(_rank=1)
        .values(*family, *(f"v_{k}" for k in DEFAULTS))
    )
    latest_sql, latest_params = latest.query.sql_with_params()
    scope_sql, scope_params = scope.order_by().values("pk").query.sql_with_params()
    column = {f.attname: qn(f.column) for f in scope.model._meta.concrete_fields}
    sets = ", ".join(f"{column[k]} = latest.{qn('v_' + k)}" for k in DEFAULTS)
    joins = " AND ".join(f"{table}.{column[k]} = latest.{qn('f_' + k)}" for k in FAMILY)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {sets} FROM ({latest_sql}) latest"
            f" WHERE {joins} AND {table}.{column[scope.model._meta.pk.attname]} IN ({scope_sql})",
            (*latest_params, *scope_params),
        )
        n = cursor.rowcount
    without = ~Exists(model.objects.filter(**{f"assignment__{k}": OuterRef(k) for k in FAMILY}))
    stale = (
        ~Q(**{k: v for k, v in DEFAULTS.items() if v is not None})
        | Q(current_update_id__isnull=False)
        | Q(cur_at__isnull=False)
        | Q(cur_done_on__isnull=False)
    )
    n += (
        scope.model.objects.filter(pk__in=scope.order_by().values("pk"))
        .filter(without)
        .filter(stale)
        .update(**DEFAULTS)
    )
    return n


def refresh_current(
    assignments: Iterable = (), *, families=None, new_rows: bool = False, since: dt.date | None = None
) -> int:
    """Recompute the current columns of the families of ``assignments`` (instances or ids of
    ``Assignment``), or of ``families`` (``(family_task_id, unit_id)`` pairs). A few statements,
    whatever the number of rows (:func:`_apply`).

    ``new_rows``: the rows were just inserted (their columns hold the defaults), so only those
    whose family already has a history need it (one query finds them): a unit plan's copy, a new
    row of work reported under another row of its family.

    ``since``: the day of the write when it is a report or a decision recorded at that time
    (figures as of the days before it do not change: :func:`bump_figures`); None: any day's."""
    if families is not None:
        keys = set(families)
    else:
        rows = list(assignments)
        if all(isinstance(a, Assignment) for a in rows):
            keys = {(a.family_task_id, a.unit_id) for a in rows}
        else:
            ids = {a if isinstance(a, int) else a.pk for a in rows}
            keys = set(
                Assignment.objects.filter(pk__in=ids).values_list("family_task_id", "unit_id").distinct()
            )
    if not keys:
        return 0
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
    bump_figures(units, since=since)
    return _apply(
        Assignment.objects.filter(family_task_id__in=families, unit_id__in=units),
        Q(assignment__family_task_id__in=families, assignment__unit_id__in=units),
    )


ALL_FIGURES = "tracking:all"  # any province's figures: what a reader across provinces counts


def figures_generations_for(user) -> list[str]:
    """The generations a count over what ``user`` may read rests on (list counts, chips, home
    panels: ``queries.cached_by_query``): its province's figures when every membership is in one
    province (a membership reads its unit's subtree, or its coordination root's, inside the
    unit's province: the ``province`` :func:`bump_figures` bumps by), else (an administrator, a
    reader of several provinces or of a unit outside any) :data:`ALL_FIGURES`, which every write
    bumps too. No query: the memberships are the request's grants (cached under the access
    generation, which a membership or org unit write bumps, so a moved reader is keyed again)."""
    from cchc.accounts.policy import grants_for

    g = grants_for(user)
    roots = {m.unit.province_root for m in g.memberships}
    if g.is_admin or len(roots) != 1 or None in roots:
        return [ALL_FIGURES]
    return [figures_generation(roots.pop().pk)]


def figures_generation(province_id) -> str:
    """The cache generation of a province's progress figures (dashboard panels, trend, state
    counts; ``core.generations``): bumped by every write that changes an assignment's state."""
    return f"tracking:{province_id}"


def past_figures_generation(province_id) -> str:
    """The cache generation of a province's progress figures as of the days before today (the
    dashboard's trend and last year's comparison, computed from the history): bumped by every
    write that can change them, not by a report or decision recorded today (states as of a past
    day know only the updates and decisions recorded by the end of that day: ``tracking.as_of``)."""
    return f"tracking-past:{province_id}"


def bump_figures(unit_ids, *, since: dt.date | None = None) -> None:
    """New generation of the figures of the provinces of ``unit_ids`` (one query). ``since``: the
    first day whose figures the write changes (a report recorded at its time); None: any day
    (new rows, moves, events, a history replayed with past times)."""
    from cchc.core import generations
    from cchc.orgs.models import OrgUnit

    provinces = sorted(
        {
            province or pk
            for pk, province in OrgUnit.objects.filter(pk__in=set(unit_ids)).values_list("pk", "province_id")
        }
    )
    names = [ALL_FIGURES, *(figures_generation(p) for p in provinces)]
    if since is None or since < timezone.localdate():
        names += [past_figures_generation(p) for p in provinces]
    generations.bump(*names)


def rebuild_current(qs=None, model=ProgressUpdate) -> int:
    """Recompute every row's current columns from the history (bulk builders, the data migration)."""
    qs = qs if qs is not None else Assignment.objects.all()
    if model is ProgressUpdate:  # not in a migration: the cached figures start again too
        bump_figures(qs.order_by().values_list("unit_id", flat=True).distinct())
    _apply(qs, None if qs.query.where else Q(), model)
    return qs.count()


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
