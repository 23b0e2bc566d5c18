"""Navigation registry: each app adds its menu entries in ``AppConfig.ready``.

An entry is shown only when its ``allowed(grants)`` says so, so menus follow the policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: object  # lazy translated string
    url_name: str
    allowed: Callable
    order: int = 100


_ENTRIES: list[NavEntry] = []


def register(label, url_name: str, allowed: Callable, order: int = 100) -> None:
    if all(e.url_name != url_name for e in _ENTRIES):
        _ENTRIES.append(NavEntry(label, url_name, allowed, order))


def items_for(request) -> list[dict]:
    from cchc.accounts.policy import grants_for

    if not request.user.is_authenticated:
        return []
    g = grants_for(request.user)
    out = []
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if not entry.allowed(g):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": entry.label, "url": url, "active": request.path.startswith(url)})
    return out


def context(request):
    return {"nav_items": items_for(request)}
