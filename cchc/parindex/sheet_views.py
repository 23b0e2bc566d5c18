"""PAR INDEX pages of one unit's sheet: scores, evidence, submitting, the council's rounds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.core.errors import ConflictError, DomainError
from cchc.core.spreadsheet import xlsx_response
from cchc.core.uploads import file_download
from cchc.parindex import actions, documents, exports, queries, sources
from cchc.parindex.models import SheetStatus
from cchc.parindex.results import sheet_result
from cchc.parindex.views import DOCX, _run


def _evidence_choices(user, sheet):
    """Evidence already recorded on the unit's tasks (linked, not uploaded again)."""
    if not policy.can_self_score(user, sheet):
        return []
    return sources.units_task_evidence(policy.par_sheet_unit_ids(sheet), limit=100)


@login_required
def sheet_detail(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    return _render_sheet(request, sheet)


def _render_sheet(request, sheet, *, error: dict | None = None, status: int = 200):
    """The sheet page; ``error`` (score_id, message, typed values) puts a refused row's message
    beside its field with what was typed, the form open and focused."""
    user = request.user
    rows = {r["criterion"].code: r for r in queries.visible_scores(user, sheet)}
    criteria = list(sheet.criteria_set.criteria.order_by("order"))
    result = sheet_result(sheet)
    is_council = policy.is_par_council(user, sheet.campaign)
    tree = [
        {
            "c": c,
            "row": rows.get(c.code),
            "total": result.by_area.get(c.code),
            "last": result.last_by_area.get(c.code),
        }
        for c in criteria
    ]
    return render(
        request,
        "parindex/sheet_detail.html",
        {
            "sheet": sheet,
            "c": sheet.campaign,
            "tree": tree,
            "result": result,
            "err": error or {},
            "can_score": policy.can_self_score(user, sheet) and sheet.status == SheetStatus.DRAFT,
            "can_explain": policy.can_self_score(user, sheet) and sheet.status == SheetStatus.ROUND1,
            "can_submit": policy.can_submit_sheet(user, sheet)
            and sheet.status in {SheetStatus.DRAFT, SheetStatus.ROUND1},
            "appraise_round": (
                1
                if sheet.status == SheetStatus.SUBMITTED
                else 2
                if sheet.status in {SheetStatus.ROUND1, SheetStatus.EXPLAINED}
                else None
            )
            if is_council
            else None,
            "can_survey": policy.can_manage_par(user, sheet.campaign.province_id),
            "task_evidence": _evidence_choices(user, sheet),
            "show_totals": queries.can_see_self_scores(user, sheet),
        },
        status=status,
    )


@login_required
def sheet_download(request, sheet_id, fmt):
    sheet = queries.access_sheet(request.user, sheet_id)
    rows = {r["criterion"].code: r for r in queries.visible_scores(request.user, sheet)}
    criteria = list(sheet.criteria_set.criteria.order_by("order"))
    result = sheet_result(sheet)
    if not queries.can_see_self_scores(request.user, sheet):
        raise PermissionDenied
    stem = f"phieu-cham-{sheet.unit.code}-{sheet.campaign.year}"
    if fmt == "xlsx":
        return xlsx_response(exports.sheet_xlsx(sheet, criteria, result, rows), f"{stem}.xlsx")
    if fmt == "docx":
        resp = HttpResponse(documents.sheet_docx(sheet, criteria, result, rows), content_type=DOCX)
        resp["Content-Disposition"] = f'attachment; filename="{stem}.docx"'
        return resp
    raise Http404


@login_required
@require_POST
def sheet_submit(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    if not policy.can_submit_sheet(request.user, sheet):
        raise PermissionDenied
    if sheet.status == SheetStatus.ROUND1:
        _run(request, actions.do_submit_explanation, _("Đã gửi giải trình."), sheet=sheet)
    else:
        _run(
            request,
            actions.do_submit_sheet,
            _("Đã gửi phiếu tự đánh giá."),
            sheet=sheet,
            expected_version=request.POST.get("version") or None,
        )
    return redirect("parindex:sheet_detail", sheet.pk)


@login_required
@require_POST
def round_close(request, sheet_id):
    sheet = queries.access_sheet(request.user, sheet_id)
    if not policy.is_par_council(request.user, sheet.campaign):
        raise PermissionDenied
    try:
        rnd = int(request.POST.get("round", ""))
    except ValueError:
        rnd = 0
    _run(request, actions.do_close_round, _("Đã kết thúc lần thẩm định."), sheet=sheet, round=rnd)
    return redirect("parindex:sheet_detail", sheet.pk)


@login_required
@require_POST
def score_edit(request, score_id):
    """One form per row: op = self | evidence | appraise | explain | survey."""
    score = queries.access_score(request.user, score_id)
    sheet, p = score.sheet, request.POST
    op = p.get("op", "")
    version = p.get("version") or None
    if op in {"self", "appraise"}:
        try:
            if op == "self":
                actions.do_self_score(
                    actor=request.user,
                    score=score,
                    points=p.get("points", ""),
                    note=p.get("note", ""),
                    override_reason=p.get("override_reason", ""),
                    expected_version=version,
                )
            else:
                try:
                    rnd = int(p.get("round", ""))
                except ValueError:
                    rnd = 0
                actions.do_appraise(
                    actor=request.user,
                    score=score,
                    round=rnd,
                    points=p.get("points", ""),
                    comment=p.get("comment", ""),
                    expected_version=version,
                )
        except DomainError as exc:
            # the message beside the field, what was typed kept (nothing saved)
            sheet.refresh_from_db()
            return _render_sheet(
                request,
                sheet,
                error={
                    "score_id": score.pk,
                    "op": op,
                    "message": exc.message,
                    "points": p.get("points", ""),
                    "note": p.get("note", ""),
                    "comment": p.get("comment", ""),
                    "override_reason": p.get("override_reason", ""),
                },
                status=409 if isinstance(exc, ConflictError) else 400,
            )
        messages.success(
            request, _("Đã lưu điểm tự đánh giá.") if op == "self" else _("Đã lưu điểm thẩm định.")
        )
        result = True
    elif op == "evidence":
        upload = request.FILES.get("file")
        tracking_evidence = None
        if p.get("tracking_evidence"):
            tracking_evidence = sources.task_evidence(
                p.get("tracking_evidence") if p.get("tracking_evidence", "").isdigit() else 0
            )
            if tracking_evidence is None:
                raise Http404
        result = _run(
            request,
            actions.do_add_evidence,
            _("Đã thêm tài liệu kiểm chứng."),
            score=score,
            file_name=upload.name if upload else "",
            file_data=upload.read() if upload else None,
            tracking_evidence=tracking_evidence,
            url=p.get("url", ""),
            doc_number=p.get("doc_number", ""),
        )
    elif op in {"explain", "survey"}:
        func, ok_message, field = (
            (actions.do_explain, _("Đã lưu giải trình."), "explanation")
            if op == "explain"
            else (actions.do_enter_survey_points, _("Đã lưu điểm điều tra."), "points")
        )
        result = _run(
            request, func, ok_message, score=score, expected_version=version, **{field: p.get(field, "")}
        )
    else:
        messages.error(request, _("Thao tác không hợp lệ."))
        result = None
    resp = redirect(reverse("parindex:sheet_detail", args=[sheet.pk]) + f"#row-{score.criterion.code}")
    if result is ConflictError:
        resp.status_code = 302  # the message explains; the page shows the other person's value
    return resp


@login_required
def evidence_download(request, evidence_id):
    ev = queries.access_score_evidence(request.user, evidence_id)
    if not ev.file:
        raise Http404
    return file_download(ev.file, ev.original_name)
