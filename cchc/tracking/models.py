"""Tracking: a plan's tasks assigned to units, their progress history, evidence and reminders.

An ``Assignment`` is one unit's share of one task (for a yearly task, of one year of it). Units
report ``ProgressUpdate`` rows (never edited, only decided on), each with ``Evidence``. Rows keep
pointing at the unit as it was (``PROTECT``): merging or closing a unit keeps its history.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cchc.core.fields import user_ref


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    CANCELLED = "cancelled", _("Không thực hiện")


class ApprovalState(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    PENDING_HEAD = "pending_head", _("Chờ lãnh đạo đơn vị duyệt")
    APPROVED_BY_HEAD = "approved_by_head", _("Lãnh đạo đơn vị đã duyệt")
    ACCEPTED = "accepted", _("Đã được ghi nhận")
    RETURNED = "returned", _("Bị trả lại")


CURRENT_FIELDS = frozenset(
    {"current_update", "cur_status", "cur_percent", "cur_at", "cur_approval", "cur_done_on"}
)
SORT_KEY_FIELDS = frozenset({"sort_plan", "sort_order", "sort_unit_code"})


def sort_keys(task, unit) -> dict:
    """The sort keys an assignment of ``task`` to ``unit`` stores (``Assignment.sort_plan`` …)."""
    return {"sort_plan": task.plan_id, "sort_order": task.order, "sort_unit_code": unit.code}


class Assignment(models.Model):
    """One unit's share of one task (per year for a yearly task)."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("đơn vị")
    )
    role = models.CharField(
        _("vai trò"), max_length=8, choices=[("lead", _("Chủ trì")), ("support", _("Phối hợp"))]
    )
    via_group = models.ForeignKey(
        "orgs.OrgGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_label = models.CharField(_("kỳ"), max_length=16, blank=True, default="")
    start_date = models.DateField(_("bắt đầu"), null=True, blank=True)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.NOT_STARTED
    )
    percent = models.DecimalField(
        _("tiến độ (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    cancel_reason = models.TextField(_("lý do không thực hiện"), blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking
    last_update_at = models.DateTimeField(_("cập nhật lần cuối"), null=True, blank=True)
    awaiting_head = models.BooleanField(_("chờ lãnh đạo đơn vị duyệt"), default=False)
    awaiting_review = models.BooleanField(_("chờ cơ quan thường trực xem xét"), default=False)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    # Work of a closed unit moved to its successor (``moves.do_move_closed_unit_work``): the old
    # row keeps its history and ends on ``held_to``, pointing at the successor's row, which
    # starts on ``held_from``. Lists and reports as of a day show whichever held it then.
    held_from = models.DateField(_("nhận từ ngày"), null=True, blank=True)
    held_to = models.DateField(_("chuyển đi sau ngày"), null=True, blank=True)
    moved_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moved_from",
        verbose_name=_("chuyển cho"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The province task this work belongs to: the task itself, or for a unit plan's copy the
    # parent task it copies. Assignments with the same (family_task, unit, role, period) share one
    # progress history (``cchc.tracking.states``); set on save, never edited.
    family_task_id = models.BigIntegerField(null=True, blank=True, editable=False)
    # The family's current progress, kept by the writes (``cchc.tracking.current``): the latest
    # update of the family and what "as of today" needs from it, so that today's states, filters,
    # chips and counts are plain indexed predicates. ``states.annotate_state`` computes the same
    # from history for any past date; a test rebuilds these from history and finds no difference.
    current_update = models.ForeignKey(
        "ProgressUpdate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    cur_status = models.CharField(
        _("tình trạng hiện tại"), max_length=16, default=AssignmentStatus.NOT_STARTED, editable=False
    )  # a returned "done" claim is in progress again
    cur_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal("0"), editable=False)
    cur_at = models.DateTimeField(null=True, blank=True, editable=False)
    cur_approval = models.CharField(max_length=20, blank=True, default="", editable=False)
    cur_done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True, editable=False)
    # The lists' sort keys that live in joined rows, copied here so that a page of the task list
    # walks one index and stops after its rows instead of sorting every row in scope
    # (``cchc.tracking.sortkeys``: set when the row is created, kept by the writes that change
    # them; a test rebuilds them from the task and the unit and finds no difference).
    sort_plan = models.BigIntegerField(default=0, editable=False)  # the task's plan id
    sort_order = models.PositiveIntegerField(default=0, editable=False)  # the task's order
    sort_unit_code = models.CharField(max_length=64, default="", editable=False)  # the unit's code

    class Meta:
        verbose_name = _("phân công nhiệm vụ")
        verbose_name_plural = _("phân công nhiệm vụ")
        ordering = ["due_date", "task__order", "unit__code"]
        indexes = [
            models.Index(
                fields=["family_task_id", "unit", "role", "period_label"], name="assignment_family_idx"
            ),
            models.Index(fields=["unit", "role", "due_date"], name="assignment_unit_role_due_idx"),
            # (due_date alone: the first column of assignment_sort_due_idx)
            models.Index(fields=["role", "due_date"], name="assignment_role_due_idx"),
            # today's lists: open lead work by due date (overdue, at risk), per unit and overall
            models.Index(
                fields=["due_date", "unit"],
                name="assignment_open_lead_due_idx",
                condition=Q(role="lead", cur_status__in=["not_started", "in_progress"]),
            ),
            # the task list's sorts (``tracking.queries.SORTS``), each walked in index order
            models.Index(
                fields=["due_date", "sort_plan", "sort_order", "sort_unit_code", "period_label"],
                name="assignment_sort_due_idx",
            ),
            models.Index(
                fields=["sort_plan", "sort_order", "period_label", "-role", "sort_unit_code"],
                name="assignment_sort_task_idx",
            ),
            models.Index(
                fields=["cur_percent", "due_date", "sort_order", "sort_unit_code"],
                name="assignment_sort_percent_idx",
            ),
            # and, on PostgreSQL only (SQLite has no NULLS LAST in an index), the descending
            # sorts' assignment_sort_due_desc_idx and assignment_sort_updated_idx (migration 0007)
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "role", "period_label"],
                name="assignment_unique_task_unit_role_period",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="assignment_percent_range",
                violation_error_message=_("Tiến độ phải từ 0 đến 100%."),
            ),
        ]

    def __str__(self) -> str:
        label = f" ({self.period_label})" if self.period_label else ""
        return f"{self.task.title[:60]}{label} · {self.unit}"

    def save(self, *args, **kwargs):
        if self.family_task_id is None and self.task_id is not None:
            self.family_task_id = self.task.parent_task_id or self.task_id
        if self._state.adding and self.task_id is not None and self.unit_id is not None:
            for name, value in sort_keys(self.task, self.unit).items():
                setattr(self, name, value)
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            # the current-progress columns are written only by ``tracking.current`` (the sort
            # keys by ``tracking.sortkeys``): a save of an instance loaded earlier must not put
            # stale values back
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in CURRENT_FIELDS | SORT_KEY_FIELDS
            ]
        super().save(*args, **kwargs)

    def audit_province_code(self) -> str:
        return self.unit.audit_province_code()


