"""Ingest one-stop dossier exports: DuckDB scan (``cchc.domain.dossierscan``), then the aggregates
replace the province's months the export covers, in one transaction.

* Re-ingesting the same export gives the same aggregates (its months are replaced by themselves).
* An export overlapping an earlier one replaces the overlapping months, for the whole province.
* A failed scan or save leaves the earlier aggregates untouched; the ingest row says why.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import record, snapshot
from cchc.core.errors import DomainError
from cchc.domain import dossierscan
from cchc.domain.text import fold
from cchc.indicators.models import DossierAggregate, DossierIngest, IngestStatus
from cchc.orgs.models import OrgUnit


def max_bytes() -> int:
    return int(getattr(settings, "CCHC_DOSSIER_MAX_BYTES", dossierscan.DEFAULT_MAX_BYTES))


def fingerprint(path: Path) -> str:
    """SHA-256 of the size and the first and last 8 MiB (a full hash of a 1.5 GB export costs
    seconds; this only tells an officer "the same file as ingest #n")."""
    h = hashlib.sha256()
    size = path.stat().st_size
    h.update(str(size).encode())
    with open(path, "rb") as fh:
        h.update(fh.read(8 << 20))
        if size > 16 << 20:
            fh.seek(-(8 << 20), os.SEEK_END)
            h.update(fh.read())
    return h.hexdigest()


def unit_lookup(province: OrgUnit) -> dict[str, OrgUnit]:
    """Folded names, short names, aliases and codes of the province's units."""
    ids = province.descendant_ids() | {province.pk}
    out: dict[str, OrgUnit] = {}
    for u in OrgUnit.objects.filter(pk__in=ids):
        for name in [u.name, u.short_name, u.code, *(u.aliases or [])]:
            if name:
                out.setdefault(fold(name), u)
    return out


def start_ingest(
    *, province: OrgUnit, file_name: str, actor, mapping=None, stored_path: str = ""
) -> DossierIngest:
    if not policy.can_ingest_dossiers(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được nhập thống kê hồ sơ."))
    return DossierIngest.objects.create(
        province=province,
        file_name=file_name[:255],
        stored_path=stored_path,
        mapping=mapping or {},
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def do_ingest_dossiers(
    path,
    *,
    province: OrgUnit,
    actor,
    mapping: dict | None = None,
    as_of: str | None = None,
    ingest: DossierIngest | None = None,
    file_name: str = "",
    on_connection=None,
) -> DossierIngest:
    """Scan ``path`` and replace the province's aggregates for the months it covers.

    Returns the ingest (status ``done``); raises :class:`DomainError` (the ingest is kept with
    status ``failed`` and the message) when the file cannot be read."""
    path = Path(path)
    if ingest is None:
        ingest = start_ingest(
            province=province, file_name=file_name or path.name, actor=actor, mapping=mapping
        )
    elif not policy.can_ingest_dossiers(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được nhập thống kê hồ sơ."))
    mapping = mapping or ingest.mapping or None
    _progress(ingest, IngestStatus.RUNNING, 5)
    try:
        if path.is_file() and path.stat().st_size:
            ingest.file_sha256 = fingerprint(path)
        result = dossierscan.scan(
            path, mapping=mapping, as_of=as_of, max_bytes=max_bytes(), on_connection=on_connection
        )
    except dossierscan.DossierFileError as exc:
        _fail(ingest, str(exc))
        raise DomainError(str(exc), code="dossier_file") from None
    _progress(ingest, IngestStatus.RUNNING, 70)
    lookup = unit_lookup(province)
    rejects = {
        k: {"count": n, "label": dossierscan.REJECT_REASONS[k], "examples": result.reject_examples.get(k, [])}
        for k, n in result.rejects.items()
    }
    unknown: dict[str, int] = {}
    rows = []
    for (unit_text, tthc, linh_vuc, year, month), counts in result.groups.items():
        unit = lookup.get(fold(unit_text))
        if unit is None:
            unknown[unit_text] = unknown.get(unit_text, 0) + counts["received"]
            continue
        rows.append(((unit.pk, tthc[:255], linh_vuc[:255], year, month), counts))
    if unknown:
        rejects["unknown_unit"] = {
            "count": sum(unknown.values()),
            "label": dossierscan.REJECT_REASONS["unknown_unit"],
            "examples": sorted(unknown, key=lambda k: -unknown[k])[:10],
        }
    merged: dict[tuple, dict] = {}
    for key, counts in rows:  # two spellings of one unit fold into one group
        if key in merged:
            for k, v in counts.items():
                merged[key][k] += v
        else:
            merged[key] = dict(counts)
    months = sorted({(k[3], k[4]) for k in merged})
    try:
        with transaction.atomic():
            if not DossierIngest.objects.select_for_update().filter(pk=ingest.pk, status__in=LIVE).exists():
                raise DomainError(
                    _("Lượt nhập này đã dừng (quá thời gian hoặc máy xử lý nền dừng)."), code="stopped"
                )
            ids = province.descendant_ids() | {province.pk}
            deleted = 0
            for year, month in months:
                n, _d = DossierAggregate.objects.filter(unit_id__in=ids, year=year, month=month).delete()
                deleted += n
            DossierAggregate.objects.bulk_create(
                [
                    DossierAggregate(
                        unit_id=k[0], tthc=k[1], linh_vuc=k[2], year=k[3], month=k[4], ingest=ingest, **c
                    )
                    for k, c in merged.items()
                ],
                batch_size=2000,
            )
            before = snapshot(ingest)
            ingest.status = IngestStatus.DONE
            ingest.progress = 100
            ingest.rows_read = result.rows_read
            ingest.rows_accepted = sum(c["received"] for c in merged.values())
            ingest.rejects = rejects
            ingest.months = [f"{y}-{m:02d}" for y, m in months]
            ingest.finished_at = timezone.now()
            ingest.lease_until = None
            ingest.message = _(
                "Đã đọc %(read)s hồ sơ, nhận %(ok)s, loại %(bad)s; thay số liệu %(months)s tháng (%(deleted)s nhóm cũ)."
            ) % {
                "read": result.rows_read,
                "ok": ingest.rows_accepted,
                "bad": sum(v["count"] for v in rejects.values()),
                "months": len(months),
                "deleted": deleted,
            }
            ingest.save()
            record(
                actor=actor,
                action=AuditAction.IMPORT,
                instance=ingest,
                before=before,
                after=snapshot(ingest),
                unit=province,
                note=ingest.message,
            )
    except DomainError:
        raise
    except Exception as exc:
        _fail(
            ingest,
            _("Lưu thống kê không thành công; số liệu cũ được giữ nguyên (%(e)s).")
            % {"e": exc.__class__.__name__},
        )
        raise
    return ingest


LIVE = (IngestStatus.QUEUED, IngestStatus.RUNNING)


def _progress(ingest: DossierIngest, status: str, progress: int) -> None:
    """Progress of an ingest still queued or running (never revives one failed meanwhile)."""
    if not DossierIngest.objects.filter(pk=ingest.pk, status__in=LIVE).update(
        status=status, progress=progress
    ):
        raise DomainError(_("Lượt nhập này đã dừng (quá thời gian hoặc máy xử lý nền dừng)."), code="stopped")
    ingest.status, ingest.progress = status, progress


def _fail(ingest: DossierIngest, message: str) -> None:
    ingest.status, ingest.message, ingest.finished_at = IngestStatus.FAILED, message, timezone.now()
    DossierIngest.objects.filter(pk=ingest.pk, status__in=LIVE).update(
        status=ingest.status, message=message, finished_at=ingest.finished_at, lease_until=None
    )
