"""Template filters of the tracking pages: ``{% load tracking_tags %}``.

``state_badge`` renders an assignment state's badge in one dictionary look-up: the lists render it
once per row, where an ``{% include %}`` of a template per row cost a context push, a template
look-up and an ``{% if %}`` chain each time (docs/performance.md, "List templates")."""

import unicodedata

from django import template
from django.template.defaultfilters import stringfilter, truncatechars
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext_lazy

register = template.Library()

# state -> (CSS classes, label); the one definition of a state's badge (tracking/_state.html uses it).
STATE_BADGES = {
    "overdue": ("badge overdue state-overdue", gettext_lazy("Quá hạn")),
    "at_risk": ("badge at_risk state-at_risk", gettext_lazy("Có nguy cơ chậm")),
    "done": ("badge done state-done", gettext_lazy("Hoàn thành")),
    "done_late": ("badge done state-done_late", gettext_lazy("Hoàn thành muộn")),
    "pending_approval": ("badge pending state-waiting", gettext_lazy("Chờ duyệt")),
    "waiting_event": ("badge state-waiting", gettext_lazy("Chờ sự kiện")),
    "cancelled": ("badge", gettext_lazy("Không thực hiện")),
    "open": ("badge state-in_progress", gettext_lazy("Trong hạn")),
}


@register.filter
def state_badge(state):
    """``<span class="badge overdue state-overdue">Quá hạn</span>`` for "overdue" (translated);
    nothing for an unknown or empty state."""
    badge = STATE_BADGES.get(state)
    if badge is None:
        return ""
    css, label = badge
    return mark_safe(f'<span class="{css}">{conditional_escape(str(label))}</span>')


@register.simple_tag
def unit_options(units, selected) -> str:
    """The filter form's unit options, ``<option value="id"[ selected]>name</option>`` each, in one
    pass: the form lists every unit the user reads (hundreds in a province), where a template loop
    cost three variable look-ups, a model comparison and a localised number per option."""
    chosen = selected.pk if selected is not None else None
    return mark_safe(
        "".join(
            f'<option value="{formats.localize(u.pk)}"{" selected" if u.pk == chosen else ""}>'
            f"{conditional_escape(u.name)}</option>"
            for u in units
        )
    )


@register.filter(is_safe=True)
@stringfilter
def clip(value: str, length: int) -> str:
    """Django's ``truncatechars`` (the same output: NFC text, cut with "…"), without its
    per-character loop when it is not needed: a text within ``length`` is returned as it is, one
    without combining marks is cut by slicing. The lists clip two texts per row."""
    text = unicodedata.normalize("NFC", value)
    n = int(length)
    if len(text) <= n:
        return text
    if n <= 0 or any(map(unicodedata.combining, text)):
        return truncatechars(text, n)
    return add_truncation_text(text[: calculate_truncate_chars_length(n, None)], None)
