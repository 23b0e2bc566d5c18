"""Dates typed by people: fields read and write ``dd/mm/yyyy`` whatever the browser's language.

A native date input shows mm/dd/yyyy on an English-language office PC; our date
fields are text fields showing ``23/09/2021`` (``DayInput`` for forms, ``day_input`` for hand-made
inputs: ``{% include "core/_day_input.html" %}``), and every view reads them with ``parse_day``,
which also takes ISO dates (links, the API, older bookmarks).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms

DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
_DMY = re.compile(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*")


def parse_day(text: str | None) -> dt.date:
    """``"23/09/2021"``, ``"3/9/2021"``, ``"23.09.2021"`` or ``"2021-09-23"`` → the date;
    ``ValueError`` otherwise (an empty value included)."""
    text = (text or "").strip()
    m = _DMY.fullmatch(text)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    return dt.date.fromisoformat(text)


def day_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


DAY_ATTRS = {
    "type": "text",
    "inputmode": "numeric",
    "autocomplete": "off",
    "placeholder": "dd/mm/yyyy",
    "pattern": DAY_PATTERN,
    "class": "day-input",
}


class DayInput(forms.DateInput):
    """A date field's widget: ``dd/mm/yyyy`` text (forms.DateField reads it through
    DATE_INPUT_FORMATS of cchc/formats, in both languages)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(attrs={**DAY_ATTRS, **(attrs or {})}, format="%d/%m/%Y")
