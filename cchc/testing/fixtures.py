"""The suite's shared fixtures, a pytest plugin (``pytest_plugins`` in ``cchc/conftest.py`` and
``tests_fuzz/conftest.py``): an empty cache and the default language around each test, a small org
tree (two provinces) with one user per role built through the actions, a tracked Hải Phòng plan,
the real Hải Phòng plan of seed 000, two empty installations for subprocess tests.

An app's own ``tests/conftest.py`` keeps what only its tests use; what two apps' tests share lives
here or in the factories beside it (``cchc.testing.*``), never in another app's tests package."""

from __future__ import annotations

import pytest

from cchc.orgs.models import OrgGroup, OrgUnit
from cchc.testing.factories import PASSWORD as PASSWORD  # re-exported: tests log in with it
from cchc.testing.factories import make_area, make_plan, make_task, make_unit, make_user
from cchc.testing.installations import (  # noqa: F401  (fixtures of this plugin)
    _populated_template,
    installations,
    populated_source,
)
from cchc.testing.seeds import seed_path
from cchc.testing.snapshots import replay
from cchc.tracking.actions import do_assign_plan


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
        units[code] = make_unit(
            units[parent], code, name, level, kind, short_name=short, is_standing_agency=(code == "HP-SNV")
        )
    dn = OrgUnit.objects.create(code="DN", name="Thành phố Đà Nẵng", level="province", kind="central_city")
    units["DN"] = dn
    units["DN-SNV"] = make_unit(dn, "DN-SNV", "Sở Nội vụ", is_standing_agency=True)
    units["DN-STP"] = make_unit(dn, "DN-STP", "Sở Tư pháp")
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
        out[username] = make_user(username, org_tree[code], role, is_superuser=(role == "admin"))
    return out


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def _years(start, end=None):
    return {"start_year": start, "end_year": end or start}


@pytest.fixture
def plan_setup(org_tree, users):
    """Hải Phòng's plan 216/KH-UBND with six tasks of Sở Tư pháp and Sở TT&TT (a year, a span of
    years, yearly, continuous, event-bound, a group with an unresolved mention), assigned."""
    plan = make_plan(org_tree)
    area = make_area(plan)
    stp, stttt = org_tree["HP-STP"], org_tree["HP-STTTT"]
    group = OrgGroup.objects.get(key="HP:cap-huyen")
    # key: title, lead unit, timeframe as written, what it says (years, recurrence, event, others)
    spec = {
        "law": ("Rà soát văn bản quy phạm pháp luật", stp, "2022", {"support": [stttt], **_years(2022)}),
        "digital": ("Xây dựng chính quyền số", stttt, "2021-2025", _years(2021, 2025)),
        "yearly": ("Kiểm tra công tác cải cách hành chính", stp, "Hàng năm", {"recurrence": "yearly"}),
        "continuous": ("Tuyên truyền cải cách hành chính", stp, "Thường xuyên", {"recurrence": "continuous"}),
        "event": (
            "Triển khai Nghị định mới",
            stp,
            "Sau khi Nghị định được ban hành",
            {"event": "Nghị định được ban hành"},
        ),
        "group": (
            "Đơn giản hóa thủ tục hành chính",
            stp,
            "2023",
            {"groups": [group], "unresolved": ["Ban Quản lý khu kinh tế"], **_years(2023)},
        ),
    }
    tasks = {
        key: make_task(plan, title, area=area, lead=[lead], timeframe_text=text, **fields)
        for key, (title, lead, text, fields) in spec.items()
    }
    do_assign_plan(plan, actor=None)
    return {"plan": plan, "area": area, "tasks": tasks, "units": org_tree, "users": users}


@pytest.fixture
def seed():
    """The bytes of a seed plan document by its number prefix (``seed("000")``)."""
    return lambda prefix: seed_path(prefix).read_bytes()


@pytest.fixture
def hp_plan(db):
    """The real Hải Phòng plan 216/KH-UBND (seed 000) on the demo org tree, with the demo users."""
    from cchc.accounts.demo import create_demo_users
    from cchc.orgs.demo import load_orgs
    from cchc.plans.actions import do_import_plan

    def build():
        load_orgs()
        create_demo_users()
        path = seed_path("000")
        return do_import_plan(
            actor=None,
            data=path.read_bytes(),
            filename=path.name,
            province=OrgUnit.objects.get(code="HP"),
            commit=True,
        ).plan

    # built once a session, its rows replayed in the other tests (cchc.testing.snapshots)
    return replay("hp_plan", build)
