"""One background job: a download prepared in the background (a consolidation DOCX/PDF, a large
XLSX), an OCR import, a dossier ingest. The user sees its progress while ``cchc worker`` runs it;
a job with a file lets its requester (only) download it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chuẩn bị")
    # the work is done and waits for the user to confirm its effect (a dossier ingest that would
    # delete groups held today); confirming sets DONE, cancelling FAILED
    PREVIEW = "preview", _("Chờ xác nhận")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


LIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class Job(models.Model):
    """One job of a registered kind (``cchc.jobs.registry``). Only the user who asked may see it
    on ``/tep/`` or fetch its file; a job without a user (a command-line ingest) is nobody's."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
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
    # the lease (cchc.jobs.lease): no job stays "running" after its worker died
    started_at = models.DateTimeField(_("lúc bắt đầu chạy"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="downloadjob_user_created_idx")]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def live(self) -> bool:
        return self.status in LIVE


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
