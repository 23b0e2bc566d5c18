"""Background jobs: long dossier ingests uploaded on the page run in ``cchc worker``."""

from __future__ import annotations

from django_tasks import task


@task()
def ingest_dossiers_task(ingest_id: int) -> str:
    """Run a queued ingest (its file was stored by the upload page); returns its status."""
    from pathlib import Path

    from cchc.core.errors import DomainError
    from cchc.indicators.ingest import do_ingest_dossiers
    from cchc.indicators.models import DossierIngest, IngestStatus

    ingest = DossierIngest.objects.select_related("province", "created_by").get(pk=ingest_id)
    if ingest.status in {IngestStatus.DONE, IngestStatus.FAILED}:
        return ingest.status  # safe to run twice
    path = Path(ingest.stored_path)
    try:
        do_ingest_dossiers(path, province=ingest.province, actor=ingest.created_by, ingest=ingest)
    except DomainError:
        pass  # the ingest row holds the message
    finally:
        path.unlink(missing_ok=True)
    ingest.refresh_from_db()
    return ingest.status
