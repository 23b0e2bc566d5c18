"""Writes of the jobs app: request a download, run it (in the worker), record its progress."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.policy import Forbidden, NotFound
from cchc.core.errors import DomainError
from cchc.jobs import registry
from cchc.jobs.models import DownloadJob, JobStatus

log = logging.getLogger(__name__)


def do_request_download(*, kind: str, label: str, params: dict, actor) -> DownloadJob:
    """Queue a download for ``actor``. The caller (a view) has already checked that the user may
    read what the file holds; the builder checks again when it runs."""
    if actor is None or not actor.is_authenticated:
        raise Forbidden(_("Cần đăng nhập."))
    if not registry.known(kind):
        raise DomainError(_("Loại tệp không được hỗ trợ."), code="job_kind")
    job = DownloadJob.objects.create(user=actor, kind=kind, label=label[:255], params=params)
    from cchc.jobs.tasks import run_download_job

    transaction.on_commit(lambda: run_download_job.enqueue(job.pk))
    return job


def _progress(job_id: int):
    def update(percent: int, message: str = "") -> None:
        DownloadJob.objects.filter(pk=job_id).update(
            progress=max(0, min(99, int(percent))), message=message[:500]
        )

    return update


def do_run_download(job_id: int) -> DownloadJob | None:
    """Build the file of a queued job. Safe to run twice: a finished job is left alone."""
    claimed = DownloadJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, progress=1
    )
    job = DownloadJob.objects.filter(pk=job_id).select_related("user").first()
    if not claimed or job is None:
        return job
    try:
        filename, content_type, data = registry.builder(job.kind)(job.user, job.params, _progress(job.pk))
    except (Forbidden, NotFound):
        _fail(job, _("Bạn không còn quyền xem dữ liệu của tệp này."))
        return job
    except DomainError as exc:
        _fail(job, exc.message)
        return job
    except Exception:  # a bug must not leave the bar spinning for ever
        log.exception("download job %s (%s) failed", job.pk, job.kind)
        _fail(job, _("Không chuẩn bị được tệp. Vui lòng thử lại hoặc báo quản trị hệ thống."))
        return job
    job.file.save(filename, ContentFile(data), save=False)
    job.filename, job.content_type = filename, content_type
    job.status, job.progress, job.message, job.finished_at = JobStatus.DONE, 100, "", timezone.now()
    job.save(
        update_fields=["file", "filename", "content_type", "status", "progress", "message", "finished_at"]
    )
    return job


def _fail(job: DownloadJob, message: str) -> None:
    job.status, job.message, job.finished_at = JobStatus.FAILED, message[:500], timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
