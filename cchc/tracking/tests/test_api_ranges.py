"""Dates and ids at the edge of their range on a real tracked plan: refused or answered, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "query",
    ["as_of=9999-12-31", "as_of=0001-01-01", "due_from=0001-01-01&due_to=9999-12-31", f"unit={2**64}"],
)
def test_assignment_list_edges(plan_setup, login, query):
    client = login(plan_setup["users"]["officer"])
    client.raise_request_exception = False
    response = client.get(f"/api/tracking/assignments?{query}")
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "Traceback" not in response.content.decode()
