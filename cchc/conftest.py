"""Shared fixtures: a small org tree (two provinces) and one user per role, built through actions."""

from __future__ import annotations

import pytest

from cchc.accounts.actions import do_create_user
from cchc.orgs.models import OrgGroup, OrgUnit

PASSWORD = "mat-khau-thu-nghiem-1"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a value cached by an earlier test (whose rows were
    rolled back) is never served to the next one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test():
    """Every test starts and ends in the default language (Vietnamese): a test that switches to
    English (a request with the language cookie, ``translation.activate``) must not leak it."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def org_tree(db):
    """Hải Phòng with three departments and two districts (one with a commune), and Đà Nẵng."""
    hp = OrgUnit.objects.create(code="HP", name="Thành phố Hải Phòng", level="province", kind="central_city")
    units = {"HP": hp}
    for code, name, short, level, kind, parent in [
        ("HP-SNV", "Sở Nội vụ", "SNV", "department", "department", "HP"),
        ("HP-STP", "Sở Tư pháp", "STP", "department", "department", "HP"),
        ("HP-STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", "department", "department", "HP"),
        ("HP-Q-HONGBANG", "Quận Hồng Bàng", "", "district", "urban_district", "HP"),
        ("HP-H-ANLAO", "Huyện An Lão", "", "district", "rural_district", "HP"),
        ("HP-X-ANTHANG", "Xã An Thắng", "", "commune", "commune", "HP-H-ANLAO"),
    ]:
        units[code] = OrgUnit.objects.create(
            code=code,
            name=name,
            short_name=short,
            level=level,
            kind=kind,
            parent=units[parent],
            is_standing_agency=(code == "HP-SNV"),
        )
    dn = OrgUnit.objects.create(code="DN", name="Thành phố Đà Nẵng", level="province", kind="central_city")
    units["DN"] = dn
    units["DN-SNV"] = OrgUnit.objects.create(
        code="DN-SNV",
        name="Sở Nội vụ",
        level="department",
        kind="department",
        parent=dn,
        is_standing_agency=True,
    )
    units["DN-STP"] = OrgUnit.objects.create(
        code="DN-STP", name="Sở Tư pháp", level="department", kind="department", parent=dn
    )
    OrgGroup.objects.create(
        key="HP:so-ban-nganh", province=hp, name="Các Sở, ban, ngành", levels=["department"]
    )
    OrgGroup.objects.create(key="HP:cap-huyen", province=hp, name="UBND các quận, huyện", levels=["district"])
    return units


ROLE_USERS = {
    # username: (role, unit code)
    "admin": ("admin", "HP"),
    "officer": ("standing_officer", "HP-SNV"),
    "reporter": ("reporter", "HP-STP"),
    "head": ("unit_head", "HP-STP"),
    "council": ("council_member", "HP-SNV"),
    "leader": ("leader", "HP"),
    "auditor": ("auditor", "HP"),
    "other_reporter": ("reporter", "HP-STTTT"),
    "dn_officer": ("standing_officer", "DN-SNV"),
}


@pytest.fixture
def users(org_tree):
    out = {}
    for username, (role, code) in ROLE_USERS.items():
        out[username] = do_create_user(
            actor=None,
            username=username,
            password=PASSWORD,
            full_name=username.title(),
            memberships=[(org_tree[code], role)],
            is_superuser=(role == "admin"),
        )
    return out


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
