"""The access generation's writers: every save or delete of a membership, an org unit or the
login rules bumps it, whoever writes (the actions, the admin's inlines, the demo, a shell), in the
writing transaction and again after it commits (``core.generations.bump``).

These receivers decide nothing: they only drop cached reads (a user's memberships and scopes,
``accounts.policy.grants``; whether two-factor login is required). A write that bypasses model
signals (``QuerySet.update``, ``bulk_create``, raw SQL) on these tables must call
:func:`access_changed` itself (``tracking.scale`` does after creating units in bulk).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from cchc.accounts.policy.grants import ACCESS_GENERATION
from cchc.core import generations


def access_changed(**_kwargs) -> None:
    """Who may do what may have changed: every process reads it again on its next request."""
    generations.bump(ACCESS_GENERATION)


def connect_access_writes() -> None:
    from cchc.accounts.models import Membership, SecurityPolicy
    from cchc.orgs.models import OrgUnit

    for model in (Membership, OrgUnit, SecurityPolicy):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(access_changed, sender=model, dispatch_uid=f"cchc.access.{name}.{model.__name__}")
