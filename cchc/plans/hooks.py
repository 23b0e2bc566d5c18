"""Hooks the plans app owns for the apps above it (filled in their ``AppConfig.ready()``).

``on_plan_changed(func)``: ``func(plan, *, actor)`` runs inside the writing transaction after
plans has committed a plan or changed which units its tasks name (a new plan, a unit's own plan
or task, a lead given, a mention mapped, a follow-up task). Tracking registers its assignment of
the plan's tasks here, so plans never imports tracking.
"""

from __future__ import annotations

_PLAN_CHANGED: list = []


def on_plan_changed(func) -> None:
    """Register ``func(plan, *, actor)`` (once)."""
    if func not in _PLAN_CHANGED:
        _PLAN_CHANGED.append(func)


def plan_changed(plan, *, actor) -> None:
    """Run the registered callbacks (plans' writes call this; nobody else)."""
    for func in list(_PLAN_CHANGED):
        func(plan, actor=actor)
