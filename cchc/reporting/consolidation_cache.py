"""The consolidation page computed once per state of its inputs, not once per request (issue 22).

A province's report for a period is computed from history (the plan's lead work as of the
period's cut-off, the accepted unit reports, the platform's figures): hundreds of milliseconds
and 45 queries. Many people open the same report on deadline day while its inputs change a few
times an hour, so the page's parts (the outline's sections, the flagged figures) are cached per
plan, period, language and day under the cache generations (``core.generations``) of what they
are computed from:

- the tracking figures of the plan's province: for a period still running (its figures taken as
  of today) ``sources.figures_generation``, which every write that changes an assignment's state
  bumps, progress included; for a period whose cut-off has passed (its figures taken as of the
  cut-off) ``sources.past_figures_generation``, which a report or decision recorded today leaves
  alone (it cannot change a state as of an earlier day), so deadline day's reports on the running
  period do not recompute last year's report (``benchmarks/README.md``, "Deadline day");
- the data of the apps the report reads in the province (:data:`INPUT_APPS`: plans, reporting,
  indicators, budget, oversight, orgs; ``generations.data_of``, bumped by every audited write
  there: a unit report and its review, a calendar, the standing agency's texts, a target, a
  dossier import, an estimate, an inspection, a unit renamed).
"""

from __future__ import annotations

from django.utils import timezone, translation

from cchc.core import generations
from cchc.core.errors import DomainError
from cchc.reporting import sources
from cchc.reporting.schedule import check_period

INPUT_APPS = ("plans", "reporting", "indicators", "budget", "oversight", "orgs")


def cached(plan, period: str, what: str, build):
    """``build()`` for ``plan``'s consolidation of ``period``: cached until one of its inputs
    changes (module docstring) or the day ends (a running period counts as of today)."""
    province_id = plan.province_id or plan.owner_unit_id
    province_code = plan.province.code if plan.province_id else ""
    today = timezone.localdate()
    try:
        closed = check_period(period, plan=plan, province=plan.province, today=today).as_of < today
    except DomainError:
        closed = False  # build() refuses the period with its own message
    tracking = sources.past_figures_generation if closed else sources.figures_generation
    names = [tracking(province_id), *generations.data_of(INPUT_APPS, province_code)]
    key = "|".join(
        [
            "consolidation",
            what,
            str(plan.pk),
            period,
            translation.get_language() or "",
            str(today),
        ]
    )
    return generations.cached(names, key, build)
