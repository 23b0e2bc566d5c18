"""Oversight: public disclosure (publications) and the yearly inspection programme.

- ``Publication``: one explicit act of the standing agency making a result public. The published
  content is a JSON ``snapshot`` frozen at publication time (never a live query): the public page
  shows exactly what was published, until it is withdrawn.
- ``InspectionPlan`` (kế hoạch kiểm tra CCHC) → ``Inspection`` (one unit) → ``Finding`` (đạt /
  tồn tại, hạn chế). A finding that needs action becomes a ``plans.Task`` of the province's yearly
  follow-up plan, assigned to the inspected unit (so it is tracked like any task).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.fields import user_ref


class Publication(models.Model):
    """A published snapshot (công bố công khai) of one kind of result for a province and year."""

    kind = models.CharField(_("loại nội dung"), max_length=32)
    province = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="publications", verbose_name=_("tỉnh")
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    source_key = models.CharField(max_length=64, blank=True)  # e.g. the plan id the snapshot came from
    snapshot = models.JSONField(_("nội dung công bố"), default=dict)
    published_by = user_ref()
    published_by_name = models.CharField(max_length=255, blank=True)
    published_at = models.DateTimeField(_("thời điểm công bố"))
    withdrawn_by = user_ref()
    withdrawn_at = models.DateTimeField(_("thời điểm rút lại"), null=True, blank=True)
    withdraw_reason = models.TextField(_("lý do rút lại"), blank=True)

    class Meta:
        verbose_name = _("nội dung công bố")
        verbose_name_plural = _("nội dung công bố")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["province", "withdrawn_at"], name="publication_live_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class InspectionPlan(models.Model):
    """A yearly inspection programme of one organising unit: units, team, dates, checklist, share.

    The organiser is the province (its standing agency runs the province's programme over its
    departments, districts…), or a department, district or commune inspecting its own subordinate
    units (seed 000: each reaches ≥ 30% of its subordinates a year). One programme per organiser
    and year. ``members``: the users on the inspection team (any unit), who record findings.
    """

    province = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="inspection_plans", verbose_name=_("tỉnh")
    )
    organiser = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="organised_inspection_plans",
        verbose_name=_("đơn vị tổ chức kiểm tra"),
    )
    population_count = models.PositiveIntegerField(_("số đơn vị thuộc diện kiểm tra"), default=0)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("thành viên đoàn kiểm tra")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số hiệu"), max_length=64, blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    levels = models.JSONField(_("cấp đơn vị được kiểm tra"), default=list)  # e.g. ["department"]
    required_share = models.DecimalField(
        _("tỷ lệ tối thiểu"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.300"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    share_source = models.CharField(_("căn cứ tỷ lệ"), max_length=255, blank=True)
    selection_rule = models.CharField(_("quy tắc đề xuất"), max_length=16, blank=True)
    below_share_reason = models.TextField(_("lý do dưới tỷ lệ"), blank=True)
    team = models.JSONField(_("đoàn kiểm tra"), default=list)  # [{"name", "position", "unit"}]
    checklist = models.JSONField(_("nội dung kiểm tra"), default=list)  # [{"code", "title"}]
    start_date = models.DateField(_("từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    followup_plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = user_ref()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra CCHC")
        verbose_name_plural = _("kế hoạch kiểm tra CCHC")
        ordering = ["-year", "province__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organiser", "year"], name="inspectionplan_unique_organiser_year"
            ),
            models.CheckConstraint(
                condition=Q(required_share__gte=0) & Q(required_share__lte=1),
                name="inspectionplan_share_range",
                violation_error_message=_("Tỷ lệ phải từ 0 đến 100%."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa kiểm tra")
    DONE = "done", _("Đã kiểm tra")


class Inspection(models.Model):
    """One unit inspected under a plan."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="inspections", verbose_name=_("đơn vị")
    )
    scheduled_on = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    inspected_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    conclusion = models.TextField(_("kết luận"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["plan", "order", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="inspection_unique_plan_unit")]

    def __str__(self) -> str:
        return f"{self.plan.year} · {self.unit}"

    def audit_province_code(self) -> str:
        return self.plan.province.code


class FindingKind(models.TextChoices):
    MET = "dat", _("Đạt")
    ISSUE = "ton_tai", _("Tồn tại, hạn chế")


class Finding(models.Model):
    """A finding of an inspection against one checklist item, with its evidence."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    checklist_code = models.CharField(_("nội dung kiểm tra"), max_length=32, blank=True)
    kind = models.CharField(_("kết quả"), max_length=16, choices=FindingKind.choices)
    text = models.TextField(_("nhận xét"))
    evidence = models.TextField(_("căn cứ, tài liệu kiểm chứng"), blank=True)
    action = models.TextField(_("yêu cầu khắc phục"), blank=True)
    action_due = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    task = models.ForeignKey("plans.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"

    def audit_province_code(self) -> str:
        return self.inspection.plan.province.code
