"""Factories of test data, created directly (independent of the importers and of the actions
where a test needs rows in a given state): users, units, plans, areas and tasks with their mentions."""

from __future__ import annotations

import datetime as dt

from cchc.accounts.actions import do_create_user
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Area, Plan, Task, TaskUnit


def make_plan(org_tree, *, number="216/KH-UBND", start=2021, end=2025, issued=dt.date(2021, 9, 23)) -> Plan:
    return Plan.objects.create(
        number=number,
        title="Kế hoạch thực hiện Chương trình tổng thể CCHC giai đoạn 2021-2025",
        province=org_tree["HP"],
        owner_unit=org_tree["HP"],
        issued_on=issued,
        period_start=start,
        period_end=end,
    )


def make_area(plan, title="CẢI CÁCH THỂ CHẾ", code="I", order=1) -> Area:
    return Area.objects.create(plan=plan, code=code, title=title, order=order)


def make_task(
    plan, title, *, area=None, lead=(), support=(), groups=(), unresolved=(), order=None, **fields
) -> Task:
    order = order if order is not None else plan.tasks.count() + 1
    task = Task.objects.create(plan=plan, area=area, title=title, order=order, **fields)
    for i, unit in enumerate(lead):
        TaskUnit.objects.create(task=task, role="lead", text=unit.name, unit=unit, order=i)
    for i, unit in enumerate(support):
        TaskUnit.objects.create(task=task, role="support", text=unit.name, unit=unit, order=i)
    for i, group in enumerate(groups):
        TaskUnit.objects.create(task=task, role="support", text=group.name, group=group, order=10 + i)
    for i, text in enumerate(unresolved):
        TaskUnit.objects.create(task=task, role="lead", text=text, order=20 + i)
    return task


def make_unit(parent, code, name, level="department", kind="department", **fields) -> OrgUnit:
    """A unit under ``parent`` (a department unless ``level``/``kind`` say otherwise)."""
    return OrgUnit.objects.create(code=code, name=name, level=level, kind=kind, parent=parent, **fields)


PASSWORD = "mat-khau-thu-nghiem-1"


def make_user(username, unit, role, full_name="", **fields):
    """A user with one ``role`` in ``unit`` (an ``OrgUnit`` or its code), created through the action."""
    if isinstance(unit, str):
        unit = OrgUnit.objects.get(code=unit)
    return do_create_user(
        actor=None,
        username=username,
        password=PASSWORD,
        full_name=full_name or username.title(),
        memberships=[(unit, role)],
        **fields,
    )
