"""The one place parindex reads its lower peers (indicators and surveys, layer 5).

- ``cchc.indicators.queries.approved_value(indicator_code, unit_id, period_key)`` (the indicators
  app): the approved measured value of an indicator for a unit and period (``"2022-Y"``).
- ``cchc.surveys.queries.unit_index_for_year(unit_id, year)`` (the surveys app): the unit's
  satisfaction / survey index (0–100).
- ``cchc.tracking.models.Evidence`` (the tracking app): evidence already recorded on the units'
  tasks, which a PAR INDEX score may link to instead of a second upload.

Without a value the answer is None and the platform falls back to what people enter (the
self-score, the standing agency's survey points).
"""

from __future__ import annotations

from decimal import Decimal

from cchc.indicators.models import Indicator
from cchc.indicators.queries import approved_value
from cchc.surveys import queries
from cchc.tracking.models import Evidence


def indicator_value(indicator_code: str, unit_id: int, year: int) -> Decimal | None:
    """The approved yearly value of ``indicator_code`` for the unit, or None."""
    value = approved_value(indicator_code, unit_id, f"{year}-Y")
    return None if value is None else Decimal(str(value))


def unknown_indicator_codes(codes) -> list[str]:
    """The codes among ``codes`` that name no indicator of the catalogue."""
    codes = sorted({c for c in codes if c})
    if not codes:
        return []
    known = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    return [c for c in codes if c not in known]


def survey_index(unit_id: int, year: int, source: str = "sipas", index_code: str = "") -> Decimal | None:
    """The unit's index (0–100) for the year from the survey ``source``: ``sipas`` (the citizens'
    satisfaction surveys: the overall index) or ``officials`` (the survey of leaders, managers and
    civil servants: the index ``index_code`` of its questionnaire, e.g. ``VB1``, else the
    overall); None without a closed round."""
    if source == "sipas":
        value = queries.unit_index_for_year(unit_id, year)
    elif source == "officials":
        res = queries.unit_officials_results_for_year(unit_id, year)
        if res is None:
            return None
        value = res["indices"].get(index_code) if index_code else res["overall"]
    else:
        value = None
    return None if value is None else Decimal(str(value))


def units_task_evidence(unit_ids, limit: int = 100) -> list:
    """Evidence recorded on the tasks of the units ``unit_ids``, newest first, with its task."""
    return list(
        Evidence.objects.filter(update__assignment__unit_id__in=unit_ids)
        .select_related("update__assignment__task")
        .order_by("-id")[:limit]
    )


def first_task_evidence(unit, limit: int) -> list:
    """The first ``limit`` pieces of evidence recorded on the unit's tasks (oldest first)."""
    return list(Evidence.objects.filter(update__assignment__unit=unit).order_by("pk")[:limit])


def task_evidence(pk) -> object | None:
    """One piece of task evidence by its id (``None`` when there is none)."""
    return Evidence.objects.select_related("update__assignment").filter(pk=pk).first()
