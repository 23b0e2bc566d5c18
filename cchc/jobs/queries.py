"""Reads: a user sees only the downloads they asked for."""

from __future__ import annotations

from cchc.accounts.policy import NotFound
from cchc.jobs.models import DownloadJob


def jobs_for(user):
    if not user.is_authenticated:
        return DownloadJob.objects.none()
    return DownloadJob.objects.filter(user=user)


def access_job(user, job_id) -> DownloadJob:
    try:
        return jobs_for(user).get(pk=int(job_id))
    except (TypeError, ValueError, OverflowError, DownloadJob.DoesNotExist):
        raise NotFound from None
