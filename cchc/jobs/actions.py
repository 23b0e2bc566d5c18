"""Writes of the jobs app: request a download, run it (in the worker), record its progress."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.policy import Forbidden, NotFound
from cchc.core.errors import DomainError
from cchc.jobs import lease, registry
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
    """Build the file of a queued job under a lease (``cchc.jobs.lease``). Safe to run twice: a
    finished job is left alone; a job failed meanwhile (time limit, sweeper) is not revived."""
    kind = lease.get(LEASE_KIND)
    claimed = lease.start(kind, job_id, progress=1)
    job = DownloadJob.objects.filter(pk=job_id).select_related("user").first()
    if not claimed or job is None:
        return job
    try:
        with lease.Heartbeat(kind, job):
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
    if not lease.finish_if_running(
        kind, job.pk, file=job.file.name, filename=filename, content_type=content_type,
        status=JobStatus.DONE, progress=100, message="", finished_at=timezone.now(),
    ):  # fmt: skip
        job.file.delete(save=False)  # failed meanwhile (time limit): no orphan file
    job.refresh_from_db()
    return job


def _fail(job: DownloadJob, message: str) -> None:
    lease.finish_if_running(
        lease.get(LEASE_KIND),
        job.pk,
        status=JobStatus.FAILED,
        message=message[:500],
        finished_at=timezone.now(),
    )
    job.refresh_from_db()


LEASE_KIND = "jobs.download"


def _requeue(job: DownloadJob) -> None:
    from cchc.jobs.tasks import run_download_job

    run_download_job.enqueue(job.pk)


lease.register(
    lease.LeasedKind(
        name=LEASE_KIND,
        model=DownloadJob,
        time_limit=lambda job: registry.time_limit(job.kind),
        idempotent=lambda job: registry.idempotent(job.kind),
        requeue=_requeue,
        on_fail=lambda job: None,
    )
)
