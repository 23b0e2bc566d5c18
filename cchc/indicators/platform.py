"""Indicators the platform computes from its own modules (kind ``computed``), so nobody types them.

Each source is named in the indicator set (``computed_source``, one of
``cchc.domain.indicatorsets.COMPUTED_SOURCES``) and answers, for a unit and a year, a
:class:`~cchc.core.figures.Reading`: the value, its numerator and denominator when it is a share
(so attainment pools Σnum/Σden across units), a sentence saying where it comes from, and the
inputs behind it (shown from the value on the indicator and target pages).

The app that owns a source's data computes it and registers it in ``cchc.core.figures`` from its
``AppConfig.ready()``; this app only reads the registry (the owners are its peers or above it):

- ``sipas.index``: ``surveys.figures``;
- ``par.index`` / ``par.rank``: ``parindex.figures``;
- ``inspection.inspected_share`` / ``inspection.findings_remedied``: ``oversight.figures``;
- ``reporting.pakn_handled``: ``reporting.figures``;
- ``tracking.unit_plans_on_time``: ``tracking.figures``;
- ``budget.estimates_on_time``: ``budget.figures``.
"""

from __future__ import annotations

from cchc.core.figures import Reading, label, read
from cchc.domain.indicatorsets import is_unit_plan_task

__all__ = ["Reading", "is_unit_plan_task", "label", "read"]
