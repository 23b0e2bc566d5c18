"""accounts: two-factor login, the installation's login rules, user accounts (cchc.accounts)."""

from __future__ import annotations

from cchc.accounts.models import Role, SecurityPolicy
from cchc.accounts.policy.grants import ACCESS_GENERATION, grants_for
from cchc.core import generations


def two_factor_required(user) -> bool:
    """Administrators and standing officers must use a TOTP code when an administrator has
    switched ``SecurityPolicy.require_two_factor`` on."""
    if user is None or not user.is_authenticated:
        return False
    g = grants_for(user)
    if not (g.is_admin or g.has_role(Role.STANDING_OFFICER)):
        return False
    # asked on every page of these users: cached under the access generation, which a change of
    # the policy bumps (accounts.apps)
    return generations.cached(
        ACCESS_GENERATION,
        "require_two_factor",
        lambda: SecurityPolicy.current().require_two_factor,
        committed_only=True,
    )


def can_set_security_policy(user) -> bool:
    return user is None or grants_for(user).is_admin


def can_manage_users(user) -> bool:
    """Administrators create users and give them memberships (the system, ``user`` None, too)."""
    return user is None or grants_for(user).is_admin
