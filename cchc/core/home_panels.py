"""Home-page panels: apps register a function that returns a panel (or None) for a role.

A panel is a dict: key, title, and optionally stat, text, items [{label, url}], url, link_label.

A panel that counts over a province's data may be registered ``cached_under=(app labels…)``: its
dict is then cached per user, role, unit, language and day under the data generations of those
apps in the user's province (``core.generations.data_of``, bumped by every audited write there),
so a home page on a warm cache reads no data for it. Only plain data (strings, numbers, lists,
dicts) goes in such a panel.
"""

from __future__ import annotations

from collections.abc import Callable

_PANELS: list[tuple[int, Callable]] = []
_CACHED: dict[Callable, tuple[str, ...]] = {}
# a panel's figures also depend on who the user is: memberships and grants (accounts' writes)
_ALWAYS = ("accounts", "orgs")


def register(func: Callable, order: int = 100, *, cached_under: tuple[str, ...] = ()) -> Callable:
    if all(f is not func for _, f in _PANELS):
        _PANELS.append((order, func))
    if cached_under:
        _CACHED[func] = tuple(dict.fromkeys((*cached_under, *_ALWAYS)))
    return func


def _panel(request, role, func):
    apps = _CACHED.get(func)
    membership = getattr(request, "membership", None)
    unit = getattr(membership, "unit", None)
    if not apps or unit is None or not getattr(request.user, "pk", None):
        return func(request, role)
    from django.utils import timezone
    from django.utils.translation import get_language

    from cchc.core import generations

    province_code = unit.audit_province_code()
    key = (
        f"home-panel|{func.__module__}.{func.__qualname__}|{request.user.pk}|{role}|{unit.pk}|"
        f"{get_language()}|{timezone.localdate()}"
    )
    # a panel without content is cached as {} (``cached`` takes None for "not cached")
    return generations.cached(
        generations.data_of(apps, province_code), key, lambda: func(request, role) or {}
    )


def panels_for(request, role) -> list[dict]:
    out = []
    for _, func in sorted(_PANELS, key=lambda p: p[0]):
        panel = _panel(request, role, func)
        if panel:
            # Always present: in a template, a dict without "items" would resolve `panel.items`
            # to dict.items() and render one empty list item per key.
            out.append({"items": [], **panel})
    return out
