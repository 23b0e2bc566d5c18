"""Leases of background jobs (``Job``): no job stays "running" after its worker died or overran.

- ``start(job_id)`` claims a queued job (a conditional ``UPDATE``: two workers never both run
  it), stamps ``started_at`` and a lease (``CCHC_JOB_LEASE_SECONDS``, default 60 s).
- ``Heartbeat(job, kind)`` (a context manager around the work) renews the lease from a thread
  every ``CCHC_JOB_HEARTBEAT_SECONDS`` (default 15 s). Past the kind's time limit it stops
  renewing, marks the job failed ("quá thời gian") and calls the run's ``interrupt`` hooks.
- ``finish_if_running``: the job's final write is conditional on the job still being ``running``
  (a job failed by the time limit or the sweeper is not revived by a late finish).
- ``sweep()``, run by ``cchc worker`` at start and then every ``CCHC_JOB_SWEEP_SECONDS``
  (default 30 s): a running job whose lease expired (its worker died: killed, out of memory,
  the machine restarted) is queued again once if its kind is idempotent, else marked failed with
  a message saying what happened and what to do; the kind's ``on_fail`` cleans up (an ingest
  deletes its upload). A job queued for longer than ``CCHC_JOB_QUEUE_HOURS`` (default 24: no
  worker running, or a restored backup without the task queue) is failed the same way.
  Queuing again goes through the hook ``on_requeue`` (the jobs app sets the task's ``enqueue``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection, models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.jobs import registry
from cchc.jobs.models import Job, JobStatus
from cchc.jobs.periodic import Every

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 2
_REQUEUE: list[Callable[[int], None]] = []


def on_requeue(enqueue: Callable[[int], None]) -> None:
    """How a job put back in the queue reaches a worker (set once by the jobs app)."""
    _REQUEUE[:] = [enqueue]


def lease_seconds() -> int:
    return int(getattr(settings, "CCHC_JOB_LEASE_SECONDS", 60))


def heartbeat_seconds() -> float:
    return float(getattr(settings, "CCHC_JOB_HEARTBEAT_SECONDS", 15))


def start(job_id: int, **fields) -> bool:
    """Claim a queued job: True if this worker now runs it."""
    now = timezone.now()
    return bool(
        Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            lease_until=now + dt.timedelta(seconds=lease_seconds()),
            attempts=F("attempts") + 1,
            **fields,
        )
    )


def finish_if_running(job_id: int, **fields) -> bool:
    """The job's final write, only if it is still running (not failed meanwhile)."""
    return bool(Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(lease_until=None, **fields))


def cleanup(job: Job) -> None:
    """The kind's ``on_fail`` (delete an upload…); a failing cleanup never hides the failure."""
    kind = registry.get(job.kind)
    if kind and kind.on_fail:
        try:
            kind.on_fail(job)
        except Exception:
            log.exception("cleanup of job %s (%s) failed", job.pk, job.kind)


def mark_failed(job: Job, message: str, *, live=(JobStatus.RUNNING,)) -> bool:
    """Fail a job still ``live`` (by default: running) with ``message``, then clean up."""
    done = Job.objects.filter(pk=job.pk, status__in=live).update(
        status=JobStatus.FAILED, message=str(message)[:500], finished_at=timezone.now(), lease_until=None
    )
    if done:
        cleanup(job)
    return bool(done)


class Heartbeat:
    """Renew the lease of ``job`` while the ``with`` block runs; enforce the kind's time limit."""

    def __init__(self, job: Job, limit: float, *, interrupt: Callable[[], None] | None = None):
        self.job, self.limit, self.interrupt = job, limit, interrupt
        self._stop = threading.Event()
        self.timed_out = False
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job.kind}-{job.pk}", daemon=True)

    def __enter__(self):
        self._started = time.monotonic()
        self._thread.start()
        pause = float(os.environ.get("CCHC_TEST_JOB_PAUSE", "0") or 0)
        if pause:  # tests only: hold the job "running" so a test can kill its worker
            time.sleep(pause)
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=30)
        return False

    def _expire(self) -> None:
        try:
            mark_failed(
                self.job,
                _(
                    "Việc này chạy quá thời gian cho phép (%(minutes)s phút) nên đã dừng. Hãy chia nhỏ "
                    "dữ liệu (ví dụ xuất theo từng quý) rồi thử lại."
                )
                % {"minutes": max(1, int(self.limit) // 60)},
            )
        except Exception:  # the sweeper fails it once the lease runs out
            log.exception("time limit of job %s not written", self.job.pk)
        if self.interrupt:
            self.interrupt()

    def _run(self):
        try:
            while not self._stop.wait(heartbeat_seconds()):
                if time.monotonic() - self._started > self.limit:
                    self.timed_out = True
                    self._expire()
                    return
                now = timezone.now()
                try:
                    Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING).update(
                        heartbeat_at=now, lease_until=now + dt.timedelta(seconds=lease_seconds())
                    )
                except Exception:  # a busy database: try again at the next beat
                    log.warning("heartbeat of job %s not written", self.job.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Fail (or queue again) the jobs whose worker died; returns counts per outcome."""
    now = now or timezone.now()
    out = {"failed": 0, "requeued": 0, "stale_queued": 0}
    queue_hours = float(getattr(settings, "CCHC_JOB_QUEUE_HOURS", 24))
    expired = Job.objects.filter(status=JobStatus.RUNNING).filter(
        models.Q(lease_until__lt=now)
        # jobs left running before leases existed
        | models.Q(lease_until__isnull=True, created_at__lt=now - dt.timedelta(hours=1))
    )
    for job in expired[:500]:
        kind = registry.get(job.kind)
        if kind and kind.idempotent and _REQUEUE and job.attempts < MAX_ATTEMPTS:
            if Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, lease_until=job.lease_until).update(
                status=JobStatus.QUEUED, lease_until=None, progress=0
            ):
                _REQUEUE[0](job.pk)
                out["requeued"] += 1
            continue
        when = timezone.localtime(job.heartbeat_at or job.started_at or now).strftime("%H:%M %d/%m/%Y")
        if mark_failed(
            job,
            _(
                "Máy xử lý nền đã dừng giữa chừng khi đang chạy việc này (%(when)s), nên việc không "
                "hoàn thành; số liệu cũ được giữ nguyên. Vui lòng thực hiện lại."
            )
            % {"when": when},
        ):
            out["failed"] += 1
    stale = Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - dt.timedelta(hours=queue_hours))
    for job in stale[:500]:
        message = _(
            "Việc này chờ quá %(hours)s giờ mà chưa được xử lý (máy xử lý nền không chạy). Vui lòng "
            "thực hiện lại hoặc báo quản trị hệ thống."
        ) % {"hours": int(queue_hours)}
        if mark_failed(job, message, live=(JobStatus.QUEUED,)):
            out["stale_queued"] += 1
    return out


def _sweep_and_log() -> None:
    result = sweep()
    if any(result.values()):
        log.warning("job sweeper: %s", result)


class Sweeper(Every):
    """The worker's sweeper thread (daemon): ``sweep`` every ``CCHC_JOB_SWEEP_SECONDS``."""

    def __init__(self):
        super().__init__(
            "cchc-job-sweeper", lambda: float(getattr(settings, "CCHC_JOB_SWEEP_SECONDS", 30)), _sweep_and_log
        )
