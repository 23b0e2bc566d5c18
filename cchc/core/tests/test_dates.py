"""Date fields read and write dd/mm/yyyy whatever the browser's language (issue 24)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from cchc.core.dates import DayInput, parse_day

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", ["23/09/2021", "23/9/2021", " 23.09.2021 ", "2021-09-23", "23-09-2021"])
def test_parse_day_reads_what_people_type_and_iso(text):
    assert parse_day(text) == dt.date(2021, 9, 23)


@pytest.mark.parametrize("text", ["", None, "09/23/2021", "31/02/2022", "hôm qua"])
def test_parse_day_refuses_what_is_not_a_day(text):
    with pytest.raises(ValueError):
        parse_day(text)


class _Form(forms.Form):
    day = forms.DateField(widget=DayInput())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_form_date_field_is_dd_mm_yyyy_in_both_languages(language):
    with translation.override(language):
        html = str(_Form(initial={"day": dt.date(2022, 3, 5)})["day"])
        assert 'type="text"' in html and 'value="05/03/2022"' in html and 'placeholder="dd/mm/yyyy"' in html
        form = _Form({"day": "05/03/2022"})
        assert form.is_valid() and form.cleaned_data["day"] == dt.date(2022, 3, 5)


def test_no_native_date_inputs_left():
    """A native date input shows mm/dd/yyyy on an English-language PC."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in list(ROOT.rglob("*.html")) + list(ROOT.rglob("*.py"))
        if "tests" not in p.parts
        and (
            'type="date"' in p.read_text(encoding="utf-8")
            or '"type": "date"' in p.read_text(encoding="utf-8")
        )
    ]
    assert not offenders, offenders
