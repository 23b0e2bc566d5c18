"""Spreadsheet cells that can never run as formulas (OWASP "CSV injection").

The one rule, used by every XLSX and CSV the platform writes (``cchc.core.spreadsheet`` for the
exporters, ``cchc.domain.planparse.template`` for the plan template): a text that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, which Excel and
LibreOffice show as text. Numbers, dates and booleans stay typed. ``plain_text`` undoes it when
we read our own files back (the plan template round trip).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """A string as a spreadsheet shows it, never as a formula."""
    if text and text[0] in FORMULA_TRIGGERS:
        return "'" + text
    return text


def safe_cell(value):
    """The value for one cell: numbers, dates and booleans as they are, text neutralised, other
    objects (lazy translations, model instances) as their text."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | datetime):
        return value
    return safe_text(str(value))


def plain_text(text: str) -> str:
    """The text ``safe_text`` was given (``'=x`` back to ``=x``); other text unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text
