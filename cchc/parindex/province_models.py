"""The province's own PAR INDEX (Chỉ số CCHC của tỉnh, do Bộ Nội vụ xác định), followed criterion
by criterion: a campaign kind for the province itself (issue 21 point 4).

``ProvinceCampaign``: one province and year, built from an imported plan's index table (e.g. Hà
Nội's Kế hoạch 192/KH-UBND: last year's announced score and this year's target per criterion,
a lead department each), with the province-level criteria set's name, version, source and
confidence (``data/province_index.json``), and the ministry's announced result once entered.
``ProvinceCriterion``: one row of that table: the target, the lead department who self-assesses it
and attaches its evidence, and the announced points. Imported into ``parindex.models``.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.fields import user_ref


class ProvinceCampaign(models.Model):
    """A province following its own national PAR INDEX of ``year`` against its targets."""

    province = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    title = models.CharField(_("tên"), max_length=500)
    source_plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kế hoạch có bảng chỉ tiêu"),
    )
    method_key = models.CharField(_("bộ chỉ số"), max_length=64)
    method_version = models.PositiveIntegerField(_("phiên bản"), default=1)
    method_title = models.CharField(_("tên bộ chỉ số"), max_length=300)
    method_source = models.TextField(_("nguồn"), blank=True)
    method_confidence = models.CharField(_("độ tin cậy"), max_length=300, blank=True)
    domains = models.JSONField(_("lĩnh vực"), default=list)  # [{"code", "title", "areas"}] as loaded
    self_deadline = models.DateField(_("hạn tự đánh giá"), null=True, blank=True)
    announced_decision = models.CharField(_("văn bản công bố kết quả"), max_length=120, blank=True)
    announced_date = models.DateField(_("ngày công bố"), null=True, blank=True)
    announced_rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    announced_note = models.TextField(_("ghi chú kết quả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("Chỉ số CCHC của tỉnh")
        verbose_name_plural = _("Chỉ số CCHC của tỉnh")
        ordering = ["-year", "province__code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="provincecampaign_unique_year"),
        ]

    def __str__(self) -> str:
        return self.title


class ProvinceCriterion(models.Model):
    """One criterion row of the province's index: target, lead, self-assessment, announced points."""

    campaign = models.ForeignKey(ProvinceCampaign, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=32)
    title = models.TextField(_("nội dung"))
    domain = models.CharField(_("lĩnh vực"), max_length=8)
    depth = models.PositiveSmallIntegerField(default=1)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=3, null=True, blank=True)
    baseline = models.DecimalField(_("điểm năm trước"), max_digits=8, decimal_places=3, null=True, blank=True)
    target = models.DecimalField(_("mục tiêu"), max_digits=8, decimal_places=3, null=True, blank=True)
    target_comparator = models.CharField(max_length=8, blank=True)
    summed = models.BooleanField(_("tổng của tiêu chí con"), default=False)
    self_assessed = models.BooleanField(_("tỉnh tự chấm"), default=True)
    lead_text = models.CharField(_("chủ trì tham mưu (như ghi trong kế hoạch)"), max_length=500, blank=True)
    lead_unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị chủ trì"),
    )
    self_points = models.DecimalField(
        _("điểm tự đánh giá"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    explanation = models.TextField(_("thuyết minh cách tính điểm"), blank=True)
    evidence = models.TextField(_("tài liệu kiểm chứng"), blank=True)
    self_by = user_ref()
    self_by_name = models.CharField(max_length=255, blank=True)
    self_at = models.DateTimeField(null=True, blank=True)
    announced_points = models.DecimalField(
        _("điểm Bộ Nội vụ công bố"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí Chỉ số CCHC của tỉnh")
        verbose_name_plural = _("tiêu chí Chỉ số CCHC của tỉnh")
        ordering = ["campaign", "order"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="provincecriterion_unique_code"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | Q(self_points__gte=0),
                name="provincecriterion_self_points_nonnegative",
                violation_error_message=_("Điểm không được âm."),
            ),
        ]
        indexes = [models.Index(fields=["campaign", "lead_unit"], name="provcrit_lead_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"

    def audit_province_code(self) -> str:
        return self.campaign.province.code
