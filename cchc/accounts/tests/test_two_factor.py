"""Optional TOTP two-factor login, and the administrator's switch that requires it for
administrators and standing officers."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.accounts.actions import do_set_security_policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction, AuditEvent
from cchc.testing.fixtures import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"
VERIFY = "/tai-khoan/xac-thuc-hai-lop/"
SETUP = "/tai-khoan/thiet-lap-hai-lop/"


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


@pytest.fixture
def officer_device(users):
    return TOTPDevice.objects.create(user=users["officer"], name="TOTP", confirmed=True)


def test_without_a_device_the_password_is_enough(client, users):
    assert client.post(LOGIN, {"username": "reporter", "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200


def test_with_a_device_the_password_alone_does_not_log_in(client, users, officer_device):
    response = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still anonymous
    wrong = client.post(VERIFY, {"token": "000000" if code(officer_device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, note="two_factor_wrong_code").exists()
    officer_device.refresh_from_db()
    officer_device.throttling_failure_count = 0
    officer_device.throttling_failure_timestamp = None
    officer_device.save()
    right = client.post(VERIFY, {"token": code(officer_device)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(users["officer"].pk)
    assert client.get("/").status_code == 200


def test_the_verify_step_needs_a_password_first(client, users, officer_device):
    assert client.post(VERIFY, {"token": code(officer_device)})["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_codes_are_throttled(client, users, officer_device):
    client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    for _ in range(3):
        client.post(VERIFY, {"token": "999999" if code(officer_device) != "999999" else "888888"})
    refused = client.post(VERIFY, {"token": code(officer_device)})  # right code, but must wait
    assert "Nhập sai mã nhiều lần" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_only_an_administrator_switches_the_requirement(users):
    with pytest.raises(Forbidden):
        do_set_security_policy(actor=users["officer"], require_two_factor=True)
    do_set_security_policy(actor=users["admin"], require_two_factor=True)
    event = AuditEvent.objects.filter(model="accounts.securitypolicy").get()
    assert event.changes == {"require_two_factor": [False, True]}


def test_required_officers_must_set_it_up_and_others_need_not(client, users, login):
    do_set_security_policy(actor=users["admin"], require_two_factor=True)
    client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    page = client.get("/nhiem-vu/")
    assert page.status_code == 302 and page["Location"].startswith(SETUP)
    api = client.get("/api/orgs/units")
    assert api.status_code == 403 and api.json()["code"] == "two_factor_required"
    setup = client.get(SETUP)
    assert setup.status_code == 200 and "data:image/svg+xml;base64," in setup.content.decode()
    device = TOTPDevice.objects.get(user=users["officer"], confirmed=False)
    assert client.post(SETUP, {"token": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/nhiem-vu/").status_code == 200
    assert AuditEvent.objects.filter(note="two_factor_enabled", actor_id=users["officer"].pk).exists()
    # a reporter is not concerned by the requirement
    reporter = login(users["reporter"])
    assert reporter.get("/nhiem-vu/").status_code == 200


def test_a_wrong_setup_code_does_not_enable_it(client, users, login):
    c = login(users["reporter"])
    c.get(SETUP)
    device = TOTPDevice.objects.get(user=users["reporter"])
    bad = "123456" if code(device) != "123456" else "654321"
    assert c.post(SETUP, {"token": bad}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed


def test_the_admin_site_logs_in_through_our_login_page_only(client, users, officer_device):
    response = client.get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    # Django's admin login form is not reachable: a POST there does not log in either
    client.post("/quan-tri/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    client.force_login(users["reporter"])
    assert client.get("/quan-tri/login/").status_code == 403  # not staff: refused, no loop
