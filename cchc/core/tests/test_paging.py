"""A page read from the list's end holds the same rows, in the same order, as Django's own page."""

import pytest
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from cchc.core.paging import BalancedPaginator, totally_ordered

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    # names tie in fives, so only the primary key orders rows within a name
    Group.objects.bulk_create(Group(name=f"n{i % 5}-{i}") for i in range(37))
    return Group.objects.annotate(tie=F("id") % 5)


ORDERINGS = [("tie", "pk"), ("-tie", "-id"), (F("tie").desc(nulls_last=True), "name", "id")]


@pytest.mark.parametrize("ordering", ORDERINGS)
@pytest.mark.parametrize("per_page,orphans", [(5, 0), (10, 3), (50, 0)])
def test_every_page_is_djangos_page(groups, ordering, per_page, orphans):
    qs = groups.order_by(*ordering)
    ours, django = BalancedPaginator(qs, per_page, orphans=orphans), Paginator(qs, per_page, orphans=orphans)
    assert ours.num_pages == django.num_pages
    for n in django.page_range:
        assert [g.pk for g in ours.page(n)] == [g.pk for g in django.page(n)], n
    assert ours.get_page(10**6).number == django.num_pages


def test_the_far_pages_are_read_backwards_in_one_query(groups):
    qs = groups.order_by("tie", "pk")
    paginator = BalancedPaginator(qs, 5)
    paginator.count  # noqa: B018 - counted once, before
    with CaptureQueriesContext(connection) as queries:
        list(paginator.page(paginator.num_pages))
    assert len(queries) == 1
    assert "DESC" in queries[0]["sql"] and "OFFSET" not in queries[0]["sql"]


def test_an_ordering_without_the_primary_key_last_is_read_from_the_start(groups):
    assert not totally_ordered(groups.order_by("name"))
    assert not totally_ordered(list(groups.order_by("pk")))
    assert totally_ordered(groups.order_by("name", "-pk"))
    qs = groups.order_by("tie")
    paginator = BalancedPaginator(qs, 5)
    with CaptureQueriesContext(connection) as queries:
        list(paginator.page(paginator.num_pages))
    assert "OFFSET" in queries[-1]["sql"]
