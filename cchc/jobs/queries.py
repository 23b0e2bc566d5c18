"""Reads: a user sees only the jobs they asked for."""

from __future__ import annotations

from cchc.accounts.policy import scoped_get
from cchc.jobs.models import Job


def jobs_for(user):
    if not user.is_authenticated:
        return Job.objects.none()
    return Job.objects.filter(user=user)


def access_job(user, job_id) -> Job:
    return scoped_get(jobs_for(user), job_id)
