"""The page frame: what every signed-in page reads besides its own data. The user's memberships
and scopes, the login rules and the bell's count are cached across requests (under the access
generation and the user's bell generation, ``core.generations``), so a warm page reads only the
session and the user; and every change of who may do what is seen on the very next request."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.accounts.actions import do_set_security_policy
from cchc.accounts.models import Membership, Role, User
from cchc.accounts.policy import grants_for
from cchc.orgs.actions import do_create_unit, do_update_unit
from cchc.testing.factories import PASSWORD, make_user
from cchc.testing.frame import warm_frame

FRAME_ONLY = ("django_session", "accounts_user")
NEVER_WARM = ('FROM "accounts_membership"', 'FROM "orgs_orgunit"', 'FROM "accounts_securitypolicy"')


def _unit_page(unit) -> str:
    return reverse("orgs:unit_detail", kwargs={"unit_id": unit.pk})


# the bell page's own queries: the newest notifications, and for a unit's people the live line of
# their unit's overdue tasks (tracking)
OWN = {"officer": 1, "leader": 1, "auditor": 1, "admin": 1, "reporter": 2, "head": 2}


@pytest.mark.parametrize("username", list(OWN))
def test_a_warm_small_page_reads_the_session_the_user_and_its_own_rows_only(login, users, username):
    client = login(users[username])
    warm_frame(client)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not [s for s in sqls if any(t in s for t in NEVER_WARM)], sqls
    assert not [s for s in sqls if "COUNT(" in s and "oversight_notification" in s], sqls  # the bell
    frame = [s for s in sqls if any(f'FROM "{t}"' in s for t in FRAME_ONLY)]
    assert len(frame) == 2, sqls
    assert len(sqls) == 2 + OWN[username], sqls


def _status(client, url) -> int:
    return client.get(url).status_code


def test_a_membership_given_or_taken_is_seen_on_the_next_request(login, users, org_tree):
    reporter = users["reporter"]  # Sở Tư pháp
    client = login(reporter)
    other = _unit_page(org_tree["HP-STTTT"])
    assert [_status(client, other) for _ in range(2)] == [404, 404]  # the second from the cache
    given = Membership.objects.create(user=reporter, unit=org_tree["HP-STTTT"], role=Role.REPORTER)
    assert _status(client, other) == 200
    assert 'id="unit-switch"' in client.get("/").content.decode()  # two memberships: the switcher
    given.delete()
    assert _status(client, other) == 404
    assert 'id="unit-switch"' not in client.get("/").content.decode()
    # a role changed in place (the admin's inline form saves the row)
    own = Membership.objects.get(user=reporter)
    assert _status(client, reverse("oversight:publication_list")) == 403
    own.role, own.unit = Role.STANDING_OFFICER, org_tree["HP-SNV"]
    own.save()
    assert _status(client, reverse("oversight:publication_list")) == 200
    assert _status(client, other) == 200  # the standing agency reads its whole province


def test_a_moved_or_new_unit_changes_the_scopes_on_the_next_request(client, users, org_tree):
    anlao, commune = org_tree["HP-H-ANLAO"], org_tree["HP-X-ANTHANG"]
    district_reporter = make_user("baocao.anlao", anlao, Role.REPORTER)
    client.force_login(district_reporter)
    assert [_status(client, _unit_page(commune)) for _ in range(2)] == [200, 200]
    do_update_unit(actor=users["admin"], unit=commune, parent=org_tree["HP-Q-HONGBANG"])
    assert _status(client, _unit_page(commune)) == 404  # no longer under An Lão
    new = do_create_unit(actor=users["admin"], code="HP-X-MOI", name="Xã Mới", level="commune",
                         kind="commune", parent=anlao)  # fmt: skip
    assert _status(client, _unit_page(new)) == 200


@pytest.mark.parametrize("how", ["save", "update"])
def test_a_deactivated_user_is_signed_out_on_the_next_request(login, users, how):
    """The user row is read on every request, never cached: deactivation works whoever writes it
    (the admin's form, or a bulk update that sends no signal)."""
    officer = users["officer"]
    client = login(officer)
    warm_frame(client)
    assert _status(client, "/") == 200
    if how == "save":
        officer.is_active = False
        officer.save()
    else:
        User.objects.filter(pk=officer.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_logout_ends_the_session_for_every_client_holding_it(users):
    first = Client()
    assert first.login(username=users["leader"].username, password=PASSWORD)
    second = Client()
    second.cookies = first.cookies  # the same session cookie (another tab, another server process)
    for c in (first, second):
        warm_frame(c)
    assert first.post(reverse("accounts:logout")).status_code == 302
    response = second.get("/")
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_mandatory_two_factor_is_seen_on_the_next_request(login, users):
    client = login(users["officer"])
    assert [_status(client, "/") for _ in range(2)] == [200, 200]
    do_set_security_policy(actor=users["admin"], require_two_factor=True)
    response = client.get("/")
    assert response.status_code == 302 and reverse("accounts:two_factor_setup") in response["Location"]
    do_set_security_policy(actor=users["admin"], require_two_factor=False)
    assert _status(client, "/") == 200


@pytest.mark.django_db(transaction=True)
def test_a_write_rolled_back_leaves_nothing_cached(org_tree, users):
    """A read inside a transaction that bumped the access generation and then rolled back is
    never stored: it would otherwise be served under the bumped generation."""
    reporter = users["reporter"]
    client = Client()
    client.force_login(reporter)
    other = _unit_page(org_tree["HP-STTTT"])
    assert _status(client, other) == 404
    with pytest.raises(RuntimeError), transaction.atomic():
        Membership.objects.create(user=reporter, unit=org_tree["HP-STTTT"], role=Role.REPORTER)
        fresh = User.objects.get(pk=reporter.pk)
        assert grants_for(fresh).can_read_unit(org_tree["HP-STTTT"])  # read inside, not stored
        raise RuntimeError
    assert _status(client, other) == 404
