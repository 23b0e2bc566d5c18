"""Pages of the plans app: list, upload → editable preview → confirm, detail, XLSX export."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from cchc.core.errors import DomainError
from cchc.core.spreadsheet import xlsx_response
from cchc.domain.planparse.metadata import outside_province
from cchc.orgs.models import OrgUnit
from cchc.plans import queries
from cchc.plans.actions import (
    do_assign_leads,
    do_confirm_plan_import,
    do_discard_plan_import,
    do_import_plan,
    do_update_plan_import,
)
from cchc.plans.forms import PlanUploadForm, preview_edits, preview_line_marks
from cchc.plans.messages import DOCUMENT_MESSAGES, NO_FILE, too_large
from cchc.plans.models import ImportStatus, Plan, UnitRole
from cchc.plans.ocr_jobs import do_request_ocr_import
from cchc.plans.resolution import mention_counts, org_index, plan_date


def ocr_available() -> bool:
    from cchc.domain.planparse.ocr import available

    return available()


@login_required
def plan_list(request):
    plans = list(queries.with_counts(queries.plans_for(request.user)).order_by("-issued_on", "-id")[:500])
    can_import = queries.can_import_any(request.user)
    pending = list(queries.pending_imports_for(request.user)[:20]) if can_import else []
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_import": can_import, "pending": pending},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    if not queries.can_import_any(request.user):
        raise PermissionDenied
    errors: list[str] = []
    form = PlanUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        upload = request.FILES.get("file")
        limit = settings.CCHC_MAX_UPLOAD_BYTES
        if upload is None:
            errors.append(str(NO_FILE))
        elif upload.size > limit:  # refused before reading the file
            errors.append(str(too_large(upload.size, limit).message))
        elif upload.size == 0:
            errors.append(str(DOCUMENT_MESSAGES["empty"]))
        elif form.is_valid():
            source = {
                "actor": request.user,
                "data": upload.read(),
                "filename": upload.name,
                "province": form.cleaned_data["province"],
                "owner_unit": form.cleaned_data.get("owner_unit"),
            }
            try:
                outcome = do_import_plan(**source, commit=False)
            except DomainError as exc:
                job = None
                if exc.code == "needs_ocr" and ocr_available():
                    # a scan or a page image: OCR in the background, then the preview
                    try:
                        job = do_request_ocr_import(**source)
                    except DomainError as refused:
                        exc = refused
                if job is not None:
                    messages.info(
                        request,
                        _("Tệp là bản quét: hệ thống đang nhận dạng ký tự (OCR), xong sẽ mở bản xem trước."),
                    )
                    return redirect("jobs:job_detail", job_id=job.pk)
                errors.append(str(exc.message))
            else:
                return redirect("plans:import_preview", import_id=outcome.plan_import.pk)
    status = 400 if errors or form.errors else 200
    return render(request, "plans/plan_import.html", {"form": form, "errors": errors}, status=status)


def _pct(fraction):
    """A 0..1 share as a percentage for the ``percent`` filter."""
    return None if fraction is None else float(fraction) * 100


def _mention_view(m: dict) -> dict:
    return {
        "text": m.get("text") or "",
        "name": m.get("unit") or m.get("group") or "",
        "resolved": bool(m.get("unit") or m.get("group")),
        "vague": bool(m.get("vague")),
    }


def _rows(text: str, per_line: int = 40) -> int:
    """Rows a textarea needs to show a text whole (the preview never cuts a text)."""
    return max(2, min(40, len(text) // per_line + 1 + text.count("\n")))


def _framework_rows(interchange: dict) -> list[dict]:
    """Rows of the framework table: a section row when the area changes, then the tasks."""
    areas = {a.get("code"): a for a in interchange.get("areas") or []}
    rows: list[dict] = []
    current = object()
    for i, t in enumerate(interchange.get("tasks") or []):
        if t.get("area") != current:
            current = t.get("area")
            area = areas.get(current)
            rows.append({"section": True, "code": current or "", "title": (area or {}).get("title") or ""})
        rows.append(
            {
                "section": False,
                "index": i,
                "number": i + 1,
                "objective": t.get("objective") or "",
                "parent": t.get("parent") or "",
                "title": t.get("title") or "",
                "title_rows": _rows(t.get("title") or ""),
                "origin": ORIGIN_LABELS.get(t.get("origin") or "", ""),
                "outputs": "\n".join(t.get("outputs") or []),
                "lead": [_mention_view(m) for m in t.get("lead") or []],
                "support": [_mention_view(m) for m in t.get("support") or []],
                "lead_text": (lead_text := "; ".join(m.get("text") or "" for m in t.get("lead") or [])),
                "support_text": (
                    support_text := "; ".join(m.get("text") or "" for m in t.get("support") or [])
                ),
                "lead_rows": _rows(lead_text, 25),
                "support_rows": _rows(support_text, 25),
                "time": (time_text := (t.get("timeframe") or {}).get("text") or ""),
                "time_rows": _rows(time_text, 14),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, import_id: int):
    imp = queries.access_plan_import(request.user, import_id)
    errors: list[str] = []
    if request.method == "POST":
        if imp.status != ImportStatus.PENDING:
            errors.append(_("Lượt nhập này đã được xác nhận hoặc đã hủy."))
        else:
            action = request.POST.get("action", "save")
            try:
                if action == "discard":
                    do_discard_plan_import(imp, actor=request.user)
                    messages.info(request, _("Đã hủy lượt nhập."))
                    return redirect("plans:plan_list")
                data0 = imp.interchange or {}
                labels = {
                    label: value
                    for value, label in org_index(
                        imp.province, plan_date(data0), scope=imp.owner_unit
                    ).choices()
                }
                edits, mappings = preview_edits(request.POST, len(data0.get("tasks") or []), labels)
                unread = (data0.get("report") or {}).get("not_understood") or []
                imp = do_update_plan_import(
                    imp,
                    actor=request.user,
                    task_edits=edits,
                    mappings=mappings,
                    line_marks=preview_line_marks(request.POST, len(unread)),
                )
                if action == "commit":
                    if _commit_issues(imp)["any"] and request.POST.get("confirm") != "1":
                        raise DomainError(
                            _(
                                "Kế hoạch còn điểm cần lưu ý (mục “Trước khi xác nhận”): đánh dấu ô “Tôi đã "
                                "xem các điểm trên” rồi bấm “Xác nhận” lại. Các chỉnh sửa đã được lưu."
                            ),
                            code="confirm",
                        )
                    plan = do_confirm_plan_import(
                        imp, actor=request.user, replace=request.POST.get("replace") == "1"
                    )
                    messages.success(
                        request,
                        _("Đã tạo kế hoạch với %(count)s nhiệm vụ.") % {"count": plan.tasks.count()},
                    )
                    return redirect("plans:plan_detail", plan_id=plan.pk)
                messages.success(request, _("Đã lưu các chỉnh sửa."))
                return redirect("plans:import_preview", import_id=imp.pk)
            except DomainError as exc:
                errors.append(str(exc.message))
            imp.refresh_from_db()
    data = imp.interchange or {}
    index = org_index(imp.province, plan_date(data), scope=imp.owner_unit)
    resolved, unresolved = mention_counts(data)
    report = _report_view(data)
    issues = _commit_issues(imp)
    outside = issues["outside"]
    return render(
        request,
        "plans/import_preview.html",
        {
            "imp": imp,
            "doc": data.get("document") or {},
            "rows": _framework_rows(data),
            "areas": data.get("areas") or [],
            "targets": data.get("targets") or [],
            "warnings": data.get("warnings") or [],
            "coverage": data.get("coverage"),
            "coverage_pct": _pct(data.get("coverage")),
            "unresolved_texts": list(enumerate(data.get("unresolved") or [])),
            "choices": index.choices(),
            "resolved_count": resolved,
            "unresolved_count": unresolved,
            "task_count": len(data.get("tasks") or []),
            "index_criteria": data.get("index_criteria") or [],
            "index_total": data.get("index_total"),
            "survey_targets": data.get("survey_targets") or [],
            "pending": imp.status == ImportStatus.PENDING,
            "errors": errors,
            "report": report,
            "outside_place": outside,
            "issues": issues,
        },
        status=400 if errors else 200,
    )


def _commit_issues(imp) -> dict:
    """What the officer must see before committing: unit names left unresolved, tasks with no
    lead (nobody would track them), an issuer outside the chosen province."""
    data = imp.interchange or {}
    unit_names = list(OrgUnit.objects.filter(province=imp.province).values_list("name", flat=True))
    outside = outside_province(data.get("document") or {}, imp.province.name, unit_names)
    unresolved = sorted(
        {
            m.get("text") or ""
            for t in data.get("tasks") or []
            for m in (t.get("lead") or []) + (t.get("support") or [])
            if not (m.get("unit") or m.get("group") or m.get("vague"))
        }
    )
    without = [
        t
        for t in data.get("tasks") or []
        if not any(m.get("unit") or m.get("group") for m in t.get("lead") or [])
    ]
    return {
        "outside": outside,
        "unresolved": unresolved,
        "without_lead": without,
        "any": bool(outside or unresolved or without),
    }


ORIGIN_LABELS = {
    "annex": gettext_lazy("Phụ lục, khung kế hoạch"),
    "table": gettext_lazy("Bảng nhiệm vụ trong văn bản"),
    "body": gettext_lazy("Nội dung văn bản"),
    "responsibilities": gettext_lazy("Tổ chức thực hiện (trách nhiệm)"),
    "manual": gettext_lazy("Thêm tay"),
}
WHY_LABELS = {
    "not recognised as plan content": gettext_lazy("không nhận ra là nội dung kế hoạch"),
    "in a target section but no measurable target found": gettext_lazy(
        "trong phần chỉ tiêu nhưng không có chỉ tiêu đo được"
    ),
    "prose before the first heading that is not a legal basis": gettext_lazy(
        "đoạn văn trước đề mục đầu tiên, không phải căn cứ pháp lý"
    ),
}


def _report_view(data: dict) -> dict:
    """The import report for the preview: tasks per area and origin, the lines not understood
    (with their whole text and what the officer decided), where every line went."""
    r = data.get("report") or {}
    unread = []
    for k, item in enumerate(r.get("not_understood") or []):
        unread.append(
            {
                "index": k,
                "line": item.get("line"),
                "line_end": item.get("line_end"),
                "text": item.get("text") or "",
                "why": WHY_LABELS.get(item.get("why") or "", item.get("why") or ""),
                "status": item.get("status") or "",
            }
        )
    return {
        "areas": r.get("areas") or [],
        "tasks_without_area": r.get("tasks_without_area") or 0,
        "origins": [(ORIGIN_LABELS.get(k, k), v) for k, v in sorted((r.get("origins") or {}).items())],
        "lines": r.get("lines") or {},
        "layout": r.get("layout") or [],
        "unread": unread,
        "open": sum(1 for u in unread if not u["status"]),
        "ocr": r.get("ocr"),
        "without_lead": r.get("without_lead") or [],
    }


def _task_rows(plan) -> list[dict]:
    rows: list[dict] = []
    current = object()
    for n, t in enumerate(queries.plan_tasks(plan), start=1):
        if t.area_id != current:
            current = t.area_id
            rows.append(
                {
                    "section": True,
                    "code": t.area.code if t.area else "",
                    "title": t.area.title if t.area else "",
                }
            )
        mentions = list(t.unit_mentions.all())

        def view(role, mentions=mentions):
            return [
                {
                    "text": m.text,
                    "name": (m.unit.name if m.unit else m.group.name if m.group else ""),
                    "resolved": m.is_resolved,
                    "vague": m.vague,
                }
                for m in mentions
                if m.role == role
            ]

        rows.append(
            {
                "section": False,
                "number": n,
                "task": t,
                "outputs": "\n".join(t.outputs or []),
                "lead": view(UnitRole.LEAD),
                "support": view(UnitRole.SUPPORT),
            }
        )
    return rows


@login_required
def plan_detail(request, plan_id: int):
    plan = queries.access_plan(request.user, plan_id)
    rows = _task_rows(plan)
    unresolved = sum(
        1
        for r in rows
        if not r["section"]
        for m in r["lead"] + r["support"]
        if not m["resolved"] and not m.get("vague")
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "areas": plan.areas.all(),
            "targets": plan.targets.select_related("area"),
            "rows": rows,
            "task_count": sum(1 for r in rows if not r["section"]),
            "unresolved_count": unresolved,
            "index_criteria": plan.index_criteria.all(),
            "index_total": (plan.interchange or {}).get("index_total"),
            "survey_targets": plan.survey_targets.all(),
            "warnings": (plan.interchange or {}).get("warnings") or [],
            "coverage_pct": _pct(plan.coverage),
            "without_lead": queries.tasks_without_lead(Plan.objects.filter(pk=plan.pk)).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_without_lead(request, plan_id: int):
    """ "Nhiệm vụ chưa có đơn vị chủ trì": the plan's tasks nobody leads, filtered by area and
    paginated in the database, with bulk assignment of a lead unit (a searchable list)."""
    from django.core.paginator import Paginator

    from cchc.accounts.policy import can_assign_plan

    plan = queries.access_plan(request.user, plan_id)
    can_assign = can_assign_plan(request.user, plan)
    index = org_index(plan.province, plan_date(plan.interchange or {}))
    units = [(value, label) for value, label in index.choices() if value.startswith("unit:")]
    errors: list[str] = []
    if request.method == "POST":
        if not can_assign:
            raise PermissionDenied
        by_label = {label: value for value, label in units}
        value = by_label.get((request.POST.get("unit") or "").strip())
        unit = OrgUnit.objects.filter(code=value[5:]).first() if value else None
        ids = [int(x) for x in request.POST.getlist("task") if x.isdigit()]
        if unit is None:
            errors.append(_("Chọn đơn vị chủ trì trong danh sách các đơn vị của tỉnh."))
        else:
            try:
                n = do_assign_leads(plan, task_ids=ids, unit=unit, actor=request.user)
            except DomainError as exc:
                errors.append(str(exc.message))
            else:
                messages.success(
                    request, _("Đã giao %(n)s nhiệm vụ cho %(unit)s chủ trì.") % {"n": n, "unit": unit.name}
                )
                return redirect(request.get_full_path())
    tasks = (
        queries.tasks_without_lead(Plan.objects.filter(pk=plan.pk))
        .select_related("area")
        .prefetch_related("unit_mentions")
        .order_by("order", "pk")
    )
    area = request.GET.get("area") or ""
    if area.isdigit():
        tasks = tasks.filter(area_id=int(area))
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "task": t,
            "written": [m.text for m in t.unit_mentions.all() if m.role == UnitRole.LEAD],
        }
        for t in page.object_list
    ]
    return render(
        request,
        "plans/plan_without_lead.html",
        {
            "plan": plan,
            "page": page,
            "rows": rows,
            "areas": plan.areas.all(),
            "area": area,
            "units": units,
            "can_assign": can_assign,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@login_required
def plan_export(request, plan_id: int):
    from cchc.domain.planparse.template import write_template

    plan = queries.access_plan(request.user, plan_id)
    buf = io.BytesIO()
    write_template(queries.plan_interchange(plan), buf)
    name = slugify(plan.number or plan.title[:40]) or f"ke-hoach-{plan.pk}"
    # write_template neutralises every text cell itself (cchc.domain.cells.safe_cell)
    return xlsx_response(buf.getvalue(), f"{name}.xlsx")
