"""The audit trail: who changed what, when, field by field.

Audit rows outlive what they describe: they copy the actor's and unit's names as they were and
hold no foreign keys that could cascade.
"""

from __future__ import annotations

import json

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Cập nhật")
    DELETE = "delete", _("Xóa")
    IMPORT = "import", _("Nhập dữ liệu")
    LOGIN_FAILED = "login_failed", _("Đăng nhập sai")
    LOGIN_THROTTLED = "login_throttled", _("Tạm chặn đăng nhập")
    OTHER = "other", _("Khác")


class AuditEvent(models.Model):
    """One recorded write."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("mã người thực hiện"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("người thực hiện"), max_length=255, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    # Province the record belongs to (a code, not a key): scopes who may read the event.
    province_code = models.CharField(_("tỉnh"), max_length=64, blank=True, db_index=True)
    action = models.CharField(_("thao tác"), max_length=16, choices=AuditAction.choices)
    model = models.CharField(_("loại dữ liệu"), max_length=100, db_index=True)
    object_id = models.CharField(_("mã bản ghi"), max_length=64, db_index=True)
    object_repr = models.CharField(_("bản ghi"), max_length=255)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)  # {field: [old, new]}
    note = models.TextField(_("ghi chú"), blank=True)
    # characters of ``changes`` as JSON, written with it: the log lists a bulk event (10^3-10^5
    # rows listed) by its size without reading it (measuring it per listed row read every
    # event's whole JSON: 80 ms a page at scale 10)
    changes_size = models.PositiveIntegerField(_("cỡ dữ liệu thay đổi"), default=0)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["model", "object_id"], name="audit_model_object_idx"),
            # a province's log, newest first (the log page's order)
            models.Index(fields=["province_code", "-at", "-id"], name="audit_province_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        self.changes_size = len(json.dumps(self.changes, ensure_ascii=False, default=str))
        super().save(*args, **kwargs)
