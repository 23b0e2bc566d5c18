"""The state as of a past date, set-based: the families' latest updates known at the end of
``as_of`` are picked ONCE (one window query, as :func:`cchc.tracking.current._apply` does for
today), joined to the assignments, and the state is read from them by the same rule as today's
(:func:`cchc.tracking.states.current_state`, applied by
:func:`cchc.tracking.states.annotate_as_of`).

How: the query runs with a ``WITH "tracking_assignment" AS (…)`` prefix that shadows the
assignment table for that one statement by the same rows whose current-progress columns
(``current_update_id``, ``cur_status``, ``cur_percent``, ``cur_at``, ``cur_approval``,
``cur_done_on``) hold the values *as of* the date instead of today's. Everything the ORM builds
on top (filters, ``select_related``, grouping, counts, sorting) is unchanged; each row's state
is the stored-columns rule over as-of columns. A decision taken after ``as_of`` is not known
then: an acceptance or a return decided later leaves the claim waiting (``cur_approval`` of
"approved by head"), exactly as :func:`~cchc.tracking.states.annotate_state_from_history`
(the per-row reference, seven correlated subqueries per row) says; a test compares both for
every row at several dates.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.db.models.sql import Query

from cchc.tracking.current import DEFAULTS, FAMILY, _values
from cchc.tracking.models import Assignment, ProgressUpdate


def _real_table(sql: str, table: str, connection) -> str:
    """``sql`` reading the real assignment table under the name the CTE shadows: SQLite reads a
    self-reference in a CTE as recursive, so its table is named with its schema (PostgreSQL
    resolves a non-recursive CTE's own name to the table already)."""
    if connection.vendor != "sqlite":
        return sql
    name = re.escape(table)
    sql = re.sub(rf"\b(FROM|JOIN) {name} (U\d+)\b", rf"\1 main.{table} \2", sql)
    return re.sub(rf"\b(FROM|JOIN) {name}", rf"\1 main.{table} {table}", sql)


def _snapshot_sql(end: dt.datetime, scope: Query | None, connection) -> tuple[str, tuple]:
    """``SELECT`` of the assignment rows with as-of current columns (one window query, joined);
    ``scope`` (the families' province tasks of the rows asked for) narrows the updates read."""
    qn = connection.ops.quote_name
    family = {f"f_{k}": F(f"assignment__{k}") for k in FAMILY}
    updates = ProgressUpdate.objects.filter(at__lt=end)
    if scope is not None:
        updates = updates.filter(assignment__family_task_id__in=scope)
    latest = (
        updates.order_by()
        .annotate(
            **family,
            **{f"v_{k}": v for k, v in _values(end=end).items()},
            _rank=Window(
                RowNumber(), partition_by=list(family.values()), order_by=[F("at").desc(), F("pk").desc()]
            ),
        )
        .filter(_rank=1)
        .values(*family, *(f"v_{k}" for k in DEFAULTS))
    )
    latest_sql, latest_params = latest.query.get_compiler(connection=connection).as_sql()
    meta = Assignment._meta
    cols = []
    for f in meta.concrete_fields:
        if f.attname in DEFAULTS:
            default = DEFAULTS[f.attname]
            value = f"l.{qn('v_' + f.attname)}"
            if default is not None:
                value = f"COALESCE({value}, %s)"
            cols.append((f"{value} AS {qn(f.column)}", () if default is None else (default,)))
        else:
            cols.append((f"a.{qn(f.column)}", ()))
    # the real table under the name the CTE shadows (SQLite reads a self-reference as recursive)
    table = qn(meta.db_table)
    source = f"main.{table}" if connection.vendor == "sqlite" else table
    latest_sql = _real_table(latest_sql, table, connection)
    joins = " AND ".join(f"a.{qn(k)} = l.{qn('f_' + k)}" for k in FAMILY)
    select = ", ".join(c for c, _p in cols)
    params = tuple(p for _c, ps in cols for p in ps)
    sql = f"SELECT {select} FROM {source} a LEFT JOIN ({latest_sql}) l ON {joins}"
    # params of the SELECT list come before the joined query's
    return f"{table} AS ({sql})", (*params, *latest_params)


class AsOfQuery(Query):
    """A query on ``Assignment`` whose table is shadowed by the rows as known before ``end``."""

    end: dt.datetime
    scope: Query | None = None

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        plain = compiler.as_sql
        end, scope = self.end, self.scope

        def as_sql(*args, **kwargs):
            sql, params = plain(*args, **kwargs)
            cte, cte_params = _snapshot_sql(end, scope, compiler.connection)
            return f"WITH {cte} {sql}", (*cte_params, *params)

        compiler.as_sql = as_sql
        return compiler


def as_of_rows(qs: QuerySet, end: dt.datetime) -> QuerySet:
    """``qs`` (of ``Assignment``) read with its current columns as known just before ``end``
    (``states.day_end(as_of)``); ``states.annotate_state`` reads the state from them."""
    scope = None
    if qs.query.where:  # a filtered set: read only its families' updates
        scope = qs.order_by().values("family_task_id").query
    qs = qs.all()
    query = qs.query
    query.__class__ = AsOfQuery
    query.end = end
    query.scope = scope
    return qs
