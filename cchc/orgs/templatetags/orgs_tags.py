"""Template filters of the org tree: ``{% load orgs_tags %}``."""

from django import template

from cchc.orgs import models

register = template.Library()


@register.filter
def level_label(value):
    """An org level code ("province") as its translated label ("Cấp tỉnh")."""
    return models.level_label(value)
