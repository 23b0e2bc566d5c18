"""All writes of the budget app (kinh phí CCHC): one transaction each, permission asked in the gate
(``accounts.policy``, section ``budget``), input checked whole before anything is written (bad
input leaves the data exactly as it was), every change audited field by field.

Flow: the standing or finance agency opens a round (:func:`do_create_round`); a unit's reporters
and head prepare its estimate (:func:`do_save_estimate`, or the workbook import in
:mod:`cchc.budget.sheets`); the head submits it (:func:`do_submit_estimate`, which judges on
time); the finance agency or the standing agency accepts it, adjusts lines with a reason each,
or returns it with a reason (:func:`do_appraise_estimate`); the unit records disbursement and
settlement per line (:func:`do_record_spending`). See docs/budget.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record
from cchc.budget.models import (
    BudgetEstimate,
    BudgetLine,
    BudgetRound,
    BudgetSource,
    BudgetSpending,
    EstimateStatus,
    SpendingKind,
)
from cchc.budget.queries import unit_task_ids
from cchc.budget.sheets import read_estimate_sheet
from cchc.core.errors import ConflictError, DomainError
from cchc.core.uploads import check_size, check_upload
from cchc.domain.money import MoneyError, format_vnd, parse_vnd
from cchc.domain.periods import Period
from cchc.plans.models import Plan, Task

MAX_LINES = 500  # far above any unit's CCHC estimate; bounds a form or a workbook
MAX_TEXT = 2000


@dataclass(frozen=True)
class LineInput:
    """One line of an estimate as typed or read from a workbook: a task of the plan (its id) or
    None for "other CCHC work" (then ``description`` is required), the source (a
    ``BudgetSource`` value) and the amount requested (text, int or ``Decimal``; parsed here)."""

    task_id: int | None
    description: str
    source: str
    requested: object


def money_message(err: MoneyError) -> str:
    """The translated message of a refused amount."""
    return {
        "empty": _("Chưa nhập số tiền."),
        "negative": _("Số tiền không được âm."),
        "fraction": _("Số tiền phải là số đồng nguyên, không có số lẻ."),
        "ambiguous": _("Số tiền viết không rõ (dấu phẩy là dấu thập phân): hãy viết 1.250.000 hoặc 1250000."),
        "too_large": _("Số tiền quá lớn (tối đa 1.000.000.000.000.000 đồng)."),
    }.get(err.code, _("Số tiền không phải là số (ví dụ đúng: 1.250.000.000)."))


def amount(value, *, required: bool = True, label: str = "") -> Decimal | None:
    """``value`` as whole đồng, or ``DomainError`` with the translated reason (prefixed by ``label``)."""
    try:
        return parse_vnd(value, required=required)
    except MoneyError as err:
        message = money_message(err)
        raise DomainError(f"{label}: {message}" if label else message, code="amount") from None


def _when(at: dt.datetime | None) -> dt.datetime:
    """Now, or a past moment given by server-side callers replaying history (the demo)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise DomainError(_("Thời điểm ghi nhận không được ở tương lai."), code="future_at")
    return at


# ------------------------------------------------------------------------------------------ rounds


