"""PAR INDEX of a province's own units (Chỉ số CCHC của các sở, ngành, địa phương).

A ``CriteriaSet`` (bộ chỉ số, issued by decision per year and unit type) is a tree of
``Criterion`` rows. A ``Campaign`` (cuộc đánh giá năm) names one set per block of units, its
deadlines and its council; each assessed unit gets one ``Sheet`` (phiếu chấm) with one ``Score``
per leaf criterion: self-score, round-1 appraisal, explanation, round-2 appraisal, survey
points. Sheets point at the unit as it was (``PROTECT``); a merged or renamed unit keeps its
sheet, found from the successor through ``orgs.UnitSuccession`` (lineage).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.fields import user_ref


class Block(models.TextChoices):
    """The unit types a set is issued for; ranking is within a block."""

    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("UBND cấp huyện")
    COMMUNE = "commune", _("UBND cấp xã")
    VERTICAL = "vertical", _("Cơ quan ngành dọc")


class SetStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class CriterionKind(models.TextChoices):
    REGULAR = "regular", _("Tiêu chí")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class SurveySource(models.TextChoices):
    """Where a survey-scored leaf's points come from (METHODOLOGY §1.3: the official method scores
    some leaves from the citizen survey SIPAS, others from the survey of leaders, managers and
    civil servants, others from socio-economic impact data)."""

    SIPAS = "sipas", _("Khảo sát người dân, tổ chức (SIPAS)")
    OFFICIALS = "officials", _("Khảo sát lãnh đạo, quản lý, công chức")
    IMPACT = "impact", _("Tác động đến phát triển kinh tế - xã hội")
    ENTERED = "entered", _("Nhập trực tiếp")


class CriteriaSet(models.Model):
    """A criteria set (Bộ chỉ số) for one year and one block, as issued by a decision."""

    province = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    block = models.CharField(_("khối đơn vị"), max_length=16, choices=Block.choices)
    title = models.CharField(_("tên bộ chỉ số"), max_length=500)
    decision_number = models.CharField(_("số quyết định ban hành"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    source_note = models.TextField(_("nguồn, độ tin cậy"), blank=True)
    is_stand_in = models.BooleanField(_("bộ chỉ số thay thế (minh họa)"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=SetStatus.choices, default=SetStatus.DRAFT
    )
    max_points = models.DecimalField(_("tổng điểm tối đa"), max_digits=8, decimal_places=3, default=0)
    bands = models.JSONField(_("xếp loại"), default=list, blank=True)  # [{"min": "90", "label": "Tốt"}]
    survey_rule = models.JSONField(_("quy đổi điểm điều tra"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("bộ chỉ số CCHC")
        verbose_name_plural = _("bộ chỉ số CCHC")
        ordering = ["-year", "block", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Criterion(models.Model):
    """A node of the tree: lĩnh vực (depth 1), tiêu chí (2), tiêu chí thành phần (3)."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("mã"), max_length=32)
    title = models.TextField(_("nội dung"))
    depth = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=8, choices=CriterionKind.choices, default=CriterionKind.REGULAR)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=3)
    guidance = models.TextField(_("thang điểm, hướng dẫn chấm"), blank=True)
    evidence_required = models.BooleanField(_("yêu cầu tài liệu kiểm chứng"), default=True)
    survey = models.BooleanField(_("chấm qua điều tra xã hội học"), default=False)
    rule = models.JSONField(_("quy tắc chấm theo chỉ tiêu đo lường"), null=True, blank=True)
    survey_source = models.CharField(
        _("nguồn điểm điều tra"), max_length=12, choices=SurveySource.choices, blank=True
    )
    survey_rule = models.JSONField(_("quy đổi điểm điều tra"), null=True, blank=True)
    lead_text = models.CharField(_("đơn vị chủ trì"), max_length=500, blank=True)
    is_leaf = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code"),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="criterion_max_nonnegative",
                violation_error_message=_("Điểm tối đa không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class CampaignStage(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    ROUND1 = "round1", _("Thẩm định lần 1")
    EXPLANATION = "explanation", _("Giải trình")
    ROUND2 = "round2", _("Thẩm định lần 2")
    RESULTS = "results", _("Tổng hợp kết quả")
    PUBLISHED = "published", _("Đã công bố")


class Campaign(models.Model):
    """A yearly assessment (cuộc đánh giá, xác định Chỉ số CCHC năm ...) of a province's units."""

    province = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    title = models.CharField(_("tên"), max_length=500)
    stage = models.CharField(
        _("giai đoạn"), max_length=12, choices=CampaignStage.choices, default=CampaignStage.SELF
    )
    self_deadline = models.DateField(_("hạn tự đánh giá"))
    explanation_deadline = models.DateField(_("hạn giải trình"))
    appraisal_deadline = models.DateField(_("hạn thẩm định"))
    council = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    decision_number = models.CharField(_("số quyết định công bố"), max_length=64, blank=True)
    decision_date = models.DateField(_("ngày quyết định công bố"), null=True, blank=True)
    # results approved by the decision: every sheet final or excluded; survey conversion locked
    approved_at = models.DateTimeField(_("ngày phê duyệt kết quả"), null=True, blank=True)
    approved_by_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("cuộc đánh giá Chỉ số CCHC")
        verbose_name_plural = _("cuộc đánh giá Chỉ số CCHC")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.title


class CampaignSet(models.Model):
    """Which criteria set a campaign uses for a block."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sets")
    block = models.CharField(max_length=16, choices=Block.choices)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "block"], name="campaignset_unique_block")]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.get_block_display()}"


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi tự đánh giá")
    ROUND1 = "round1", _("Đã thẩm định lần 1")
    EXPLAINED = "explained", _("Đã giải trình")
    FINAL = "final", _("Đã thẩm định lần 2")


class Sheet(models.Model):
    """One unit's scoring sheet (phiếu chấm điểm) in a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sheets")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="par_sheets")
    block = models.CharField(max_length=16, choices=Block.choices)
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="sheets")
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by_name = models.CharField(max_length=255, blank=True)
    round1_at = models.DateTimeField(null=True, blank=True)
    round1_by_name = models.CharField(max_length=255, blank=True)
    explained_at = models.DateTimeField(null=True, blank=True)
    round2_at = models.DateTimeField(null=True, blank=True)
    round2_by_name = models.CharField(max_length=255, blank=True)
    # left out of the results on purpose (e.g. the unit did not self-assess): shown as not assessed
    excluded_reason = models.TextField(_("lý do không xác định chỉ số"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["campaign", "block", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="sheet_unique_campaign_unit")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"

    def audit_province_code(self) -> str:
        return self.campaign.province.code


class Score(models.Model):
    """The scores of one leaf criterion on one sheet, every stage kept side by side."""

    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_points = models.DecimalField(
        _("điểm tự đánh giá"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    self_note = models.TextField(_("giải thích của đơn vị"), blank=True)
    prefill_points = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    prefill_source = models.CharField(max_length=255, blank=True)
    override_reason = models.TextField(_("lý do không dùng điểm tính sẵn"), blank=True)
    round1_points = models.DecimalField(
        _("điểm thẩm định lần 1"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    round1_comment = models.TextField(_("nhận xét lần 1"), blank=True)
    round1_by = user_ref()
    explanation = models.TextField(_("giải trình"), blank=True)
    round2_points = models.DecimalField(
        _("điểm thẩm định lần 2"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    round2_comment = models.TextField(_("nhận xét lần 2"), blank=True)
    round2_by = user_ref()
    survey_points = models.DecimalField(
        _("điểm điều tra xã hội học"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    survey_source = models.CharField(max_length=64, blank=True)  # entered | surveys:<source>
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["sheet", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_unique_sheet_criterion"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True}) | Q(**{f"{f}__gte": 0}),
                    name=f"score_{f}_nonnegative",
                    violation_error_message=_("Điểm không được âm."),
                )
                for f in ("self_points", "round1_points", "round2_points", "survey_points")
            ],
        ]

    def __str__(self) -> str:
        return f"{self.sheet} · {self.criterion.code}"

    def audit_province_code(self) -> str:
        return self.sheet.audit_province_code()

    @property
    def final_points(self):
        """Appraised points: round 2 if recorded, else round 1 (None before appraisal)."""
        return self.round2_points if self.round2_points is not None else self.round1_points


class EvidenceStage(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    EXPLANATION = "explanation", _("Giải trình")


def par_evidence_path(instance: ScoreEvidence, filename: str) -> str:
    return f"par-evidence/{instance.sha256[:2]}/{instance.sha256}"


class ScoreEvidence(models.Model):
    """Evidence for a score: an uploaded file, or a link to evidence already recorded on a task."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    stage = models.CharField(max_length=12, choices=EvidenceStage.choices, default=EvidenceStage.SELF)
    tracking_evidence = models.ForeignKey(
        "tracking.Evidence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    doc_number = models.CharField(_("số, ký hiệu"), max_length=120, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    file = models.FileField(upload_to=par_evidence_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by_name = models.CharField(max_length=255, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.doc_number or self.original_name or self.url or str(self.pk)


# the province's own index (issue 21): its models live in their own module
from cchc.parindex.province_models import ProvinceCampaign, ProvinceCriterion  # noqa: E402, F401
