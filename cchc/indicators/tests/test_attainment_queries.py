"""Issue 22: the attainment pages read each unit, value and dossier sum once, whatever the number
of targets: their query count stays flat when a plan's linked targets double."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.indicators import actions, queries
from cchc.indicators.models import TargetIndicator

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, str]:
    client.get(url)  # the shell's own first-use reads (session, menu) out of the way
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    return len(ctx.captured_queries), resp.content.decode()


def _computing(plan) -> int:
    """Queries of computing the plan's 2022 attainment (what the cached page reads when it misses)."""
    with CaptureQueriesContext(connection) as ctx:
        queries.attainment_for_plan(plan, "2022-Y")
    return len(ctx.captured_queries)


def _double_the_targets(plan):
    """A copy of every linked target (same text, level, year, rule kind), linked to the same
    indicator: twice the rows, nothing new to read. How many of them the 2022 page shows."""
    from cchc.plans.models import Target

    links = list(TargetIndicator.objects.filter(target__plan=plan).select_related("target", "indicator"))
    for n, link in enumerate(links):
        t = link.target
        copy = Target.objects.create(
            plan=plan, area=t.area, text=t.text, comparator=t.comparator, value=t.value,
            value_max=t.value_max, unit=t.unit, level=t.level, year=t.year, yearly=t.yearly,
            subject=t.subject, order=1000 + n,
        )  # fmt: skip
        actions.do_link_target(copy, link.indicator, actor=None)
    return sum(
        1 for link in links if link.target.year is None or link.target.year >= 2022
    )  # on the 2022 page


def test_attainment_pages_query_count_is_flat_in_the_number_of_targets(login, hp_plan, shipped):
    from cchc.accounts.models import User
    from cchc.indicators.models import Indicator
    from cchc.orgs.models import OrgUnit

    actions.do_suggest_links(hp_plan, actor=None)
    computed = Indicator.objects.filter(kind="computed").order_by("code")
    for target, indicator in zip(
        hp_plan.targets.exclude(level="").order_by("order")[:2], computed[:2], strict=True
    ):
        actions.do_link_target(target, indicator, actor=None)  # a platform figure, per unit of a level
    links = list(TargetIndicator.objects.filter(target__plan=hp_plan).select_related("target", "indicator"))
    kinds = {link.indicator.kind for link in links}
    assert {"manual", "computed", "formula"} <= kinds  # every way of measuring is on the page
    for link in links:  # confirmed, so no two are held back as sharing an indicator
        actions.do_link_target(link.target, link.indicator, actor=None)
    manual, manual_level = next(
        (link.indicator, link.target.level)
        for link in links
        if link.indicator.kind == "manual" and link.target.level
    )
    for unit in queries.level_units(
        OrgUnit.objects.get(code="HP"), manual_level, 2022
    ):  # approved values for a level's units: the pooled path reads them
        row = actions.do_enter_value(manual, unit, "2022-Y", 80, actor=None, numerator=80, denominator=100)
        actions.do_approve_value(row, actor=None)
    client = login(User.objects.get(username="snv.haiphong"))
    plan_url = f"/chi-so/ke-hoach/{hp_plan.pk}/?ky=2022-Y"
    target_url = f"/chi-so/chi-tieu/{links[0].target_id}/?ky=2022-Y"
    before, body = _queries(client, plan_url)
    before_target, _ = _queries(client, target_url)
    rows_before = len(queries.attainment_for_plan(hp_plan, "2022-Y"))
    computing = _computing(hp_plan)  # the page is cached (test_attainment_cache.py): its reads

    added = _double_the_targets(hp_plan)

    after, body_after = _queries(client, plan_url)
    after_target, _ = _queries(client, target_url)
    rows_after = len(queries.attainment_for_plan(hp_plan, "2022-Y"))
    assert _computing(hp_plan) == computing
    assert rows_after == rows_before + added and added >= 20
    assert body_after.count("<tr") - body.count("<tr") == added  # every new row is on the page
    assert (after, after_target) == (before, before_target)
    assert before <= 40 and before_target <= 45
