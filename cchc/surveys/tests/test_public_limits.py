"""The public survey's limits behind the province's reverse proxy and at a kiosk: no anonymous
client can keep others at 429, citizens sharing one address are all accepted, and every
refusal says what to do."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cchc.surveys.actions import do_generate_invitations
from cchc.surveys.models import Response
from cchc.testing.surveys import SATISFIED

PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    settings.CCHC_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CCHC_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/24"]


def test_one_client_with_many_wrong_codes_cannot_lock_out_other_citizens(client, stp_unit, behind_proxy):
    code = do_generate_invitations(round_unit=stp_unit, count=1, actor=None)[0].code
    # 70 requests, each with its own forwarded address (the reproduction): all 404
    statuses = [
        client.get(
            f"/phieu/WRONG{i:03d}/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in range(70)
    ]
    assert statuses == [404] * 70
    # a brand-new citizen through the same proxy is served
    fresh = client.get(f"/phieu/{code}/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert fresh.status_code == 200


def test_wrong_codes_from_one_address_are_refused_with_advice_but_valid_codes_still_work(
    client, stp_unit, behind_proxy, settings
):
    settings.CCHC_SURVEY_BAD_CODES_PER_10_MINUTES = 10
    code = do_generate_invitations(round_unit=stp_unit, count=1, actor=None)[0].code
    hdr = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.9"}
    statuses = [client.get(f"/phieu/WRONG{i:03d}/", **hdr).status_code for i in range(12)]
    assert statuses[:10] == [404] * 10 and statuses[-1] == 429
    body = client.get("/phieu/WRONGXXX/", **hdr).content.decode()
    assert "kiểm tra mã in trên phiếu" in body and "bộ phận một cửa" in body
    # the same address's citizen with a real code, and everyone else, are not blocked
    assert client.get(f"/phieu/{code}/", **hdr).status_code == 200
    other = client.get("/phieu/WRONGYYY/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert other.status_code == 404


def test_a_forged_forwarded_for_from_outside_the_proxy_is_ignored(client, stp_unit, behind_proxy, settings):
    settings.CCHC_SURVEY_BAD_CODES_PER_10_MINUTES = 3
    statuses = [
        client.get(
            f"/phieu/WRONG{i:03d}/", REMOTE_ADDR="192.0.2.77", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in range(5)
    ]
    assert statuses[-1] == 429  # rotating the header does not give a direct client new budgets


def test_200_citizens_at_one_kiosk_address_are_all_accepted(client, stp_unit, behind_proxy):
    codes = do_generate_invitations(round_unit=stp_unit, count=200, actor=None)
    hdr = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}  # one shared address
    for invitation in codes:
        assert client.get(f"/phieu/{invitation.code}/", **hdr).status_code == 200
        posted = client.post(f"/phieu/{invitation.code}/", {"buoc": "0", **SATISFIED}, **hdr)
        assert posted.status_code == 302 and posted["Location"] == "/phieu/cam-on/"
    assert Response.objects.filter(round_unit=stp_unit).count() == 200


def test_citizens_sharing_an_address_on_the_open_link_are_accepted_and_duplicates_flagged(client, stp_unit):
    link = f"/phieu/l/{stp_unit.link_token}/"
    for _ in range(7):  # seven citizens at the desk's kiosk, some giving the same answers
        start = client.post(link, REMOTE_ADDR="203.0.113.8")
        assert start.status_code == 302
        done = client.post(start["Location"], {"buoc": "0", **SATISFIED}, REMOTE_ADDR="203.0.113.8")
        assert done.status_code == 302 and done["Location"] == "/phieu/cam-on/"
    responses = Response.objects.filter(round_unit=stp_unit)
    assert responses.count() == 7
    assert responses.filter(needs_review=True).count() == 6  # flagged for the officer, not refused
