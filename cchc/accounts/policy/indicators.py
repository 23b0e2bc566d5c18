"""indicators: indicator sets, target links, values, dossier statistics (cchc.indicators)."""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.policy.grants import Grants, grants_for, is_coordinator, unit_question


def can_manage_indicator_sets(user) -> bool:
    """Indicator sets and 766 definitions are shared data: administrators and standing officers
    load them (``cchc indicators load`` runs as the system, ``user=None``)."""
    if user is None:
        return True
    g = grants_for(user)
    return g.is_admin or any(m.role == Role.STANDING_OFFICER for m in g.memberships)


def can_link_targets(user, plan) -> bool:
    """The plan's province standing agency confirms which indicator measures a target."""
    return user is None or grants_for(user).can_coordinate(plan.province_id)


def can_enter_indicator_value(user, unit) -> bool:
    """Reporters and heads of the unit (or of a unit above it) enter its values; the standing
    agency covering it too (it collects whole sheets, one row per unit)."""
    if user is None:
        return True
    g = grants_for(user)
    return g.can_report_for(unit) or g.can_coordinate(unit)


# The unit head approves its unit's values (which locks them).
can_approve_indicator_value = unit_question(Grants.can_approve_for)
# Only the standing agency covering the unit reopens an approved value; the province's standing
# agency ingests one-stop dossier exports.
can_reopen_indicator_value = can_ingest_dossiers = unit_question(Grants.can_coordinate)


def can_ingest_any_dossiers(user) -> bool:
    """The upload of dossier exports is offered to a standing agency's officers (and
    administrators; which provinces, :func:`can_ingest_dossiers`)."""
    return is_coordinator(user)
