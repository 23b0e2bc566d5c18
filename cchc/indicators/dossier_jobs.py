"""The dossier ingest as a job kind (``cchc.jobs``): an export uploaded on the page is scanned by
``cchc worker`` under the job's lease: a heartbeat while it runs, a time limit
(``CCHC_DOSSIER_TIME_LIMIT``, default 3600 s; its DuckDB scan is interrupted), the worker's sweeper
failing an ingest whose worker died (an upload is read once: never queued again). Whatever
happens, the uploaded file is deleted when the ingest ends."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.indicators.ingest import KIND, do_ingest_dossiers
from cchc.indicators.models import DossierIngest
from cchc.jobs import registry


def delete_upload(job) -> None:
    """The kind's clean-up after a failure (sweeper, time limit, error), and after every run."""
    for ingest in DossierIngest.objects.filter(job_id=job.pk).exclude(stored_path=""):
        Path(ingest.stored_path).unlink(missing_ok=True)
        DossierIngest.objects.filter(pk=ingest.pk).update(stored_path="")


def run_ingest(user, params: dict, progress) -> None:
    """Run a queued ingest (its file was stored by the upload page); the ingest page shows it."""
    ingest = DossierIngest.objects.select_related("province", "created_by", "job").get(job_id=progress.job_id)
    progress.link(reverse("indicators:ingest_detail", args=[ingest.pk]), _("Mở lượt nhập hồ sơ"))
    try:
        do_ingest_dossiers(
            Path(ingest.stored_path), province=ingest.province, actor=user, ingest=ingest,
            on_connection=lambda con: progress.on_interrupt(con.interrupt),
        )  # fmt: skip
    finally:
        delete_upload(ingest.job)


def register() -> None:
    registry.register(
        KIND,
        run_ingest,
        time_limit=lambda: int(getattr(settings, "CCHC_DOSSIER_TIME_LIMIT", 3600)),
        idempotent=False,  # an upload is read once; the officer sends it again
        on_fail=delete_upload,
        failure_message=gettext_lazy(
            "Nhập thống kê không thành công do lỗi hệ thống; số liệu cũ được giữ nguyên. "
            "Vui lòng báo quản trị hệ thống."
        ),
    )
