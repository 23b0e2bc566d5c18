"""Pages of a long list whose cost does not grow with the page number.

A database reads ``OFFSET n`` by walking and dropping ``n`` rows, so with Django's ``Paginator``
the last page of a 500.000-row list costs a walk of the whole list (6–8 s for the task list at
scale 10, where page 1 costs milliseconds). :class:`BalancedPaginator` reads a page in the far
half of the list from the other end instead: the same rows, in the same order, by the reversed
ordering with an offset counted from the end, so the last page costs what the first one does and
the worst page (the middle) half of what it did.

This is only exact when the ordering is total: rows that tie on every key may come back in a
different order when read backwards. So the far end is used only when the ordering's last key
is the primary key (``pk``/``id``, either direction), which every list here ends with; any other
list is paginated as Django does.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet

_UNIQUE_LAST = {"pk", "-pk", "id", "-id"}


def totally_ordered(qs) -> bool:
    """Whether ``qs`` is a queryset ordered by keys that end with its primary key."""
    if not isinstance(qs, QuerySet):
        return False
    order = list(qs.query.order_by)
    if not order and qs.query.default_ordering:
        order = list(qs.model._meta.ordering or [])
    return bool(order) and isinstance(order[-1], str) and order[-1] in _UNIQUE_LAST


class BalancedPaginator(Paginator):
    """Django's ``Paginator`` (same pages, same numbering, a page past the end gives the last one
    through ``get_page``), reading a page past the middle from the list's end (see the module)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count // 2 and totally_ordered(self.object_list):
            count = self.count
            rows = list(self.object_list.reverse()[count - top : count - bottom])
            rows.reverse()
        else:
            rows = self.object_list[bottom:top]
        return self._get_page(rows, number, self)
