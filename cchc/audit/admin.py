from django.contrib import admin

from cchc.audit.models import AuditAction, AuditEvent
from cchc.audit.recording import record, snapshot


class AuditedAdminMixin:
    """Admin edits go through the audit trail like every other write."""

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action=AuditAction.UPDATE if change else AuditAction.CREATE,
            instance=obj,
            before=before,
            after=snapshot(obj),
            note="admin",
        )

    def delete_model(self, request, obj):
        before = snapshot(obj)
        record(
            actor=request.user,
            action=AuditAction.DELETE,
            instance=obj,
            before=before,
            after=None,
            note="admin",
        )
        super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "model", "object_repr"]
    list_filter = ["action", "model"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
