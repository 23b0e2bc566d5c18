"""Issue 22: the attainment page is cached per plan, period, language and day under the data
generations of what it reads (``queries.cached_attainment``): a warm page computes nothing, and
an approved value, a changed link or a write of a computed source's app shows on the next
request."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.core import figures, generations
from cchc.indicators import actions
from cchc.indicators.models import TargetIndicator

pytestmark = pytest.mark.django_db


def _page(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(url)
    assert resp.status_code == 200
    body = resp.content.decode()
    table = body[body.index('id="attainment"') : body.index("</table>")]
    return len(ctx.captured_queries), re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", table)


def test_the_attainment_page_is_cached_until_what_it_reads_changes(login, hp_plan, shipped):
    from cchc.accounts.models import User

    actions.do_suggest_links(hp_plan, actor=None)
    link = next(
        link
        for link in TargetIndicator.objects.filter(target__plan=hp_plan)
        .select_related("target", "indicator")
        .order_by("target__order")
        if link.indicator.kind == "manual"
        and not link.target.level
        and not link.target.yearly
        and (link.target.year is None or link.target.year >= 2022)
    )
    actions.do_link_target(link.target, link.indicator, actor=None)  # confirmed: never held back
    client = login(User.objects.get(username="snv.haiphong"))
    url = f"/chi-so/ke-hoach/{hp_plan.pk}/?ky=2022-Y"
    client.get(url)  # the frame's and the page's caches filled
    cold, body = _page(client, url)
    warm, again = _page(client, url)
    assert warm == cold and again == body  # nothing computed again, the same page
    assert warm <= 6  # session, user, plan, the link form's indicators: no attainment input

    # an approved value of the province shows at once
    row = actions.do_enter_value(link.indicator, hp_plan.province, "2022-Y", Decimal("87.25"), actor=None)
    actions.do_approve_value(row, actor=None)
    n, body = _page(client, url)
    assert "87,25" in body and "87,25" not in again and n > warm

    # the link taken away shows at once
    unlinked = body.count("chưa gắn chỉ số")
    actions.do_link_target(link.target, None, actor=None)
    _n, body = _page(client, url)
    assert body.count("chưa gắn chỉ số") > unlinked  # its row says so (status and source)

    # a write of any app whose computed sources the page reads computes it again
    assert {"budget", "oversight", "parindex", "reporting", "surveys", "tracking"} <= set(
        figures.source_apps()
    )
    warm, _ = _page(client, url)
    for app in figures.source_apps():
        generations.bump(generations.data(app, hp_plan.province.code))
        n, _ = _page(client, url)
        assert n > warm, app
        assert _page(client, url)[0] == warm
