"""An app's additions to the kernel's registries in one call, as data tables.

Each app's ``AppConfig.ready`` says what it adds to the menu (``core.nav``), the home page
(``core.home_panels``) and the demo (``core.demo``) as three tables::

    registries.contribute(
        menu=[(_("Kiểm tra CCHC"), "oversight:inspection_plan_list", policy.can_see_inspections, 60)],
        panels=[(panels.dashboard_panel, 10)],
        demo_steps=[(90, "điều hành, kiểm tra CCHC", load_demo_oversight)],
    )

A menu row is ``(label, url name, allowed(grants), order[, group])`` (``core.nav.register``); a
panel row ``(func, order)``; a demo row ``(order, label, func(stdout))``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cchc.core import demo, home_panels, nav


def contribute(
    *,
    menu: Iterable[tuple] = (),
    panels: Iterable[tuple[Callable, int]] = (),
    demo_steps: Iterable[tuple[int, str, Callable]] = (),
) -> None:
    for entry in menu:
        nav.register(*entry)
    for func, order in panels:
        home_panels.register(func, order=order)
    for order, label, func in demo_steps:
        demo.register_step(order, label, func)
