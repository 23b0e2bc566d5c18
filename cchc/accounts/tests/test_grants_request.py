"""The request's grants are computed once (one membership query per request), and the gate's
questions accept a user or its grants alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.accounts import policy
from cchc.accounts.policy import NotFound, grants_for, scoped_get
from cchc.orgs.models import OrgUnit
from cchc.testing.fixtures import ROLE_USERS


def _membership_queries(ctx) -> int:
    return sum(1 for q in ctx.captured_queries if 'FROM "accounts_membership"' in q["sql"])


@pytest.mark.parametrize("username", ["officer", "reporter", "leader", "admin"])
def test_a_page_reads_the_memberships_once(login, users, username):
    client = login(users[username])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("tracking:task_list"))
    assert response.status_code == 200
    # the menu, the unit switcher, the page and its policy questions share request.grants
    assert _membership_queries(ctx) == 1


def test_request_grants_is_the_users_grants(rf, users):
    from cchc.accounts.middleware import GrantsMiddleware

    request = rf.get("/")
    request.user = users["officer"]
    seen = {}

    def view(req):
        seen["grants"] = req.grants
        return None

    GrantsMiddleware(view)(request)
    # the same computation as the gate's for the user (cached on it: no second query)
    assert seen["grants"].memberships is grants_for(users["officer"]).memberships
    # the questions take the cached grants in place of the user
    assert grants_for(seen["grants"]) is seen["grants"]
    assert policy.can_see_inspections(seen["grants"])
    assert not policy.can_see_inspections(users["reporter"])


def test_named_questions_follow_the_roles(users):
    """Each named question that replaced a role test answers yes for exactly these roles."""
    everyone = {"admin", "standing_officer", "reporter", "unit_head", "council_member", "leader", "auditor"}
    expect = {
        policy.is_member: everyone,
        policy.can_see_own_unit_work: {"reporter", "unit_head"},
        policy.can_view_task_board: {"admin", "standing_officer", "leader"},
        policy.can_list_missing_unit_plans: {"admin", "standing_officer", "leader"},
        policy.can_pick_calendar_unit: {"admin", "standing_officer", "leader"},
        policy.can_see_dashboard: {"admin", "standing_officer", "leader", "unit_head"},
        policy.can_see_inspections: {"admin", "standing_officer", "leader", "auditor"},
        policy.can_manage_publications: {"admin", "standing_officer"},
        policy.can_manage_campaigns: {"admin", "standing_officer"},
        policy.is_coordinator: {"admin", "standing_officer"},
        policy.can_move_closed_unit_work: {"admin", "standing_officer"},
        policy.can_create_survey_round: {"admin", "standing_officer"},
        policy.can_ingest_any_dossiers: {"admin", "standing_officer"},
        policy.can_follow_all_reports: {"admin", "standing_officer"},
        policy.acts_for_any_province: {"admin"},
        policy.can_manage_users: {"admin"},
    }
    for question, roles in expect.items():
        for name, (role, _code) in ROLE_USERS.items():
            assert question(users[name]) == (role in roles), (question.__name__, name)


def test_scoped_get_answers_not_found_for_malformed_missing_and_out_of_scope(org_tree):
    qs = OrgUnit.objects.filter(code__startswith="HP")
    assert scoped_get(qs, org_tree["HP-STP"].pk) == org_tree["HP-STP"]
    assert scoped_get(qs, "HP-STP", field="code") == org_tree["HP-STP"]
    for key in ("1 OR 1=1", None, "", 999_999, 10**30, org_tree["DN"].pk):
        with pytest.raises(NotFound):
            scoped_get(qs, key)
    with pytest.raises(NotFound):
        scoped_get(qs, org_tree["HP-STP"].pk, check=lambda unit: unit.level == "province")
