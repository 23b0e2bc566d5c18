"""Writes of the jobs app: queue a job for a user (the worker runs it, ``cchc.jobs.runner``), or
open one that runs at once in this process (a command-line ingest)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.policy import Forbidden
from cchc.core.errors import DomainError
from cchc.jobs import registry
from cchc.jobs.models import Job, JobStatus
from cchc.jobs.tasks import run_job


def _check_kind(kind: str) -> None:
    if not registry.known(kind):
        raise DomainError(_("Loại tệp không được hỗ trợ."), code="job_kind")


def do_request_job(*, kind: str, label: str, params: dict, actor) -> Job:
    """Queue a job for ``actor``. The caller (a view) has already checked that the user may read
    what the job reads or do what it does; the kind's ``run`` checks again when it runs. The job
    is queued when the surrounding transaction commits."""
    if actor is None or not actor.is_authenticated:
        raise Forbidden(_("Cần đăng nhập."))
    _check_kind(kind)
    job = Job.objects.create(user=actor, kind=kind, label=label[:255], params=params)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def do_open_inline_job(*, kind: str, label: str, params: dict | None = None, actor=None) -> Job:
    """A job this process runs itself (``cchc dossiers ingest``): already running, leased for the
    kind's time limit so the sweeper leaves it alone meanwhile."""
    _check_kind(kind)
    now = timezone.now()
    return Job.objects.create(
        user=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        label=label[:255],
        params=params or {},
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        lease_until=now + dt.timedelta(seconds=registry.get(kind).limit()),
        attempts=1,
    )
