from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import ApiToken, Membership, SecurityPolicy, User
from cchc.audit.admin import AuditedAdminMixin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class CchcUserAdmin(AuditedAdminMixin, UserAdmin):
    inlines = [MembershipInline]
    actions = ["unlock_login"]

    @admin.action(description=_("Gỡ tạm chặn đăng nhập"))
    def unlock_login(self, request, queryset):
        from cchc.accounts.actions import do_unlock_login

        for user in queryset:
            do_unlock_login(actor=request.user, user=user)
        self.message_user(
            request, _("Đã gỡ tạm chặn đăng nhập cho %(n)s người dùng.") % {"n": queryset.count()}
        )

    fieldsets = UserAdmin.fieldsets + (("CCHC", {"fields": ("full_name",)}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]


@admin.register(SecurityPolicy)
class SecurityPolicyAdmin(admin.ModelAdmin):
    """One row: whether administrators and standing officers must use two-factor login."""

    list_display = ["__str__", "require_two_factor"]

    def has_add_permission(self, request):
        return not SecurityPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from cchc.accounts.actions import do_set_security_policy

        do_set_security_policy(actor=request.user, require_two_factor=obj.require_two_factor)


def _admin_login(request, extra_context=None):
    """The admin site logs in through our login page only (throttling, two-factor step), never
    through Django's own admin login form."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied
    from django.urls import reverse

    if request.user.is_authenticated:
        raise PermissionDenied  # logged in, but not staff: no loop through the login page
    return redirect_to_login(
        request.GET.get("next") or reverse("admin:index"), login_url=reverse("accounts:login")
    )


admin.site.login = _admin_login
