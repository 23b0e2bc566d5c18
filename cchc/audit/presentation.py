"""Audit events as a person reads them: field labels and value labels in the user's language.

An event stores ``{field: [old, new]}`` with raw values (``"not_started"``, ``True``, ids, ISO
dates). ``readable_changes(event)`` looks the field up on the model the event names (when the
model still exists) and gives ``[(label, old, new), …]``: the field's ``verbose_name``, the
choice's label, ``Có``/``Không`` for booleans, ``23/09/2021`` for dates, ``88,5`` for decimals
and "—" for empty values. Unknown fields (a model changed since) keep their raw name.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import pgettext

from cchc.domain.vnformat import format_date, format_number

EMPTY = "—"


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        for f in model._meta.concrete_fields:  # snapshots store FKs under the field's name
            if getattr(f, "attname", None) == name:
                return f
    return None


def field_label(model, name: str) -> str:
    field = _field(model, name)
    if field is None or not getattr(field, "verbose_name", None):
        return name
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def value_label(field, value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool) or isinstance(field, models.BooleanField):
        return pgettext("yes/no value", "Có") if value else pgettext("yes/no value", "Không")
    choices = getattr(field, "flatchoices", None) if field is not None else None
    if choices:
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
            return f"{format_date(moment.date())} {moment:%H:%M}"
        except ValueError:
            return value
    if isinstance(field, models.DateField) and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    if isinstance(field, models.DecimalField | models.FloatField) or (
        isinstance(value, str) and isinstance(field, models.DecimalField)
    ):
        try:
            number = Decimal(str(value)).normalize()
            if number == number.to_integral():
                number = number.quantize(Decimal(1))
            return format_number(number)
        except (InvalidOperation, ValueError):
            return str(value)
    if isinstance(field, models.ForeignKey):
        return f"#{value}"
    if isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(v, dict | list) for v in value)
    ):
        # a structured value (a published snapshot, a checklist): its size, not a raw dump
        return pgettext("audit value", "(dữ liệu có cấu trúc, %(n)s mục)") % {"n": len(value)}
    if isinstance(value, list):
        return ", ".join(value_label(None, v) for v in value) or EMPTY
    return str(value)


def readable_changes(event) -> list[tuple[str, str, str]]:
    model = _model(event.model)
    rows = []
    for name, pair in (event.changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        field = _field(model, name)
        rows.append((field_label(model, name), value_label(field, old), value_label(field, new)))
    return rows


def model_label(label: str) -> str:
    model = _model(label)
    if model is None:
        return label
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]