def do_create_round(plan: Plan, year: int, due_date: dt.date, basis: str = "", *, actor) -> BudgetRound:
    """Open the year's round of CCHC budget estimates under a province plan."""
    if not policy.can_manage_budget_rounds(actor, plan):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC hoặc Sở Tài chính của tỉnh được mở kỳ lập dự toán."))
    if plan.parent_plan_id is not None:
        raise DomainError(_("Kỳ lập dự toán mở theo kế hoạch của tỉnh, không theo kế hoạch của đơn vị."))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("Năm ngân sách không hợp lệ."), code="year") from None
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm ngân sách không hợp lệ."), code="year")
    if not isinstance(due_date, dt.date):
        raise DomainError(_("Chưa nhập hạn gửi dự toán."), code="due_date")
    basis = (basis or "").strip()[:MAX_TEXT]
    with transaction.atomic():
        if BudgetRound.objects.filter(plan=plan, year=year).exists():
            raise DomainError(_("Kế hoạch này đã có kỳ lập dự toán của năm %(year)s.") % {"year": year})
        rnd = BudgetRound(plan=plan, year=year, due_date=due_date, basis=basis, created_by=actor)
        try:
            with transaction.atomic(), audited_change(rnd, actor=actor, unit=plan.province):
                pass
        except IntegrityError:  # a concurrent twin won the unique constraint
            raise DomainError(
                _("Kế hoạch này đã có kỳ lập dự toán của năm %(year)s.") % {"year": year}
            ) from None
    return rnd


# --------------------------------------------------------------------------------------- estimates


def _check_unit(rnd: BudgetRound, unit) -> None:
    province_id = rnd.plan.province_id
    if unit.pk != province_id and unit.province_id != province_id:
        raise DomainError(
            _("Đơn vị %(unit)s không thuộc tỉnh, thành phố của kế hoạch.") % {"unit": unit}, code="unit"
        )


def _refuse(errors: list[str], message: str) -> None:
    """Raise every error at once (``details``), ``message`` naming their count and the first."""
    if errors:
        raise DomainError(message % {"n": len(errors), "first": errors[0]}, code="lines", details=errors)


def check_lines(
    rnd: BudgetRound, unit, lines: list[LineInput], *, labels: list[str] | None = None
) -> list[dict]:
    """Every line checked, all errors collected (``DomainError`` with one detail per error), or
    the lines as field values ready to save. ``labels`` names each line in the messages
    (default "Dòng 1", "Dòng 2"…; the workbook import passes its row numbers)."""
    if len(lines) > MAX_LINES:
        raise DomainError(_("Dự toán có quá %(n)s dòng.") % {"n": MAX_LINES}, code="too_many")
    labels = labels or [_("Dòng %(n)s") % {"n": i} for i in range(1, len(lines) + 1)]
    task_ids = {ln.task_id for ln in lines if ln.task_id is not None}
    allowed = unit_task_ids(rnd, unit) if task_ids else set()
    titles = dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "title")) if task_ids else {}
    errors: list[str] = []
    rows: list[dict] = []
    for order, (ln, label) in enumerate(zip(lines, labels, strict=True), start=1):
        description = (ln.description or "").strip()[:MAX_TEXT]
        task_id = ln.task_id
        if task_id is not None and task_id not in titles:
            errors.append(_("%(line)s: không có nhiệm vụ này trong kế hoạch.") % {"line": label})
        elif task_id is not None and task_id not in allowed:
            errors.append(
                _("%(line)s: nhiệm vụ “%(task)s” không giao cho đơn vị %(unit)s.")
                % {"line": label, "task": titles[task_id][:120], "unit": unit}
            )
        elif task_id is None and not description:
            errors.append(
                _("%(line)s: dòng không gắn nhiệm vụ của kế hoạch phải ghi nội dung công việc.")
                % {"line": label}
            )
        if ln.source not in BudgetSource.values:
            errors.append(_("%(line)s: nguồn kinh phí không hợp lệ.") % {"line": label})
        try:
            requested = parse_vnd(ln.requested)
        except MoneyError as err:
            errors.append(f"{label}: {money_message(err)}")
            requested = None
        rows.append(
            {
                "task_id": task_id,
                "description": description,
                "source": ln.source,
                "requested": requested,
                "order": order,
            }
        )
    _refuse(errors, _("Dự toán có %(n)s lỗi, chưa lưu gì: %(first)s"))
    return rows


def _lines_snapshot(estimate: BudgetEstimate) -> list[list]:
    return [
        [ln.task_id, ln.description, ln.source, str(ln.requested)]
        for ln in estimate.lines.order_by("order", "id")
    ]


