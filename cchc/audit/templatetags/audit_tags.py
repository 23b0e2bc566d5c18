"""``{{ event|changes }}`` and ``{{ event.model|model_label }}`` for the history tables."""

from django import template

from cchc.audit import presentation

register = template.Library()


@register.filter
def changes(event):
    return presentation.readable_changes(event)


@register.filter
def model_label(label):
    return presentation.model_label(label)
