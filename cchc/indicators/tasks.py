"""Background jobs: long dossier ingests uploaded on the page run in ``cchc worker``, under a
lease (``cchc.jobs.lease``): a heartbeat while they run, a time limit
(``CCHC_DOSSIER_TIME_LIMIT``, default 3600 s), and the worker's sweeper failing an ingest whose
worker died. Whatever happens, the uploaded file is deleted when the ingest ends."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from cchc.jobs import lease

log = logging.getLogger(__name__)
LEASE_KIND = "indicators.dossier_ingest"


def _delete_upload(ingest) -> None:
    from cchc.indicators.models import DossierIngest

    if ingest.stored_path:
        Path(ingest.stored_path).unlink(missing_ok=True)
        DossierIngest.objects.filter(pk=ingest.pk).update(stored_path="")


def _register() -> None:
    from cchc.indicators.models import DossierIngest

    lease.register(
        lease.LeasedKind(
            name=LEASE_KIND,
            model=DossierIngest,
            time_limit=lambda ingest: int(getattr(settings, "CCHC_DOSSIER_TIME_LIMIT", 3600)),
            idempotent=lambda ingest: False,  # an upload is read once; the officer sends it again
            on_fail=_delete_upload,
        )
    )


_register()


@task()
def ingest_dossiers_task(ingest_id: int) -> str:
    """Run a queued ingest (its file was stored by the upload page); returns its status."""
    from cchc.core.errors import DomainError
    from cchc.indicators.ingest import _fail, do_ingest_dossiers
    from cchc.indicators.models import DossierIngest

    kind = lease.get(LEASE_KIND)
    claimed = lease.start(kind, ingest_id, progress=5)
    ingest = DossierIngest.objects.select_related("province", "created_by").get(pk=ingest_id)
    if not claimed:
        return ingest.status  # finished, failed or run by another worker: safe to run twice
    path = Path(ingest.stored_path)
    connections: list = []

    def interrupt() -> None:
        for con in connections:
            try:
                con.interrupt()
            except Exception:  # already closed
                pass

    try:
        with lease.Heartbeat(kind, ingest, interrupt=interrupt):
            do_ingest_dossiers(
                path, province=ingest.province, actor=ingest.created_by, ingest=ingest,
                on_connection=connections.append,
            )  # fmt: skip
    except DomainError:
        pass  # the ingest row holds the message
    except Exception:  # a bug must not leave the ingest "running" for ever
        log.exception("dossier ingest %s failed", ingest_id)
        _fail(ingest, _("Nhập thống kê không thành công do lỗi hệ thống; số liệu cũ được giữ nguyên. "
                        "Vui lòng báo quản trị hệ thống."))  # fmt: skip
    finally:
        path.unlink(missing_ok=True)
        DossierIngest.objects.filter(pk=ingest_id).update(stored_path="")
    ingest.refresh_from_db()
    return ingest.status
