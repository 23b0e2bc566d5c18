"""Demo data: the org trees, demo users, then whatever each app registers (plans, progress, reports).

Everything goes through the same action functions as real use, with a system actor (None).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.db import transaction

_STEPS: list[tuple[int, str, Callable]] = []

ORG_DATA = Path(__file__).resolve().parent.parent / "orgs" / "data"


def register_step(order: int, label: str, func: Callable) -> None:
    """Apps add demo steps in ``AppConfig.ready``; ``func(stdout)`` runs in ``order``."""
    if all(f is not func for _, _, f in _STEPS):
        _STEPS.append((order, label, func))


def load_orgs(stdout=None) -> None:
    from cchc.orgs.importing import load_shipped_trees

    result = load_shipped_trees(actor=None)
    if stdout:
        stdout.write(
            f"  org units: {result.created} created, {result.updated} updated; {result.groups} groups"
        )


def create_demo_users(stdout=None) -> None:
    from cchc.accounts.actions import do_create_user
    from cchc.accounts.models import User
    from cchc.core.demo_users import DEMO_ACCOUNTS, DEMO_PASSWORD
    from cchc.orgs.models import OrgUnit

    for username, full_name, role, code in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is None:
            continue
        do_create_user(
            actor=None,
            username=username,
            full_name=full_name,
            password=DEMO_PASSWORD,
            memberships=[(unit, role)],
            is_superuser=(role == "admin"),
        )


def load_demo(stdout=None) -> None:
    with transaction.atomic():
        load_orgs(stdout)
        create_demo_users(stdout)
    for _order, label, func in sorted(_STEPS, key=lambda s: s[0]):
        if stdout:
            stdout.write(f"  {label}…")
        with transaction.atomic():
            func(stdout)
