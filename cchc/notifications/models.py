"""Notifications: what concerns one user (the bell) and the log of reminders that went out.

Both tables predate this app (they were ``oversight_notification`` and ``tracking_reminderlog``)
and keep their names and rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã được duyệt")
    DUE = "due", _("Sắp đến hạn, quá hạn")
    CAMPAIGN = "campaign", _("Đợt đánh giá mới")
    INSPECTION = "inspection", _("Kiểm tra CCHC")
    PUBLICATION = "publication", _("Công bố kết quả")


class Notification(models.Model):
    """A message in one user's bell; read when opened."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=16, choices=NotificationKind.choices)
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "oversight_notification"
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread_idx")]

    def __str__(self) -> str:
        return self.text[:80]


class ReminderLog(models.Model):
    """A reminder that went out: (unit, kind, key) is sent at most once."""

    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)  # due_soon / overdue / returned / report_due …
    key = models.CharField(max_length=120)  # e.g. "<assignment id>:30"
    sent_at = models.DateTimeField()

    class Meta:
        db_table = "tracking_reminderlog"
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind", "key"], name="reminderlog_unique_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.kind} · {self.key}"
