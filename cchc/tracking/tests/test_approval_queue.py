"""The approval queue: one page per approver, bulk approve/return, atomic, audited, bounded."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.plans.models import Task
from cchc.testing.progress import record
from cchc.tracking.actions import do_approve_progress, do_decide_queue, do_record_progress
from cchc.tracking.models import Assignment, ProgressUpdate
from cchc.tracking.queries import approval_queue, approval_queue_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _claims(plan_setup, n, unit_code="HP-STP", reporter="reporter"):
    """``n`` "done" claims of ``unit_code`` awaiting its head."""
    plan, users, unit = plan_setup["plan"], plan_setup["users"], plan_setup["units"][unit_code]
    out = []
    for i in range(n):
        task = Task.objects.create(plan=plan, title=f"Nhiệm vụ hàng chờ {unit_code} {i}", order=1000 + i)
        a = Assignment.objects.create(task=task, unit=unit, role="lead", due_date=dt.date(2022, 12, 31))
        out.append(record(users[reporter], a, expected_version=1))
    return out


def test_each_approver_sees_their_own_queue(plan_setup):
    users = plan_setup["users"]
    stp = _claims(plan_setup, 2)
    _claims(plan_setup, 1, "HP-STTTT", "other_reporter")  # no head in the fixtures: waits
    assert {u.pk for u in approval_queue(users["head"], "head")} == {u.pk for u in stp}
    assert approval_queue_counts(users["head"]) == {"head": 2}
    assert approval_queue_counts(users["officer"]) == {"review": 0}
    assert approval_queue_counts(users["reporter"]) == {}
    assert not approval_queue(users["reporter"], "head").exists()
    do_approve_progress(actor=users["head"], update=stp[0])
    assert [u.pk for u in approval_queue(users["officer"], "review")] == [stp[0].pk]
    assert not approval_queue(users["dn_officer"], "review").exists()  # another province
    assert approval_queue_counts(users["head"]) == {"head": 1}


def test_a_superseded_claim_is_not_in_the_queue(plan_setup):
    users = plan_setup["users"]
    (u,) = _claims(plan_setup, 1)
    do_record_progress(
        actor=users["reporter"], assignment=u.assignment, status="in_progress", percent=90, expected_version=2
    )
    assert not approval_queue(users["head"], "head").exists()


def test_bulk_approve_then_accept_audits_every_update(plan_setup):
    users = plan_setup["users"]
    claims = _claims(plan_setup, 3)
    ids = [u.pk for u in claims]
    before = AuditEvent.objects.count()
    assert do_decide_queue(actor=users["head"], kind="head", update_ids=ids, decision="approve") == 3
    assert set(ProgressUpdate.objects.filter(pk__in=ids).values_list("approval_state", flat=True)) == {
        "approved_by_head"
    }
    audited = AuditEvent.objects.filter(model="tracking.progressupdate", object_id__in=[str(i) for i in ids])
    assert audited.count() == 3 and AuditEvent.objects.count() - before == 3
    assert do_decide_queue(actor=users["officer"], kind="review", update_ids=ids, decision="accept") == 3
    assert set(Assignment.objects.filter(updates__in=ids).values_list("awaiting_review", flat=True)) == {
        False
    }
    assert set(ProgressUpdate.objects.filter(pk__in=ids).values_list("approval_state", flat=True)) == {
        "accepted"
    }


def test_bulk_return_needs_a_reason_and_reaches_the_unit(plan_setup):
    users = plan_setup["users"]
    claims = _claims(plan_setup, 2)
    ids = [u.pk for u in claims]
    with pytest.raises(DomainError):
        do_decide_queue(actor=users["head"], kind="head", update_ids=ids, decision="return", reason="  ")
    do_decide_queue(
        actor=users["head"], kind="head", update_ids=ids, decision="return", reason="Thiếu kiểm chứng"
    )
    for a in Assignment.objects.filter(updates__in=ids):
        assert a.status == "in_progress" and a.returned_reason == "Thiếu kiểm chứng" and not a.awaiting_head
    assert not approval_queue(users["head"], "head").exists()


def test_a_batch_with_one_refused_update_changes_nothing(plan_setup):
    users = plan_setup["users"]
    claims = _claims(plan_setup, 2)
    other = _claims(plan_setup, 1, "HP-STTTT", "other_reporter")  # not the head's unit
    before = AuditEvent.objects.count()
    with pytest.raises(Forbidden):
        do_decide_queue(
            actor=users["head"], kind="head", update_ids=[c.pk for c in claims + other], decision="approve"
        )
    do_approve_progress(actor=users["head"], update=claims[1])
    with pytest.raises(DomainError) as exc:  # claims[1] no longer waits for the head
        do_decide_queue(
            actor=users["head"], kind="head", update_ids=[c.pk for c in claims], decision="approve"
        )
    assert "Không báo cáo nào được xử lý" in exc.value.message
    assert ProgressUpdate.objects.get(pk=claims[0].pk).approval_state == "pending_head"
    assert AuditEvent.objects.count() == before + 1  # only the single approval above
    with pytest.raises(Forbidden):
        do_decide_queue(actor=users["reporter"], kind="head", update_ids=[claims[0].pk], decision="approve")


def test_queue_page_bulk_form_and_home_count(plan_setup, client):
    users = plan_setup["users"]
    claims = _claims(plan_setup, 2)
    client.force_login(users["head"])
    home = client.get("/").content.decode()
    assert "/nhiem-vu/cho-duyet/" in home and "Chờ bạn duyệt" in home
    page = client.get("/nhiem-vu/cho-duyet/")
    assert page.status_code == 200 and page.context["page"].paginator.count == 2
    resp = client.post(
        "/nhiem-vu/cho-duyet/", {"kind": "head", "update": [c.pk for c in claims], "decision": "approve"}
    )
    assert resp.status_code == 302
    assert not ProgressUpdate.objects.filter(approval_state="pending_head").exists()
    client.force_login(users["reporter"])
    assert client.get("/nhiem-vu/cho-duyet/").status_code == 403
    client.force_login(users["officer"])
    assert client.get("/nhiem-vu/cho-duyet/?kind=head").status_code == 404
    assert client.get("/nhiem-vu/cho-duyet/").context["page"].paginator.count == 2


@pytest.mark.parametrize("n", [3, 60])
def test_queue_page_query_count_does_not_grow_with_rows(plan_setup, client, n, django_assert_max_num_queries):
    _claims(plan_setup, n)
    client.force_login(plan_setup["users"]["head"])
    with django_assert_max_num_queries(12):
        resp = client.get("/nhiem-vu/cho-duyet/")
    assert resp.status_code == 200 and resp.context["page"].paginator.count == n
