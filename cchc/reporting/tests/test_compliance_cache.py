"""The compliance page (who has sent the period's report) reads the consolidation's expected
units from the consolidation cache: the second request builds nothing, and a write that changes
the expected units (work assigned to another unit, a unit renamed) shows on the next request;
a unit's report shows at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.orgs.actions import do_update_unit
from cchc.reporting.tests.test_consolidation_cache import _builds
from cchc.reporting.tests.test_consolidation_documents import _send
from cchc.testing.factories import make_task
from cchc.tracking.actions import do_assign_plan

pytestmark = pytest.mark.django_db


def _page(client, plan) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/bao-cao/tinh-hinh-nop/{plan.pk}/2022-Y/", secure=True)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


@pytest.fixture
def builds(monkeypatch) -> list:
    return _builds(monkeypatch)


def test_the_compliance_page_is_built_once_and_follows_the_writes(client, users, org_tree, plan, builds):
    client.force_login(users["officer"])
    first, cold = _page(client, plan)
    second, warm = _page(client, plan)
    assert len(builds) == 1 and warm < cold - 10, (cold, warm)
    assert "Sở Tư pháp" in second and "Quận Hồng Bàng" not in second
    # work of 2022 assigned to a district: expected to report from the next request on
    make_task(
        plan, "Công khai thủ tục hành chính", lead=[org_tree["HP-Q-HONGBANG"]], start_year=2022, end_year=2022
    )
    do_assign_plan(plan, actor=None)
    body, _ = _page(client, plan)
    assert len(builds) == 2 and "Quận Hồng Bàng" in body
    # a unit renamed (the orgs data of the province)
    do_update_unit(actor=users["admin"], unit=org_tree["HP-Q-HONGBANG"], name="Quận Hồng Bàng mới")
    assert "Quận Hồng Bàng mới" in _page(client, plan)[0] and len(builds) == 3
    # a unit's report sent: the page shows it at once
    before, _ = _page(client, plan)
    annex = {"dossiers_received": 50, "tasks_overdue": {"value": 0, "reason": "Đã xong ngoài hệ thống"}}
    _send(users, org_tree, plan, "HP-STP", annex, accept=False)
    after, _ = _page(client, plan)
    assert after.count("Chưa gửi") == before.count("Chưa gửi") - 1
