"""Work of closed units: a merged, split or renamed unit's open assignments move to its successor.

``on_unit_closed`` is registered with ``orgs.actions.on_unit_closed`` (tracking's ``ready()``);
officers move the rest from ``/nhiem-vu/don-vi-da-dong/`` or ``cchc tasks move-closed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import record_rows
from cchc.core.errors import DomainError
from cchc.orgs.models import UnitSuccession
from cchc.tracking.current import bump_figures, refresh_current
from cchc.tracking.models import ApprovalState, Assignment, ProgressUpdate, sort_keys
from cchc.tracking.queries import annotate_state, row_of

CLOSED_STATES = {"done", "done_late", "cancelled"}


@dataclass
class MoveResult:
    unit: object
    successor: object | None = None
    moved: int = 0  # open assignments handed over
    kept: int = 0  # finished work that stays with the closed unit
    needs_choice: bool = False  # several successors, or none: an officer picks the receiver


def open_work_of(unit, on: dt.date) -> list[Assignment]:
    """The unit's assignments still open on ``on`` (not moved yet; the state as everywhere:
    ``tracking.states.annotate_state``)."""
    qs = annotate_state(Assignment.objects.filter(unit=unit, moved_to__isnull=True), on)
    return list(
        qs.exclude(state__in=list(CLOSED_STATES))
        .select_related("task", "task__plan", "unit")
        .defer("task__plan__interchange")
    )


def sole_successor(unit):
    """The one unit that took ``unit`` over, else None (several: a split; none: abolished)."""
    succ = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor")[:2])
    return succ[0].successor if len(succ) == 1 else None


def do_move_closed_unit_work(*, actor, unit, successor=None, dry_run: bool = False) -> MoveResult:
    """Hand the open work of a closed ``unit`` to ``successor`` (default: its sole successor).

    For each assignment still open on the unit's last day (``valid_to``): the successor gets the
    same share (task, role, period, dates; an existing share of the same task is reused), starting
    on the day after, with the latest status and percent carried over as its first update
    ("Tiếp nhận từ …"); the old row keeps its history and evidence, ends on ``valid_to`` and
    points at the new one (``moved_to``). Finished work stays. Written in batches (a few
    statements and two audit events listing the rows per batch); one transaction.
    Without a successor to choose (several or none) nothing moves (``needs_choice``)."""
    if unit.valid_to is None:
        raise DomainError(
            _("Đơn vị %(unit)s chưa giải thể hoặc sáp nhập.") % {"unit": unit.name}, code="open_unit"
        )
    successor = successor or sole_successor(unit)
    result = MoveResult(unit=unit, successor=successor)
    if successor is None:
        result.needs_choice = True
        return result
    if not policy.can_move_unit_work(actor, unit, successor):
        raise Forbidden(_("Bạn không có quyền chuyển nhiệm vụ của đơn vị này."))
    if successor.pk == unit.pk or (successor.valid_to is not None and successor.valid_to <= unit.valid_to):
        raise DomainError(
            _("Đơn vị nhận %(unit)s không còn hoạt động sau ngày %(d)s.")
            % {"unit": successor.name, "d": unit.valid_to.strftime("%d/%m/%Y")},
            code="successor",
        )
    last_day = unit.valid_to
    first_day = last_day + dt.timedelta(days=1)
    taken_at = timezone.make_aware(dt.datetime.combine(first_day, dt.time(0, 0)))
    with transaction.atomic():
        work = list(
            Assignment.objects.select_for_update()
            .filter(unit=unit, moved_to__isnull=True)
            .select_related("task", "task__plan")
            .defer("task__plan__interchange")
            .order_by("pk")
        )
        rows = {
            b.pk: row_of(b)
            for b in annotate_state(
                Assignment.objects.filter(pk__in=[a.pk for a in work]).select_related(
                    "task", "task__plan", "task__area", "unit"
                ),
                last_day,
            ).defer("task__plan__interchange")
        }
        moving = []
        for a in work:
            if rows[a.pk].state in CLOSED_STATES:
                result.kept += 1
            else:
                moving.append(a)
        result.moved = len(moving)
        if dry_run or not moving:
            return result
        for start in range(0, len(moving), MOVE_BATCH):
            _move_batch(moving[start : start + MOVE_BATCH], rows, unit, successor, actor, first_day, taken_at)
    return result


MOVE_BATCH = 2000


def _move_batch(moving, rows, unit, successor, actor, first_day, taken_at) -> None:
    """Hand ``moving`` (rows of ``unit``) over to ``successor`` in a few statements: the
    successor's shares (existing ones reused) inserted at once, their carried-over first updates
    inserted at once, the old rows updated at once; one audit event for the new rows and one for
    the hand-over, each listing its rows."""
    last_day = unit.valid_to
    existing = {
        (b.task_id, b.role, b.period_label): b
        for b in Assignment.objects.filter(unit=successor, task_id__in={a.task_id for a in moving}).only(
            "pk", "task_id", "role", "period_label", "unit_id", "family_task_id"
        )
    }
    created = []
    target = {}
    for a in moving:
        key = (a.task_id, a.role, a.period_label)
        if key not in existing:
            row = rows[a.pk]
            new = Assignment(
                task=a.task,
                unit=successor,
                role=a.role,
                via_group=a.via_group,
                period_label=a.period_label,
                start_date=a.start_date,
                due_date=a.due_date,
                status=row.status if row.status in {"not_started", "in_progress"} else "in_progress",
                percent=row.percent,
                held_from=first_day,
                family_task_id=a.family_task_id,
                **sort_keys(a.task, successor),
                last_update_at=max(taken_at, row.last_update_at) if row.last_update_at else None,
            )
            existing[key] = new
            created.append((a, new))
        target[a.pk] = existing[key]
    Assignment.objects.bulk_create([new for _a, new in created], batch_size=MOVE_BATCH)
    carried = []
    for a, new in created:
        row = rows[a.pk]
        if row.last_update_at is None:
            continue
        carried.append(
            ProgressUpdate(
                assignment=new,
                author=None,
                author_name=_("Hệ thống"),
                at=max(taken_at, row.last_update_at),
                status=new.status,
                percent=row.percent,
                narrative=_("Tiếp nhận từ %(unit)s (đã giải thể/sáp nhập ngày %(d)s): %(text)s")
                % {"unit": unit.name, "d": last_day.strftime("%d/%m/%Y"), "text": row.narrative or "—"},
                approval_state=ApprovalState.ACCEPTED,
            )
        )
    ProgressUpdate.objects.bulk_create(carried, batch_size=MOVE_BATCH)
    for a in moving:
        a.held_to, a.moved_to = last_day, target[a.pk]
        a.awaiting_head = a.awaiting_review = False
        a.version += 1
    Assignment.objects.bulk_update(
        moving, ["held_to", "moved_to", "awaiting_head", "awaiting_review", "version"], batch_size=MOVE_BATCH
    )
    record_rows(
        actor=actor,
        action=AuditAction.CREATE,
        model=Assignment,
        header=["id", "from", "task", "unit", "role", "period_label", "due_date", "status", "percent"],
        rows=[
            [
                new.pk,
                a.pk,
                new.task_id,
                successor.pk,
                new.role,
                new.period_label,
                new.due_date,
                new.status,
                new.percent,
            ]
            for a, new in created
        ],
        label=_("%(n)s phân công tiếp nhận từ %(unit)s") % {"n": len(created), "unit": unit.name},
        unit=successor,
        note=_("Tiếp nhận từ %(unit)s") % {"unit": unit.name},
    )
    record_rows(
        actor=actor,
        action=AuditAction.UPDATE,
        model=Assignment,
        header=["id", "held_to", "moved_to"],
        rows=[[a.pk, last_day, target[a.pk].pk] for a in moving],
        label=_("%(n)s phân công chuyển cho %(unit)s") % {"n": len(moving), "unit": successor.name},
        unit=unit,
        note=_("Chuyển cho %(unit)s") % {"unit": successor.name},
    )
    # the old rows leave their unit's counts, the new ones join the successor's (another province's,
    # maybe), even when every row joined work the successor already had (nothing created)
    bump_figures({unit.pk, successor.pk})
    refresh_current([new for _a, new in created])


def on_unit_closed(unit, *, actor) -> None:
    """Hook for ``orgs.actions.do_close_unit``: when the closed unit has one successor, its open
    work moves at once (inside the closing transaction); otherwise it waits for an officer."""
    unit.refresh_from_db()
    if sole_successor(unit) is not None:
        do_move_closed_unit_work(actor=actor, unit=unit)
