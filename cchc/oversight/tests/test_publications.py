"""Public disclosure: an explicit, audited act; frozen snapshots; login-free, cookie-free, cached
pages; withdrawn, unpublished or another province's: 404; the Atom feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.oversight import actions, publishing
from cchc.oversight.models import Publication
from cchc.oversight.tests.conftest import report


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _publish(data, kind="plans", year=2022):
    return actions.do_publish(
        actor=data["users"]["officer"], province=data["units"]["HP"], kind=kind, year=year
    )


def _url(pub, code="HP"):
    return reverse("public:publication", kwargs={"code": code, "publication_id": pub.pk})


def test_publish_freezes_the_snapshot_and_is_audited(client, data):
    pub = _publish(data)
    plan = pub.snapshot["plans"][0]
    assert (plan["number"], plan["total"], plan["done"], plan["overdue"], plan["rate"]) == (
        "216/KH-UBND",
        3,
        2,
        1,
        "66.67",
    )
    assert AuditEvent.objects.filter(model__icontains="publication", object_id=str(pub.pk)).exists()
    # later progress does not change what was published
    report(data["users"], data["lead"]("tthc"), "done", 100, dt.datetime(2022, 11, 1, 9, tzinfo=dt.UTC))
    client.logout()
    body = client.get(_url(pub)).content.decode()
    assert "66,67%" in body and "216/KH-UBND" in body
    assert "Số liệu tính đến ngày 15/11/2022" in body  # the publication day


def test_public_pages_need_no_login_set_no_cookie_and_are_cacheable(
    client, data, django_assert_max_num_queries
):
    pub = _publish(data)
    for url in (reverse("public:index"), reverse("public:province", kwargs={"code": "HP"}), _url(pub)):
        resp = client.get(url)
        assert resp.status_code == 200, url
        assert not resp.cookies, url  # no session, no CSRF cookie
        assert "public" in resp["Cache-Control"] and "Cookie" not in resp.get("Vary", "")
        assert "Officer" not in resp.content.decode()  # no personal data (the publisher's name)
    with django_assert_max_num_queries(0):  # served from the cache
        assert client.get(_url(pub)).status_code == 200


def test_withdrawn_unknown_and_other_province_answer_404(client, data):
    pub = _publish(data)
    assert client.get(_url(pub, code="DN")).status_code == 404  # another province in the URL
    assert client.get(_url(pub, code="XX")).status_code == 404
    assert (
        client.get(reverse("public:publication", kwargs={"code": "HP", "publication_id": 999999})).status_code
        == 404
    )
    assert client.get(_url(pub)).status_code == 200  # cached now
    with pytest.raises(DomainError):
        actions.do_withdraw_publication(actor=data["users"]["officer"], publication=pub, reason="")
    actions.do_withdraw_publication(actor=data["users"]["officer"], publication=pub, reason="Số liệu sai")
    assert client.get(_url(pub)).status_code == 404  # the cache generation moved on
    body = client.get(reverse("public:province", kwargs={"code": "HP"})).content.decode()
    assert pub.title not in body
    pub.refresh_from_db()
    assert pub.withdrawn_by == data["users"]["officer"] and pub.withdraw_reason == "Số liệu sai"


def test_only_the_standing_agency_publishes(data):
    for role in ("leader", "reporter", "dn_officer"):
        with pytest.raises(Forbidden):
            actions.do_publish(
                actor=data["users"][role], province=data["units"]["HP"], kind="plans", year=2022
            )
    with pytest.raises(DomainError):
        _publish(data, kind="nope")
    with pytest.raises(DomainError):
        _publish(data, year=2019)  # nothing due that year
    assert not Publication.objects.exists()


def test_kinds_offered_only_when_their_app_is_installed():
    keys = {k.key for k in publishing.kinds()}
    assert "plans" in keys
    from django.apps import apps

    assert ("parindex" in keys) == apps.is_installed("cchc.parindex")
    assert ("surveys" in keys) == apps.is_installed("cchc.surveys")


def test_atom_feed_lists_live_publications(client, data):
    pub = _publish(data)
    resp = client.get(reverse("public:feed", kwargs={"code": "HP"}))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/atom+xml")
    body = resp.content.decode()
    assert "<feed" in body and pub.title in body and _url(pub) in body


def test_publication_page_for_the_officer(client, data):
    client.force_login(data["users"]["officer"])
    # publishing asks first (a preview and a confirmation button), then publishes
    resp = client.post(reverse("oversight:publication_list"), {"kind": "plans", "year": "2022"})
    assert resp.status_code == 200 and 'name="confirm"' in resp.content.decode()
    assert not Publication.objects.exists()
    resp = client.post(
        reverse("oversight:publication_list"), {"kind": "plans", "year": "2022", "confirm": "1"}
    )
    assert resp.status_code == 302 and Publication.objects.count() == 1
    pub = Publication.objects.get()
    resp = client.post(
        reverse("oversight:publication_withdraw", kwargs={"publication_id": pub.pk}), {"reason": "Cập nhật"}
    )
    assert resp.status_code == 302
    pub.refresh_from_db()
    assert not pub.is_live


def test_atom_feed_links_come_from_the_configured_base_url_not_the_first_host(client, data, settings):
    settings.ALLOWED_HOSTS = ["cchc.haiphong.gov.vn", "evil.example", "testserver"]
    settings.CCHC_BASE_URL = "https://cchc.haiphong.gov.vn"
    pub = _publish(data)
    url = reverse("public:feed", kwargs={"code": "HP"})
    first = client.get(url, HTTP_HOST="evil.example").content.decode()  # the first request's Host
    second = client.get(url, HTTP_HOST="cchc.haiphong.gov.vn").content.decode()
    for body in (first, second):
        assert "evil.example" not in body and f"https://cchc.haiphong.gov.vn{_url(pub)}" in body


def test_atom_feed_without_a_base_url_is_not_cached_with_someone_elses_host(client, data, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example", "testserver"]
    _publish(data)
    url = reverse("public:feed", kwargs={"code": "HP"})
    assert "a.example" in client.get(url, HTTP_HOST="a.example").content.decode()
    second = client.get(url, HTTP_HOST="b.example").content.decode()
    assert "a.example" not in second and "b.example" in second
