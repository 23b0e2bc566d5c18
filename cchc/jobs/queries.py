"""Reads: a user sees only the downloads they asked for."""

from __future__ import annotations

from cchc.accounts.policy import scoped_get
from cchc.jobs.models import DownloadJob


def jobs_for(user):
    if not user.is_authenticated:
        return DownloadJob.objects.none()
    return DownloadJob.objects.filter(user=user)


def access_job(user, job_id) -> DownloadJob:
    return scoped_get(jobs_for(user), job_id)
