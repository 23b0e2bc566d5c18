"""Optional filters of a list, written once: ``qs.filter(**given(unit=unit, due_date__gte=due_from))``
applies only the lookups whose value was given."""

from __future__ import annotations


def given(**lookups) -> dict:
    """The ``lookups`` whose value is given: not None and not an empty string (an empty set or
    list IS given: it filters to nothing, as a choice of no units should)."""
    return {key: value for key, value in lookups.items() if value is not None and value != ""}
