"""Login throttling: per (user name, address) and per address, growing delays that expire,
the same answer for unknown names, an administrator's unlock, an audit of every failure, an
atomic counter, and the client address taken from a trusted proxy only."""

from __future__ import annotations

import threading
import time

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory

from cchc.accounts import throttle
from cchc.accounts.actions import do_unlock_login
from cchc.accounts.models import LoginThrottle
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction, AuditEvent
from cchc.testing.fixtures import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"
HOME_ADDR = "10.0.0.5"
ATTACKER = "203.0.113.9"


def _post(client, username, password, addr):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=addr)


def _fail(client, username, times, addr=ATTACKER):
    for _ in range(times):
        _post(client, username, "sai-mat-khau", addr)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def limits(settings):
    settings.CCHC_LOGIN_MAX_FAILURES = 3
    settings.CCHC_LOGIN_ADDRESS_MAX_FAILURES = 6
    settings.CCHC_LOGIN_DELAY_SECONDS = 30
    settings.CCHC_LOGIN_LOCKOUT_MINUTES = 15
    settings.CCHC_LOGIN_WINDOW_MINUTES = 60
    return settings


def test_failures_from_elsewhere_never_lock_the_owner_out(client, users, limits):
    _fail(client, "reporter", 10)
    refused = _post(client, "reporter", PASSWORD, ATTACKER)
    assert "Đăng nhập sai nhiều lần" in refused.content.decode() and not _logged_in(client)
    # The owner at their own address is not affected by the attacker's guesses.
    assert _post(client, "reporter", PASSWORD, HOME_ADDR).status_code == 302
    assert _logged_in(client)


def test_the_right_password_is_refused_while_a_delay_runs_then_accepted(client, users, limits):
    _fail(client, "reporter", 3, HOME_ADDR)
    response = _post(client, "reporter", PASSWORD, HOME_ADDR)
    assert "Vui lòng chờ 30 giây" in response.content.decode()
    with time_machine.travel(time.time() + 31, tick=False):
        assert _post(client, "reporter", PASSWORD, HOME_ADDR).status_code == 302
    assert not LoginThrottle.objects.filter(username="reporter").exists()  # success forgets


def test_delays_grow_with_each_further_failure_up_to_the_cap(client, users, limits):
    waits = []
    now = time.time()
    for step in range(8):
        with time_machine.travel(now, tick=False):
            _fail(client, "reporter", 3 if step == 0 else 1, HOME_ADDR)
            row = LoginThrottle.objects.get(username="reporter", address=HOME_ADDR)
            seconds = round(row.blocked_until.timestamp() - now)
        waits.append(seconds)
        now += seconds + 1
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]


def test_failures_expire(client, users, limits):
    _fail(client, "reporter", 2, HOME_ADDR)
    with time_machine.travel(time.time() + 61 * 60, tick=False):
        _fail(client, "reporter", 2, HOME_ADDR)
        assert _post(client, "reporter", PASSWORD, HOME_ADDR).status_code == 302


def test_unknown_user_names_get_the_same_answer(client, users, limits):
    _fail(client, "reporter", 3)
    _fail(client, "khong-ton-tai", 3)
    real = _post(client, "reporter", "sai", ATTACKER).content.decode()
    unknown = _post(client, "khong-ton-tai", "sai", ATTACKER).content.decode()
    assert "Đăng nhập sai nhiều lần" in real and "Đăng nhập sai nhiều lần" in unknown

    def strip(html):
        return html.replace("reporter", "X").replace("khong-ton-tai", "X")

    assert _messages(strip(real)) == _messages(strip(unknown))


def _messages(html: str) -> str:
    start = html.index("<main")
    return html[start : html.index("</main>")].split('name="csrfmiddlewaretoken"')[0]


def test_one_address_trying_every_account_is_slowed(client, users, limits):
    for name in ["a1", "a2", "a3", "a4", "a5", "a6"]:
        _fail(client, name, 1)
    refused = _post(client, "leader", PASSWORD, ATTACKER)
    assert "Đăng nhập sai nhiều lần" in refused.content.decode() and not _logged_in(client)
    assert _post(client, "leader", PASSWORD, HOME_ADDR).status_code == 302


