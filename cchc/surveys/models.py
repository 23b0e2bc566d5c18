"""Citizen satisfaction surveys: questionnaires (versioned data), rounds, invitation codes,
responses with their answers, and the stored results per unit.

A ``Questionnaire`` is loaded from an XLSForm-like workbook and never edited: a changed workbook
is a new version. A ``SurveyRound`` surveys some units (``RoundUnit``: population, sample, the
open link) over a period through one or more channels. One ``Response`` per invitation code is
guaranteed by a unique constraint on ``Response.invitation``; open-link duplicates by a unique
``dedupe_key``. Responses keep nothing about the respondent but the channel (and, for open links,
a keyed hash of the address used for rate limits, see docs/surveys.md). ``UnitResult`` holds the
computed aggregates that pages, exports and other apps read.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.confidence import Confidence
from cchc.core.fields import user_ref


class Questionnaire(models.Model):
    """A versioned questionnaire: sections, questions, choices and index definitions (as JSON)."""

    code = models.CharField(_("mã phiếu"), max_length=64)
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tên phiếu"), max_length=500)
    source = models.TextField(_("nguồn"), blank=True)
    confidence = models.CharField(
        _("độ tin cậy"), max_length=1, choices=Confidence.choices, default=Confidence.UNVERIFIED
    )
    definition = models.JSONField(_("nội dung phiếu"))
    source_name = models.CharField(_("tệp gốc"), max_length=255, blank=True)
    loaded_by = user_ref()
    loaded_at = models.DateTimeField(_("thời điểm nạp"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu khảo sát")
        verbose_name_plural = _("phiếu khảo sát")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="questionnaire_unique_code_version",
                violation_error_message=_("Phiếu khảo sát với mã và phiên bản này đã có."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.code} v{self.version})"

    @property
    def parsed(self):
        from cchc.domain.surveys import Questionnaire as Q_

        cached = getattr(self, "_parsed", None)
        if cached is None:
            cached = self._parsed = Q_.from_dict(self.definition)
        return cached


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang khảo sát")
    CLOSED = "closed", _("Đã kết thúc")


class Channel(models.TextChoices):
    INVITATION = "invitation", _("Mã khảo sát")
    OPEN_LINK = "open_link", _("Đường dẫn công khai")
    IMPORT = "import", _("Nhập từ phiếu giấy/hệ thống khác")


class SurveyRound(models.Model):
    """A survey round (đợt khảo sát) of a province: questionnaire, units, period, channels."""

    province = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="survey_rounds",
        verbose_name=_("tỉnh, thành phố"),
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("phiếu khảo sát")
    )
    title = models.CharField(_("tên đợt khảo sát"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    use_invitations = models.BooleanField(_("phát mã khảo sát"), default=True)
    use_open_link = models.BooleanField(_("đường dẫn công khai"), default=False)
    counted_channels = models.JSONField(_("kênh được tính vào chỉ số"), default=list, blank=True)  # [] = all
    reference_from = models.DateField(_("kỳ tham chiếu từ ngày"), null=True, blank=True)
    reference_to = models.DateField(_("kỳ tham chiếu đến ngày"), null=True, blank=True)
    margin = models.DecimalField(_("sai số cho phép (e)"), max_digits=4, decimal_places=3, default="0.050")
    confidence_level = models.DecimalField(_("độ tin cậy"), max_digits=4, decimal_places=3, default="0.950")
    target_plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_rounds",
        verbose_name=_("kế hoạch có chỉ tiêu"),
    )
    results_at = models.DateTimeField(_("thời điểm tính kết quả"), null=True, blank=True)
    created_by = user_ref()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt khảo sát")
        verbose_name_plural = _("đợt khảo sát")
        ordering = ["-year", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="surveyround_period_order",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class RoundUnit(models.Model):
    """A unit surveyed in a round: its population (dossiers in the period), sample, open link."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    population = models.PositiveIntegerField(_("số hồ sơ trong kỳ (N)"), null=True, blank=True)
    # where N came from: "dossiers" (dossiers received in the reference period), "entered", ""
    population_source = models.CharField(_("nguồn N"), max_length=16, blank=True)
    sample_size = models.PositiveIntegerField(_("cỡ mẫu"), default=0)
    link_token = models.CharField(max_length=32, unique=True)
    max_responses = models.PositiveIntegerField(_("số phiếu tối đa qua đường dẫn"), null=True, blank=True)
    # sized for a kiosk at the one-stop desk or a carrier's shared address (docs/surveys.md)
    per_address_per_hour = models.PositiveSmallIntegerField(
        _("số phiếu tối đa mỗi giờ từ một địa chỉ"), default=60
    )

    class Meta:
        verbose_name = _("đơn vị được khảo sát")
        verbose_name_plural = _("đơn vị được khảo sát")
        ordering = ["round", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="roundunit_unique_unit")]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class RoundTarget(models.Model):
    """The target (and last year's result) for one index of a round, from a plan or typed in."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="targets")
    index_code = models.CharField(_("mã chỉ số"), max_length=32)
    target = models.DecimalField(_("mục tiêu (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    baseline = models.DecimalField(
        _("kết quả năm trước (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    # as the plan wrote it: ">" for "> 88,00" (88,00 is not enough); empty means ≥
    comparator = models.CharField(_("so sánh"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("mục tiêu chỉ số")
        verbose_name_plural = _("mục tiêu chỉ số")
        ordering = ["round", "index_code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "index_code"], name="roundtarget_unique_index")
        ]

    def __str__(self) -> str:
        return f"{self.index_code}: {self.target}"


class Invitation(models.Model):
    """One respondent's invitation code (printed as a QR code, handed out with a dossier's result)."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(_("mã khảo sát"), max_length=16, unique=True)
    batch = models.PositiveIntegerField(_("đợt in"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mã khảo sát")
        verbose_name_plural = _("mã khảo sát")
        ordering = ["round_unit", "batch", "id"]

    def __str__(self) -> str:
        return self.code


class ImportBatch(models.Model):
    """One file of external responses (paper entry, LimeSurvey, KoboToolbox), imported whole."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="imports")
    source = models.CharField(_("nguồn"), max_length=32)
    file_name = models.CharField(_("tệp"), max_length=255)
    rows = models.PositiveIntegerField(_("số phiếu"), default=0)
    created_by = user_ref()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhập phiếu")
        verbose_name_plural = _("lượt nhập phiếu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class Response(models.Model):
    """One completed questionnaire. Nothing here identifies the respondent."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.PROTECT, related_name="responses")
    channel = models.CharField(_("kênh"), max_length=16, choices=Channel.choices)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="responses"
    )
    external_id = models.CharField(_("mã phiếu bên ngoài"), max_length=64, blank=True)
    client_key = models.CharField(max_length=32, blank=True, db_index=True)
    # NULL (not ""): many responses without a key must pass the unique constraint
    dedupe_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    # the same answers from the same address on the same day as an earlier open-link response:
    # stored and counted, flagged for the standing officer to review (never refused)
    needs_review = models.BooleanField(_("cần xem xét (trùng câu trả lời)"), default=False)
    submitted_at = models.DateTimeField(_("thời điểm gửi"))

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")
        ordering = ["round_unit", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="invitation") | Q(invitation__isnull=False),
                name="response_invitation_channel_has_code",
            ),
        ]
        indexes = [
            models.Index(fields=["round_unit", "client_key", "submitted_at"], name="response_rate_idx"),
            models.Index(fields=["round_unit", "dedupe_key"], name="response_dedupe_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()}"


class Answer(models.Model):
    """One answer of a response (a multiple choice answer is one row per chosen option)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=64)
    value = models.TextField(blank=True)
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        indexes = [models.Index(fields=["response", "question"], name="answer_response_question_idx")]

    def __str__(self) -> str:
        return f"{self.question}={self.value or self.number}"


class ResponseDraft(models.Model):
    """Answers of an unfinished form, kept between screens so a dropped connection loses nothing
    (keyed by the invitation code or by the open link's resume code); deleted on submit."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="drafts")
    key = models.CharField(max_length=32, unique=True)
    answers = models.JSONField(default=dict)
    step = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu đang điền")
        verbose_name_plural = _("phiếu đang điền")

    def __str__(self) -> str:
        return self.key


class UnitResult(models.Model):
    """Computed results of a unit in a round for one channel ("" = the channels the round counts;
    the round's overall row has ``unit`` None)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=16, blank=True, default="")
    responses = models.PositiveIntegerField(default=0)
    overall = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    indices = models.JSONField(default=dict)  # code -> {value, ci_low, ci_high, n}
    distributions = models.JSONField(default=dict)  # question -> {answered, counts, mean}
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kết quả khảo sát")
        verbose_name_plural = _("kết quả khảo sát")
        ordering = ["round", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "channel"], name="unitresult_unique"),
            models.UniqueConstraint(
                fields=["round", "channel"], condition=Q(unit__isnull=True), name="unitresult_unique_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit or '—'} · {self.overall}"
