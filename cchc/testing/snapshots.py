"""Expensive test data built once per session and replayed as rows (``replay``).

A fixture that imports the real Hải Phòng plan or records the demo's thousand progress updates
through the actions costs a minute; every test rolls its rows back, so the next test built it
again. ``replay(key, build)`` runs ``build`` in the first test that asks for ``key``, keeps the rows
it added (every model's table, read through the ORM), and in every later test inserts those very
rows (same primary keys, same values, one INSERT per model and batch, no ``save()``, no signals).
The tests still see exactly what the build wrote; only the work of writing it is skipped.

It replays only onto the state the first build started from (each table's row count and largest
key, e.g. the migrations' rows, or another replayed snapshot): when a test wrote other rows before
asking, or when the build changed or deleted a row it did not add, it simply builds again.
What is outside the database (files under the test media root, which the suite keeps, and the
cache, emptied before each test) is not replayed; a build must not depend on it being fresh."""

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
class Snapshot:
    state: State  # the tables' (count, largest key) the build started from
    rows: Rows | None  # what it added; None when it also changed or deleted a row it found
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


def _rows(model) -> dict[Any, tuple]:
    names = [f.attname for f in _fields(model)]
    pk = names.index(model._meta.pk.attname)
    return {row[pk]: row for row in model._base_manager.order_by("pk").values_list(*names)}


def _state() -> State:
    out = {}
    for m in _models():
        got = m._base_manager.aggregate(n=Count("pk"), top=Max("pk"))
        out[m] = (got["n"], got["top"])
    return out


def _added_rows(before: dict[type, dict[Any, tuple]]) -> Rows | None:
    added: Rows = {}
    for model, old in before.items():
        new = _rows(model)
        if any(new.get(pk) != row for pk, row in old.items()):
            return None
        rows = [row for pk, row in new.items() if pk not in old]
        if rows:
            added[model] = rows
    return added


def _insert(rows: Rows) -> None:
    for model, values in rows.items():
        fields = _fields(model)
        names = [f.attname for f in fields]
        objs = [model(**dict(zip(names, row, strict=True))) for row in values]
        size = max(connection.ops.bulk_batch_size(fields, objs), 1)
        for start in range(0, len(objs), size):
            # raw: the values as read (auto_now and defaults are not applied again)
            model._base_manager._insert(objs[start : start + size], fields=fields, raw=True)


def replay(key: str, build: Callable[[], Any]) -> Any:
    """Run ``build()`` once and return what it returns; in later tests that start from the same
    state insert the rows it added instead and return the same row read again (see the module)."""
    state = _state()
    done = _snapshots.get(key)
    if done is not None:
        if done.rows is None or done.state != state:
            return build()
        _insert(done.rows)
        if done.result is None:
            return None
        model, pk = done.result
        return model._base_manager.get(pk=pk)
    before = {m: _rows(m) for m in _models()}
    result = build()
    if result is not None and not isinstance(result, Model):
        raise TypeError("replay: a build returns None or one model row")
    kept = (type(result), result.pk) if result is not None else None
    _snapshots[key] = Snapshot(state, _added_rows(before), kept)
    return result