class ProgressUpdate(models.Model):
    """A progress report on an assignment, kept as history; only its approval state changes."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="updates")
    author = user_ref()
    author_name = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=AssignmentStatus.choices)
    percent = models.DecimalField(_("tiến độ (%)"), max_digits=5, decimal_places=2)
    narrative = models.TextField(_("kết quả thực hiện"), blank=True)
    cancel_reason = models.TextField(_("lý do không thực hiện"), blank=True)
    # The day the work was actually finished (a "done" claim): on time / late is judged by it,
    # not by the day the update was typed (``at``). Updates recorded before the field existed
    # got their report date (migration 0004).
    completed_on = models.DateField(_("ngày hoàn thành thực tế"), null=True, blank=True)
    approval_state = models.CharField(
        _("trạng thái duyệt"), max_length=20, choices=ApprovalState.choices, default=ApprovalState.ACCEPTED
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    decided_by = user_ref()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["assignment", "at"], name="progress_assignment_at_idx"),
            # the approval queues: the few updates waiting for a decision, oldest first (a
            # partial index: the accepted history, nearly every row, is not in it)
            models.Index(
                fields=["approval_state", "at", "id"],
                name="progress_waiting_idx",
                condition=Q(approval_state__in=[ApprovalState.PENDING_HEAD, ApprovalState.APPROVED_BY_HEAD]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_status_display()} {self.percent}%"

    def audit_province_code(self) -> str:
        return self.assignment.audit_province_code()


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    """A proof document (tài liệu kiểm chứng) attached to an update; served only through a checked view."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence")
    doc_number = models.CharField(_("số, ký hiệu"), max_length=120, blank=True)
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.doc_number or self.original_name or str(self.pk)