def _check_total(declared: Decimal | None, rows: list[dict]) -> None:
    total = sum((r["requested"] for r in rows), Decimal(0))
    if declared is not None and declared != total:
        raise DomainError(
            _("Tổng cộng %(declared)s không khớp với tổng các dòng %(total)s.")
            % {"declared": format_vnd(declared), "total": format_vnd(total)},
            code="total",
        )


def do_save_estimate(
    estimate: BudgetEstimate | None,
    round: BudgetRound,
    unit,
    lines: list[LineInput],
    declared_total=None,
    note: str = "",
    *,
    actor,
    expected_version: int | None = None,
) -> BudgetEstimate:
    """Create the unit's estimate for the round, or replace the lines of its draft (or returned)
    estimate, all or nothing. ``declared_total`` (the "tổng cộng" the unit writes) may be left
    empty in a draft; when given it must equal the sum of the lines. ``expected_version``: the
    version the form was opened at (0 for a new estimate); another save since is a conflict."""
    if estimate is not None:
        round, unit = estimate.round, estimate.unit
    if not policy.can_prepare_estimate(actor, unit):
        raise Forbidden(_("Chỉ cán bộ của đơn vị được lập dự toán của đơn vị."))
    _check_unit(round, unit)
    declared = amount(declared_total, required=False, label=_("Tổng cộng"))
    rows = check_lines(round, unit, lines)
    _check_total(declared, rows)
    return _write_estimate(
        estimate,
        round,
        unit,
        rows,
        declared,
        note,
        actor=actor,
        what=_("Lập dự toán"),
        expected=expected_version,
    )


def _conflict() -> ConflictError:
    return ConflictError(_("Dự toán vừa được người khác thay đổi. Vui lòng tải lại trang rồi lưu lại."))


def _write_estimate(
    estimate, rnd, unit, rows, declared, note, *, actor, what: str, expected: int | None = None
) -> BudgetEstimate:
    """Save checked lines into the unit's estimate (created if none), in one transaction."""
    note = None if note is None else (note or "").strip()[:MAX_TEXT]
    with transaction.atomic():
        if estimate is None:
            estimate = BudgetEstimate.objects.filter(round=rnd, unit=unit).first()
        if estimate is None:
            if expected:
                raise _conflict()
            estimate = BudgetEstimate(round=rnd, unit=unit, declared_total=declared, note=note or "")
            before_lines: list = []
            try:
                with transaction.atomic(), audited_change(estimate, actor=actor, unit=unit, note=what):
                    pass
            except IntegrityError:  # a colleague created it at the same moment
                raise _conflict() from None
        else:
            estimate = lock(estimate, "round", "unit")
            if expected is not None and estimate.version != int(expected):
                raise _conflict()
            if not estimate.editable:
                raise DomainError(
                    _("Dự toán đã gửi (%(status)s): không sửa được nữa.")
                    % {"status": estimate.get_status_display()},
                    code="status",
                )
            before_lines = _lines_snapshot(estimate)
            with audited_change(estimate, actor=actor, unit=unit, note=what):
                estimate.declared_total = declared
                if note is not None:
                    estimate.note = note
        estimate.lines.all().delete()
        BudgetLine.objects.bulk_create(BudgetLine(estimate=estimate, **r) for r in rows)
        after_lines = _lines_snapshot(estimate)
        if after_lines != before_lines:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=estimate,
                changes={"lines": [before_lines, after_lines]},
                unit=unit,
                note=_("Các dòng dự toán"),
            )
    return estimate


def _row_number(message: str) -> int:
    m = re.match(r"\D*(\d+)", message)
    return int(m.group(1)) if m else 0


