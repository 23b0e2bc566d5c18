"""Demo data: the steps each app registers in ``AppConfig.ready`` (org trees, demo users, plans,
progress, reports…), run in order.

Everything goes through the same action functions as real use, with a system actor (None).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

_STEPS: list[tuple[int, str, Callable]] = []


def register_step(order: int, label: str, func: Callable) -> None:
    """Apps add demo steps in ``AppConfig.ready``; ``func(stdout)`` runs in ``order``."""
    if all(f is not func for _, _, f in _STEPS):
        _STEPS.append((order, label, func))


def load_demo(stdout=None) -> None:
    for _order, label, func in sorted(_STEPS, key=lambda s: s[0]):
        if stdout:
            stdout.write(f"  {label}…")
        with transaction.atomic():
            func(stdout)
