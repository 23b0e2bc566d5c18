"""What the indicators app provides to other apps through ``cchc.core.figures`` (registered in
``apps.py``): the one-stop-shop dossier counts its peer surveys reads for a survey's population."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum

from cchc.indicators.models import DossierAggregate
from cchc.orgs.models import OrgUnit


def dossiers_received(units, first: dt.date, last: dt.date) -> dict[int, int]:
    """unit id → dossiers received in the whole months of [first, last] by the unit and the units
    under it (``DossierAggregate``, monthly). Units without any aggregate are absent
    (unknown, not 0). Two queries whatever the number of units."""
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
