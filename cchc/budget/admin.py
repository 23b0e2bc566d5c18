"""The budget in the Django admin: to look rows up, never to change them. Every budget write has
its rules (whole đồng, totals equal to the lines, the task assigned to the unit, spending within
the allocation or with a reason) and its audit trail in ``budget.actions``; an admin form would
bypass both, so the admin only views (no add, change or delete), like the audit trail's admin."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cchc.budget.models import BudgetEstimate, BudgetLine, BudgetRound, BudgetSpending
from cchc.domain.money import format_vnd


class ViewOnlyAdmin:
    """No add, change or delete: the rows are written through ``budget.actions`` only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _vnd(value) -> str:
    return format_vnd(value) if value is not None else "—"


@admin.register(BudgetRound)
class BudgetRoundAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["year", "plan", "due_date", "created_at"]
    list_filter = ["year"]
    list_select_related = ["plan"]
    search_fields = ["plan__number", "plan__title", "basis"]


class LineInline(ViewOnlyAdmin, admin.TabularInline):
    model = BudgetLine
    fields = ["order", "task", "description", "source", "requested", "approved", "adjust_reason"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(BudgetEstimate)
class BudgetEstimateAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["unit", "round", "status", "on_time", "declared", "submitted_at", "appraised_at"]
    list_filter = ["status", "on_time", "round__year"]
    list_select_related = ["unit", "round", "round__plan"]
    search_fields = ["unit__code", "unit__name", "allocation_ref"]
    inlines = [LineInline]

    @admin.display(description=_("tổng cộng"), ordering="declared_total")
    def declared(self, obj):
        return _vnd(obj.declared_total)


class SpendingInline(ViewOnlyAdmin, admin.TabularInline):
    model = BudgetSpending
    fields = ["period_code", "kind", "amount", "spent_on", "evidence_ref", "evidence_name", "over_reason"]
    readonly_fields = fields
    extra = 0


@admin.register(BudgetLine)
class BudgetLineAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["__str__", "estimate", "source", "requested_vnd", "approved_vnd"]
    list_filter = ["source", "estimate__round__year"]
    list_select_related = ["estimate", "estimate__unit", "estimate__round", "estimate__round__plan", "task"]
    search_fields = ["description", "task__title", "estimate__unit__name"]
    inlines = [SpendingInline]

    @admin.display(description=_("kinh phí đề nghị"), ordering="requested")
    def requested_vnd(self, obj):
        return _vnd(obj.requested)

    @admin.display(description=_("dự toán được giao"), ordering="approved")
    def approved_vnd(self, obj):
        return _vnd(obj.approved)


@admin.register(BudgetSpending)
class BudgetSpendingAdmin(ViewOnlyAdmin, admin.ModelAdmin):
    list_display = ["line", "period_code", "kind", "amount_vnd", "spent_on", "evidence_ref", "recorded_at"]
    list_filter = ["kind", "period_code"]
    list_select_related = ["line", "line__estimate", "line__estimate__unit", "line__task"]
    search_fields = ["evidence_ref", "line__description", "line__estimate__unit__name"]

    @admin.display(description=_("số tiền"), ordering="amount")
    def amount_vnd(self, obj):
        return _vnd(obj.amount)
