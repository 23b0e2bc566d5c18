"""The finance agency's appraisal of an estimate (accept, adjust lines with a reason, or return it
with a reason; the allocation decision) and the spending of a line (giải ngân, quyết toán) with
its evidence."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts import policy
from cchc.budget import actions, queries
from cchc.budget.models import EstimateStatus, SpendingKind
from cchc.core.dates import DayInput
from cchc.core.errors import DomainError
from cchc.core.uploads import file_download
from cchc.domain.money import MoneyError, parse_vnd
from cchc.domain.periods import Period
from cchc.domain.vnformat import format_number

DECISIONS = ("accept", "adjust", "return")


def _appraisal_rows(estimate, post=None) -> list[dict]:
    rows = []
    for line in estimate.lines.select_related("task").order_by("order", "pk"):
        if post is not None:
            approved = post.get(f"approved-{line.pk}", "").strip()
            reason = post.get(f"reason-{line.pk}", "")
        else:
            value = line.approved if line.approved is not None else line.requested
            approved, reason = format_number(value), line.adjust_reason
        rows.append({"line": line, "approved": approved, "reason": reason, "errors": {}})
    return rows


@login_required
def estimate_appraise(request, estimate_id):
    user = request.user
    estimate = queries.access_estimate(user, estimate_id)
    if estimate.status != EstimateStatus.SUBMITTED:
        # already appraised, returned or not yet sent: say so on the estimate (the reader may see it)
        messages.info(request, _("Dự toán không ở trạng thái chờ thẩm định."))
        return redirect("budget:estimate_form", round_id=estimate.round_id, unit_id=estimate.unit_id)
    if not policy.can_appraise_estimate(user, estimate):
        raise PermissionDenied
    post = request.POST if request.method == "POST" else None
    rows = _appraisal_rows(estimate, post)
    errors = {}
    if post is None:
        return _render(request, estimate, rows, errors)
    decision = post.get("decision", "")
    return_reason = post.get("return_reason", "").strip()
    allocation_ref = post.get("allocation_ref", "").strip()
    approved, reasons = {}, {}
    if decision not in DECISIONS:
        errors["form"] = _("Chọn chấp nhận, điều chỉnh hoặc trả lại.")
    elif decision == "return":
        if not return_reason:
            errors["return_reason"] = _("Ghi lý do trả lại dự toán.")
    else:
        for row in rows:
            line = row["line"]
            if decision == "accept":
                approved[line.pk] = line.requested
                continue
            try:
                value = parse_vnd(row["approved"])
            except MoneyError as exc:
                row["errors"]["approved"] = actions.money_message(exc)
                continue
            approved[line.pk] = value
            reasons[line.pk] = row["reason"].strip()
            if value != line.requested and not reasons[line.pk]:
                row["errors"]["reason"] = _("Ghi lý do điều chỉnh khi số giao khác số đề nghị.")
    if not errors and not any(r["errors"] for r in rows):
        try:
            actions.do_appraise_estimate(
                estimate, decision, approved, reasons, return_reason, allocation_ref, actor=user
            )
        except DomainError as exc:
            errors["form"] = exc.message
            errors["details"] = [d.get("message", d) if isinstance(d, dict) else d for d in exc.details[:10]]
        else:
            done = _("Đã trả lại dự toán.") if decision == "return" else _("Đã thẩm định và giao dự toán.")
            messages.success(request, done)
            return redirect("budget:round_detail", round_id=estimate.round_id)
    return _render(request, estimate, rows, errors, return_reason, allocation_ref, status=400)


def _render(request, estimate, rows, errors, return_reason="", allocation_ref=None, status=200):
    return render(
        request,
        "budget/estimate_appraise.html",
        {
            "estimate": estimate,
            "round": estimate.round,
            "rows": rows,
            "errors": errors,
            "rows_invalid": any(r["errors"] for r in rows),
            "return_reason": return_reason,
            "allocation_ref": estimate.allocation_ref if allocation_ref is None else allocation_ref,
            "requested_total": sum((r["line"].requested for r in rows), start=0),
        },
        status=status,
    )


# --------------------------------------------------------------------------- spending
def period_choices(year: int) -> list[tuple[str, str]]:
    """The quarters a line's money is disbursed or settled in: the budget year's and the next
    year's (settlement runs into the following year)."""
    out = []
    for y in (year, year + 1):
        for q in range(1, 5):
            p = Period.parse(f"{y}-Q{q}")
            out.append((p.code, p.label_vi))
    return out


