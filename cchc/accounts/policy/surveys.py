"""surveys: who loads questionnaires, runs survey rounds and reads their results (cchc.surveys)."""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.policy.grants import grants_for, is_coordinator
from cchc.accounts.policy.plans import plan_province_ids


def can_load_questionnaire(user) -> bool:
    """Questionnaires are shared data: administrators and any province's standing officers load them."""
    if user is None:
        return True
    g = grants_for(user)
    return g.is_admin or any(m.role == Role.STANDING_OFFICER for m in g.memberships)


def can_manage_survey_round(user, province) -> bool:
    """The province's standing agency runs its rounds: creates them, prints codes, imports
    external responses, opens, closes and recomputes results."""
    return user is None or grants_for(user).can_coordinate(province)


def survey_province_ids(user) -> set[int] | None:
    """Provinces whose survey rounds a user sees (every member of a province; None = all)."""
    return plan_province_ids(grants_for(user))


def can_read_survey_unit(user, unit) -> bool:
    """A unit's results: whoever may read the unit (its own staff, the province's readers)."""
    return user is None or grants_for(user).can_read_unit(unit)


def can_read_survey_free_text(user, province) -> bool:
    """Free-text answers (and raw responses) are for the standing agency only."""
    return user is None or grants_for(user).can_coordinate(province)


def can_create_survey_round(user) -> bool:
    """A standing agency's officer (or an administrator) creates rounds (for the provinces it
    coordinates, see :func:`can_manage_survey_round`)."""
    return is_coordinator(user)
