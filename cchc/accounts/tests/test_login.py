"""Login, lockout after repeated failures, session expiry, unit switcher."""

from __future__ import annotations

import time_machine
from django.conf import settings
from django.urls import reverse

from cchc.accounts.middleware import SESSION_KEY
from cchc.accounts.models import Membership
from cchc.testing.fixtures import PASSWORD

LOGIN = "/tai-khoan/dang-nhap/"


def test_login_page_is_vietnamese(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đăng nhập" in body and "Mật khẩu" in body and 'lang="vi"' in body


def test_correct_password_logs_in_and_shows_home(client, users):
    response = client.post(LOGIN, {"username": "reporter", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Sở Tư pháp" in home.content.decode()


def test_wrong_password_gets_vietnamese_message(client, users):
    response = client.post(LOGIN, {"username": "reporter", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/co-quan/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_session_expires_after_idle_time(client, users):
    client.post(LOGIN, {"username": "reporter", "password": PASSWORD})
    assert client.get("/").status_code == 200
    assert settings.SESSION_COOKIE_AGE > 0
    with time_machine.travel(__import__("time").time() + settings.SESSION_COOKIE_AGE + 60, tick=False):
        response = client.get("/")
    assert response.status_code == 302


def test_activity_keeps_the_session_without_a_write_per_page_view(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = __import__("time").time()
    age, refresh = settings.SESSION_COOKIE_AGE, settings.CCHC_SESSION_REFRESH_SECONDS
    with time_machine.travel(start, tick=False):
        client.post(LOGIN, {"username": "reporter", "password": PASSWORD})
        assert client.get("/").status_code == 200
    with time_machine.travel(start + 10, tick=False), CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    with time_machine.travel(start + refresh + 10, tick=False):
        assert client.get("/").status_code == 200  # active again after a while: the age restarts
    with time_machine.travel(start + age + 60, tick=False):
        assert client.get("/").status_code == 200  # idle less than the age since then
    with time_machine.travel(start + age + 60 + age + 60, tick=False):
        assert client.get("/").status_code == 302  # then idle longer than the age


def test_unit_switcher_accepts_own_membership_and_refuses_forged(client, users, org_tree):
    user = users["officer"]
    second = Membership.objects.create(user=user, unit=org_tree["HP-STP"], role="reporter")
    client.force_login(user)
    client.post(reverse("accounts:switch_unit"), {"membership": second.pk})
    assert client.session[SESSION_KEY] == second.pk
    foreign = Membership.objects.get(user=users["dn_officer"])
    response = client.post(reverse("accounts:switch_unit"), {"membership": foreign.pk}, follow=True)
    assert "Đơn vị được chọn không hợp lệ." in response.content.decode()
    assert client.session[SESSION_KEY] == second.pk


def test_english_is_available(client, users):
    client.force_login(users["reporter"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="en"' in response.content.decode()


def test_home_panels_of_every_role_have_no_empty_list_items(client, users):
    for user in users.values():
        client.force_login(user)
        body = client.get("/").content.decode()
        assert "<li></li>" not in body, user.username
        assert 'data-panel="' in body, user.username
