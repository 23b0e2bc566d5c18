"""Money in templates: the ``vnd`` and ``trieu`` filters of ``{% load vn %}``."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def test_money_filters():
    html = Template("{% load vn %}{{ a|vnd }}|{{ a|trieu }}|{{ a|trieu:1 }}|{{ b|vnd }}").render(
        Context({"a": Decimal(1_250_000_000), "b": None})
    )
    assert html == "1.250.000.000 đ|1.250|1.250,0|—"
    with translation.override("en"):
        assert Template("{% load vn %}{{ a|vnd }}").render(Context({"a": 1_250_000})) == "1,250,000 đ"
