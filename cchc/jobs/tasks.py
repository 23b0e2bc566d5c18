"""The one background task of every job kind, run by ``cchc worker`` (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from cchc.jobs import runner


@task()
def run_job(job_id: int) -> str:
    job = runner.run(job_id)
    return job.status if job else "missing"


@task()
def run_download_job(job_id: int) -> str:
    """The task's name before issue 19: what an older release queued still runs after an upgrade."""
    return run_job.call(job_id)
