"""The consolidation page computed once per state of its inputs, not once per request (issue 22).

A province's report for a period is computed from history (the plan's lead work as of the
period's cut-off, the accepted unit reports, the platform's figures): hundreds of milliseconds
and a dozen queries. Many people open the same report on deadline day while its inputs change a
few times an hour, so the page's parts (the outline's sections, the flagged figures) are cached
per plan, period, language and day under the cache generations (``core.generations``) of what
they are computed from:

- the tracking figures of the plan's province (``sources.figures_generation``: every write that
  changes an assignment's state bumps it);
- the reporting generation of the province (:func:`bump_reporting`: every unit report, review
  step, calendar or consolidation text written here);
- the generations other apps bump for their figures (indicators, budget, inspections:
  ``sources.input_generations``), when they have one;
- the plan's own rows: the plan's version and its tasks' count and versions (one indexed query),
  so an edited task or due date shows at once.

Figures of apps that bump no generation yet are at most :data:`UNBUMPED_TTL` seconds old.
"""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.utils import timezone, translation

from cchc.core import generations
from cchc.reporting import sources

# how long a cached page may miss a write of an input that bumps no generation
UNBUMPED_TTL = 300


def reporting_generation(province_id) -> str:
    """The cache generation of a province's reports (unit reports, calendars, texts)."""
    return f"reporting:{province_id}"


def bump_reporting(province_id) -> None:
    """A new generation of the province's reports: the writes of this app call it."""
    if province_id is not None:
        generations.bump(reporting_generation(province_id))


def province_id(plan):
    """The province whose generations a plan's consolidation is cached under."""
    return plan.province_id or plan.owner_unit_id


def _fingerprint(plan) -> str:
    """The plan's version, its tasks' count and summed versions and its targets' count and last
    id (a target added shows at once): one query of two indexed aggregates."""
    from cchc.plans.models import Plan, Target, Task

    def agg(model, **aggregates):
        return Subquery(
            model.objects.filter(plan=OuterRef("pk"))
            .order_by()
            .values("plan")
            .annotate(**aggregates)
            .values(*aggregates)[:1]
        )

    row = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(
            n=agg(Task, n=Count("pk")),
            v=agg(Task, v=Sum("version")),
            t=agg(Target, t=Count("pk")),
            last=agg(Target, last=Max("pk")),
        )
        .values_list("version", "n", "v", "t", "last")
        .first()
    )
    return ".".join(str(x or 0) for x in row or ())


def cached(plan, period: str, what: str, build):
    """``build()`` for ``plan``'s consolidation of ``period``: cached until one of its inputs
    changes (module docstring) or the day ends (a running period counts as of today)."""
    province = province_id(plan)
    names = [
        sources.figures_generation(province),
        reporting_generation(province),
        *sources.input_generations(province),
    ]
    key = "|".join(
        [
            "consolidation",
            what,
            str(plan.pk),
            period,
            translation.get_language() or "",
            str(timezone.localdate()),
            _fingerprint(plan),
            *(f"{n}={generations.current(n)}" for n in names),
        ]
    )
    timeout = UNBUMPED_TTL if sources.unbumped_inputs() else generations.DAY
    return generations.cached(names[0], key, build, timeout=timeout)
