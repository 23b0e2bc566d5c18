"""Behind the province's TLS proxy: HSTS and https:// links follow X-Forwarded-Proto from a
trusted proxy only (whatever the WSGI server), never a client's own header."""

from __future__ import annotations

import pytest
from django.test import override_settings

from cchc.core.client import client_address

pytestmark = pytest.mark.django_db

PROD = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_SSL_REDIRECT": True,
    "CCHC_TRUSTED_PROXIES": ["10.0.0.5"],
    "CCHC_CLIENT_IP_HEADER": "X-Forwarded-For",
}


@override_settings(**PROD)
def test_https_from_the_trusted_proxy_gets_hsts_and_no_redirect(client):
    resp = client.get("/phieu/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https")
    assert resp.status_code == 200
    assert resp["Strict-Transport-Security"].startswith("max-age=31536000")


@override_settings(**PROD)
def test_a_clients_own_forwarded_proto_is_ignored(client):
    resp = client.get("/phieu/", REMOTE_ADDR="192.0.2.4", HTTP_X_FORWARDED_PROTO="https")
    assert resp.status_code == 301 and resp["Location"].startswith("https://")  # plain HTTP: redirected
    assert "Strict-Transport-Security" not in resp


@override_settings(**PROD)
def test_survey_qr_links_are_https_behind_the_proxy(login, users, rf):
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https")
    from cchc.core.client import TrustedProxyMiddleware, absolute_url

    TrustedProxyMiddleware(lambda r: None)(request)
    assert absolute_url(request, "/phieu/ABCD2345/").startswith("https://")


def test_trusted_proxies_may_be_networks_and_the_right_most_untrusted_hop_is_the_client(settings, rf):
    settings.CCHC_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CCHC_TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = rf.get("/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.3")
    assert client_address(request) == "203.0.113.9"
