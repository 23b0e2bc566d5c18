"""What surveys read from other apps: through the registries of ``cchc.core`` (never a peer app)."""

from __future__ import annotations

import datetime as dt

from cchc.core import figures


def default_reference_period(year: int, starts_on: dt.date | None) -> tuple[dt.date, dt.date]:
    """The period whose dossiers make a unit's population N: the round's year up to the day
    before the round starts (the whole year when the round starts after it)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if starts_on is not None and first < starts_on <= last:
        last = starts_on - dt.timedelta(days=1)
    return first, last


def dossiers_received(units, first: dt.date, last: dt.date) -> dict[int, int]:
    """unit id → dossiers received in the whole months of [first, last] by the unit and the units
    under it (the indicators app's monthly dossier statistics, through ``cchc.core.figures``).
    Units without any count are absent (unknown, not 0)."""
    return figures.dossiers_received(units, first, last)
