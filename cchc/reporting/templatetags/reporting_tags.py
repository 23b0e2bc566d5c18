"""``{{ period|period_label }}``: a reporting period in the user's language."""

from django import template

from cchc.reporting.labels import period_label as _period_label

register = template.Library()


@register.filter
def period_label(period):
    return _period_label(period) if period is not None else "—"