def do_import_estimate_xlsx(round: BudgetRound, unit, file, *, actor) -> BudgetEstimate:
    """The unit's estimate from its filled template (:mod:`cchc.budget.sheets`), all or nothing:
    every error of the workbook (formulas or text in amount cells, negatives, fractions, unknown
    sources or task codes, another unit's task, a total row not equal to the lines) is listed
    by row in one ``DomainError`` and nothing is saved. ``file``: an uploaded file or bytes."""
    if not policy.can_prepare_estimate(actor, unit):
        raise Forbidden(_("Chỉ cán bộ của đơn vị được lập dự toán của đơn vị."))
    _check_unit(round, unit)
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        check_size(getattr(file, "name", "") or "du-toan.xlsx", getattr(file, "size", None))
        data = file.read()
    check_size("du-toan.xlsx", len(data))
    sheet = read_estimate_sheet(data)
    label = _("Dòng %(n)s")
    errors = [f"{label % {'n': n}}: {message}" for n, message in sheet.errors]
    rows: list[dict] = []
    try:
        rows = check_lines(
            round,
            unit,
            [LineInput(r.task_id, r.description, r.source, r.requested) for r in sheet.rows],
            labels=[label % {"n": r.row} for r in sheet.rows],
        )
    except DomainError as err:
        errors += err.details or [err.message]
    declared = None
    try:
        declared = amount(sheet.declared_total, required=False, label=_("Dòng Tổng cộng"))
        if not errors:
            _check_total(declared, rows)
    except DomainError as err:
        errors.append(err.message)
    if not errors and not rows:
        errors.append(_("Tệp không có dòng dự toán nào (ghi nguồn kinh phí và số tiền cho các nhiệm vụ)."))
    errors.sort(key=_row_number)
    _refuse(errors, _("Tệp có %(n)s lỗi, chưa lưu gì: %(first)s"))
    return _write_estimate(
        None, round, unit, rows, declared, None, actor=actor, what=_("Nhập dự toán từ tệp Excel")
    )


def do_submit_estimate(estimate: BudgetEstimate, *, actor, at: dt.datetime | None = None) -> BudgetEstimate:
    """The unit head sends the estimate for appraisal. Its declared total must equal the sum of
    its lines. On time when the day of the FIRST submission (local time) is not after the
    round's due date; a resubmission after a return keeps that judgement (docs/budget.md).
    ``at``: a past submission replayed by the demo."""
    when = _when(at)
    with transaction.atomic():
        estimate = lock(estimate, "round", "unit")
        if not estimate.editable:
            raise DomainError(
                _("Dự toán đã gửi (%(status)s).") % {"status": estimate.get_status_display()}, code="status"
            )
        if not policy.can_submit_estimate(actor, estimate):
            raise Forbidden(_("Chỉ thủ trưởng đơn vị được gửi dự toán."))
        rows = list(estimate.lines.values("requested"))
        if not rows:
            raise DomainError(_("Dự toán chưa có dòng nào."), code="empty")
        if estimate.declared_total is None:
            raise DomainError(_("Chưa ghi tổng cộng của dự toán."), code="total")
        _check_total(estimate.declared_total, rows)
        with audited_change(estimate, actor=actor, unit=estimate.unit, note=_("Gửi dự toán")):
            if estimate.on_time is None:
                estimate.on_time = timezone.localdate(when) <= estimate.round.due_date
            estimate.status = EstimateStatus.SUBMITTED
            estimate.submitted_at = when
            estimate.submitted_by = actor
    return estimate


ACCEPT, ADJUST, RETURN = "accept", "adjust", "return"


