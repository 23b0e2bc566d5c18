"""The bell: ``notify`` writes to a user or a unit's people; the page lists one's own messages
(and the live lines other apps register); reminders ring it with their kind's link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.notifications.actions import notify
from cchc.notifications.models import Notification
from cchc.parindex.reminders import do_send_par_reminders
from cchc.testing.frame import warm_frame

pytestmark = pytest.mark.django_db


def test_notify_a_user_or_a_unit(org_tree, users):
    assert len(notify(users["leader"], "campaign", "Đợt đánh giá Chỉ số CCHC 2022", "/x/")) == 1
    assert {n.user for n in notify(org_tree["HP-STTTT"], "due", "Sắp đến hạn")} == {users["other_reporter"]}
    with pytest.raises(DomainError):
        notify(users["leader"], "spam", "x")


def test_the_page_shows_ones_own_messages_and_marks_them_read(client, org_tree, users):
    notify(users["reporter"], "approved", "Đã duyệt: Rà soát văn bản", "/nhiem-vu/")
    notify(users["head"], "returned", "Bị trả lại: Kiểm tra thi hành")
    client.force_login(users["reporter"])
    assert 'class="badge">1<' in client.get("/").content.decode()
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Đã duyệt: Rà soát văn bản" in page and "Kiểm tra thi hành" not in page
    assert client.post(reverse("notifications:read")).status_code == 302
    assert not Notification.objects.filter(user=users["reporter"], read_at__isnull=True).exists()
    assert Notification.objects.filter(user=users["head"], read_at__isnull=True).exists()  # only one's own


def test_a_par_reminder_in_the_bell_opens_the_sheet(remindable, client):
    do_send_par_reminders(as_of=dt.date(2022, 6, 13))
    reporter = remindable["users"]["reporter"]
    note = Notification.objects.get(user=reporter, kind="due")
    assert note.url == reverse("parindex:sheet_detail", kwargs={"sheet_id": remindable["sheet"].pk})
    client.force_login(reporter)
    assert client.get(note.url).status_code == 200


def test_a_digest_opening_several_pages_rings_once_per_page(remindable):
    from cchc.notifications import reminders
    from cchc.reporting.reminders import ReportDigest

    unit = remindable["unit"]
    digest = ReportDigest(
        unit=unit,
        emails=[unit.email],
        items=[
            ("report_due", "1:2022-H1:7", "Báo cáo 6 tháng"),
            ("report_due", "2:2022-Q2:7", "Báo cáo quý II"),
        ],
    )
    reminders.send("reports", [digest])
    urls = sorted(
        Notification.objects.filter(user=remindable["users"]["reporter"]).values_list("url", "text")
    )
    assert urls == [
        (f"/bao-cao/don-vi/{unit.pk}/2022-H1/?plan=1", "Báo cáo 6 tháng"),
        (f"/bao-cao/don-vi/{unit.pk}/2022-Q2/?plan=2", "Báo cáo quý II"),
    ]


def test_the_page_reads_the_same_number_of_queries_and_at_most_100_rows_however_many_there_are(client, users):
    """The bell page stays bounded as a user's messages pile up: its query count does not grow with
    the rows, and it shows the newest 100."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reporter = users["reporter"]
    client.force_login(reporter)

    def page():
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(reverse("notifications:list")).content.decode()
        return len(ctx.captured_queries), body

    Notification.objects.bulk_create(
        [Notification(user=reporter, kind="approved", text=f"Đã duyệt: việc {i}") for i in range(3)]
    )
    warm_frame(client)
    few, _ = page()
    Notification.objects.bulk_create(
        [Notification(user=reporter, kind="approved", text=f"Đã duyệt: việc {i}") for i in range(3, 150)]
    )
    many, body = page()
    assert many == few
    assert body.count("Đã duyệt: việc ") == 100


def test_the_bells_count_is_cached_and_follows_every_write(client, org_tree, users):
    """The count in every page's header is read from the cache until the user's bell changes:
    a notification to them or to their unit, or marking read, shows on the very next page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["reporter"])
    assert 'class="badge"' not in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    assert not [
        q for q in ctx.captured_queries if "COUNT(" in q["sql"] and "oversight_notification" in q["sql"]
    ]
    notify(users["reporter"], "approved", "Đã duyệt: Rà soát văn bản")
    assert 'class="badge">1<' in client.get("/").content.decode()
    notify(org_tree["HP-STP"], "due", "Sắp đến hạn")  # the unit's reporter and head
    assert 'class="badge">2<' in client.get("/").content.decode()
    notify(users["other_reporter"], "approved", "Đã duyệt: việc khác")  # someone else's bell
    assert 'class="badge">2<' in client.get("/").content.decode()
    assert client.post(reverse("notifications:read")).status_code == 302
    assert 'class="badge"' not in client.get("/").content.decode()
