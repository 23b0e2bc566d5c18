"""The one permission gate. Pages, API, CLI, menus and actions all ask here, by name
(``can_*``/``is_*`` questions); no view, menu or query tests a role itself.

Roles (a user holds them per unit through ``Membership``):
- admin: everything everywhere.
- standing_officer (at the Sở Nội vụ / Phòng Nội vụ): coordinates everything in its province
  (or, for a district-level standing agency, its district).
- leader: reads everything in the province.
- reporter: reads and reports for its own unit (and units under it).
- unit_head: as reporter, and approves its unit's submissions.
- council_member: reads the province's index/appraisal data.
- auditor: reads the audit trail of the province.

Single objects are fetched with ``access_*`` helpers built on :func:`scoped_get`, which raises
``NotFound`` for both missing and not-permitted objects, so a forged id reveals nothing.

Layout: ``grants`` is the core (``Grants``, ``grants_for``, the errors, ``scoped_get`` and the
questions of every app); one module per app section (``plans``, ``tracking``, ``reporting``,
``indicators``, ``surveys``, ``parindex``, ``oversight``, ``security``). Import from the package
(``from cchc.accounts.policy import can_publish``), never from a section module.

The layer rule: ``accounts`` is the foundation (L2), so this package imports only ``accounts``,
``orgs``, ``audit``, ``core`` and ``domain``. A section that needs a model of an app above it
(e.g. oversight's ``InspectionPlan``) looks it up with
``django.apps.apps.get_model("oversight", "InspectionPlan")`` at call time, never imports it;
otherwise it works on the objects the caller passes in.

Grants are computed once per request: :func:`grants_for` caches them on the user object, and
``GrantsMiddleware`` exposes the same object as ``request.grants``.
"""

from __future__ import annotations

from cchc.accounts.policy.budget import (
    budget_estimates_readable,
    budget_units_q,
    can_appraise_estimate,
    can_edit_estimate,
    can_manage_budget_rounds,
    can_prepare_estimate,
    can_record_spending,
    can_see_budget,
    can_submit_estimate,
    can_view_budget,
    finance_province_ids,
)
from cchc.accounts.policy.grants import (
    READ_ALL_ROLES,
    Forbidden,
    Grants,
    NotFound,
    PolicyError,
    access_unit,
    acts_for_any_province,
    grants_for,
    is_coordinator,
    is_member,
    readable,
    require,
    scoped_get,
    unit_question,
    units_for,
)
from cchc.accounts.policy.indicators import (
    can_approve_indicator_value,
    can_enter_indicator_value,
    can_ingest_any_dossiers,
    can_ingest_dossiers,
    can_link_targets,
    can_manage_indicator_sets,
    can_reopen_indicator_value,
)
from cchc.accounts.policy.oversight import (
    DASHBOARD_PROVINCE_ROLES,
    can_list_inspections,
    can_manage_inspections,
    can_manage_publications,
    can_publish,
    can_read_inspection,
    can_read_inspections,
    can_record_findings,
    can_see_dashboard,
    can_see_inspections,
    dashboard_scope,
    inspection_organisers,
    is_inspection_team_member,
)
from cchc.accounts.policy.parindex import (
    can_manage_campaigns,
    can_manage_par,
    can_manage_province_index,
    can_read_all_par_sheets,
    can_read_par_results,
    can_read_par_sheet,
    can_read_province_index,
    can_see_other_drafts,
    can_self_assess_province_criterion,
    can_self_score,
    can_submit_sheet,
    is_par_council,
    par_sheet_unit_ids,
)
from cchc.accounts.policy.plans import (
    can_import_plans,
    importable_province_ids,
    plan_province_ids,
    readable_plans_q,
)
from cchc.accounts.policy.reporting import (
    can_approve_unit_report,
    can_configure_reporting_calendar,
    can_draft_unit_report,
    can_edit_consolidation,
    can_follow_all_reports,
    can_read_consolidation,
    can_read_unit_report,
    can_review_unit_report,
)
from cchc.accounts.policy.security import (
    can_manage_users,
    can_set_security_policy,
    two_factor_required,
)
from cchc.accounts.policy.surveys import (
    can_create_survey_round,
    can_load_questionnaire,
    can_manage_survey_round,
    can_read_survey_free_text,
    can_read_survey_unit,
    survey_province_ids,
)
from cchc.accounts.policy.tracking import (
    QUEUE_HEAD,
    QUEUE_REVIEW,
    approval_queue_kinds,
    can_approve_progress,
    can_assign_plan,
    can_list_missing_unit_plans,
    can_map_mentions,
    can_move_closed_unit_work,
    can_move_unit_work,
    can_pick_calendar_unit,
    can_record_event,
    can_report_progress,
    can_review_progress,
    can_see_own_unit_work,
    can_view_task_board,
)

__all__ = [
    "DASHBOARD_PROVINCE_ROLES",
    "Forbidden",
    "Grants",
    "NotFound",
    "PolicyError",
    "QUEUE_HEAD",
    "QUEUE_REVIEW",
    "READ_ALL_ROLES",
    "access_unit",
    "acts_for_any_province",
    "approval_queue_kinds",
    "budget_estimates_readable",
    "budget_units_q",
    "can_appraise_estimate",
    "can_approve_indicator_value",
    "can_approve_progress",
    "can_approve_unit_report",
    "can_assign_plan",
    "can_configure_reporting_calendar",
    "can_create_survey_round",
    "can_draft_unit_report",
    "can_edit_consolidation",
    "can_edit_estimate",
    "can_enter_indicator_value",
    "can_follow_all_reports",
    "can_import_plans",
    "can_ingest_any_dossiers",
    "can_ingest_dossiers",
    "can_link_targets",
    "can_list_inspections",
    "can_list_missing_unit_plans",
    "can_load_questionnaire",
    "can_manage_budget_rounds",
    "can_manage_campaigns",
    "can_manage_indicator_sets",
    "can_manage_inspections",
    "can_manage_par",
    "can_manage_province_index",
    "can_manage_publications",
    "can_manage_survey_round",
    "can_manage_users",
    "can_map_mentions",
    "can_move_closed_unit_work",
    "can_move_unit_work",
    "can_pick_calendar_unit",
    "can_prepare_estimate",
    "can_publish",
    "can_read_all_par_sheets",
    "can_read_consolidation",
    "can_read_inspection",
    "can_read_inspections",
    "can_read_par_results",
    "can_read_par_sheet",
    "can_read_province_index",
    "can_read_survey_free_text",
    "can_read_survey_unit",
    "can_read_unit_report",
    "can_record_event",
    "can_record_findings",
    "can_record_spending",
    "can_reopen_indicator_value",
    "can_report_progress",
    "can_review_progress",
    "can_review_unit_report",
    "can_see_budget",
    "can_see_dashboard",
    "can_see_inspections",
    "can_see_other_drafts",
    "can_see_own_unit_work",
    "can_self_assess_province_criterion",
    "can_self_score",
    "can_set_security_policy",
    "can_submit_estimate",
    "can_submit_sheet",
    "can_view_budget",
    "can_view_task_board",
    "dashboard_scope",
    "finance_province_ids",
    "grants_for",
    "importable_province_ids",
    "inspection_organisers",
    "is_coordinator",
    "is_inspection_team_member",
    "is_member",
    "is_par_council",
    "par_sheet_unit_ids",
    "plan_province_ids",
    "readable",
    "readable_plans_q",
    "require",
    "scoped_get",
    "survey_province_ids",
    "two_factor_required",
    "unit_question",
    "units_for",
]
