"""The budget in the Django admin: rows can be looked up, never added, changed or deleted there
(every write goes through ``budget.actions``, checked and audited)."""

from __future__ import annotations

import pytest

from cchc.budget.actions import do_save_estimate

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world, client):
    admin = world["users"]["admin"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    client.force_login(admin)
    return client


def test_the_admin_views_budget_rows_but_changes_none(world, lines_of, staff, counts):
    est = do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines_of, None, "", actor=world["users"]["head"]
    )
    line = est.lines.first()
    for model in ("budgetround", "budgetestimate", "budgetline", "budgetspending"):
        r = staff.get(f"/quan-tri/budget/{model}/")
        assert r.status_code == 200, model
        assert staff.get(f"/quan-tri/budget/{model}/add/").status_code == 403
    page = staff.get(f"/quan-tri/budget/budgetestimate/{est.pk}/change/")
    assert page.status_code == 200 and "Tập huấn cán bộ làm công tác CCHC" in page.content.decode()
    assert "300.000.000 đ" in staff.get("/quan-tri/budget/budgetline/").content.decode()
    before = counts()
    staff.post(f"/quan-tri/budget/budgetline/{line.pk}/change/", {"requested": "1", "source": "other"})
    staff.post(f"/quan-tri/budget/budgetestimate/{est.pk}/delete/", {"post": "yes"})
    assert counts() == before
    line.refresh_from_db()
    assert line.requested == 300_000_000
