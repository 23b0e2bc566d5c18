"""The one background task of every job kind, run by ``cchc worker`` (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from cchc.jobs import runner


@task()
def run_job(job_id: int) -> str:
    job = runner.run(job_id)
    return job.status if job else "missing"
