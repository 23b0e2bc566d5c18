"""Kinh phí CCHC: a province plan's yearly budget round, each unit's estimate (dự toán) itemised by
the plan's tasks and by source, the finance agency's appraisal (dự toán được giao per line) and
the spending recorded per line and period (giải ngân, quyết toán).

Money is whole đồng: ``DecimalField(max_digits=18, decimal_places=0)`` (parsing and display in
:mod:`cchc.domain.money`). Totals are never stored: they are database aggregates over the lines
(an estimate has tens of lines), except the estimate's ``declared_total``, the figure the unit
wrote, which must equal the sum of its lines when it is submitted (docs/budget.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.fields import user_ref


def money(verbose_name, **kw) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=0, **kw)


class BudgetSource(models.TextChoices):
    CENTRAL = "central", _("Ngân sách trung ương")
    PROVINCE = "province", _("Ngân sách cấp tỉnh")
    DISTRICT = "district", _("Ngân sách cấp huyện")
    COMMUNE = "commune", _("Ngân sách cấp xã")
    OTHER = "other", _("Nguồn khác")


class EstimateStatus(models.TextChoices):
    DRAFT = "draft", _("Đang lập")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    RETURNED = "returned", _("Trả lại để lập lại")
    APPRAISED = "appraised", _("Đã thẩm định, giao dự toán")


class SpendingKind(models.TextChoices):
    DISBURSED = "disbursed", _("Giải ngân")
    SETTLED = "settled", _("Quyết toán")


class BudgetRound(models.Model):
    """A year's call for CCHC budget estimates under a province plan (kỳ lập dự toán), with the
    date estimates are due (data of the round, set by whoever opens it, never a constant)."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.PROTECT, related_name="budget_rounds", verbose_name=_("kế hoạch")
    )
    year = models.PositiveSmallIntegerField(_("năm ngân sách"))
    due_date = models.DateField(_("hạn gửi dự toán"))
    basis = models.TextField(_("căn cứ"), blank=True)
    created_by = user_ref()
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kỳ lập dự toán kinh phí CCHC")
        verbose_name_plural = _("kỳ lập dự toán kinh phí CCHC")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="budgetround_plan_year_unique",
                violation_error_message=_("Kế hoạch này đã có kỳ lập dự toán của năm đó."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.plan}"

    def audit_province_code(self) -> str:
        return self.plan.province.code


class BudgetEstimate(models.Model):
    """One unit's CCHC budget estimate (dự toán kinh phí CCHC) for a round."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.PROTECT, related_name="estimates", verbose_name=_("kỳ lập dự toán")
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="budget_estimates", verbose_name=_("đơn vị")
    )
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=EstimateStatus.choices, default=EstimateStatus.DRAFT
    )
    declared_total = money(_("tổng cộng (như đơn vị ghi)"), null=True, blank=True)
    note = models.TextField(_("thuyết minh"), blank=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = user_ref()
    on_time = models.BooleanField(_("gửi đúng hạn"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    appraised_at = models.DateTimeField(_("ngày thẩm định"), null=True, blank=True)
    appraised_by = user_ref()
    allocation_ref = models.CharField(_("quyết định giao dự toán (số, ngày)"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("dự toán kinh phí CCHC")
        verbose_name_plural = _("dự toán kinh phí CCHC")
        ordering = ["round", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit"],
                name="budgetestimate_round_unit_unique",
                violation_error_message=_("Đơn vị đã có dự toán trong kỳ này."),
            ),
            models.CheckConstraint(
                condition=Q(declared_total__isnull=True) | Q(declared_total__gte=0),
                name="budgetestimate_total_not_negative",
                violation_error_message=_("Số tiền không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.round.year}"

    def audit_province_code(self) -> str:
        return self.round.plan.province.code

    @property
    def editable(self) -> bool:
        return self.status in (EstimateStatus.DRAFT, EstimateStatus.RETURNED)


class BudgetLine(models.Model):
    """A line of an estimate: a task of the plan (or "other CCHC work", described), a source, the
    amount requested and, after appraisal, the amount approved (dự toán được giao)."""

    estimate = models.ForeignKey(BudgetEstimate, on_delete=models.CASCADE, related_name="lines")
    task = models.ForeignKey(
        "plans.Task",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("nhiệm vụ"),
    )
    description = models.TextField(_("nội dung"), blank=True)
    source = models.CharField(_("nguồn kinh phí"), max_length=16, choices=BudgetSource.choices)
    requested = money(_("kinh phí đề nghị"))
    approved = money(_("dự toán được giao"), null=True, blank=True)
    adjust_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dòng dự toán")
        verbose_name_plural = _("dòng dự toán")
        ordering = ["estimate", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested__gte=0) & (Q(approved__isnull=True) | Q(approved__gte=0)),
                name="budgetline_amounts_not_negative",
                violation_error_message=_("Số tiền không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(task__isnull=False) | ~Q(description=""),
                name="budgetline_task_or_description",
                violation_error_message=_("Dòng không gắn nhiệm vụ phải ghi nội dung công việc."),
            ),
        ]

    def __str__(self) -> str:
        return self.description or (str(self.task) if self.task_id else "")

    def audit_province_code(self) -> str:
        return self.estimate.audit_province_code()


def spending_evidence_path(instance: BudgetSpending, filename: str) -> str:
    return f"budget/{instance.evidence_sha256[:2]}/{instance.evidence_sha256}"


class BudgetSpending(models.Model):
    """Money disbursed (giải ngân) or settled (quyết toán) on a line in a report period, with its
    evidence: a stored file and/or the voucher's number (số chứng từ)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spendings")
    period_code = models.CharField(_("kỳ"), max_length=16)
    kind = models.CharField(_("loại"), max_length=16, choices=SpendingKind.choices)
    amount = money(_("số tiền"))
    spent_on = models.DateField(_("ngày chi"))
    evidence = models.FileField(_("chứng từ"), upload_to=spending_evidence_path, max_length=255, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    evidence_type = models.CharField(max_length=120, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_ref = models.CharField(_("số chứng từ"), max_length=255, blank=True)
    over_reason = models.TextField(_("lý do chi vượt dự toán"), blank=True)
    recorded_by = user_ref()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giải ngân, quyết toán")
        verbose_name_plural = _("giải ngân, quyết toán")
        ordering = ["line", "spent_on", "id"]
        indexes = [models.Index(fields=["line", "period_code"], name="budgetspending_line_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="budgetspending_amount_positive",
                violation_error_message=_("Số tiền chi phải lớn hơn 0."),
            ),
            models.CheckConstraint(
                condition=~Q(evidence="") | ~Q(evidence_ref=""),
                name="budgetspending_has_evidence",
                violation_error_message=_("Cần tệp chứng từ hoặc số chứng từ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.period_code})"

    def audit_province_code(self) -> str:
        return self.line.audit_province_code()
