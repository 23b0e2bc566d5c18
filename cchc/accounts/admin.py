from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from cchc.accounts.models import ApiToken, Membership, User
from cchc.audit.admin import AuditedAdminMixin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class CchcUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [MembershipInline]
    fieldsets = UserAdmin.fieldsets + (("CCHC", {"fields": ("full_name",)}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
