"""Vietnamese display filters: ``{{ x|percent }}`` → 88,54%, ``{{ d|vdate }}`` → 23/09/2021."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext_lazy

register = template.Library()


@register.filter
def period_label(code):
    """A period code as people write it: "2022-Y" → "Năm 2022", "2023-Q1" → "Quý I/2023",
    "2022-H1" → "6 tháng đầu năm 2022", "2022-M07" → "Tháng 7/2022" (translated); anything
    else stays as it is."""
    from cchc.domain.periods import Period, to_roman

    try:
        p = Period.parse(str(code or ""))
    except (ValueError, KeyError):
        return code
    if p.kind == "quarterly":
        return gettext("Quý %(q)s/%(year)s") % {"q": to_roman(p.number), "year": p.year}
    if p.kind == "six_monthly":
        return gettext("6 tháng đầu năm %(year)s") % {"year": p.year}
    if p.kind == "nine_monthly":
        return gettext("9 tháng năm %(year)s") % {"year": p.year}
    if p.kind == "annual":
        return gettext("Năm %(year)s") % {"year": p.year}
    if p.kind == "monthly":
        return gettext("Tháng %(m)s/%(year)s") % {"m": p.number, "year": p.year}
    return gettext("Đột xuất %(start)s – %(end)s") % {
        "start": p.adhoc_from.strftime("%d/%m/%Y"),
        "end": p.adhoc_to.strftime("%d/%m/%Y"),
    }


@register.filter
def percent(value, places: int = 2):
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    text = formats.number_format(number, decimal_pos=int(places), use_l10n=True, force_grouping=True)
    if "," in text or "." in text:
        sep = formats.get_format("DECIMAL_SEPARATOR")
        if sep in text:
            text = text.rstrip("0").rstrip(sep)
    return f"{text}%"


@register.filter
def number(value, places: int = 0):
    if value in (None, ""):
        return "—"
    return formats.number_format(
        Decimal(str(value)), decimal_pos=int(places), use_l10n=True, force_grouping=True
    )


@register.filter
def vnd(value):
    """Money in đồng: ``1.250.000.000 đ`` (grouped as the language writes numbers); "—" when empty."""
    if value in (None, ""):
        return "—"
    return f"{number(value)} đ"


@register.filter
def trieu(value, places: int = 0):
    """Money in triệu đồng for tables: ``1.250`` (``|trieu:1`` → ``1.250,0``); "—" when empty."""
    if value in (None, ""):
        return "—"
    return number(Decimal(str(value)) / 1_000_000, places)


@register.filter
def vdate(value):
    if not value:
        return "—"
    if isinstance(value, str):  # an ISO date kept in a JSON snapshot
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def exact(value):
    """A score or figure with all its own decimals, none added or cut (12,396 stays 12,396;
    8,5 stays 8,5; 100 stays 100): ``number`` with as many places as the value has."""
    if value in (None, ""):
        return "—"
    try:
        d = Decimal(str(value)).normalize()
    except InvalidOperation:
        return value
    places = max(0, -d.as_tuple().exponent)
    return number(d, places)


_COMPARATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "=", "==": "=", "range": "–"}


@register.filter
def comparator(value):
    """ ">=" -> "≥", "<" -> "<"; "" for none."""
    return _COMPARATORS.get(value or "", value or "")


MEASURE_LABELS = {
    "%": "%",
    "count": pgettext_lazy("unit of measure", "số lượng"),
    "minutes": pgettext_lazy("unit of measure", "phút"),
    "hours": pgettext_lazy("unit of measure", "giờ"),
    "days": pgettext_lazy("unit of measure", "ngày"),
    "rank": pgettext_lazy("unit of measure", "thứ hạng"),
    "points": pgettext_lazy("unit of measure", "điểm"),
}


@register.filter
def measure_label(value):
    """A target's unit of measure code ("minutes", "rank") as words ("phút", "thứ hạng"); a word
    the plan wrote itself stays as written."""
    if not value:
        return ""
    return str(MEASURE_LABELS.get(value, value))
