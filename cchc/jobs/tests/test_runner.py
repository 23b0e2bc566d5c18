"""The one job runner (``cchc.jobs``): a job is queued for its requester, run by the worker (the
immediate backend here) with progress, and its file is the requester's alone; a failure is
recorded with a message the user can act on; the dossier ingest and the OCR import are kinds
that run through it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from cchc.accounts.policy import Forbidden
from cchc.core.errors import DomainError
from cchc.indicators.models import DossierIngest
from cchc.jobs import registry, runner
from cchc.jobs.actions import do_request_job
from cchc.jobs.models import Job

pytestmark = pytest.mark.django_db
SEEN: dict[str, object] = {}


def _echo(user, params, progress):
    progress(40, "Đang đếm")
    job = Job.objects.get(pk=progress.job_id)
    SEEN["mid-run"] = (job.status, job.progress, job.message)
    if params.get("fail") == "domain":
        raise DomainError("Kỳ báo cáo chưa mở.")
    if params.get("fail") == "forbidden":
        raise Forbidden
    if params.get("fail") == "bug":
        raise RuntimeError("bug")
    return "ket-qua.txt", "text/plain; charset=utf-8", f"xin chào {user.username}".encode()


registry.register("test.echo", _echo)


def _request(user, django_capture_on_commit_callbacks, **params) -> Job:
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs it here
        job = do_request_job(kind="test.echo", label="Tệp thử", params=params, actor=user)
    job.refresh_from_db()
    return job


def test_a_queued_job_runs_with_progress_and_only_its_requester_gets_the_file(
    users, login, django_capture_on_commit_callbacks
):
    job = _request(users["officer"], django_capture_on_commit_callbacks)
    assert SEEN["mid-run"] == ("running", 40, "Đang đếm")
    assert (job.status, job.progress, job.message, job.attempts) == ("done", 100, "", 1)
    client = login(users["officer"])
    assert "Tải tệp" in client.get(f"/tep/{job.pk}/").content.decode()
    assert "Tệp thử" in client.get("/tep/").content.decode()
    download = client.get(f"/tep/{job.pk}/tai-ve/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == "xin chào officer".encode()
    assert "attachment" in download["Content-Disposition"]
    other = login(users["head"])
    for url in (f"/tep/{job.pk}/", f"/tep/{job.pk}/tai-ve/"):
        assert other.get(url).status_code == 404
    assert "Tệp thử" not in other.get("/tep/").content.decode()
    assert runner.run(job.pk).status == "done"  # run twice: left alone
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_running_job_is_polled_and_has_no_file_yet(users, login):
    job = Job.objects.create(
        user=users["officer"], kind="test.echo", label="Tệp thử", status="running", progress=30
    )
    client = login(users["officer"])
    page = client.get(f"/tep/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="30"' in page
    assert client.get(f"/tep/{job.pk}/tai-ve/").status_code == 404


@pytest.mark.parametrize(
    ("fail", "message"),
    [
        ("domain", "Kỳ báo cáo chưa mở."),
        ("forbidden", "Bạn không còn quyền xem dữ liệu của tệp này."),
        ("bug", "Không chuẩn bị được tệp."),
    ],
)
def test_a_failure_is_recorded_with_a_message_and_no_file(
    users, login, django_capture_on_commit_callbacks, fail, message
):
    job = _request(users["officer"], django_capture_on_commit_callbacks, fail=fail)
    assert job.status == "failed" and message in job.message and not job.file and job.finished_at
    page = login(users["officer"]).get(f"/tep/{job.pk}/").content.decode()
    assert message in page and "hx-trigger" not in page
    assert login(users["officer"]).get(f"/tep/{job.pk}/tai-ve/").status_code == 404


def test_only_a_signed_in_user_queues_only_a_known_kind(users):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Forbidden):
        do_request_job(kind="test.echo", label="x", params={}, actor=AnonymousUser())
    with pytest.raises(DomainError):
        do_request_job(kind="no.such.kind", label="x", params={}, actor=users["officer"])
    assert not Job.objects.exists()


def test_progress_of_a_job_failed_meanwhile_stops_its_run(users):
    job = Job.objects.create(user=users["officer"], kind="test.echo", label="x", status="failed")
    with pytest.raises(runner.Stopped):
        runner.Progress(job.pk)(50)
    assert Job.objects.get(pk=job.pk).progress == 0


CSV = (
    "Mã hồ sơ,TTHC,Lĩnh vực,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    "H1,Cấp phép,Tư pháp,Sở Tư pháp,03/01/2022,05/01/2022,04/01/2022\n"
    "H2,Cấp phép,Tư pháp,Sở Tư pháp,04/01/2022,06/01/2022,07/01/2022\n"
)


def test_the_dossier_ingest_is_a_job_of_its_requester(
    users, login, org_tree, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = login(users["officer"])
    f = io.BytesIO(CSV.encode())
    f.name = "ho-so.csv"
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post("/chi-so/ho-so/", {"file": f, "mapping": ""})
    ingest = DossierIngest.objects.select_related("job").get()
    assert resp["Location"] == f"/chi-so/ho-so/{ingest.pk}/"
    job = ingest.job
    assert (job.kind, job.user, job.status, job.progress) == (
        "indicators.dossier_ingest",
        users["officer"],
        "done",
        100,
    )
    assert ingest.rows_accepted == 2 and "Đã đọc 2 hồ sơ" in job.message
    assert not any(Path(tmp_path).rglob("*.upload"))  # the upload is deleted once read
    page = client.get(f"/tep/{job.pk}/").content.decode()
    assert f"/chi-so/ho-so/{ingest.pk}/" in page and "Mở lượt nhập hồ sơ" in page and "Tải tệp" not in page
    assert login(users["admin"]).get(f"/tep/{job.pk}/").status_code == 404  # the requester's job
    assert (
        login(users["admin"]).get(f"/chi-so/ho-so/{ingest.pk}/").status_code == 200
    )  # the ingest: province's


def test_the_ocr_import_is_a_job_whose_refusal_fails_it_and_deletes_the_scan(
    users, org_tree, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from PIL import Image

    from cchc.domain.planparse import ocr
    from cchc.domain.planparse.readers import DocumentError
    from cchc.plans.ocr_jobs import do_request_ocr_import

    settings.MEDIA_ROOT = tmp_path

    def slow_ocr(data, kind, progress):
        progress(50, "Trang 1/2")
        SEEN["ocr"] = Job.objects.values_list("status", "progress", "message").get()
        raise DocumentError("ocr_timeout", "OCR took longer than its time limit")

    monkeypatch.setattr(ocr, "ocr_document", slow_ocr)
    buf = io.BytesIO()
    Image.new("L", (60, 40), 255).save(buf, "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        job = do_request_ocr_import(
            actor=users["officer"], data=buf.getvalue(), filename="quet.png", province=org_tree["HP"]
        )
    job.refresh_from_db()
    assert SEEN["ocr"] == ("running", 45, "Trang 1/2")
    assert job.status == "failed" and "vượt quá thời gian" in job.message
    assert not default_storage.listdir("ocr-uploads")[1]  # the scan is not kept
