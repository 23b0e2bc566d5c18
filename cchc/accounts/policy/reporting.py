"""reporting: who drafts, approves, submits and reviews periodic CCHC reports (cchc.reporting)."""

from __future__ import annotations

from cchc.accounts.policy.grants import Grants, is_coordinator, unit_question

# Whoever may read the unit reads its reports (own unit, its standing agency, leaders); the
# province-wide report (consolidation), readers of the whole province (standing agency, leaders, …).
can_read_unit_report = can_read_consolidation = unit_question(Grants.can_read_unit)
# A reporter (or the head) of the unit drafts and saves its report.
can_draft_unit_report = unit_question(Grants.can_report_for)
# The unit head approves the draft and submits it to the standing agency.
can_approve_unit_report = unit_question(Grants.can_approve_for)
# The standing agency covering the unit accepts a submitted report or returns it; the province's
# standing agency (or an administrator) writes the consolidation's assessment, directions and
# proposals, and sets the province's or its plans' reporting calendar.
can_review_unit_report = can_edit_consolidation = can_configure_reporting_calendar = unit_question(
    Grants.can_coordinate
)


def can_follow_all_reports(user) -> bool:
    """The standing agency (and administrators) see every plan's periods with the submission
    counts; a unit's people only the plans their unit leads tasks in."""
    return is_coordinator(user)
