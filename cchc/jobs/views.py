"""The progress page of a job (polled by htmx) and the file itself."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from cchc.jobs import queries
from cchc.jobs.models import JobStatus


def _job(request, job_id):
    return queries.access_job(request.user, job_id)


@login_required
def job_detail(request, job_id: int):
    job = _job(request, job_id)
    template = "jobs/_progress.html" if request.headers.get("HX-Request") else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_list(request):
    return render(request, "jobs/job_list.html", {"jobs": queries.jobs_for(request.user)[:30]})


@login_required
def job_download(request, job_id: int):
    job = _job(request, job_id)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
    response["Content-Type"] = job.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
