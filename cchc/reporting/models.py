"""Periodic CCHC reports: the reporting calendar, unit reports with their kept versions, reminders.

A ``UnitReport`` is one unit's report for one period (optionally for one plan). Every save adds a
``ReportVersion`` (never edited); the accepted version stays referenced when a unit later
submits again. The calendar's arithmetic lives in :mod:`cchc.domain.periods`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.fields import user_ref
from cchc.domain.periods import NATIONAL_RULES, Period, ReportingRules


class ReportingCalendar(models.Model):
    """A province's or a plan's reporting rules, overriding the national regime.

    A plan's calendar wins over its province's; with neither, ``NATIONAL_RULES`` apply
    (581/BNV-CCHC, see docs/reporting.md).
    """

    province = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("tỉnh, thành phố"),
    )
    plan = models.OneToOneField(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reporting_calendar",
        verbose_name=_("kế hoạch"),
    )
    cutoff_day = models.PositiveSmallIntegerField(_("ngày chốt số liệu"), null=True, blank=True, default=15)
    due_day = models.PositiveSmallIntegerField(_("ngày hạn gửi trong tháng cuối kỳ"), default=20)
    due_overrides = models.JSONField(_("hạn gửi riêng theo kỳ"), default=dict, blank=True)  # {"Q1": [2, 25]}
    reports = models.JSONField(_("các kỳ báo cáo"), default=list, blank=True)  # ["Q1", "H1", "Q3", "Y"]
    source = models.TextField(_("căn cứ"), blank=True)

    class Meta:
        verbose_name = _("lịch báo cáo")
        verbose_name_plural = _("lịch báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(province__isnull=False) | models.Q(plan__isnull=False),
                name="reportingcalendar_province_or_plan",
                violation_error_message=_("Lịch báo cáo phải gắn với một tỉnh hoặc một kế hoạch."),
            )
        ]

    def __str__(self) -> str:
        return str(self.plan or self.province)

    def rules(self) -> ReportingRules:
        return ReportingRules(
            cutoff_day=self.cutoff_day,
            due_day=self.due_day,
            due_overrides={k: (int(v[0]), int(v[1])) for k, v in (self.due_overrides or {}).items()},
            reports=tuple(self.reports or NATIONAL_RULES.reports),
            source=self.source or NATIONAL_RULES.source,
        )


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Lãnh đạo đơn vị đã duyệt")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")


class UnitReport(models.Model):
    """One unit's CCHC report for one period (and plan, when the report is about one plan)."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="unit_reports", verbose_name=_("đơn vị")
    )
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_reports",
        verbose_name=_("kế hoạch"),
    )
    period_code = models.CharField(_("kỳ báo cáo"), max_length=40)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    data_from = models.DateField(_("số liệu từ ngày"))
    data_to = models.DateField(_("số liệu đến ngày"))
    due_date = models.DateField(_("hạn gửi"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    on_time = models.BooleanField(_("đúng hạn"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của cơ quan thường trực"), blank=True)
    current_version = models.ForeignKey(
        "ReportVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_version = models.ForeignKey(
        "ReportVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["-data_to", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "plan", "period_code"], name="unitreport_unique_unit_plan_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period.label_vi}"

    @property
    def period(self) -> Period:
        return Period.parse(self.period_code)

    def audit_province_code(self) -> str:
        return self.unit.audit_province_code()


class ReportVersion(models.Model):
    """One saved version of a unit report: narrative per reform area and the statistics annex.

    ``annex``: ``{field_key: {"value": int|None, "system": int|None, "source": str, "reason": str}}``.
    """

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    narrative = models.JSONField(_("nội dung theo lĩnh vực"), default=dict, blank=True)
    annex = models.JSONField(_("phụ lục số liệu"), default=dict, blank=True)
    saved_by = user_ref()
    saved_by_name = models.CharField(max_length=255, blank=True)
    saved_at = models.DateTimeField(_("thời điểm lưu"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.report} · v{self.number}"

    def contradictions(self) -> list[str]:
        """Annex keys whose value differs from the system's figure (allowed with a reason)."""
        return [
            key
            for key, cell in (self.annex or {}).items()
            if cell.get("system") is not None
            and cell.get("value") is not None
            and cell["value"] != cell["system"]
        ]


class ReportReminder(models.Model):
    """A reminder about a missing report: at most one per unit, period and plan a day."""

    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period_code = models.CharField(max_length=40)
    sent_on = models.DateField()
    sent_at = models.DateTimeField()
    sent_by = user_ref()
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("nhắc nộp báo cáo")
        verbose_name_plural = _("nhắc nộp báo cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "plan", "period_code", "sent_on"], name="reportreminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period_code} · {self.sent_on}"


class ConsolidationText(models.Model):
    """A passage of the province's report the standing agency wrote or corrected (Đánh giá chung,
    Phương hướng, Đề xuất…): one per plan, period and outline key. Without one the page and the
    document show the draft written from the data (``cchc.reporting.outline``)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    period_code = models.CharField(_("kỳ báo cáo"), max_length=40)
    key = models.CharField(_("mục"), max_length=40)
    text = models.TextField(_("nội dung"), blank=True)
    updated_by = user_ref()
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("nội dung báo cáo tổng hợp")
        verbose_name_plural = _("nội dung báo cáo tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_code", "key"], name="consolidationtext_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.period_code} · {self.key}"

    def audit_province_code(self) -> str:
        p = self.plan.province
        return p.code if p else ""
