from django.contrib import admin

from cchc.audit.admin import AuditedAdminMixin
from cchc.orgs.actions import unit_recoded
from cchc.orgs.models import OrgGroup, OrgUnit, UnitSuccession


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "kind",
        "parent",
        "is_standing_agency",
        "is_finance_agency",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["level", "kind", "is_standing_agency", "is_finance_agency"]
    search_fields = ["code", "name", "short_name", "search_key"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["province"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # in the admin's transaction
        if change and "code" in form.changed_data:
            unit_recoded(obj, actor=request.user)


@admin.register(OrgGroup)
class OrgGroupAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["key", "name", "province"]
    filter_horizontal = ["members"]


admin.site.register(UnitSuccession, type("UnitSuccessionAdmin", (AuditedAdminMixin, admin.ModelAdmin), {}))
