"""Pages of the one-stop dossier statistics: the upload (queued as a job of ``cchc.jobs``) and an
ingest's page (its job's progress, then what it replaced, the preview to confirm, the versions)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import grants_for
from cchc.core.errors import DomainError
from cchc.indicators import queries
from cchc.indicators.forms import DossierUploadForm
from cchc.orgs.models import OrgUnit


def _coordinated_province(user):
    g = grants_for(user)
    ids = g.coordinated_unit_ids
    qs = OrgUnit.objects.filter(level="province").order_by("code")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.first()


@login_required
def dossier_upload(request):
    province = _coordinated_province(request.user)
    if province is None:
        raise PermissionDenied
    form = DossierUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from cchc.indicators.ingest import start_ingest

        upload = form.cleaned_data["file"]
        folder = settings.MEDIA_ROOT / "dossier-uploads"
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / f"{uuid.uuid4().hex}.upload"
        with open(stored, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        from cchc.domain import dossierscan

        try:  # a legacy .xls, a PDF, bytes not in the file's encoding: refused now, not queued
            dossierscan.check_file(stored)
        except dossierscan.DossierFileError as exc:
            stored.unlink(missing_ok=True)
            form.add_error("file", str(exc))
            ingests = queries.ingests_for(request.user)[:20]
            return render(
                request,
                "indicators/dossier_upload.html",
                {"form": form, "ingests": ingests, "province": province},
                status=400,
            )
        ingest = start_ingest(  # queued as a job (cchc.jobs), run by the worker
            province=province,
            file_name=upload.name,
            actor=request.user,
            mapping=form.cleaned_data["mapping"],
            stored_path=str(stored),
        )
        return redirect("indicators:ingest_detail", ingest_id=ingest.pk)
    ingests = queries.ingests_for(request.user)[:20]
    return render(
        request, "indicators/dossier_upload.html", {"form": form, "ingests": ingests, "province": province}
    )


@login_required
def ingest_detail(request, ingest_id):
    ingest = queries.access_ingest(request.user, ingest_id)
    if request.method == "POST":
        from cchc.indicators import ingest as ingesting
        from cchc.indicators.models import DossierAggregateVersion

        action = request.POST.get("action", "")
        try:
            if action == "confirm":
                ingesting.do_confirm_ingest(ingest, actor=request.user)
                messages.success(request, _("Đã thay số liệu; số liệu cũ được lưu thành phiên bản."))
            elif action == "cancel":
                ingesting.do_cancel_ingest(ingest, actor=request.user)
                messages.success(request, _("Đã hủy lượt nhập; số liệu hiện có được giữ nguyên."))
            elif action == "restore":
                version = DossierAggregateVersion.objects.filter(
                    pk=_int(request.POST.get("version")), replaced_by=ingest
                ).first()
                if version is None:
                    raise Http404
                ingesting.do_restore_version(version, actor=request.user)
                messages.success(request, _("Đã khôi phục số liệu trước lượt nhập này."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("indicators:ingest_detail", ingest_id=ingest.pk)
    template = (
        "indicators/_ingest_progress.html" if request.GET.get("partial") else "indicators/ingest_detail.html"
    )
    versions = list(ingest.replaced_versions.all()) if ingest.status == "done" else []
    can_act = policy.can_ingest_dossiers(request.user, ingest.province)
    response = render(request, template, {"ingest": ingest, "versions": versions, "can_act": can_act})
    if request.GET.get("partial") and ingest.status not in ("queued", "running"):
        response["HX-Refresh"] = "true"  # finished while polled: show the whole page (preview, versions)
    return response


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
