"""Indicators (chỉ số đo lường) as versioned data, their values per unit and period, the links of
plan targets to indicators, and the one-stop dossier statistics aggregated from exports.

An indicator's code is its identity across versions: loading a new version of a set updates the
indicator rows (so values keep pointing at them) and keeps the whole definition of every loaded
version in :class:`IndicatorSet` (``definition``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.confidence import Confidence
from cchc.core.fields import user_ref
from cchc.jobs.models import JobStatus


class UnitOfMeasure(models.TextChoices):
    PERCENT = "percent", _("%")
    COUNT = "count", _("số lượng")
    DAYS = "days", _("ngày")
    MINUTES = "minutes", _("phút")
    POINTS = "points", _("điểm")
    RANK = "rank", _("thứ hạng")
    RATIO = "ratio", _("tỷ số")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class IndicatorKind(models.TextChoices):
    MANUAL = "manual", _("Nhập số liệu")
    FORMULA = "formula", _("Tính theo công thức")
    COMPUTED = "computed", _("Tính từ dữ liệu của nền tảng")


class PeriodType(models.TextChoices):
    ANNUAL = "annual", _("Năm")
    SIX_MONTHLY = "six_monthly", _("6 tháng")
    QUARTERLY = "quarterly", _("Quý")
    MONTHLY = "monthly", _("Tháng")


class IndicatorSet(models.Model):
    """One loaded version of an indicator set (or of a 766 definition), kept whole."""

    class Kind(models.TextChoices):
        INDICATORS = "indicators", _("Bộ chỉ số")
        INDEX_766 = "q766", _("Định nghĩa Chỉ số 766")

    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INDICATORS)
    code = models.CharField(_("mã bộ"), max_length=64)
    version = models.CharField(_("phiên bản"), max_length=32)
    name = models.CharField(_("tên"), max_length=255)
    source = models.TextField(_("nguồn"), blank=True)
    confidence = models.CharField(_("độ tin cậy"), max_length=1, choices=Confidence.choices, default="U")
    definition = models.JSONField(_("định nghĩa"), default=dict)
    file_name = models.CharField(_("tệp"), max_length=255, blank=True)
    loaded_by = user_ref()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "version"], name="indicatorset_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"


class Indicator(models.Model):
    """An indicator: entered by units (manual) or computed from a numerator / denominator formula
    over other indicators and dossier statistics (``ds.received`` …)."""

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên chỉ số"), max_length=500)
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("bộ chỉ số")
    )
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=16, choices=UnitOfMeasure.choices)
    direction = models.CharField(_("chiều"), max_length=8, choices=Direction.choices, default="higher")
    level = models.CharField(_("cấp"), max_length=16, blank=True)
    period_type = models.CharField(_("kỳ"), max_length=16, choices=PeriodType.choices, default="annual")
    kind = models.CharField(_("cách có số liệu"), max_length=16, choices=IndicatorKind.choices)
    numerator = models.TextField(_("tử số"), blank=True)
    denominator = models.TextField(_("mẫu số"), blank=True)
    factor = models.DecimalField(_("hệ số"), max_digits=10, decimal_places=4, default=1)
    # kind "computed": the named platform source (``cchc.indicators.platform.SOURCES``)
    computed_source = models.CharField(_("nguồn tính trên nền tảng"), max_length=64, blank=True)
    min_value = models.DecimalField(_("tối thiểu"), max_digits=18, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("tối đa"), max_digits=18, decimal_places=4, null=True, blank=True)
    keywords = models.JSONField(_("từ khóa gợi ý"), default=list, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    source = models.TextField(_("nguồn"), blank=True)
    confidence = models.CharField(_("độ tin cậy"), max_length=1, choices=Confidence.choices, default="U")
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def uses_dossiers(self) -> bool:
        return "ds." in f"{self.numerator} {self.denominator}"


class LinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Gợi ý")
    CONFIRMED = "confirmed", _("Đã xác nhận")


class TargetIndicator(models.Model):
    """The indicator that measures a plan target (suggested, then confirmed by the standing officer)."""

    target = models.OneToOneField("plans.Target", on_delete=models.CASCADE, related_name="indicator_link")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="target_links")
    status = models.CharField(max_length=16, choices=LinkStatus.choices, default=LinkStatus.SUGGESTED)
    score = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    confirmed_by = user_ref()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ số của chỉ tiêu")
        verbose_name_plural = _("chỉ số của chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.target_id} → {self.indicator.code}"


class IncreaseMode(models.TextChoices):
    POINTS = "points", _("Cộng thêm điểm phần trăm")
    RELATIVE = "relative", _("Tăng tương đối so với năm trước")


class TargetRule(models.Model):
    """How a target is judged, as data the standing officer confirms on the target page: the
    meaning of "mỗi năm tăng X%" (points or relative growth, proposed by the system), the levels a
    per-cấp trajectory covers and their base-year values, the coverage rule (share of the expected
    units that must have reported, 100% when empty) and the plan's yearly milestones."""

    target = models.OneToOneField("plans.Target", on_delete=models.CASCADE, related_name="attainment_rule")
    increase_mode = models.CharField(
        _("cách tính mức tăng"), max_length=16, choices=IncreaseMode.choices, blank=True
    )
    mode_reason = models.CharField(_("căn cứ đề xuất"), max_length=255, blank=True)
    mode_confirmed = models.BooleanField(_("đã xác nhận cách tính"), default=False)
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu tăng"), null=True, blank=True)
    levels = models.JSONField(_("các cấp"), default=list, blank=True)  # ["province", "district", …]
    base_values = models.JSONField(_("giá trị năm gốc"), default=dict, blank=True)  # {level: "30"}
    coverage = models.DecimalField(
        _("tỷ lệ đơn vị phải có số liệu (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    milestones = models.JSONField(_("mốc từng năm"), default=dict, blank=True)  # {"2022": "60"}
    confirmed_by = user_ref()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cách đánh giá chỉ tiêu")
        verbose_name_plural = _("cách đánh giá chỉ tiêu")
        constraints = [
            models.CheckConstraint(
                condition=Q(coverage__isnull=True) | (Q(coverage__gt=0) & Q(coverage__lte=100)),
                name="targetrule_coverage_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.increase_mode or '—'}"

    def audit_province_code(self) -> str:
        return self.target.plan.province.code


class ValueStatus(models.TextChoices):
    ENTERED = "entered", _("Đã nhập")
    APPROVED = "approved", _("Đã duyệt")


class ValueSource(models.TextChoices):
    FORM = "form", _("Nhập trên biểu mẫu")
    UPLOAD = "upload", _("Tải tệp Excel")
    API = "api", _("API")
    DEMO = "demo", _("Dữ liệu minh họa")


class IndicatorValue(models.Model):
    """A unit's value of an indicator for one period; approved values are locked."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="indicator_values")
    period_key = models.CharField(_("kỳ"), max_length=16)
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=4)
    numerator = models.DecimalField(_("tử số"), max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=18, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("ghi chú"), blank=True)
    evidence = models.FileField(_("tài liệu kiểm chứng"), upload_to="indicator-evidence/%Y/", blank=True)
    status = models.CharField(max_length=16, choices=ValueStatus.choices, default=ValueStatus.ENTERED)
    source = models.CharField(max_length=16, choices=ValueSource.choices, default=ValueSource.FORM)
    outlier = models.BooleanField(_("bất thường so với các kỳ trước"), default=False)
    entered_by = user_ref()
    entered_at = models.DateTimeField(auto_now=True)
    approved_by = user_ref()
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("số liệu chỉ số")
        verbose_name_plural = _("số liệu chỉ số")
        ordering = ["indicator", "period_key", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_key"], name="indicatorvalue_one_per_unit_period"
            )
        ]
        indexes = [models.Index(fields=["unit", "period_key"], name="indicatorvalue_unit_period")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_id} {self.period_key}: {self.value}"

    def audit_province_code(self) -> str:
        p = self.unit.province_root
        return p.code if p else ""


class DossierIngest(models.Model):
    """One ingest of a one-stop dossier export: what was read, rejected and which months it replaced.
    Its status, progress, message and lease are those of its job (``cchc.jobs``): queued, running,
    ``preview`` (waiting for the officer to confirm what it deletes), done or failed."""

    province = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="dossier_ingests")
    file_name = models.CharField(_("tệp"), max_length=255)
    file_sha256 = models.CharField(max_length=64, blank=True)
    stored_path = models.CharField(max_length=500, blank=True)  # uploads waiting for the worker
    job = models.OneToOneField(
        "jobs.Job", null=True, blank=True, on_delete=models.PROTECT, related_name="dossier_ingest"
    )
    rows_read = models.PositiveBigIntegerField(default=0)
    rows_accepted = models.PositiveBigIntegerField(default=0)
    rejects = models.JSONField(default=dict, blank=True)  # {reason: {"count": n, "examples": [...]}}
    months = models.JSONField(default=list, blank=True)  # ["2022-01", ...]
    # what the file replaces: [{unit_id, unit, month, rows_today, rows_in_file, absent}]
    replaces = models.JSONField(default=list, blank=True)
    absent_groups = models.PositiveIntegerField(default=0)  # groups held today, not in the file
    pending = models.JSONField(default=list, blank=True)  # the groups waiting for confirmation
    mapping = models.JSONField(default=dict, blank=True)
    created_by = user_ref()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhập hồ sơ")
        verbose_name_plural = _("lượt nhập hồ sơ")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name

    # the job's state, read through the ingest (an ingest without a job was applied directly)
    @property
    def status(self) -> str:
        return self.job.status if self.job_id else JobStatus.DONE

    def get_status_display(self) -> str:
        return JobStatus(self.status).label

    @property
    def progress(self) -> int:
        return self.job.progress if self.job_id else 100

    @property
    def message(self) -> str:
        return self.job.message if self.job_id else ""

    @property
    def finished_at(self):
        return self.job.finished_at if self.job_id else None

    @property
    def rejected(self) -> int:
        return sum(int(v.get("count", 0)) for v in (self.rejects or {}).values())


class DossierAggregateVersion(models.Model):
    """The aggregates an ingest replaced, kept so they can be put back (``do_restore_version``)."""

    province = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(
        "DossierIngest", on_delete=models.CASCADE, related_name="replaced_versions"
    )
    unit_months = models.JSONField(default=list)  # [[unit_id, year, month], ...]
    rows = models.JSONField(default=list)  # the replaced rows, as in ingest.AGG_FIELDS
    created_at = models.DateTimeField(auto_now_add=True)
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by = user_ref()

    class Meta:
        verbose_name = _("phiên bản thống kê hồ sơ")
        verbose_name_plural = _("phiên bản thống kê hồ sơ")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{len(self.rows)} nhóm trước lượt nhập {self.replaced_by_id}"


class DossierAggregate(models.Model):
    """Dossier counts of one unit, TTHC and field for one calendar month (never the raw rows)."""

    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="dossier_aggregates")
    tthc = models.CharField(_("TTHC"), max_length=255, blank=True)
    linh_vuc = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    received = models.PositiveIntegerField(default=0)
    finished = models.PositiveIntegerField(default=0)
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    in_progress = models.PositiveIntegerField(default=0)
    in_progress_past_due = models.PositiveIntegerField(default=0)
    online = models.PositiveIntegerField(default=0)
    fee_dossiers = models.PositiveIntegerField(default=0)
    paid_online = models.PositiveIntegerField(default=0)
    digitised = models.PositiveIntegerField(default=0)
    supplemented = models.PositiveIntegerField(default=0)
    ingest = models.ForeignKey(DossierIngest, on_delete=models.PROTECT, related_name="aggregates")

    class Meta:
        verbose_name = _("thống kê hồ sơ")
        verbose_name_plural = _("thống kê hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tthc", "linh_vuc", "year", "month"], name="dossieraggregate_unique_group"
            ),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="dossieraggregate_month"),
        ]
        indexes = [models.Index(fields=["year", "month", "unit"], name="dossieraggregate_month_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}-{self.month:02d} {self.tthc}"
