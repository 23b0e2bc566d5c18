"""A unit's own plan (cụ thể hóa) is read by the unit, its standing agency and leaders, never by
the other units of the province: the plans pages, the plan XLSX, /api/plans and tracking agree
(one rule: ``policy.readable_plans_q``)."""

from __future__ import annotations

import pytest

from cchc.tracking.actions import do_create_unit_plan


@pytest.fixture
def unit_plan(plan_setup):
    return do_create_unit_plan(
        actor=plan_setup["users"]["reporter"],
        unit=plan_setup["units"]["HP-STP"],
        parent_plan=plan_setup["plan"],
    )


def _paths(plan):
    return [
        f"/ke-hoach/{plan.pk}/",
        f"/ke-hoach/{plan.pk}/xuat-xlsx/",
        f"/api/plans/{plan.pk}",
        f"/nhiem-vu/ke-hoach/{plan.pk}/",
    ]


@pytest.mark.parametrize("who", ["reporter", "head", "officer", "leader", "admin"])
def test_the_unit_and_those_above_read_it(plan_setup, unit_plan, login, who):
    client = login(plan_setup["users"][who])
    for path in _paths(unit_plan):
        assert client.get(path).status_code == 200, (who, path)


@pytest.mark.parametrize("who", ["other_reporter", "dn_officer"])
def test_other_units_of_the_province_do_not(plan_setup, unit_plan, login, who):
    client = login(plan_setup["users"][who])
    for path in _paths(unit_plan):
        assert client.get(path).status_code == 404, (who, path)
    listed = client.get("/api/plans/").json()
    assert unit_plan.pk not in [p["id"] for p in listed]
    assert unit_plan.title not in client.get("/ke-hoach/").content.decode()


def test_the_province_plan_stays_readable_by_every_unit(plan_setup, unit_plan, login):
    client = login(plan_setup["users"]["other_reporter"])
    assert client.get(f"/api/plans/{plan_setup['plan'].pk}").status_code == 200
