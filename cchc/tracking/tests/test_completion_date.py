"""The date of actual completion of a "done" claim: on time / late follows it, not the day the
update was typed; proof before "done"; no empty updates; 50% never silently becomes 100%."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps

from cchc.core.errors import DomainError
from cchc.testing.progress import record
from cchc.tracking.actions import EvidenceInput, do_approve_progress, do_record_progress, do_review_progress
from cchc.tracking.models import Assignment, Evidence, ProgressUpdate
from cchc.tracking.queries import row_as_of

pytestmark = pytest.mark.django_db

LATE_TYPING = dt.datetime(2023, 2, 10, 9, 0, tzinfo=dt.UTC)  # after the 31/12/2022 due date
DONE = {"status": "done", "percent": "100", "narrative": "Xong"}


@pytest.fixture
def law(plan_setup):
    a = Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")
    assert a.due_date == dt.date(2022, 12, 31)
    return a


def _claim(plan_setup, a, **kw):
    users = plan_setup["users"]
    kw.setdefault("narrative", "Đã ban hành Quyết định phê duyệt kết quả rà soát.")
    u = do_record_progress(
        actor=users["reporter"], assignment=a, status="done", percent=100, expected_version=a.version, **kw
    )
    do_approve_progress(actor=users["head"], update=u)
    do_review_progress(actor=users["officer"], update=u, decision="accept")
    return u


def test_work_finished_before_the_due_date_but_typed_later_is_on_time(plan_setup, law):
    with time_machine.travel(LATE_TYPING, tick=False):
        u = _claim(plan_setup, law, completed_on=dt.date(2022, 12, 20))
        assert u.completed_on == dt.date(2022, 12, 20)
        assert row_as_of(law, dt.date(2023, 2, 10)).state == "done"


def test_without_a_completion_date_it_is_today_and_late_after_the_due_date(plan_setup, law):
    with time_machine.travel(LATE_TYPING, tick=False):
        u = _claim(plan_setup, law)
        assert u.completed_on == dt.date(2023, 2, 10)
        assert row_as_of(law, dt.date(2023, 2, 10)).state == "done_late"


@pytest.mark.parametrize(
    "kwargs, code, words",
    [
        (dict(completed_on=dt.date(2023, 2, 11)), "completed_future", "không được ở tương lai"),
        (dict(completed_on=dt.date(2021, 12, 31)), "completed_before_start", "trước ngày bắt đầu"),
        (dict(percent=50), "percent_done", "tiến độ là 100%"),
        (dict(narrative="", evidence=[EvidenceInput(issuer="Sở Tư pháp")]), "proof", "bằng chứng"),
        (dict(narrative="   "), "proof", "bằng chứng"),
    ],
)
def test_bad_completion_claims_are_refused_with_nothing_saved(plan_setup, law, kwargs, code, words):
    args = dict(status="done", percent=100, narrative="Đã hoàn thành.")
    args.update(kwargs)
    with time_machine.travel(LATE_TYPING, tick=False), pytest.raises(DomainError) as err:
        do_record_progress(actor=plan_setup["users"]["reporter"], assignment=law, expected_version=1, **args)
    assert err.value.code == code and words in str(err.value.message)
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    law.refresh_from_db()
    assert (law.status, law.percent, law.version) == ("not_started", 0, 1)


def test_a_document_reference_alone_is_proof(plan_setup, law):
    with time_machine.travel(LATE_TYPING, tick=False):
        u = do_record_progress(
            actor=plan_setup["users"]["reporter"],
            assignment=law,
            status="done",
            percent=100,
            evidence=[EvidenceInput(doc_number="45/QĐ-STP", doc_date=dt.date(2022, 12, 1))],
            expected_version=1,
        )
    assert u.status == "done" and u.evidence.get().doc_number == "45/QĐ-STP"


def test_an_update_with_nothing_new_is_refused(plan_setup, law):
    reporter = plan_setup["users"]["reporter"]
    with time_machine.travel(LATE_TYPING, tick=False):
        do_record_progress(
            actor=reporter, assignment=law, status="in_progress", percent=40, expected_version=1
        )
        with pytest.raises(DomainError) as err:
            do_record_progress(
                actor=reporter, assignment=law, status="in_progress", percent=40, expected_version=2
            )
        assert err.value.code == "empty"
        # a new explanation at the same percent is something
        record(reporter, law, "in_progress", 40, "Đã họp.", expected_version=2)
    assert ProgressUpdate.objects.count() == 2


def test_updates_recorded_before_the_field_keep_their_report_date(plan_setup, law):
    with time_machine.travel(LATE_TYPING, tick=False):
        u = _claim(plan_setup, law, completed_on=dt.date(2022, 12, 20))
    ProgressUpdate.objects.filter(pk=u.pk).update(
        completed_on=None, at=dt.datetime(2023, 1, 5, 20, 0, tzinfo=dt.UTC)
    )
    migration = importlib.import_module("cchc.tracking.migrations.0004_progress_completed_on")
    migration.report_date_as_completion(apps, None)
    u.refresh_from_db()
    assert u.completed_on == dt.date(2023, 1, 6)  # 20:00 UTC is 03:00 the next day in Hà Nội
    assert row_as_of(law, dt.date(2023, 2, 10)).state == "done_late"


def test_the_form_marks_the_completion_date_box(client, plan_setup, law):
    client.force_login(plan_setup["users"]["reporter"])
    with time_machine.travel(LATE_TYPING, tick=False):
        r = client.post(f"/nhiem-vu/{law.pk}/cap-nhat/", {**DONE, "completed_on": "2023-03-01", "version": 1})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Ngày hoàn thành thực tế không được ở tương lai." in html
    assert 'aria-invalid="true"' in html and "Xong" in html
    assert not ProgressUpdate.objects.exists()


def test_the_api_takes_and_returns_the_completion_date(plan_setup, login, law):
    c = login(plan_setup["users"]["reporter"])
    with time_machine.travel(LATE_TYPING, tick=False):
        r = c.post(
            f"/api/tracking/assignments/{law.pk}/updates",
            {**DONE, "completed_on": "2022-12-20", "expected_version": 1},
        )
        assert r.status_code == 201, r.content
        assert r.json()["completed_on"] == "2022-12-20"
        future = c.post(
            f"/api/tracking/assignments/{law.pk}/updates",
            {**DONE, "completed_on": "2023-03-01", "expected_version": 2},
        )
    assert future.status_code == 400 and "tương lai" in future.json()["message"]
    assert ProgressUpdate.objects.count() == 1
