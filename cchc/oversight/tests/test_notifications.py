"""The bell seen from tracking's decisions and digests (oversight's plan fixture): approve / return
put messages in the bell, reminders ring it once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.notifications.models import Notification
from cchc.testing.progress import record
from cchc.tracking.actions import do_approve_progress, do_review_progress


def _done(data, key="tthc"):
    Notification.objects.all().delete()  # the fixture's own accepted claims rang the bell too
    a = data["lead"](key)
    return record(data["users"]["reporter"], a)


def test_head_approval_and_return_reach_the_reporter(client, data):
    users = data["users"]
    update = _done(data)
    do_approve_progress(actor=users["head"], update=update)
    assert Notification.objects.filter(user=users["reporter"], kind="approved").count() == 1
    do_review_progress(actor=users["officer"], update=update, decision="return", reason="Thiếu tài liệu")
    # returned: every reporter and head of the unit hears it
    returned = Notification.objects.filter(kind="returned")
    assert {n.user for n in returned} == {users["reporter"], users["head"]}
    n = returned.get(user=users["reporter"])
    assert reverse("tracking:assignment_detail", kwargs={"assignment_id": data["lead"]("tthc").pk}) == n.url
    client.force_login(users["reporter"])
    home = client.get("/").content.decode()
    assert 'class="badge">2<' in home  # the bell: approved + returned
    page = client.get(reverse("notifications:list"))
    assert "Báo cáo bị trả lại" in page.content.decode()
    assert page.context["due"]  # the unit's overdue work, live
    client.post(reverse("notifications:read"))
    assert not Notification.objects.filter(user=users["reporter"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=users["head"], read_at__isnull=True).exists()  # only one's own


def test_failed_decision_writes_no_notification(data):
    users = data["users"]
    update = _done(data)
    with pytest.raises(DomainError):
        do_review_progress(actor=users["officer"], update=update, decision="return", reason="")
    assert not Notification.objects.exists()


def test_reminder_digests_also_ring_the_bell(data):
    import datetime as dt

    from django.core import mail

    from cchc.tracking.reminders import do_send_reminders

    units, users = data["units"], data["users"]
    units["HP-STP"].email = "stp@haiphong.gov.vn"
    units["HP-STP"].save()
    do_send_reminders(as_of=dt.date(2022, 11, 15))
    assert any(m.to == ["stp@haiphong.gov.vn"] for m in mail.outbox)
    due = Notification.objects.filter(kind="due")
    assert {n.user for n in due} == {users["reporter"], users["head"]}  # STP's people, once each
    do_send_reminders(as_of=dt.date(2022, 11, 16))
    assert Notification.objects.filter(kind="due").count() == 2  # nothing new: no second message
