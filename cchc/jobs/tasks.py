"""Background jobs run by ``cchc worker`` (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_download_job(job_id: int) -> str:
    from cchc.jobs.actions import do_run_download

    job = do_run_download(job_id)
    return job.status if job else "missing"
