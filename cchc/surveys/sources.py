"""What surveys read from other apps (lazily: a missing app means "no data")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict


def default_reference_period(year: int, starts_on: dt.date | None) -> tuple[dt.date, dt.date]:
    """The period whose dossiers make a unit's population N: the round's year up to the day
    before the round starts (the whole year when the round starts after it)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if starts_on is not None and first < starts_on <= last:
        last = starts_on - dt.timedelta(days=1)
    return first, last


def dossiers_received(units, first: dt.date, last: dt.date) -> dict[int, int]:
    """unit id → dossiers received in the whole months of [first, last] by the unit and the units
    under it (``indicators.DossierAggregate``, monthly). Units without any aggregate are absent
    (unknown, not 0). Two queries whatever the number of units."""
    try:
        from cchc.indicators.models import DossierAggregate
    except ImportError:
        return {}
    from django.db.models import Q, Sum

    from cchc.orgs.models import OrgUnit

    units = list(units)
    if not units or last < first:
        return {}
    provinces = {u.province_id or u.pk for u in units}
    parent = dict(
        OrgUnit.objects.filter(Q(province_id__in=provinces) | Q(pk__in=provinces)).values_list(
            "pk", "parent_id"
        )
    )
    wanted = {u.pk for u in units}

    def owners(pk):
        seen = 0
        while pk is not None and seen < 30:
            if pk in wanted:
                yield pk
            pk, seen = parent.get(pk), seen + 1

    months = Q()
    for year in range(first.year, last.year + 1):
        lo = first.month if year == first.year else 1
        hi = last.month if year == last.year else 12
        months |= Q(year=year, month__gte=lo, month__lte=hi)
    out: dict[int, int] = defaultdict(int)
    rows = (
        DossierAggregate.objects.filter(months, unit_id__in=list(parent))
        .values("unit_id")
        .annotate(n=Sum("received"))
        .values_list("unit_id", "n")
    )
    for unit_id, n in rows:
        for owner in owners(unit_id):
            out[owner] += int(n or 0)
    return dict(out)
