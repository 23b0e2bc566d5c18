"""The task page's panels registry (``tracking.hooks.task_panels``): an upper app's panel shows on
the assignment page, in order, and a function answering None adds nothing."""

from __future__ import annotations

import pytest

from cchc.tracking.hooks import task_panels
from cchc.tracking.models import Assignment


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(task_panels, "_funcs", [])
    return task_panels


def test_registered_panels_show_on_the_task_page_in_order(registry, plan_setup, login):
    seen = []

    def second(request, task, assignment):
        seen.append((task.pk, assignment.pk))
        return {
            "key": "p-second",
            "title": "Bảng thứ hai",
            "template": "core/_page_error.html",
            "message": "B",
        }

    def first(request, task, assignment):
        return {
            "key": "p-first",
            "title": "Bảng thứ nhất",
            "template": "core/_page_error.html",
            "message": "A",
        }

    registry.register(second, order=20)
    registry.register(first, order=10)
    registry.register(first, order=10)  # once
    registry.register(lambda request, task, assignment: None)
    a = Assignment.objects.filter(task=plan_setup["tasks"]["law"], role="lead").get()
    body = login(plan_setup["users"]["reporter"]).get(f"/nhiem-vu/{a.pk}/").content.decode()
    assert body.count('id="p-first"') == 1 and body.count('id="p-second"') == 1
    assert body.index('id="p-first"') < body.index('id="p-second"')
    assert "Bảng thứ nhất" in body and "Bảng thứ hai" in body
    assert seen == [(a.task_id, a.pk)]
