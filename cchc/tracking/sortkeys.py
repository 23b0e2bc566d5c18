"""The task list's sort keys that live in joined rows, stored on each assignment.

The lists sort by due date, then the task's plan and order, the unit's code and the period
(:data:`cchc.tracking.queries.SORTS`). Read through joins, PostgreSQL has to sort every row in
scope to return one page (54.000 rows of the earliest due date at ``seed-scale 10``); stored on
the row (``Assignment.sort_plan``, ``sort_order``, ``sort_unit_code``) with composite indexes,
it walks an index and stops after the page (docs/performance.md, "The task list's sort keys").

Who keeps them: ``Assignment.save()`` sets them on a new row; the bulk writers give them in the
rows they insert (``actions.do_assign_plan``, ``moves``, ``scale``); the writes that can change
a source call :func:`refresh_sort_keys` for the rows concerned, inside their transaction: the
plans hook (``plans.hooks.on_plan_changed``) for a plan's tasks, the orgs hook
(``orgs.actions.on_unit_recoded``) for a unit's code. :func:`differences` rebuilds them from the
sources (tests: no difference after each kind of write).
"""

from __future__ import annotations

from django.db import connection

from cchc.tracking.models import Assignment

# stored key -> (source table's alias, its column): the task's plan and order, the unit's code
SOURCES = {"sort_plan": ("t", "plan_id"), "sort_order": ("t", "order"), "sort_unit_code": ("u", "code")}


def refresh_sort_keys(qs=None) -> int:
    """Set the stored sort keys of the assignments of ``qs`` (default: all) from their task and
    unit, set-based: one ``UPDATE … FROM`` that writes only the rows that differ (the same SQL on
    PostgreSQL and SQLite ≥ 3.33). Returns the number of rows written."""
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Task

    qn = connection.ops.quote_name
    table = qn(Assignment._meta.db_table)
    column = {f.attname: qn(f.column) for f in Assignment._meta.concrete_fields}
    sets = ", ".join(f"{column[k]} = {a}.{qn(c)}" for k, (a, c) in SOURCES.items())
    differ = " OR ".join(f"{table}.{column[k]} <> {a}.{qn(c)}" for k, (a, c) in SOURCES.items())
    sql = (
        f"UPDATE {table} SET {sets} FROM {qn(Task._meta.db_table)} t, {qn(OrgUnit._meta.db_table)} u"
        f" WHERE t.id = {table}.{column['task_id']} AND u.id = {table}.{column['unit_id']} AND ({differ})"
    )
    params: tuple = ()
    if qs is not None and qs.query.where:
        scope_sql, params = qs.order_by().values("pk").query.sql_with_params()
        sql += f" AND {table}.{column['id']} IN ({scope_sql})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def differences(qs=None) -> list[tuple]:
    """Rows whose stored sort keys differ from their task's and unit's: ``(id, stored, sources)``."""
    qs = (qs if qs is not None else Assignment.objects.all()).order_by("pk")
    return [
        (pk, stored, source)
        for pk, *values in qs.values_list("pk", *SOURCES, "task__plan_id", "task__order", "unit__code")
        if (stored := tuple(values[:3])) != (source := tuple(values[3:]))
    ]


def on_plan_changed(plan, *, actor) -> None:
    """The plans hook: a plan's tasks changed (their order or plan may have)."""
    refresh_sort_keys(Assignment.objects.filter(task__plan=plan))


def on_unit_recoded(unit, *, actor) -> None:
    """The orgs hook: a unit's code changed."""
    refresh_sort_keys(Assignment.objects.filter(unit=unit))
