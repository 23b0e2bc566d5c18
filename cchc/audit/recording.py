"""Write audit events. Action functions call ``record`` inside their transaction, or change a
row inside :func:`audited_change` (lock, snapshot, change, version + 1, save, record)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from cchc.audit.models import AuditAction, AuditEvent
from cchc.core import generations


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of ``instance`` as JSON-ready data (FKs as ids)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"search_key"}:
            continue
        data[field.name] = _plain(getattr(instance, field.attname))
    return data


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """Field-by-field ``{field: [old, new]}`` for the fields that differ."""
    before, after = before or {}, after or {}
    out = {}
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            out[key] = [before.get(key), after.get(key)]
    return out


def _province_code(scope: models.Model) -> str:
    """The code of the province a record belongs to: the model's ``audit_province_code()`` when it
    says, else the code of its ``province`` (a foreign key to the province's ``OrgUnit``)."""
    if hasattr(scope, "audit_province_code"):
        return scope.audit_province_code() or ""
    return getattr(getattr(scope, "province", None), "code", "") or ""


def record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    changes: dict | None = None,
    unit=None,
    note: str = "",
) -> AuditEvent | None:
    """Record one write. An update that changed nothing is not recorded."""
    if changes is None:
        changes = diff(before, after)
    if action == AuditAction.UPDATE and not changes:
        return None
    if instance is not None:
        model = model or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
        object_repr = object_repr or str(instance)[:255]
    scope = unit if unit is not None else instance
    province_code = _province_code(scope) if scope is not None else ""
    actor_name = ""
    if actor is not None and getattr(actor, "pk", None):
        actor_name = actor.get_full_name() or actor.get_username()
    event = AuditEvent.objects.create(
        actor_id=getattr(actor, "pk", None),
        actor_name=actor_name[:255],
        unit_name=(str(unit) if unit else "")[:255],
        province_code=province_code,
        action=action,
        model=model,
        object_id=object_id,
        object_repr=object_repr[:255],
        changes=_plain(changes),
        note=note,
    )
    # what was written changed its app's data in the province: values cached under that
    # generation (the leaders' dashboard, core.generations.data_of) are computed again
    generations.bump(generations.data(model.partition(".")[0], province_code))
    return event


def record_rows(
    *,
    actor,
    action: str,
    model: type[models.Model],
    header: list[str],
    rows: list[list],
    label: str,
    unit=None,
    note: str = "",
) -> AuditEvent | None:
    """One audit event for a batch of rows written together (a bulk insert or update): the event
    lists them as a table, ``changes = {"rows": [header, *rows]}``, each row's id first, and names
    them ``first id-last id``. Nothing is recorded for an empty batch."""
    if not rows:
        return None
    if not header or header[0] != "id":
        raise ValueError("a batch's table starts with the rows' id")
    return record(
        actor=actor,
        action=action,
        model=model._meta.label_lower,
        object_id=f"{rows[0][0]}-{rows[-1][0]}"[:64],
        object_repr=label[:255],
        changes={"rows": [list(header), *rows]},
        unit=unit,
        note=note,
    )


def batch_rows(event: AuditEvent) -> list[dict]:
    """The rows a batch event (:func:`record_rows`) lists, each as ``{column: value}``."""
    table = (event.changes or {}).get("rows") or []
    if not table:
        return []
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]


def history(instance: models.Model):
    return AuditEvent.objects.filter(model=instance._meta.label_lower, object_id=str(instance.pk))


def lock(instance: models.Model, *related: str) -> models.Model:
    """``instance`` read again under a row lock (``select_for_update``), with ``related`` joined.
    Call it inside the action's transaction, then check, then change in :func:`audited_change`."""
    rows = type(instance)._default_manager.select_for_update()
    if related:
        rows = rows.select_related(*related)
    return rows.get(pk=instance.pk)


def _versioned(instance: models.Model) -> bool:
    """Whether ``instance`` carries the optimistic-locking counter (an integer ``version``)."""
    try:
        field = instance._meta.get_field("version")
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.IntegerField)


@contextmanager
def audited_change(
    instance: models.Model,
    *,
    actor,
    unit=None,
    note: str = "",
    action: str | None = None,
    update_fields: list[str] | None = None,
) -> Iterator[models.Model]:
    """The audited-change idiom: snapshot ``instance`` (a row already locked with :func:`lock`,
    or new and unsaved), let the ``with`` block change its fields, then bump its ``version``
    when it has one, save and record the change field by field. A row without a primary key is
    recorded as created. Raising inside the block saves and records nothing::

        with transaction.atomic():
            sheet = lock(sheet)
            ...checks that raise DomainError...
            with audited_change(sheet, actor=actor, unit=sheet.unit, note=_("Gửi")):
                sheet.status = SheetStatus.SUBMITTED
    """
    before = snapshot(instance) if instance.pk is not None else None
    yield instance
    versioned = _versioned(instance)
    if versioned:
        instance.version += 1
        if update_fields is not None and "version" not in update_fields:
            update_fields = [*update_fields, "version"]
    instance.save(update_fields=update_fields)
    if action is None:
        action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    changes = diff(before, snapshot(instance))
    record(actor=actor, action=action, instance=instance, changes=changes, unit=unit, note=note)
