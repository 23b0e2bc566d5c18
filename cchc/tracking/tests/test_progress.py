"""Recording progress: who may, what is validated, optimistic locking, approval and review."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import ConflictError, DomainError
from cchc.testing.progress import record
from cchc.tracking.actions import (
    EvidenceInput,
    do_approve_progress,
    do_record_progress,
    do_review_progress,
)
from cchc.tracking.models import Assignment, Evidence, ProgressUpdate
from cchc.tracking.queries import row_as_of
from cchc.tracking.tests.conftest import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def law(plan_setup):
    return Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")


def _pdf(name="qd.pdf", data=None, date=dt.date(2022, 6, 1)):
    return EvidenceInput(
        doc_number="123/QĐ-STP",
        doc_date=date,
        issuer="Sở Tư pháp",
        file_name=name,
        file_data=pdf_bytes() if data is None else data,
    )


def _done_with_pdf(actor, law):
    """A first update of ``law`` by ``actor``: done, with one PDF decision as evidence."""
    return do_record_progress(
        actor=actor, assignment=law, status="done", percent=100, evidence=[_pdf()], expected_version=1
    )


def test_reporter_records_progress_and_history_is_kept(plan_setup, law):
    reporter = plan_setup["users"]["reporter"]
    record(reporter, law, "in_progress", 40, "Đang rà soát", expected_version=1)
    law.refresh_from_db()
    assert (law.status, law.percent, law.version) == ("in_progress", 40, 2)
    do_record_progress(actor=reporter, assignment=law, status="in_progress", percent=60, expected_version=2)
    assert ProgressUpdate.objects.filter(assignment=law).count() == 2
    assert AuditEvent.objects.filter(model="tracking.assignment", object_id=str(law.pk)).count() >= 2
    # its creation is in the plan's assignment batch, which lists every row it inserted
    (batch,) = AuditEvent.objects.filter(model="tracking.assignment", action="create")
    assert law.pk in {row[0] for row in batch.changes["rows"][1:]}


def test_done_with_evidence_file_stores_detected_type_and_hash(plan_setup, law):
    update = _done_with_pdf(plan_setup["users"]["reporter"], law)
    ev = Evidence.objects.get(update=update)
    assert ev.content_type == "application/pdf" and len(ev.sha256) == 64 and ev.size > 100
    assert ev.file.name.startswith("evidence/")
    assert update.approval_state == "pending_head"
    law.refresh_from_db()
    assert law.awaiting_head


def test_stale_version_is_refused_and_nothing_overwritten(plan_setup, law):
    reporter = plan_setup["users"]["reporter"]
    do_record_progress(actor=reporter, assignment=law, status="in_progress", percent=30, expected_version=1)
    with pytest.raises(ConflictError, match="người khác cập nhật"):
        do_record_progress(
            actor=reporter, assignment=law, status="in_progress", percent=90, expected_version=1
        )
    law.refresh_from_db()
    assert law.percent == 30 and ProgressUpdate.objects.count() == 1


@pytest.mark.parametrize(
    "kwargs, code",
    [
        (dict(status="in_progress", percent=140), "percent"),
        (dict(status="in_progress", percent=-1), "percent"),
        (dict(status="done", percent=100), "proof"),
        (dict(status="cancelled", percent=0), "reason"),
        (dict(status="in_progress", percent=10, evidence=[_pdf(date=dt.date(2022, 7, 1))]), "future_date"),
        (
            dict(status="done", percent=100, evidence=[_pdf(name="qd.pdf", data=b"MZ\x90\x00fake exe")]),
            "bad_file_type",
        ),
        (dict(status="done", percent=100, evidence=[_pdf(name="anh.png")]), "bad_file_type"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(plan_setup, law, kwargs, code):
    with pytest.raises(DomainError) as err:
        do_record_progress(
            actor=plan_setup["users"]["reporter"], assignment=law, expected_version=1, **kwargs
        )
    assert err.value.code == code
    assert ProgressUpdate.objects.count() == 0 and Evidence.objects.count() == 0
    law.refresh_from_db()
    assert law.version == 1


def test_oversized_file_is_refused(plan_setup, law, settings):
    settings.CCHC_MAX_UPLOAD_BYTES = 100
    with pytest.raises(DomainError) as err:
        _done_with_pdf(plan_setup["users"]["reporter"], law)
    assert err.value.code == "too_large" and not ProgressUpdate.objects.exists()


def test_docx_and_xlsx_are_recognised_by_content(plan_setup, law):
    def zipped(name):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, "<x/>")
        return buf.getvalue()

    do_record_progress(
        actor=plan_setup["users"]["reporter"],
        assignment=law,
        status="in_progress",
        percent=50,
        evidence=[
            _pdf(name="bc.docx", data=zipped("word/document.xml")),
            _pdf(name="bc.xlsx", data=zipped("xl/workbook.xml")),
        ],
        expected_version=1,
    )
    assert {e.content_type.rsplit(".", 1)[-1] for e in Evidence.objects.all()} == {"document", "sheet"}


def test_another_units_reporter_is_refused(plan_setup, law):
    with pytest.raises(Forbidden):
        record(plan_setup["users"]["other_reporter"], law, "in_progress", 10, "", expected_version=1)
    assert not ProgressUpdate.objects.exists()


def test_head_approves_then_officer_accepts(plan_setup, law):
    users = plan_setup["users"]
    update = record(users["reporter"], law, narrative="Đã ban hành")
    with pytest.raises(Forbidden):
        do_approve_progress(actor=users["reporter"], update=update)
    do_approve_progress(actor=users["head"], update=update)
    update.refresh_from_db()
    assert update.approval_state == "approved_by_head" and update.decided_by == users["head"]
    with pytest.raises(Forbidden):
        do_review_progress(actor=users["head"], update=update, decision="accept")
    do_review_progress(actor=users["officer"], update=update, decision="accept")
    update.refresh_from_db()
    law.refresh_from_db()
    assert update.approval_state == "accepted" and law.status == "done" and not law.awaiting_review


def test_officer_returns_with_reason(plan_setup, law):
    users = plan_setup["users"]
    update = record(users["reporter"], law)
    with pytest.raises(DomainError):
        do_review_progress(actor=users["officer"], update=update, decision="return", reason=" ")
    do_review_progress(
        actor=users["officer"], update=update, decision="return", reason="Thiếu văn bản kiểm chứng"
    )
    law.refresh_from_db()
    assert law.status == "in_progress" and law.returned_reason == "Thiếu văn bản kiểm chứng"
    assert row_as_of(law, dt.date(2022, 6, 15)).status == "in_progress"


def test_other_province_officer_cannot_review(plan_setup, law):
    users = plan_setup["users"]
    update = record(users["reporter"], law)
    with pytest.raises(Forbidden):
        do_review_progress(actor=users["dn_officer"], update=update, decision="accept")


def test_status_as_of_a_past_date_uses_history(plan_setup, law):
    reporter = plan_setup["users"]["reporter"]
    with time_machine.travel(dt.datetime(2022, 3, 1, 3, tzinfo=dt.UTC), tick=False):
        do_record_progress(
            actor=reporter, assignment=law, status="in_progress", percent=20, expected_version=1
        )
    with time_machine.travel(dt.datetime(2023, 2, 1, 3, tzinfo=dt.UTC), tick=False):
        claim = do_record_progress(
            actor=reporter, assignment=law, status="done", percent=100, narrative="Xong", expected_version=2
        )
    with time_machine.travel(dt.datetime(2023, 2, 2, 3, tzinfo=dt.UTC), tick=False):
        do_approve_progress(actor=plan_setup["users"]["head"], update=claim)
    with time_machine.travel(dt.datetime(2023, 2, 10, 3, tzinfo=dt.UTC), tick=False):
        do_review_progress(actor=plan_setup["users"]["officer"], update=claim, decision="accept")
    assert row_as_of(law, dt.date(2022, 2, 1)).status == "not_started"
    assert row_as_of(law, dt.date(2022, 6, 1)).percent == 20
    assert row_as_of(law, dt.date(2023, 1, 1)).state == "overdue"
    # claimed done on 01/02 but accepted only on 10/02: "chờ duyệt" in between, not done
    assert row_as_of(law, dt.date(2023, 2, 5)).state == "pending_approval"
    assert row_as_of(law, dt.date(2023, 3, 1)).state == "done_late"


def test_merging_or_deleting_a_unit_keeps_its_history_and_evidence(plan_setup, law, client):
    from django.db.models import ProtectedError

    from cchc.orgs.actions import do_close_unit

    users, units = plan_setup["users"], plan_setup["units"]
    _done_with_pdf(users["reporter"], law)
    stp, snv = units["HP-STP"], units["HP-SNV"]
    do_close_unit(actor=users["admin"], unit=stp, valid_to=dt.date(2022, 6, 14), successors=[snv])
    law.refresh_from_db()
    assert law.unit.code == "HP-STP" and law.updates.count() == 1
    ev = Evidence.objects.get(update__assignment=law)
    assert ev.file.read().startswith(b"%PDF")
    with pytest.raises(ProtectedError):
        units["HP-STP"].delete()
    assert ProgressUpdate.objects.filter(assignment=law).count() == 1 and Evidence.objects.count() == 1
    client.force_login(users["officer"])
    page = client.get(f"/nhiem-vu/{law.pk}/", secure=True).content.decode()
    assert "123/QĐ-STP" in page and "Sở Tư pháp" in page


def test_a_replayed_past_update_keeps_history_in_order(plan_setup, law):
    reporter = plan_setup["users"]["reporter"]
    past = dt.datetime(2022, 3, 1, 2, tzinfo=dt.UTC)
    do_record_progress(
        actor=reporter, assignment=law, status="in_progress", percent=30, expected_version=1, at=past
    )
    law.refresh_from_db()
    assert law.last_update_at == past
    assert row_as_of(law, dt.date(2022, 3, 1)).percent == 30
    # before the previous update, then in the future
    for at in (dt.datetime(2022, 2, 1, tzinfo=dt.UTC), dt.datetime(2022, 7, 1, tzinfo=dt.UTC)):
        with pytest.raises(DomainError):
            record(reporter, law, "in_progress", 40, "", expected_version=2, at=at)
    assert ProgressUpdate.objects.filter(assignment=law).count() == 1
