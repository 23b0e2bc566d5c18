"""Money on the budget pages: ``|vnd`` "1.250.000.000 đ", ``|trieu`` in triệu đồng "1.250" (tables
say so in their heading), ``|amount`` the bare number as typed in a box "1.250.000.000"; ``—`` for
no amount (a line not appraised yet)."""

from __future__ import annotations

from django import template

from cchc.domain.money import format_million, format_vnd
from cchc.domain.vnformat import format_number

register = template.Library()


@register.filter
def vnd(value):
    return "—" if value is None or value == "" else format_vnd(value)


@register.filter
def trieu(value, digits: int = 0):
    return "—" if value is None or value == "" else format_million(value, int(digits))


@register.filter
def amount(value):
    return "" if value is None or value == "" else format_number(value)
