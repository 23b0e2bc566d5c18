"""Leases of background jobs (``cchc.jobs.lease``): the sweeper, the time limit, and the dossier
ingest's refusals at once (legacy .xls, bytes not in the file's encoding) and its clean-up."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from django.utils import timezone

from cchc.indicators.models import DossierIngest
from cchc.jobs import lease, registry, runner
from cchc.jobs.models import Job

pytestmark = pytest.mark.django_db
INGEST = "indicators.dossier_ingest"


def _ingest(org_tree, user, upload: Path) -> DossierIngest:
    job = Job.objects.create(user=user, kind=INGEST, label="Nhập thống kê hồ sơ: a.csv")
    return DossierIngest.objects.create(
        province=org_tree["HP"], file_name="a.csv", stored_path=str(upload), created_by=user, job=job
    )


def test_sweeper_fails_an_ingest_whose_worker_died_and_deletes_its_upload(tmp_path, org_tree, users):
    upload = tmp_path / "x.upload"
    upload.write_bytes(b"108 MB, in spirit")
    ingest = _ingest(org_tree, users["officer"], upload)
    assert lease.start(ingest.job_id, progress=5)
    assert not lease.start(ingest.job_id)  # a second worker cannot claim it
    assert lease.sweep() == {"failed": 0, "requeued": 0, "stale_queued": 0}  # lease still valid
    later = timezone.now() + dt.timedelta(seconds=lease.lease_seconds() + 1)
    assert lease.sweep(now=later)["failed"] == 1
    ingest = DossierIngest.objects.select_related("job").get(pk=ingest.pk)
    assert ingest.status == "failed" and "Máy xử lý nền đã dừng" in ingest.message
    assert not upload.exists() and ingest.stored_path == ""


def test_a_render_whose_worker_died_is_queued_again_once_then_failed(users, monkeypatch):
    job = Job.objects.create(user=users["officer"], kind="reporting.consolidation", label="x")
    enqueued = []
    monkeypatch.setattr(lease, "_REQUEUE", [enqueued.append])
    for attempt in (1, 2):
        assert lease.start(job.pk)
        later = timezone.now() + dt.timedelta(seconds=lease.lease_seconds() + 1)
        result = lease.sweep(now=later)
        job.refresh_from_db()
        if attempt == 1:
            assert result["requeued"] == 1 and job.status == "queued" and enqueued == [job.pk]
        else:
            assert result["failed"] == 1 and job.status == "failed" and job.attempts == 2


def test_a_job_queued_for_a_day_without_a_worker_is_failed(users):
    job = Job.objects.create(user=users["officer"], kind="reporting.consolidation", label="x")
    assert lease.sweep(now=timezone.now() + dt.timedelta(hours=25))["stale_queued"] == 1
    job.refresh_from_db()
    assert job.status == "failed" and "chưa được xử lý" in job.message


@pytest.mark.django_db(transaction=True)  # the heartbeat thread writes through its own connection
def test_time_limit_fails_the_job_and_a_late_finish_does_not_revive_it(users, settings):
    settings.CCHC_JOB_HEARTBEAT_SECONDS = 0.05
    interrupted = []

    def slow(user, params, progress):
        progress.on_interrupt(lambda: interrupted.append(True))
        time.sleep(0.6)
        return "a.txt", "text/plain", b"late"

    registry.register("test.slow", slow, time_limit=0.2)  # type: ignore[arg-type]
    job = Job.objects.create(user=users["officer"], kind="test.slow", label="x")
    runner.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "quá thời gian" in job.message and not job.file
    assert interrupted == [True]


XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("ho-so.xls", XLS, "Excel 97-2003 (.xls) không được hỗ trợ"),
        (
            "ho-so.csv",
            "Mã hồ sơ,TTHC,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả\nA1,Cấp phép,Sở Tư pháp,03/01/2022,05/01/2022\n".encode()
            + b"A2,C\x81p,S\xe1\xbb\x9f,03/01/2022,05/01/2022\n",
            "dòng 3 có byte 0x81",
        ),
    ],
)
def test_upload_refused_at_once_with_the_reason_and_nothing_kept(
    login, users, org_tree, settings, tmp_path, name, data, expected
):
    settings.MEDIA_ROOT = tmp_path
    f = io.BytesIO(data)
    f.name = name
    resp = login(users["officer"]).post("/chi-so/ho-so/", {"file": f, "mapping": ""})
    assert resp.status_code == 400 and expected in resp.content.decode()
    assert not DossierIngest.objects.exists() and not Job.objects.exists()
    assert not any(Path(tmp_path).rglob("*.upload"))


def test_an_unexpected_error_in_an_ingest_fails_it_and_deletes_the_upload(
    org_tree, users, tmp_path, monkeypatch
):
    from cchc.indicators import dossier_jobs

    upload = tmp_path / "y.upload"
    upload.write_text("Mã hồ sơ\n1\n", encoding="utf-8")
    row = _ingest(org_tree, users["officer"], upload)

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(dossier_jobs, "do_ingest_dossiers", boom)
    runner.run(row.job_id)
    row = DossierIngest.objects.select_related("job").get(pk=row.pk)
    assert row.status == "failed" and "lỗi hệ thống" in row.message and not upload.exists()
    assert row.stored_path == ""