class SpendingForm(forms.Form):
    period_code = forms.ChoiceField(label=gettext_lazy("Kỳ"))
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=SpendingKind.choices)
    amount = forms.CharField(
        label=gettext_lazy("Số tiền (đồng)"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": gettext_lazy("vd. 1.250.000.000")}
        ),
    )
    spent_on = forms.DateField(label=gettext_lazy("Ngày chi"), widget=DayInput())
    evidence_ref = forms.CharField(label=gettext_lazy("Số chứng từ"), max_length=255, required=False)
    evidence = forms.FileField(
        label=gettext_lazy("Tệp chứng từ (PDF, DOCX, XLSX, PNG, JPEG)"), required=False
    )
    over_reason = forms.CharField(
        label=gettext_lazy("Lý do chi vượt dự toán được giao (khi vượt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_code"].choices = period_choices(year)
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def clean_amount(self):
        try:
            value = parse_vnd(self.cleaned_data["amount"])
        except MoneyError as exc:
            raise forms.ValidationError(actions.money_message(exc)) from None
        if value == 0:
            raise forms.ValidationError(_("Số tiền chi phải lớn hơn 0."))
        return value

    def clean(self):
        data = super().clean()
        if not data.get("evidence") and not (data.get("evidence_ref") or "").strip():
            self.add_error("evidence_ref", _("Ghi số chứng từ hoặc đính kèm tệp chứng từ."))
        return data


# which box a refusal of do_record_spending is about
_SPENDING_ERROR_FIELD = {
    "over": "over_reason",
    "bad_file_type": "evidence",
    "too_large": "evidence",
    "evidence": "evidence_ref",
    "period": "period_code",
    "amount": "amount",
    "spent_on": "spent_on",
    "kind": "kind",
}


@login_required
def line_spending(request, line_id):
    user = request.user
    line = queries.access_line(user, line_id)
    year = line.estimate.round.year
    can_record = policy.can_record_spending(user, line)
    form = SpendingForm(year=year) if can_record else None
    status = 200
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = SpendingForm(request.POST, request.FILES, year=year)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.do_record_spending(
                    line,
                    d["period_code"],
                    d["kind"],
                    d["amount"],
                    d["spent_on"],
                    d["evidence"],
                    d["evidence_ref"].strip(),
                    d["over_reason"].strip(),
                    actor=user,
                )
            except DomainError as exc:
                form.add_error(_SPENDING_ERROR_FIELD.get(exc.code), exc.message)
            else:
                messages.success(request, _("Đã ghi nhận khoản chi."))
                return redirect("budget:line_spending", line_id=line.pk)
        status = 400
    spendings = list(line.spendings.select_related("recorded_by").order_by("spent_on", "pk"))
    sums = line.spendings.aggregate(
        disbursed=Sum("amount", filter=Q(kind=SpendingKind.DISBURSED)),
        settled=Sum("amount", filter=Q(kind=SpendingKind.SETTLED)),
    )
    return render(
        request,
        "budget/line_spending.html",
        {"line": line, "estimate": line.estimate, "spendings": spendings, "sums": sums, "form": form},
        status=status,
    )


@login_required
def spending_evidence(request, spending_id):
    sp = queries.access_spending(request.user, spending_id)
    if not sp.evidence:
        raise Http404
    return file_download(sp.evidence, sp.evidence_name)
