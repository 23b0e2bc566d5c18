"""A unit's estimate for a round: the form of lines (a task of the unit or "other CCHC work", a
source, the amount typed as people write it, "1.250.000.000"), the declared total, save as draft
or submit (the unit head); the XLSX template and its upload. Read-only once sent."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import policy
from cchc.budget import actions, queries, sheets
from cchc.budget.models import BudgetEstimate, BudgetSource, EstimateStatus
from cchc.core.errors import DomainError
from cchc.core.spreadsheet import xlsx_response
from cchc.domain.money import MoneyError, parse_vnd
from cchc.domain.vnformat import format_number
from cchc.orgs.models import OrgUnit

NEW_ROWS = 3  # empty rows a new estimate opens with


def access_unit_estimate(user, round_id, unit_id):
    """The round, the unit (one the user may see budgets of, in the round's province) and its
    estimate or None; 404 for anything else."""
    rnd = queries.access_round(user, round_id)
    province_id = rnd.plan.province_id
    unit = OrgUnit.objects.filter(Q(province_id=province_id) | Q(pk=province_id), pk=unit_id).first()
    if unit is None or not policy.can_view_budget(user, unit):
        raise Http404
    estimate = BudgetEstimate.objects.filter(round=rnd, unit=unit).first()
    return rnd, unit, estimate


def _probe(rnd, unit, estimate):
    """The estimate, or (none yet) a new unsaved draft of the unit, for the gate's questions."""
    return estimate or BudgetEstimate(round=rnd, unit=unit, status=EstimateStatus.DRAFT)


def access_editable(user, round_id, unit_id):
    """``access_unit_estimate`` for a change: 403 unless the user may edit the estimate now."""
    rnd, unit, estimate = access_unit_estimate(user, round_id, unit_id)
    if not policy.can_edit_estimate(user, _probe(rnd, unit, estimate)):
        raise PermissionDenied
    return rnd, unit, estimate


@dataclass
class Row:
    """One line of the form as typed (kept on a refusal), with its errors by field."""

    task: str = ""
    description: str = ""
    source: str = BudgetSource.PROVINCE
    requested: str = ""
    errors: dict = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return not (self.task or self.description.strip() or self.requested.strip())


def _rows_of(estimate) -> list[Row]:
    if estimate is None:
        return [Row() for _ in range(NEW_ROWS)]
    return [
        Row(
            task=str(line.task_id or ""),
            description=line.description,
            source=line.source,
            requested=format_number(line.requested),
        )
        for line in estimate.lines.all()
    ] or [Row()]


def _posted_rows(post) -> list[Row]:
    names = ("task", "description", "source", "requested")
    columns = [post.getlist(n) for n in names]
    count = max((len(c) for c in columns), default=0)
    return [
        Row(
            *[
                (c[i] if i < len(c) else "").strip() if n != "description" else (c[i] if i < len(c) else "")
                for n, c in zip(names, columns, strict=True)
            ]
        )
        for i in range(count)
    ]


def _check_rows(rows: list[Row], task_ids: set[int]) -> list:
    """The lines to save (``actions.LineInput``), errors written on the rows beside their field."""
    lines = []
    for row in rows:
        if row.blank:
            continue
        task_id = None
        if row.task:
            try:
                task_id = int(row.task)
            except ValueError:
                task_id = -1
            if task_id not in task_ids:
                row.errors["task"] = _("Nhiệm vụ này không giao cho đơn vị trong kế hoạch của kỳ.")
        elif not row.description.strip():
            row.errors["description"] = _("Dòng không gắn nhiệm vụ phải ghi nội dung công việc.")
        if row.source not in BudgetSource.values:
            row.errors["source"] = _("Chọn nguồn kinh phí.")
        try:
            amount = parse_vnd(row.requested)
        except MoneyError as exc:
            row.errors["requested"] = actions.money_message(exc)
            amount = None
        lines.append(
            actions.LineInput(
                task_id=task_id, description=row.description.strip(), source=row.source, requested=amount
            )
        )
    return lines


def _context(request, rnd, unit, estimate, rows, total_text="", note="", errors=None, version=None):
    user = request.user
    probe = _probe(rnd, unit, estimate)
    can_edit = policy.can_edit_estimate(user, probe)
    tasks = list(queries.unit_tasks(rnd, unit)) if can_edit else []
    lines = []
    if estimate is not None and not can_edit:
        lines = list(queries.lines_with_spending(estimate))
    return {
        "round": rnd,
        "unit": unit,
        "estimate": estimate,
        "rows": rows,
        "lines": lines,
        "tasks": tasks,
        "sources": BudgetSource.choices,
        "total_text": total_text,
        "note": note,
        "errors": errors or {},
        # the version the form was opened at (0: a new estimate); a stale form is refused
        "version": (estimate.version if estimate else 0) if version is None else version,
        "can_edit": can_edit,
        "can_submit": policy.can_submit_estimate(user, probe),
        "can_appraise": estimate is not None
        and estimate.status == EstimateStatus.SUBMITTED
        and policy.can_appraise_estimate(user, estimate),
        "totals": _totals(estimate) if estimate is not None else None,
    }


def _totals(estimate) -> dict:
    from django.db.models import Sum

    return estimate.lines.aggregate(requested=Sum("requested"), approved=Sum("approved"))


@login_required
def estimate_form(request, round_id, unit_id):
    rnd, unit, estimate = access_unit_estimate(request.user, round_id, unit_id)
    if request.method != "POST":
        rows = _rows_of(estimate)
        total = (
            format_number(estimate.declared_total) if estimate and estimate.declared_total is not None else ""
        )
        ctx = _context(request, rnd, unit, estimate, rows, total, estimate.note if estimate else "")
        return render(request, "budget/estimate_form.html", ctx)
    return _save(request, rnd, unit, estimate)


def _save(request, rnd, unit, estimate):
    user = request.user
    probe = _probe(rnd, unit, estimate)
    submit = request.POST.get("action") == "submit"
    if not policy.can_edit_estimate(user, probe) or (submit and not policy.can_submit_estimate(user, probe)):
        raise PermissionDenied
    rows = _posted_rows(request.POST)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = estimate.version if estimate else 0
    total_text = request.POST.get("declared_total", "").strip()
    note = request.POST.get("note", "")
    errors = {}
    if len(rows) > actions.MAX_LINES:
        errors["lines"] = _("Dự toán có quá nhiều dòng (tối đa %(n)s).") % {"n": actions.MAX_LINES}
        rows = rows[: actions.MAX_LINES]
    task_ids = queries.unit_task_ids(rnd, unit)
    lines = _check_rows(rows, task_ids)
    if not lines and not errors:
        errors["lines"] = _("Dự toán chưa có dòng nào.")
    declared = None
    try:
        declared = parse_vnd(total_text, required=submit)
    except MoneyError as exc:
        errors["declared_total"] = actions.money_message(exc)
    if not errors and not any(r.errors for r in rows):
        try:
            with transaction.atomic():  # a refused submission leaves the draft as it was too
                saved = actions.do_save_estimate(
                    estimate, rnd, unit, lines, declared, note, actor=user, expected_version=version
                )
                if submit:
                    actions.do_submit_estimate(saved, actor=user)
        except DomainError as exc:
            errors[_ERROR_FIELD.get(exc.code, "form")] = exc.message
            errors["details"] = [d.get("message", d) if isinstance(d, dict) else d for d in exc.details[:10]]
        else:
            messages.success(request, _("Đã gửi dự toán.") if submit else _("Đã lưu bản nháp dự toán."))
            return redirect("budget:estimate_form", round_id=rnd.pk, unit_id=unit.pk)
    ctx = _context(request, rnd, unit, estimate, rows, total_text, note, errors, version)
    return render(request, "budget/estimate_form.html", ctx, status=400)


# which box a refusal of the save/submit actions is about (its message is shown there)
_ERROR_FIELD = {"total": "declared_total", "amount": "declared_total", "empty": "lines"}


@login_required
def line_row(request, round_id, unit_id):
    """One empty line (htmx "Thêm dòng")."""
    rnd, unit, _estimate = access_editable(request.user, round_id, unit_id)
    return render(
        request,
        "budget/_line_row.html",
        {"row": Row(), "tasks": list(queries.unit_tasks(rnd, unit)), "sources": BudgetSource.choices},
    )


@login_required
def estimate_template(request, round_id, unit_id):
    rnd, unit, _estimate = access_unit_estimate(request.user, round_id, unit_id)
    content = sheets.estimate_template(rnd, unit)
    return xlsx_response(content, f"du-toan-cchc-{rnd.year}-{unit.code}.xlsx")


@login_required
@require_POST
def estimate_upload(request, round_id, unit_id):
    rnd, unit, estimate = access_editable(request.user, round_id, unit_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chọn tệp XLSX theo mẫu dự toán."))
        return redirect("budget:estimate_form", round_id=rnd.pk, unit_id=unit.pk)
    try:
        actions.do_import_estimate_xlsx(rnd, unit, upload, actor=request.user)
    except DomainError as exc:
        ctx = _context(
            request,
            rnd,
            unit,
            estimate,
            _rows_of(estimate),
            format_number(estimate.declared_total)
            if estimate and estimate.declared_total is not None
            else "",
            estimate.note if estimate else "",
        )
        ctx["import_error"] = exc.message
        ctx["import_details"] = [d.get("message", d) if isinstance(d, dict) else d for d in exc.details]
        return render(request, "budget/estimate_form.html", ctx, status=400)
    messages.success(request, _("Đã nhập dự toán từ tệp; kiểm tra lại rồi gửi."))
    return redirect("budget:estimate_form", round_id=rnd.pk, unit_id=unit.pk)