def do_appraise_estimate(
    estimate: BudgetEstimate,
    decision: str,
    approved: dict | None = None,
    reasons: dict | None = None,
    return_reason: str = "",
    allocation_ref: str = "",
    *,
    actor,
    at: dt.datetime | None = None,
) -> BudgetEstimate:
    """The finance agency (or the standing agency) decides on a submitted estimate:

    - ``"accept"``: every line is approved as requested;
    - ``"adjust"``: ``approved`` maps line ids to the approved amounts (lines left out are
      approved as requested); a line approved at another amount needs its reason in ``reasons``;
    - ``"return"``: back to the unit with ``return_reason`` (required); it edits and submits again.

    ``allocation_ref`` is the number and date of the decision that allocates the money."""
    approved, reasons = approved or {}, reasons or {}
    if decision not in (ACCEPT, ADJUST, RETURN):
        raise DomainError(_("Quyết định thẩm định không hợp lệ."), code="decision")
    when = _when(at)
    with transaction.atomic():
        estimate = lock(estimate, "round", "round__plan", "unit")
        if estimate.status != EstimateStatus.SUBMITTED:
            raise DomainError(
                _("Chỉ thẩm định dự toán đã gửi (dự toán này: %(status)s).")
                % {"status": estimate.get_status_display()},
                code="status",
            )
        if not policy.can_appraise_estimate(actor, estimate):
            raise Forbidden(
                _("Chỉ Sở Tài chính hoặc cơ quan thường trực CCHC của tỉnh được thẩm định dự toán.")
            )
        if decision == RETURN:
            reason = (return_reason or "").strip()[:MAX_TEXT]
            if not reason:
                raise DomainError(_("Trả lại dự toán phải ghi lý do."), code="reason")
            with audited_change(estimate, actor=actor, unit=estimate.unit, note=_("Trả lại dự toán")):
                estimate.status = EstimateStatus.RETURNED
                estimate.return_reason = reason
            return estimate
        lines = list(estimate.lines.select_for_update().order_by("order", "id"))
        amounts = _approved_amounts(lines, decision, approved, reasons)
        for ln, (value, reason) in zip(lines, amounts, strict=True):
            if ln.approved != value or ln.adjust_reason != reason:
                with audited_change(ln, actor=actor, unit=estimate.unit, note=_("Thẩm định")):
                    ln.approved, ln.adjust_reason = value, reason
        with audited_change(estimate, actor=actor, unit=estimate.unit, note=_("Thẩm định, giao dự toán")):
            estimate.status = EstimateStatus.APPRAISED
            estimate.return_reason = ""
            estimate.appraised_at = when
            estimate.appraised_by = actor
            estimate.allocation_ref = (allocation_ref or "").strip()[:255]
    return estimate


def _approved_amounts(lines: list[BudgetLine], decision: str, approved: dict, reasons: dict) -> list[tuple]:
    """(approved amount, reason) per line, or ``DomainError`` listing every bad line."""
    by_id = {ln.pk: ln for ln in lines}
    keys = {}
    for key in approved:
        try:
            keys[int(key)] = approved[key]
        except (TypeError, ValueError):
            keys[None] = approved[key]
    reason_of = {}
    for key, text in reasons.items():
        try:
            reason_of[int(key)] = (text or "").strip()[:MAX_TEXT]
        except (TypeError, ValueError):
            continue
    if any(k not in by_id for k in keys):
        raise DomainError(_("Có dòng không thuộc dự toán này."), code="line")
    if decision == ACCEPT:
        return [(ln.requested, "") for ln in lines]
    errors, out = [], []
    for n, ln in enumerate(lines, start=1):
        label = _("Dòng %(n)s") % {"n": n}
        try:
            value = parse_vnd(keys[ln.pk]) if ln.pk in keys else ln.requested
        except MoneyError as err:
            errors.append(f"{label}: {money_message(err)}")
            continue
        reason = reason_of.get(ln.pk, "") if value != ln.requested else ""
        if value != ln.requested and not reason:
            errors.append(
                _("%(line)s: giao %(approved)s khác số đề nghị %(requested)s, phải ghi lý do điều chỉnh.")
                % {"line": label, "requested": format_vnd(ln.requested), "approved": format_vnd(value)}
            )
        out.append((value, reason))
    _refuse(errors, _("Thẩm định có %(n)s lỗi, chưa lưu gì: %(first)s"))
    return out