def test_a_valid_login_does_not_reset_the_address_counter(client, users, limits):
    for name in ["a1", "a2", "a3", "a4"]:
        _fail(client, name, 1)
    assert _post(client, "leader", PASSWORD, ATTACKER).status_code == 302
    row = LoginThrottle.objects.get(username="", address=ATTACKER)
    assert row.failures == 4  # the success gave back only its own reservation


def test_every_failure_and_every_delay_is_audited_with_the_address(client, users, limits):
    _fail(client, "reporter", 4)
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
    assert failed.count() == 4
    assert all(e.changes["address"] == ATTACKER for e in failed)
    assert [e.changes["reason"] for e in failed.order_by("pk")] == ["wrong_password"] * 3 + ["throttled"]
    locked = AuditEvent.objects.get(action=AuditAction.LOGIN_THROTTLED)
    assert locked.changes["address"] == ATTACKER and locked.changes["seconds"] == 30
    assert locked.object_id == str(users["reporter"].pk)
    assert locked.province_code  # visible to the province's auditors


def test_an_administrator_unlocks(client, users, limits):
    _fail(client, "reporter", 5, HOME_ADDR)
    with pytest.raises(Forbidden):
        do_unlock_login(actor=users["officer"], user=users["reporter"])
    assert do_unlock_login(actor=users["admin"], user=users["reporter"]) == 1
    assert _post(client, "reporter", PASSWORD, HOME_ADDR).status_code == 302
    assert AuditEvent.objects.filter(note="unlock_login", actor_id=users["admin"].pk).exists()


def test_unlock_command(users, limits, client):
    from django.core.management import call_command

    _fail(client, "reporter", 3, HOME_ADDR)
    call_command("unlock_login", "REPORTER")
    assert not LoginThrottle.objects.filter(username="reporter").exists()


def test_a_stale_read_is_retried_not_lost(db, limits, monkeypatch):
    """The compare-and-swap: a counter read before another attempt's write does not overwrite it."""
    real_row = throttle._row
    calls = {"n": 0}

    def stale_then_real(username, address):
        row = real_row(username, address)
        if calls["n"] == 0:
            calls["n"] += 1
            # another attempt lands between our read and our write
            LoginThrottle.objects.filter(pk=row.pk).update(failures=2, last_failure_at=row.last_failure_at)
        return row

    throttle.reserve_attempt("someone", ATTACKER)
    monkeypatch.setattr(throttle, "_row", stale_then_real)
    verdict, _ = throttle.reserve_attempt("someone", ATTACKER)
    assert verdict.failures == 3 and verdict.blocked_now


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_cannot_exceed_the_limit(limits):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.skip("threads need a file or server database")
    allowed = []
    errors = []
    barrier = threading.Barrier(12)

    def guess():
        from django.db import connections

        try:
            barrier.wait()
            verdict, _ = throttle.reserve_attempt("reporter", ATTACKER)
            allowed.append(verdict.allowed)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert allowed.count(True) == 3  # exactly the limit got through to a password check
    assert LoginThrottle.objects.get(username="reporter", address=ATTACKER).failures == 3


def test_client_address_comes_from_a_trusted_proxy_only(settings):
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle.client_address(request) == "198.51.100.7"  # no header configured
    settings.CCHC_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.CCHC_TRUSTED_PROXIES = ["127.0.0.1"]
    assert throttle.client_address(request) == "198.51.100.7"  # not from our proxy: ignored
    proxied = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert throttle.client_address(proxied) == "1.2.3.4"  # the hop our proxy added
    forged = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert throttle.client_address(forged) == "127.0.0.1"


def test_expired_counters_are_pruned(client, users, limits):
    _fail(client, "ai-do", 1)
    with time_machine.travel(time.time() + 61 * 60, tick=False):
        assert _post(client, "reporter", PASSWORD, HOME_ADDR).status_code == 302
    assert not LoginThrottle.objects.filter(username="ai-do").exists()
