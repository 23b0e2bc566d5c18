"""Scanned plans: OCR as a background job (the ``jobs`` app's worker), then the usual preview.

A scanned PDF or a page image (PNG, JPEG, TIFF) has no text layer. The upload page queues a
``plans.ocr_import`` job (``do_request_ocr_import``) and shows its progress; the worker runs
``planparse.ocr`` (tesseract, Vietnamese), parses the text like any plan and creates the pending
import (``do_import_plan``), so the officer lands on the preview, where OCR-read lines of low
confidence are marked. The job's file is the OCR text, for checking. A refusal (too many pages,
gibberish, out of time) fails the job with its Vietnamese message; nothing is saved.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.orgs.models import OrgUnit
from cchc.plans.actions import check_import_permission, do_import_plan
from cchc.plans.messages import refusal

KIND = "plans.ocr_import"
UPLOADS = "ocr-uploads"


def do_request_ocr_import(
    *, actor, data: bytes, filename: str, province: OrgUnit, owner_unit: OrgUnit | None = None
):
    """Queue OCR of a scanned upload for ``actor``; returns the job. The bytes wait in the media
    storage until the job has read them."""
    from cchc.domain.planparse.ocr import precheck
    from cchc.jobs.actions import do_request_job

    check_import_permission(actor, province)
    try:
        precheck(data)  # too many pages, too many pixels: said now, not after queuing
    except Exception as exc:
        raise refusal(exc) from exc
    path = default_storage.save(f"{UPLOADS}/{uuid.uuid4().hex}.bin", ContentFile(data))
    return do_request_job(
        kind=KIND,
        label=_("Nhận dạng ký tự (OCR) và nhập: %(name)s") % {"name": filename[:200]},
        params={
            "path": path,
            "filename": filename[:255],
            "province": province.pk,
            "owner_unit": owner_unit.pk if owner_unit else None,
        },
        actor=actor,
    )


def build_ocr_import(user, params: dict, progress) -> tuple[str, str, bytes]:
    """The job: OCR, parse, create the pending import. Returns the OCR text as the job's file."""
    from cchc.domain.planparse.ocr import ocr_document

    path = params["path"]
    try:
        with default_storage.open(path, "rb") as f:
            data = f.read()
        province = OrgUnit.objects.get(pk=params["province"])
        owner = (
            OrgUnit.objects.filter(pk=params.get("owner_unit")).first() if params.get("owner_unit") else None
        )
        check_import_permission(user, province)
        kind = "pdf" if b"%PDF-" in data[:1024] else "image"
        try:
            doc = ocr_document(data, kind, lambda p, m="": progress(int(p * 0.9), m))
        except Exception as exc:
            raise refusal(exc) from exc
        progress(92, _("Đang trích xuất kế hoạch"))
        outcome = do_import_plan(
            actor=user,
            data=b"",
            filename=params.get("filename") or "scan",
            province=province,
            owner_unit=owner,
            commit=False,
            doc=doc,
        )
    finally:
        default_storage.delete(path)
    # the job's page links to the preview
    progress.link(reverse("plans:import_preview", kwargs={"import_id": outcome.plan_import.pk}))
    text = "\n".join(b.text for b in doc.blocks)
    stem = (params.get("filename") or "scan").rsplit(".", 1)[0]
    return f"{stem}-ocr.txt", "text/plain; charset=utf-8", text.encode("utf-8")
