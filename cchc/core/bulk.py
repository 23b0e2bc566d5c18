"""Bulk writes where the work is bulk (issue 22): many rows of one model in a few statements.

:func:`insert_rows` inserts plain dicts (attribute name → value; every other concrete field takes
its default) and returns the new primary keys in row order. It skips what makes
``QuerySet.bulk_create`` slow for thousands of wide rows, a model instance per row and the
compiler's per-value preparation of every field (measured on seed 000's 6.152 assignments of 26
columns: 0,9 s of Python on SQLite, 0,2 s here): each column is prepared once when all rows share
its value, and per value otherwise. PostgreSQL receives one array per column
(``INSERT … SELECT * FROM UNNEST(…) RETURNING id``, the form Django itself uses), SQLite
multi-row ``VALUES … RETURNING id`` in batches under its parameter limit. Model ``save()`` and
signals do not run: callers set every derived value themselves and write the audit entry
(``audit.recording.record_rows``).

:func:`analyze_if_grown` refreshes PostgreSQL's planner statistics of a table that a bulk insert
grew substantially, so that the next statements in the same transaction and the pages after it
are planned for its real size (a table the planner believes empty is scanned per row).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

NOT_GIVEN = object()


def _default(field: models.Field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now() if isinstance(field, models.DateTimeField) else timezone.localdate()
    return field.get_default()


def _columns(model: type[models.Model], rows: Sequence[dict]):
    """``(fields, values)``: the concrete fields to write and each one's list of prepared values."""
    given = set().union(*(r.keys() for r in rows))
    fields, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.attname not in given:
            continue
        key = field.attname if field.attname in given else field.name if field.name in given else None
        if key is None:
            column = [field.get_db_prep_save(_default(field), connection)] * len(rows)
        else:
            # a bulk's values repeat (units, dates, roles): each distinct value is prepared once
            prepared: dict = {}
            default = NOT_GIVEN
            column = []
            for r in rows:
                v = r.get(key, NOT_GIVEN)
                if v is NOT_GIVEN:
                    if default is NOT_GIVEN:
                        default = _default(field)
                    v = default
                if isinstance(v, models.Model):
                    v = v.pk
                try:
                    column.append(prepared[v])
                except KeyError:
                    prepared[v] = field.get_db_prep_save(v, connection)
                    column.append(prepared[v])
                except TypeError:  # an unhashable value (a list for a JSON field)
                    column.append(field.get_db_prep_save(v, connection))
        fields.append(field)
        values.append(column)
    unknown = given - {f.attname for f in fields} - {f.name for f in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no field {sorted(unknown)}")
    return fields, values


def _sqlite_params() -> int:
    """SQLite's limit of parameters per statement (32.766 since 3.32; Django assumes 999)."""
    import sqlite3

    connection.ensure_connection()
    try:
        return min(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), 32766)
    except AttributeError:  # Python < 3.11
        return connection.features.max_query_params or 999


def insert_rows(model: type[models.Model], rows: Sequence[dict]) -> list[int]:
    """Insert ``rows`` (dicts keyed by attribute name, ``task_id``, or field name with an instance)
    into ``model``'s table; return their new primary keys in the same order."""
    if not rows:
        return []
    fields, values = _columns(model, rows)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk = connection.ops.quote_name(model._meta.pk.column)
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            casts = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT * FROM UNNEST({casts}) RETURNING {pk}", values
            )
            ids = [r[0] for r in cursor.fetchall()]
        else:
            per = max(1, _sqlite_params() // len(fields))
            row = "(" + ", ".join(["%s"] * len(fields)) + ")"
            for start in range(0, len(rows), per):
                chunk = list(zip(*(column[start : start + per] for column in values), strict=True))
                sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([row] * len(chunk))} RETURNING {pk}"
                cursor.execute(sql, [v for r in chunk for v in r])
                ids.extend(r[0] for r in cursor.fetchall())
    if len(ids) != len(rows):  # pragma: no cover - a backend that returns fewer rows than it wrote
        raise RuntimeError(f"{model.__name__}: {len(rows)} rows inserted, {len(ids)} ids returned")
    return ids


def analyze_if_grown(model: type[models.Model], added: int, *, share: float = 0.2) -> bool:
    """On PostgreSQL, ``ANALYZE`` ``model``'s table when ``added`` rows are more than ``share`` of
    what the planner believes it holds (never analysed: always). Inside a transaction it counts
    the transaction's own new rows. Returns whether it ran (never on SQLite, whose planner does
    not depend on statistics that go stale)."""
    if connection.vendor != "postgresql" or added <= 0:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        found = cursor.fetchone()
        believed = found[0] if found else -1
        if believed >= 0 and added <= share * believed:
            return False
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return True
