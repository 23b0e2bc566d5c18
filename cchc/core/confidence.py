"""How far a loaded definition (an indicator set, an indicator, a survey questionnaire) can be
trusted: the one scale every app uses (``V``/``S``/``O``/``U``, as in the shipped data files)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    VERIFIED = "V", _("Đã đối chiếu văn bản gốc")
    SECONDARY = "S", _("Theo nguồn thứ cấp")
    OBSERVED = "O", _("Quan sát từ hệ thống")
    UNVERIFIED = "U", _("Chưa được kiểm chứng")
