"""reporting: who drafts, approves, submits and reviews periodic CCHC reports (cchc.reporting)."""

from __future__ import annotations

from cchc.accounts.policy.grants import grants_for, is_coordinator


def can_read_unit_report(user, unit) -> bool:
    """Whoever may read the unit reads its reports (own unit, its standing agency, leaders)."""
    return user is None or grants_for(user).can_read_unit(unit)


def can_draft_unit_report(user, unit) -> bool:
    """A reporter (or the head) of the unit drafts and saves its report."""
    return user is None or grants_for(user).can_report_for(unit)


def can_approve_unit_report(user, unit) -> bool:
    """The unit head approves the draft and submits it to the standing agency."""
    return user is None or grants_for(user).can_approve_for(unit)


def can_review_unit_report(user, unit) -> bool:
    """The standing agency covering the unit accepts a submitted report or returns it."""
    return user is None or grants_for(user).can_coordinate(unit)


def can_read_consolidation(user, province) -> bool:
    """The province-wide report: readers of the whole province (standing agency, leaders, …)."""
    return user is None or grants_for(user).can_read_unit(province)


def can_edit_consolidation(user, province) -> bool:
    """The province's standing agency writes the report's assessment, directions and proposals."""
    return user is None or grants_for(user).can_coordinate(province)


def can_configure_reporting_calendar(user, province) -> bool:
    """The province's standing agency (or an administrator) sets its or its plans' calendar."""
    return user is None or grants_for(user).can_coordinate(province)


def can_follow_all_reports(user) -> bool:
    """The standing agency (and administrators) see every plan's periods with the submission
    counts; a unit's people only the plans their unit leads tasks in."""
    return is_coordinator(user)
