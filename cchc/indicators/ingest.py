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
from cchc.indicators.models import DossierAggregate, DossierAggregateVersion, DossierIngest
from cchc.jobs import actions as jobs
from cchc.jobs import lease, runner
from cchc.jobs.models import LIVE, Job, JobStatus
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


KIND = "indicators.dossier_ingest"


def start_ingest(
    *, province: OrgUnit, file_name: str, actor, mapping=None, stored_path: str = ""
) -> DossierIngest:
    """The ingest of an upload (``stored_path``) queued as a job for ``actor`` (the worker runs
    it), or, without an upload, one this process runs now (a job already running)."""
    if not policy.can_ingest_dossiers(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được nhập thống kê hồ sơ."))
    label = _("Nhập thống kê hồ sơ: %(name)s") % {"name": file_name[:200]}
    with transaction.atomic():  # the job is queued once its ingest exists
        if stored_path:
            job = jobs.do_request_job(kind=KIND, label=label, params={}, actor=actor)
        else:
            job = jobs.do_open_inline_job(kind=KIND, label=label, actor=actor)
        return DossierIngest.objects.create(
            province=province,
            file_name=file_name[:255],
            stored_path=stored_path,
            mapping=mapping or {},
            created_by=actor if getattr(actor, "pk", None) else None,
            job=job,
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
    confirm_absent: bool = False,
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
    _progress(ingest, 5)
    try:
        if path.is_file() and path.stat().st_size:
            ingest.file_sha256 = fingerprint(path)
        result = dossierscan.scan(
            path, mapping=mapping, as_of=as_of, max_bytes=max_bytes(), on_connection=on_connection
        )
    except dossierscan.DossierFileError as exc:
        _fail(ingest, str(exc))
        raise DomainError(str(exc), code="dossier_file") from None
    _progress(ingest, 70)
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
    ingest.rows_read = result.rows_read
    ingest.rows_accepted = sum(c["received"] for c in merged.values())
    ingest.rejects = rejects
    plan = replacement_plan(merged)
    if plan["absent_groups"] and not confirm_absent:
        # the file would drop groups it does not hold: the officer decides (preview)
        ingest.pending = [[*k, c] for k, c in merged.items()]
        ingest.replaces = plan["unit_months"]
        ingest.absent_groups = plan["absent_groups"]
        ingest.months = sorted({um["month"] for um in plan["unit_months"]})
        message = _(
            "Tệp này thay số liệu của %(n)s đơn vị-tháng; %(absent)s nhóm số liệu hiện có (TTHC, lĩnh vực) "
            "không có trong tệp sẽ bị xóa. Hãy xem danh sách và xác nhận."
        ) % {"n": len(plan["unit_months"]), "absent": plan["absent_groups"]}
        with transaction.atomic():
            if not lease.finish_if_running(
                ingest.job_id, status=JobStatus.PREVIEW, progress=100, message=message
            ):
                raise runner.Stopped
            ingest.save()
        ingest.job.refresh_from_db()
        return ingest
    return _apply(ingest, merged, plan, actor=actor, province=province)


def replacement_plan(merged: dict) -> dict:
    """What applying ``merged`` ({(unit, tthc, field, y, m): counts}) replaces: per unit-month in
    the file, the rows it holds today and in the file, and the groups held today that the file
    does not have (they would be deleted). Other units and months are never touched."""
    in_file: dict[tuple, set] = {}
    for unit_id, tthc, linh_vuc, y, m in merged:
        in_file.setdefault((unit_id, y, m), set()).add((tthc, linh_vuc))
    if not in_file:
        return {"unit_months": [], "absent_groups": 0}
    from django.db.models import Q

    cond = Q()
    for unit_id, y, m in in_file:
        cond |= Q(unit_id=unit_id, year=y, month=m)
    today: dict[tuple, set] = {}
    for unit_id, y, m, tthc, linh_vuc in DossierAggregate.objects.filter(cond).values_list(
        "unit_id", "year", "month", "tthc", "linh_vuc"
    ):
        today.setdefault((unit_id, y, m), set()).add((tthc, linh_vuc))
    names = dict(OrgUnit.objects.filter(pk__in={k[0] for k in in_file}).values_list("pk", "name"))
    out, absent = [], 0
    for key in sorted(in_file, key=lambda k: (k[1], k[2], names.get(k[0], ""))):
        gone = len(today.get(key, set()) - in_file[key])
        absent += gone
        out.append(
            {
                "unit_id": key[0],
                "unit": names.get(key[0], ""),
                "month": f"{key[1]}-{key[2]:02d}",
                "rows_today": len(today.get(key, ())),
                "rows_in_file": len(in_file[key]),
                "absent": gone,
            }
        )
    return {"unit_months": out, "absent_groups": absent}


AGG_FIELDS = ("unit_id", "tthc", "linh_vuc", "year", "month", *dossierscan.COUNTS, "ingest_id")


def _apply(ingest: DossierIngest, merged: dict, plan: dict, *, actor, province: OrgUnit) -> DossierIngest:
    """Replace the file's unit-months by its groups, keeping the replaced rows as a version."""
    from django.db.models import Q

    keys = {(um["unit_id"], *map(int, um["month"].split("-"))) for um in plan["unit_months"]}
    try:
        with transaction.atomic():
            if (
                not Job.objects.select_for_update()
                .filter(pk=ingest.job_id, status__in=LIVE_OR_PREVIEW)
                .exists()
            ):
                raise runner.Stopped
            cond = Q(pk__in=[])
            for unit_id, y, m in keys:
                cond |= Q(unit_id=unit_id, year=y, month=m)
            old = DossierAggregate.objects.filter(cond)
            saved = [list(r) for r in old.values_list(*AGG_FIELDS)]
            if saved:
                DossierAggregateVersion.objects.create(
                    province=province,
                    replaced_by=ingest,
                    unit_months=sorted([u, y, m] for u, y, m in keys),
                    rows=saved,
                )
            deleted, _d = old.delete()
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
            ingest.replaces = plan["unit_months"]
            ingest.absent_groups = plan["absent_groups"]
            ingest.pending = []
            ingest.months = sorted({um["month"] for um in plan["unit_months"]})
            message = _(
                "Đã đọc %(read)s hồ sơ, nhận %(ok)s, loại %(bad)s; thay số liệu của %(n)s đơn vị-tháng "
                "(%(deleted)s nhóm cũ, được lưu thành phiên bản có thể khôi phục)."
            ) % {
                "read": ingest.rows_read,
                "ok": ingest.rows_accepted,
                "bad": sum(v["count"] for v in (ingest.rejects or {}).values()),
                "n": len(keys),
                "deleted": deleted,
            }
            Job.objects.filter(pk=ingest.job_id).update(
                status=JobStatus.DONE, progress=100, message=message[:500], finished_at=timezone.now(),
                lease_until=None,
            )  # fmt: skip
            ingest.save()
            ingest.job.refresh_from_db()
            record(
                actor=actor,
                action=AuditAction.IMPORT,
                instance=ingest,
                before=before,
                after=snapshot(ingest),
                unit=province,
                note=message,
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


def do_confirm_ingest(ingest: DossierIngest, *, actor) -> DossierIngest:
    """Apply an ingest waiting in preview (the officer saw what it replaces and confirmed)."""
    if not policy.can_ingest_dossiers(actor, ingest.province):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được nhập thống kê hồ sơ."))
    if ingest.status != JobStatus.PREVIEW:
        raise DomainError(_("Lượt nhập này không chờ xác nhận."), code="state")
    merged = {tuple(row[:5]): row[5] for row in ingest.pending}
    return _apply(ingest, merged, replacement_plan(merged), actor=actor, province=ingest.province)


def do_cancel_ingest(ingest: DossierIngest, *, actor) -> DossierIngest:
    if not policy.can_ingest_dossiers(actor, ingest.province):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được nhập thống kê hồ sơ."))
    if ingest.status != JobStatus.PREVIEW:
        raise DomainError(_("Lượt nhập này không chờ xác nhận."), code="state")
    before = snapshot(ingest)
    with transaction.atomic():
        lease.mark_failed(
            ingest.job, _("Đã hủy, số liệu hiện có được giữ nguyên."), live=(JobStatus.PREVIEW,)
        )
        DossierIngest.objects.filter(pk=ingest.pk).update(pending=[])
    ingest.refresh_from_db()
    ingest.job.refresh_from_db()
    record(actor=actor, action=AuditAction.UPDATE, instance=ingest, before=before, after=snapshot(ingest),
           unit=ingest.province, note=ingest.message)  # fmt: skip
    return ingest


def do_restore_version(version: DossierAggregateVersion, *, actor) -> DossierAggregateVersion:
    """Put back the aggregates an ingest replaced (its unit-months get their earlier rows)."""
    from django.db.models import Q

    if not policy.can_ingest_dossiers(actor, version.province):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được nhập thống kê hồ sơ."))
    with transaction.atomic():
        locked = DossierAggregateVersion.objects.select_for_update().get(pk=version.pk)
        if locked.restored_at:
            raise DomainError(_("Phiên bản này đã được khôi phục."), code="state")
        cond = Q(pk__in=[])
        for unit_id, y, m in locked.unit_months:
            cond |= Q(unit_id=unit_id, year=y, month=m)
        DossierAggregate.objects.filter(cond).delete()
        DossierAggregate.objects.bulk_create(
            [DossierAggregate(**dict(zip(AGG_FIELDS, row, strict=True))) for row in locked.rows],
            batch_size=2000,
        )
        locked.restored_at = timezone.now()
        locked.restored_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["restored_at", "restored_by"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked.replaced_by,
            before={},
            after={"restored_version": locked.pk, "rows": len(locked.rows)},
            unit=locked.province,
            note=_("Khôi phục %(n)s nhóm số liệu hồ sơ trước lượt nhập này.") % {"n": len(locked.rows)},
        )
    return locked


LIVE_OR_PREVIEW = (*LIVE, JobStatus.PREVIEW)


def _progress(ingest: DossierIngest, percent: int) -> None:
    """Progress of an ingest still queued or running (never revives one failed meanwhile)."""
    if not runner.set_progress(ingest.job_id, percent):
        raise runner.Stopped


def _fail(ingest: DossierIngest, message: str) -> None:
    """Fail an ingest still running (its message says why); the upload is the job's to delete."""
    Job.objects.filter(pk=ingest.job_id, status__in=LIVE).update(
        status=JobStatus.FAILED, message=str(message)[:500], finished_at=timezone.now(), lease_until=None
    )
    ingest.job.refresh_from_db()
