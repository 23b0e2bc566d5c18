"""Plans as issued: the document, its areas, targets, tasks (with lead/support units) and index tables.

A plan comes from the importer (``cchc.domain.planparse``, the ``cchc.plan/1`` interchange) or is
a unit's own plan derived from a province plan (``parent_plan``; tasks link to ``parent_task``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.fields import user_ref


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Kế hoạch")
    DECISION = "decision", _("Quyết định")
    RESOLUTION = "resolution", _("Nghị quyết")
    DIRECTIVE = "directive", _("Chỉ thị")
    REPORT = "report", _("Báo cáo")
    LETTER = "letter", _("Công văn")
    OTHER = "other", _("Văn bản khác")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    DRAFT = "draft", _("Dự thảo đơn vị")
    SUBMITTED = "submitted", _("Đã gửi cơ quan thường trực")
    ACKNOWLEDGED = "acknowledged", _("Đã được ghi nhận")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(models.Model):
    """An issued reform plan (or a unit's own plan derived from one)."""

    number = models.CharField(_("số hiệu"), max_length=64, blank=True)  # "" for a draft without number
    kind = models.CharField(
        _("loại văn bản"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.PLAN
    )
    title = models.TextField(_("trích yếu"))
    province = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="province_plans",
        verbose_name=_("tỉnh, thành phố"),
    )
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="owned_plans",
        verbose_name=_("đơn vị ban hành"),
    )
    issuer_text = models.CharField(_("cơ quan ban hành (như ghi trên văn bản)"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    period_start = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    parent_plan = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_plans",
        verbose_name=_("kế hoạch cấp trên"),
    )
    source_name = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    source_format = models.CharField(max_length=16, blank=True)
    interchange = models.JSONField(
        _("dữ liệu trích xuất"), default=dict, blank=True
    )  # cchc.plan/1 as imported
    coverage = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    created_by = user_ref()
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} · {self.title[:80]}" if self.number else self.title[:100]


class Area(models.Model):
    """A reform area or section of a plan (I. CẢI CÁCH THỂ CHẾ …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("số thứ tự"), max_length=16, blank=True)
    title = models.CharField(_("lĩnh vực"), max_length=500)
    standard_area = models.CharField(_("lĩnh vực chuẩn"), max_length=32, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}" if self.code else self.title


class Target(models.Model):
    """A measurable target (chỉ tiêu)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets")
    text = models.TextField(_("nội dung"))
    comparator = models.CharField(_("so sánh"), max_length=8, blank=True)
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4, null=True, blank=True)
    value_max = models.DecimalField(
        _("giá trị tối đa"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị tính"), max_length=32, blank=True)
    level = models.CharField(_("cấp"), max_length=16, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    # "mỗi năm tăng tối thiểu 20%": a yearly trajectory (every year of the plan), not one year's target
    yearly = models.BooleanField(_("hằng năm"), default=False)
    subject = models.TextField(_("đối tượng"), blank=True)
    source_line_start = models.PositiveIntegerField(null=True, blank=True)
    source_line_end = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.text[:100]


class Recurrence(models.TextChoices):
    NONE = "", _("Một lần")
    YEARLY = "yearly", _("Hằng năm")
    CONTINUOUS = "continuous", _("Thường xuyên")
    QUARTERLY = "quarterly", _("Hằng quý")
    SIX_MONTHLY = "six_monthly", _("6 tháng")
    MONTHLY = "monthly", _("Hằng tháng")


class Task(models.Model):
    """A trackable row of a plan: an activity under a task under an objective."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    objective = models.TextField(_("mục tiêu"), blank=True)
    parent_title = models.TextField(_("nhiệm vụ"), blank=True)
    title = models.TextField(_("hoạt động"))
    outputs = models.JSONField(_("kết quả, sản phẩm"), default=list, blank=True)
    timeframe_text = models.CharField(_("thời gian"), max_length=255, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    recurrence = models.CharField(
        _("lặp lại"), max_length=16, choices=Recurrence.choices, blank=True, default=""
    )
    event = models.TextField(_("sự kiện kích hoạt"), blank=True)
    event_date = models.DateField(_("ngày xảy ra sự kiện"), null=True, blank=True)
    parent_task = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_tasks",
        verbose_name=_("nhiệm vụ cấp trên"),
    )
    source_line_start = models.PositiveIntegerField(null=True, blank=True)
    source_line_end = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)  # optimistic locking

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.title[:100]

    def audit_province_code(self) -> str:
        return self.plan.province.code


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    SUPPORT = "support", _("Phối hợp")


class TaskUnit(models.Model):
    """A lead or coordinating mention of a task, resolved to a unit or a group (or left unresolved)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="unit_mentions")
    role = models.CharField(max_length=8, choices=UnitRole.choices)
    text = models.CharField(_("như ghi trong kế hoạch"), max_length=500)
    unit = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="task_mentions"
    )
    group = models.ForeignKey(
        "orgs.OrgGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="task_mentions"
    )
    confidence = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    vague = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("đơn vị trong nhiệm vụ")
        verbose_name_plural = _("đơn vị trong nhiệm vụ")
        ordering = ["task", "role", "order"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.text}"

    @property
    def is_resolved(self) -> bool:
        return self.unit_id is not None or self.group_id is not None


class IndexCriterion(models.Model):
    """A PAR INDEX criterion row of an index-improvement plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="index_criteria")
    code = models.CharField(max_length=32)
    title = models.TextField()
    max_points = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    baseline = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    target = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    target_comparator = models.CharField(_("so sánh mục tiêu"), max_length=8, blank=True)
    lead_text = models.CharField(max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí Chỉ số CCHC")
        verbose_name_plural = _("tiêu chí Chỉ số CCHC")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"

    @property
    def lead(self) -> str:
        """The lead as written (the interchange's ``lead``; templates show rows of both)."""
        return self.lead_text


class SurveyTarget(models.Model):
    """A SIPAS target row."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="survey_targets")
    code = models.CharField(max_length=32, blank=True)
    title = models.TextField()
    baseline = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    target = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    target_comparator = models.CharField(_("so sánh mục tiêu"), max_length=8, blank=True)
    lead_text = models.CharField(max_length=500, blank=True)
    implementers_text = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu SIPAS")
        verbose_name_plural = _("chỉ tiêu SIPAS")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.title[:100]

    @property
    def lead(self) -> str:
        """The lead as written (the interchange's ``lead``; templates show rows of both)."""
        return self.lead_text


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    COMMITTED = "committed", _("Đã tạo kế hoạch")
    DISCARDED = "discarded", _("Đã hủy")


class PlanImport(models.Model):
    """An uploaded plan document waiting in preview: the extracted ``cchc.plan/1`` data, edited
    by the standing officer until confirmed (it then becomes a :class:`Plan`) or discarded."""

    province = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="plan_imports", verbose_name=_("tỉnh")
    )
    owner_unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_plan_imports",
        verbose_name=_("đơn vị ban hành"),
    )
    source_name = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    source_format = models.CharField(max_length=16, blank=True)
    interchange = models.JSONField(_("dữ liệu trích xuất"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")
    uploaded_by = user_ref()
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lượt nhập kế hoạch")
        verbose_name_plural = _("lượt nhập kế hoạch")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        doc = (self.interchange or {}).get("document") or {}
        return doc.get("number") or self.source_name or f"#{self.pk}"
