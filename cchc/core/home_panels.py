"""Home-page panels: apps register a function that returns a panel (or None) for a role.

A panel is a dict: key, title, and optionally stat, text, items [{label, url}], url, link_label.
"""

from __future__ import annotations

from collections.abc import Callable

_PANELS: list[tuple[int, Callable]] = []


def register(func: Callable, order: int = 100) -> Callable:
    if all(f is not func for _, f in _PANELS):
        _PANELS.append((order, func))
    return func


def panels_for(request, role) -> list[dict]:
    out = []
    for _, func in sorted(_PANELS, key=lambda p: p[0]):
        panel = func(request, role)
        if panel:
            # Always present: in a template, a dict without "items" would resolve `panel.items`
            # to dict.items() and render one empty list item per key.
            out.append({"items": [], **panel})
    return out
