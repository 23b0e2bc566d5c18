"""Run one job (in ``cchc worker``, or at once with the immediate task backend): claim it under a
lease, call its kind's ``run`` with the requesting user, record the file or the failure.

Safe to run twice: a finished job is left alone; a job failed meanwhile (time limit, sweeper) is
not revived. Whatever the kind raises, the job ends ``done`` or ``failed`` with a message, never a
bar stuck at 40%. A kind that leaves its job in ``preview`` (its effect waits for confirmation)
keeps that status.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.policy import Forbidden, NotFound
from cchc.core.errors import DomainError
from cchc.jobs import lease, registry
from cchc.jobs.models import LIVE, Job, JobStatus

log = logging.getLogger(__name__)


class Stopped(DomainError):
    """The job was failed meanwhile (time limit, sweeper): its run must stop writing."""

    def __init__(self):
        super().__init__(_("Việc này đã dừng (quá thời gian hoặc máy xử lý nền dừng)."), code="stopped")


class Progress:
    """What a kind's ``run`` gets to report: ``progress(percent, message)`` moves the bar (never to
    100: that is the runner's); ``link(url)`` is where the job's page sends the user when done;
    ``on_interrupt(fn)`` is called if the time limit stops the run (e.g. interrupt a DuckDB scan)."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self._interrupts: list = []

    def __call__(self, percent: int, message: str = "") -> None:
        if not set_progress(self.job_id, percent, message):
            raise Stopped

    def link(self, url: str, label: str = "") -> None:
        job = Job.objects.get(pk=self.job_id)
        job.params = {**job.params, "next_url": url, **({"next_label": str(label)} if label else {})}
        job.save(update_fields=["params"])

    def on_interrupt(self, fn) -> None:
        self._interrupts.append(fn)

    def interrupt(self) -> None:
        for fn in self._interrupts:
            try:
                fn()
            except Exception:  # already closed
                pass


def set_progress(job_id: int, percent: int, message: str = "") -> bool:
    """Move the bar of a job still queued or running; False if it stopped meanwhile."""
    return bool(
        Job.objects.filter(pk=job_id, status__in=LIVE).update(
            progress=max(0, min(99, int(percent))), message=str(message)[:500]
        )
    )


def run(job_id: int) -> Job | None:
    """Run a queued job under a lease; returns it (``None`` if there is no such job)."""
    claimed = lease.start(job_id, progress=1)
    job = Job.objects.filter(pk=job_id).select_related("user").first()
    if not claimed or job is None:
        return job
    kind = registry.get(job.kind)
    if kind is None:
        lease.mark_failed(job, _("Loại việc này không còn được hỗ trợ."))
        job.refresh_from_db()
        return job
    progress = Progress(job.pk)
    try:
        with lease.Heartbeat(job, kind.limit(), interrupt=progress.interrupt):
            result = kind.run(job.user, job.params, progress)
    except (Forbidden, NotFound):
        lease.mark_failed(job, _("Bạn không còn quyền xem dữ liệu của tệp này."))
    except DomainError as exc:
        lease.mark_failed(job, exc.message)
    except Exception:  # a bug must not leave the bar spinning for ever
        log.exception("job %s (%s) failed", job.pk, job.kind)
        lease.mark_failed(job, kind.failure_message)
    else:
        _finish(job, result)
    job.refresh_from_db()
    return job


def _finish(job: Job, result) -> None:
    done = {"status": JobStatus.DONE, "progress": 100, "message": "", "finished_at": timezone.now()}
    if result is None:
        lease.finish_if_running(job.pk, **done)
        return
    filename, content_type, data = result
    job.file.save(filename, ContentFile(data), save=False)
    if not lease.finish_if_running(
        job.pk, file=job.file.name, filename=filename, content_type=content_type, **done
    ):
        job.file.delete(save=False)  # failed meanwhile (time limit): no orphan file
