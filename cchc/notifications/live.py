"""Live lines on the bell's page, computed when it opens (not stored): e.g. tracking's "N tasks
overdue" for a reporter's unit. Apps above register a provider in ``AppConfig.ready()``:
``register(fn)`` with ``fn(request) -> list[{"text", "url"}]`` (empty when nothing applies)."""

from __future__ import annotations

from collections.abc import Callable

_PROVIDERS: list[Callable] = []


def register(fn: Callable) -> None:
    if fn not in _PROVIDERS:
        _PROVIDERS.append(fn)


def items_for(request) -> list[dict]:
    out: list[dict] = []
    for fn in _PROVIDERS:
        out.extend(fn(request))
    return out
