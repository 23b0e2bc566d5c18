"""Access-matrix entries of the jobs app's routes: background downloads (only their requester sees them).

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import ALL_OK, only


def _officer_job(ctx):
    """A finished background download of the standing officer: only its requester sees it."""
    if "job" not in ctx:
        from django.core.files.base import ContentFile

        from cchc.jobs.models import Job

        job = Job(user=ctx["users"]["officer"], kind="reporting.consolidation", label="Báo cáo")
        job.status, job.progress, job.filename, job.content_type = "done", 100, "bao-cao.docx", "text/plain"
        job.file.save("bao-cao.docx", ContentFile(b"PK"), save=True)
        ctx["job"] = job
    return {"job_id": ctx["job"].pk}


_JOB_OWNER = only({"officer"}, denied=404)

PAGES = {
    "jobs:job_list": (None, ALL_OK, 302),
    "jobs:job_detail": (_officer_job, _JOB_OWNER, 302),
    "jobs:job_download": (_officer_job, _JOB_OWNER, 302),
}

API: dict = {}
