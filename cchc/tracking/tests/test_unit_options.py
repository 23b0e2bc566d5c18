"""The filter form's unit options (``unit_options``) render exactly what the template loop they
replace rendered: the id, the selected unit, the escaped name."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from cchc.orgs.models import OrgUnit

LOOP = Template(
    '{% for u in units %}<option value="{{ u.pk }}"{% if u == unit %} selected{% endif %}>'
    "{{ u.name }}</option>{% endfor %}"
)
TAG = Template("{% load tracking_tags %}{% unit_options units unit %}")


@pytest.mark.parametrize("chosen", [None, 0, 2])
def test_unit_options_render_as_the_loop_did(chosen):
    units = [
        OrgUnit(pk=7, name="Sở Tư pháp"),
        OrgUnit(pk=1079, name='Ban "A" & <B>'),
        OrgUnit(pk=13, name="Thành phố Hải Phòng"),
    ]
    context = {"units": units, "unit": None if chosen is None else OrgUnit(pk=units[chosen].pk, name="x")}
    html = TAG.render(Context(context))
    assert html == LOOP.render(Context(context))
    assert html.count(" selected") == (chosen is not None)
    assert "&lt;B&gt;" in html
