"""A download prepared in the background: a long export (a consolidation DOCX/PDF, a large
XLSX) runs as a job while the user sees its progress, then downloads the file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.jobs.lease import Leased


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chuẩn bị")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class DownloadJob(Leased):
    """One requested download. Only the user who asked may see it or fetch its file."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="download_jobs")
    kind = models.CharField(_("loại tệp"), max_length=64)
    label = models.CharField(_("tên"), max_length=255)
    params = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("thông báo"), max_length=500, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    file = models.FileField(_("tệp"), upload_to="downloads/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("lúc yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp chuẩn bị nền")
        verbose_name_plural = _("tệp chuẩn bị nền")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="downloadjob_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ScheduledRun(models.Model):
    """A day's run of a scheduled job (``cchc.jobs.schedule``): (name, day) exists at most once,
    so two workers, or a restart, never start the same daily job twice on one day."""

    name = models.CharField(max_length=100)
    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="scheduledrun_once_a_day")]
        verbose_name = _("lần chạy theo lịch")
        verbose_name_plural = _("lần chạy theo lịch")

    def __str__(self) -> str:
        return f"{self.name} · {self.day}"
