"""Expensive test data built once per session and replayed as rows (``replay``).

A fixture that imports the real Hải Phòng plan or records the demo's thousand progress updates
through the actions costs seconds to minutes; every test rolls its rows back, so the next test
built it again. ``replay(key, build)`` runs ``build`` in the first test that asks for ``key`` and
keeps what it did to every model's table (read through the ORM): the rows it added, the rows it
updated (their new values) and the keys it deleted. Every later test gets the very same rows
(same keys, same values as the database took them) by one ``executemany`` per model and kind,
without ``save()`` or signals: the tests see exactly what the build wrote, only the work of
writing it is skipped.

It replays only onto the state the first build started from: each table's row count and largest
key, and the rows the build updated or deleted still as it found them. Otherwise (a test wrote
other rows before asking) it simply builds. What is outside the database (files under the test
media root, which the suite keeps; the cache, emptied before each test) is not replayed: a build
must not depend on it being fresh."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import Count, Max, Model

Rows = dict[type, list[tuple]]
State = dict[type, tuple]


@dataclass(frozen=True)
class Changes:
    """What a build did to the tables, per model: rows as the database takes them."""

    added: Rows  # new rows
    changed: Rows  # rows it found and updated, their new values
    deleted: dict[type, list]  # keys of rows it found and deleted
    found: dict[type, dict[Any, tuple]]  # the rows it changed or deleted, as it found them


@dataclass(frozen=True)
class Snapshot:
    state: State  # the tables' (count, largest key) the build started from
    changes: Changes
    result: tuple[type, Any] | None  # the model row the build returned (its class and key)


_snapshots: dict[str, Snapshot] = {}


def _models() -> list[type]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table != "django_migrations"
    ]


def _fields(model) -> list:
    return list(model._meta.concrete_fields)


def _rows(model, pks=None) -> dict[Any, tuple]:
    names = [f.attname for f in _fields(model)]
    pk = names.index(model._meta.pk.attname)
    qs = model._base_manager.order_by("pk")
    if pks is not None:
        qs = qs.filter(pk__in=pks)
    return {row[pk]: row for row in qs.values_list(*names)}


def _has_max(model) -> bool:
    """PostgreSQL has no max() of a uuid (django_tasks' results): those tables give their count."""
    pk = model._meta.pk
    return (pk.target_field if pk.is_relation else pk).get_internal_type() != "UUIDField"


def _state() -> State:
    out = {}
    for m in _models():
        got = m._base_manager.aggregate(n=Count("pk"), **({"top": Max("pk")} if _has_max(m) else {}))
        out[m] = (got["n"], got.get("top"))
    return out


def _prepared(model, row: tuple) -> tuple:
    return tuple(f.get_db_prep_save(v, connection) for f, v in zip(_fields(model), row, strict=True))


def _changes(before: dict[type, dict[Any, tuple]]) -> Changes:
    changes = Changes({}, {}, {}, {})
    for model, old in before.items():
        new = _rows(model)
        added = [_prepared(model, row) for pk, row in new.items() if pk not in old]
        changed = [pk for pk, row in old.items() if pk in new and new[pk] != row]
        deleted = [pk for pk in old if pk not in new]
        if added:
            changes.added[model] = added
        if changed:
            changes.changed[model] = [_prepared(model, new[pk]) for pk in changed]
        if deleted:
            changes.deleted[model] = deleted
        if changed or deleted:
            changes.found[model] = {pk: old[pk] for pk in changed + deleted}
    return changes


def _unchanged_since(changes: Changes) -> bool:
    """The rows the build changed or deleted are still as it found them."""
    return all(_rows(model, list(found)) == found for model, found in changes.found.items())


def _apply(changes: Changes) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, pks in changes.deleted.items():
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.executemany(f"DELETE FROM {table} WHERE {pk} = %s", [(k,) for k in pks])
        for model, values in changes.changed.items():
            fields = _fields(model)
            at = fields.index(model._meta.pk)
            sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE {pk} = %s", [(*row, row[at]) for row in values]
            )
        for model, values in changes.added.items():
            columns = ", ".join(quote(f.column) for f in _fields(model))
            marks = ", ".join(["%s"] * len(values[0]))
            table = quote(model._meta.db_table)
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


def replay(key: str, build: Callable[[], Any]) -> Any:
    """Run ``build()`` once and return what it returns; in later tests that start from the same
    state write the same rows instead and return the same row read again (see the module)."""
    state = _state()
    done = _snapshots.get(key)
    if done is not None:
        if done.state != state or not _unchanged_since(done.changes):
            return build()
        _apply(done.changes)
        if done.result is None:
            return None
        model, pk = done.result
        return model._base_manager.get(pk=pk)
    before = {m: _rows(m) for m in _models()}
    result = build()
    if result is not None and not isinstance(result, Model):
        raise TypeError("replay: a build returns None or one model row")
    kept = (type(result), result.pk) if result is not None else None
    _snapshots[key] = Snapshot(state, _changes(before), kept)
    return result
