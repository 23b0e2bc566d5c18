"""The policy module decides who may read, report, approve and coordinate which units."""

from __future__ import annotations

import pytest

from cchc.accounts.policy import NotFound, access_unit, grants_for, units_for


def test_reporter_reads_and_reports_only_for_own_unit(users, org_tree):
    g = grants_for(users["reporter"])
    assert g.can_report_for(org_tree["HP-STP"])
    assert not g.can_report_for(org_tree["HP-STTTT"])
    assert not g.can_approve_for(org_tree["HP-STP"])
    assert not g.can_read_unit(org_tree["HP-STTTT"])
    assert set(units_for(users["reporter"]).values_list("code", flat=True)) == {"HP-STP"}


def test_unit_head_approves_own_unit_only(users, org_tree):
    g = grants_for(users["head"])
    assert g.can_approve_for(org_tree["HP-STP"])
    assert not g.can_approve_for(org_tree["HP-STTTT"])


def test_standing_officer_coordinates_whole_province_not_another(users, org_tree):
    g = grants_for(users["officer"])
    for code in ("HP", "HP-STP", "HP-Q-HONGBANG", "HP-X-ANTHANG"):
        assert g.can_coordinate(org_tree[code]), code
    assert not g.can_coordinate(org_tree["DN-STP"])
    assert not g.can_read_unit(org_tree["DN"])
    assert not g.can_report_for(org_tree["HP-STP"])


def test_leader_reads_province_but_cannot_report_or_coordinate(users, org_tree):
    g = grants_for(users["leader"])
    assert g.can_read_unit(org_tree["HP-X-ANTHANG"])
    assert not g.can_report_for(org_tree["HP"])
    assert not g.can_coordinate(org_tree["HP"])


def test_admin_sees_everything(users, org_tree):
    g = grants_for(users["admin"])
    assert g.is_admin and g.can_coordinate(org_tree["DN-STP"]) and g.can_read_audit()


def test_auditor_reads_audit_trail_others_do_not(users):
    assert grants_for(users["auditor"]).can_read_audit()
    assert not grants_for(users["reporter"]).can_read_audit()
    assert not grants_for(users["leader"]).can_read_audit()


def test_forged_or_foreign_unit_id_is_not_found(users, org_tree):
    with pytest.raises(NotFound):
        access_unit(users["reporter"], org_tree["HP-STTTT"].pk)
    with pytest.raises(NotFound):
        access_unit(users["reporter"], "1 OR 1=1")
    with pytest.raises(NotFound):
        access_unit(users["reporter"], 999_999)
    assert access_unit(users["reporter"], org_tree["HP-STP"].pk) == org_tree["HP-STP"]


def test_user_without_membership_gets_nothing(db, org_tree, django_user_model):
    lonely = django_user_model.objects.create_user("lonely", password="x-very-long-pw")
    assert units_for(lonely).count() == 0


def test_inactive_user_gets_nothing(users):
    users["officer"].is_active = False
    users["officer"].save()
    users["officer"]._cchc_grants = None
    assert units_for(users["officer"]).count() == 0
