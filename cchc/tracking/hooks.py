"""Hooks the tracking app owns for the apps above it (filled in their ``AppConfig.ready()``).

``task_panels.register(func, order=100)``: ``func(request, task, assignment)`` returns a panel for
the task page (``tracking:assignment_detail``) or None. A panel is a dict with ``key`` (the
section's id), ``title`` and ``template`` (a template rendered inside the section with the panel
as ``panel``), plus whatever that template reads. Budget registers the task's estimate,
allocation and spending here, so tracking never imports budget.
"""

from __future__ import annotations

from collections.abc import Callable


class PanelRegistry:
    """Functions giving a page's extra sections, in order."""

    def __init__(self):
        self._funcs: list[tuple[int, Callable]] = []

    def register(self, func: Callable, order: int = 100) -> Callable:
        if all(f is not func for _, f in self._funcs):
            self._funcs.append((order, func))
        return func

    def panels_for(self, *args) -> list[dict]:
        out = []
        for _, func in sorted(self._funcs, key=lambda p: p[0]):
            panel = func(*args)
            if panel:
                out.append(panel)
        return out


task_panels = PanelRegistry()