# ---------------------------------------------------------------------------------------- spending


def _evidence(evidence_file) -> tuple[str, bytes] | None:
    """(name, bytes) of an uploaded file (a Django ``UploadedFile`` or a ``(name, bytes)`` pair)."""
    if evidence_file is None:
        return None
    if isinstance(evidence_file, tuple):
        return evidence_file
    name = getattr(evidence_file, "name", "") or "chung-tu"
    check_size(name, getattr(evidence_file, "size", None))
    return name, evidence_file.read()


def do_record_spending(
    line: BudgetLine,
    period_code: str,
    kind: str,
    amount_value,
    spent_on: dt.date,
    evidence_file=None,
    evidence_ref: str = "",
    over_reason: str = "",
    *,
    actor,
) -> BudgetSpending:
    """Record money disbursed (giải ngân) or settled (quyết toán) on an appraised line in a report
    period (``"2022-Q1"``), with a file and/or the voucher's number. The cumulative amount of a
    kind above the line's allocation needs ``over_reason``; a line without an allocation takes
    no spending."""
    if kind not in SpendingKind.values:
        raise DomainError(_("Loại chi không hợp lệ (giải ngân hoặc quyết toán)."), code="kind")
    try:
        Period.parse(period_code)
    except (ValueError, TypeError):
        raise DomainError(_("Kỳ báo cáo không hợp lệ."), code="period") from None
    value = amount(amount_value, label=_("Số tiền chi"))
    if value <= 0:
        raise DomainError(_("Số tiền chi phải lớn hơn 0."), code="amount")
    if not isinstance(spent_on, dt.date):
        raise DomainError(_("Chưa nhập ngày chi."), code="spent_on")
    if spent_on > timezone.localdate():
        raise DomainError(_("Ngày chi không được ở tương lai."), code="spent_on")
    evidence_ref = (evidence_ref or "").strip()[:255]
    over_reason = (over_reason or "").strip()[:MAX_TEXT]
    upload = _evidence(evidence_file)
    meta = check_upload(*upload) if upload else None
    if not evidence_ref and meta is None:
        raise DomainError(_("Cần tệp chứng từ hoặc số chứng từ."), code="evidence")
    with transaction.atomic():
        line = lock(line, "estimate", "estimate__unit", "estimate__round")
        if not policy.can_prepare_estimate(actor, line.estimate.unit):
            raise Forbidden(_("Chỉ cán bộ của đơn vị được ghi chi cho dự toán của đơn vị."))
        if not policy.can_record_spending(actor, line):
            raise DomainError(_("Dự toán chưa được thẩm định, giao: chưa ghi chi được."), code="status")
        if line.approved is None:
            raise DomainError(
                _("Dòng này chưa có dự toán được giao: không ghi chi được."), code="no_allocation"
            )
        spent = line.spendings.filter(kind=kind).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if spent + value > line.approved and not over_reason:
            raise DomainError(
                _("Tổng %(kind)s %(total)s vượt dự toán được giao %(approved)s: phải ghi lý do chi vượt.")
                % {
                    "kind": SpendingKind(kind).label.lower(),
                    "total": format_vnd(spent + value),
                    "approved": format_vnd(line.approved),
                },
                code="over",
            )
        row = BudgetSpending(
            line=line,
            period_code=period_code,
            kind=kind,
            amount=value,
            spent_on=spent_on,
            evidence_ref=evidence_ref,
            over_reason=over_reason if spent + value > line.approved else "",
            recorded_by=actor,
        )
        if meta:
            row.evidence_type, _size, row.evidence_sha256 = meta
            row.evidence_name = upload[0][:255]
            row.evidence.save(upload[0], ContentFile(upload[1]), save=False)
        with audited_change(row, actor=actor, unit=line.estimate.unit, note=_("Ghi chi")):
            pass
    return row
