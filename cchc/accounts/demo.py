"""Demo users (the second demo step, after the org trees) and their rows on the demo login page."""

from __future__ import annotations

from cchc.accounts.actions import do_create_user
from cchc.accounts.models import Role, User
from cchc.core.demo_users import DEMO_ACCOUNTS, DEMO_PASSWORD
from cchc.orgs.models import OrgUnit


def create_demo_users(stdout=None) -> None:
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


def demo_user_rows() -> list[dict]:
    """Rows for the demo login page: username, role label, unit name."""
    labels = dict(Role.choices)
    names = dict(OrgUnit.objects.filter(code__in=[a[3] for a in DEMO_ACCOUNTS]).values_list("code", "name"))
    return [
        {
            "username": u,
            "full_name": n,
            "role_label": labels.get(r, r),
            "unit_label": names.get(c, c),
            "password": DEMO_PASSWORD,
        }
        for u, n, r, c in DEMO_ACCOUNTS
    ]
