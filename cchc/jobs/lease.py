"""Leases for background jobs: no job stays "running" after its worker died or overran.

Any model with ``status``, ``message``, ``finished_at`` and the ``Leased`` fields can register
as a *leased kind* (``register``): ``DownloadJob`` (report renders, exports) and the dossier
ingests do; an OCR import or any later job does the same.

- ``start(kind, pk)`` claims a queued row (a conditional ``UPDATE``: two workers never both run
  it), stamps ``started_at`` and a lease (``CCHC_JOB_LEASE_SECONDS``, default 60 s).
- ``Heartbeat(kind, obj)`` (a context manager around the work) renews the lease from a thread
  every ``CCHC_JOB_HEARTBEAT_SECONDS`` (default 15 s). Past the kind's time limit it stops
  renewing, marks the row failed ("quá thời gian") and calls the kind's ``interrupt`` hook.
- ``finish_if_running``: the job's final write is conditional on the row still being ``running``
  (a job failed by the time limit or the sweeper is not revived by a late finish).
- ``sweep()``, run by ``cchc worker`` at start and then every ``CCHC_JOB_SWEEP_SECONDS``
  (default 30 s): a running row whose lease expired (its worker died: killed, out of memory,
  the machine restarted) is queued again once if its kind is idempotent, else marked failed with
  a message saying what happened and what to do; the kind's ``on_fail`` cleans up (an ingest
  deletes its upload). A row queued for longer than ``CCHC_JOB_QUEUE_HOURS`` (default 24: no
  worker running, or a restored backup without the task queue) is failed the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.jobs.periodic import Every

log = logging.getLogger(__name__)


class Leased(models.Model):
    """The lease fields of a background job (abstract)."""

    started_at = models.DateTimeField(gettext_lazy("lúc bắt đầu chạy"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


@dataclass
class LeasedKind:
    name: str
    model: type
    queued: str = "queued"
    running: str = "running"
    failed: str = "failed"
    time_limit: Callable[[object], int] = lambda obj: 900
    idempotent: Callable[[object], bool] = lambda obj: False
    requeue: Callable[[object], None] | None = None
    on_fail: Callable[[object], None] | None = None


_KINDS: dict[str, LeasedKind] = {}
MAX_ATTEMPTS = 2


def register(kind: LeasedKind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[LeasedKind]:
    return list(_KINDS.values())


def get(name: str) -> LeasedKind:
    return _KINDS[name]


def lease_seconds() -> int:
    return int(getattr(settings, "CCHC_JOB_LEASE_SECONDS", 60))


def heartbeat_seconds() -> float:
    return float(getattr(settings, "CCHC_JOB_HEARTBEAT_SECONDS", 15))


def start(kind: LeasedKind, pk: int, **fields) -> bool:
    """Claim a queued row: True if this worker now runs it."""
    now = timezone.now()
    return bool(
        kind.model.objects.filter(pk=pk, status=kind.queued).update(
            status=kind.running,
            started_at=now,
            heartbeat_at=now,
            lease_until=now + dt.timedelta(seconds=lease_seconds()),
            attempts=F("attempts") + 1,
            **fields,
        )
    )


def finish_if_running(kind: LeasedKind, pk: int, **fields) -> bool:
    """The job's final write, only if it is still running (not failed meanwhile)."""
    return bool(kind.model.objects.filter(pk=pk, status=kind.running).update(lease_until=None, **fields))


def _mark_failed(kind: LeasedKind, obj, message: str) -> bool:
    done = kind.model.objects.filter(pk=obj.pk, status=kind.running).update(
        status=kind.failed, message=message[:500], finished_at=timezone.now(), lease_until=None
    )
    if done and kind.on_fail:
        try:
            kind.on_fail(obj)
        except Exception:  # cleanup must not hide the failure itself
            log.exception("cleanup of %s %s failed", kind.name, obj.pk)
    return bool(done)


class Heartbeat:
    """Renew the lease of ``obj`` while the ``with`` block runs; enforce the kind's time limit."""

    def __init__(self, kind: LeasedKind, obj, *, interrupt: Callable[[], None] | None = None):
        self.kind, self.obj, self.interrupt = kind, obj, interrupt
        self.limit = kind.time_limit(obj)
        self._stop = threading.Event()
        self.timed_out = False
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{kind.name}-{obj.pk}", daemon=True)

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
            _mark_failed(
                self.kind,
                self.obj,
                _(
                    "Việc này chạy quá thời gian cho phép (%(minutes)s phút) nên đã dừng. Hãy chia nhỏ "
                    "dữ liệu (ví dụ xuất theo từng quý) rồi thử lại."
                )
                % {"minutes": max(1, int(self.limit) // 60)},
            )
        except Exception:  # the sweeper fails it once the lease runs out
            log.exception("time limit of %s %s not written", self.kind.name, self.obj.pk)
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
                    self.kind.model.objects.filter(pk=self.obj.pk, status=self.kind.running).update(
                        heartbeat_at=now, lease_until=now + dt.timedelta(seconds=lease_seconds())
                    )
                except Exception:  # a busy database: try again at the next beat
                    log.warning("heartbeat of %s %s not written", self.kind.name, self.obj.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Fail (or queue again) the jobs whose worker died; returns counts per outcome."""
    now = now or timezone.now()
    out = {"failed": 0, "requeued": 0, "stale_queued": 0}
    queue_hours = float(getattr(settings, "CCHC_JOB_QUEUE_HOURS", 24))
    for kind in kinds():
        model = kind.model
        expired = model.objects.filter(status=kind.running).filter(
            models.Q(lease_until__lt=now)
            # rows left running before leases existed
            | models.Q(lease_until__isnull=True, created_at__lt=now - dt.timedelta(hours=1))
        )
        for obj in expired[:500]:
            if kind.idempotent(obj) and kind.requeue and obj.attempts < MAX_ATTEMPTS:
                if model.objects.filter(pk=obj.pk, status=kind.running, lease_until=obj.lease_until).update(
                    status=kind.queued, lease_until=None, progress=0
                ):
                    kind.requeue(obj)
                    out["requeued"] += 1
                continue
            if _mark_failed(
                kind,
                obj,
                _(
                    "Máy xử lý nền đã dừng giữa chừng khi đang chạy việc này (%(when)s), nên việc không "
                    "hoàn thành; số liệu cũ được giữ nguyên. Vui lòng thực hiện lại."
                )
                % {
                    "when": timezone.localtime(obj.heartbeat_at or obj.started_at or now).strftime(
                        "%H:%M %d/%m/%Y"
                    )
                },
            ):
                out["failed"] += 1
        stale = model.objects.filter(status=kind.queued, created_at__lt=now - dt.timedelta(hours=queue_hours))
        for obj in stale[:500]:
            message = _(
                "Việc này chờ quá %(hours)s giờ mà chưa được xử lý (máy xử lý nền không chạy). Vui lòng "
                "thực hiện lại hoặc báo quản trị hệ thống."
            ) % {"hours": int(queue_hours)}
            if model.objects.filter(pk=obj.pk, status=kind.queued).update(
                status=kind.failed, message=message, finished_at=now
            ):
                if kind.on_fail:
                    kind.on_fail(obj)
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
