"""The one place parindex reads other capabilities that may not be installed.

- ``cchc.indicators.queries.approved_value(indicator_code, unit_id, period_key)`` (the indicators
  app): the approved measured value of an indicator for a unit and period (``"2022-Y"``).
- ``cchc.surveys.queries.unit_index_for_year(unit_id, year)`` (the surveys app): the unit's
  satisfaction / survey index (0–100).

Each is imported lazily; without the app the answer is None and the platform falls back to what
people enter (the self-score, the standing agency's survey points).
"""

from __future__ import annotations

from decimal import Decimal


def indicator_value(indicator_code: str, unit_id: int, year: int) -> Decimal | None:
    """The approved yearly value of ``indicator_code`` for the unit, or None."""
    try:
        from cchc.indicators.queries import approved_value
    except ImportError:
        return None
    value = approved_value(indicator_code, unit_id, f"{year}-Y")
    return None if value is None else Decimal(str(value))


def survey_index(unit_id: int, year: int) -> Decimal | None:
    """The unit's survey index for the year (0–100), or None."""
    try:
        from cchc.surveys.queries import unit_index_for_year
    except ImportError:
        return None
    value = unit_index_for_year(unit_id, year)
    return None if value is None else Decimal(str(value))
