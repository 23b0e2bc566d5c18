"""The consolidation page computed once per state of its inputs, not once per request (issue 22).

A province's report for a period is computed from history (the plan's lead work as of the
period's cut-off, the accepted unit reports, the platform's figures): hundreds of milliseconds
and 45 queries. Many people open the same report on deadline day while its inputs change a few
times an hour, so the page's parts (the outline's sections, the flagged figures) are cached per
plan, period, language and day under the cache generations (``core.generations``) of what they
are computed from:

- the tracking figures of the plan's province (``sources.figures_generation``: every write that
  changes an assignment's state bumps it, progress included);
- the data of the apps the report reads in the province (:data:`INPUT_APPS`: plans, reporting,
  indicators, budget, oversight, orgs; ``generations.data_of``, bumped by every audited write
  there: a unit report and its review, a calendar, the standing agency's texts, a target, a
  dossier import, an estimate, an inspection, a unit renamed).
"""

from __future__ import annotations

from django.utils import timezone, translation

from cchc.core import generations
from cchc.reporting import sources

INPUT_APPS = ("plans", "reporting", "indicators", "budget", "oversight", "orgs")


def cached(plan, period: str, what: str, build):
    """``build()`` for ``plan``'s consolidation of ``period``: cached until one of its inputs
    changes (module docstring) or the day ends (a running period counts as of today)."""
    province_id = plan.province_id or plan.owner_unit_id
    province_code = plan.province.code if plan.province_id else ""
    names = [
        sources.figures_generation(province_id),
        *generations.data_of(INPUT_APPS, province_code),
    ]
    key = "|".join(
        [
            "consolidation",
            what,
            str(plan.pk),
            period,
            translation.get_language() or "",
            str(timezone.localdate()),
        ]
    )
    return generations.cached(names, key, build)
