"""All tracking writes: assignment of a plan's tasks, progress, approval, review, events, unit plans.

Each ``do_*`` runs in one transaction: permission, validation, save, audit record.

Rules (documented choices):
- A task is assigned to each resolved lead (role ``lead``) and support (``support``) mention; a
  group expands to its members at the plan's date (``issued_on``, else 1 January of its first
  year). Unresolved mentions stay as ``TaskUnit`` rows without unit/group and are shown on the
  task; running :func:`do_assign_plan` again after they are mapped creates the missing rows.
  A group named with a restriction ("Các sở, ban, ngành liên quan", "… được giao") is not
  expanded to every member: it waits, like an unresolved mention, until the standing agency
  picks the units (:func:`do_map_unit_mention`).
- ``Hàng năm`` (yearly): one assignment per year of the task's (else the plan's) years, labelled
  with the year, due 31/12 of that year. Continuous, quarterly, six-monthly and monthly work is
  one assignment without a due date, reported every quarter (see ``states.annotate_state``).
- One-off work is due on the task's ``due_date``, else 31/12 of its ``end_year``.
- Event-bound work waits (no due date) until :func:`do_record_event`; then it is due
  ``CCHC_EVENT_DUE_DAYS`` (default 90) days after the event.
- A "done" claim waits for the unit head (``pending_head``), unless a head records it; the
  standing agency then accepts it or returns it with a reason (the assignment goes back to
  "in progress" and the unit sees the reason). Other updates need no approval (``accepted``).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, record, record_rows, snapshot
from cchc.core.bulk import analyze_if_grown, insert_rows
from cchc.core.errors import ConflictError, DomainError
from cchc.core.uploads import check_upload
from cchc.domain.vnformat import format_date, format_number
from cchc.plans import actions as plan_actions
from cchc.plans.mentions import is_every_unit_lead, is_partial_group, plan_date
from cchc.plans.models import Plan, Recurrence, Task, TaskUnit
from cchc.tracking.current import bump_figures, refresh_current
from cchc.tracking.models import (
    ApprovalState,
    Assignment,
    AssignmentStatus,
    Evidence,
    ProgressUpdate,
    sort_keys,
)

PERIODIC = {Recurrence.CONTINUOUS, Recurrence.QUARTERLY, Recurrence.SIX_MONTHLY, Recurrence.MONTHLY}


def event_due_days() -> int:
    return int(getattr(settings, "CCHC_EVENT_DUE_DAYS", 90))


def _conflict() -> ConflictError:
    return ConflictError(
        _(
            "Nhiệm vụ đã được người khác cập nhật. Vui lòng tải lại trang để xem nội dung mới rồi cập nhật lại."
        )
    )


# --- assignment ------------------------------------------------------------------------------


def addressed_groups(plan: Plan) -> list:
    """The groups a plan addresses: those its own mentions name ("các sở, ban, ngành", "UBND các
    quận, huyện"), else the province's groups of departments and districts."""
    from cchc.orgs.models import OrgGroup

    named = list(OrgGroup.objects.filter(pk__in=TaskUnit.objects.filter(task__plan=plan).values("group_id")))
    if named:
        return named
    return [
        g
        for g in OrgGroup.objects.filter(province=plan.province).order_by("key")
        if {"department", "district"} & set(g.levels or [])
    ]


def addressed_units(plan: Plan, when: dt.date) -> list[tuple]:
    """``(unit, via_group)`` for every unit of the plan's addressed groups valid on ``when``."""
    seen, out = set(), []
    for group in addressed_groups(plan):
        for unit in group.members_at(when):
            if unit.pk not in seen:
                seen.add(unit.pk)
                out.append((unit, group))
    return out


def instances_for(task: Task, plan: Plan) -> list[tuple[str, dt.date | None, dt.date | None]]:
    """(period_label, start, due) for each instance of ``task``."""
    if task.event and not task.event_date:
        return [("", None, None)]
    if task.event and task.event_date:
        return [("", task.event_date, task.event_date + dt.timedelta(days=event_due_days()))]
    first = task.start_year or plan.period_start
    last = task.end_year or plan.period_end or first
    if task.recurrence == Recurrence.YEARLY and first and last:
        return [(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(first, last + 1)]
    start = dt.date(first, 1, 1) if first else plan.issued_on
    if task.recurrence in PERIODIC:
        return [("", start, None)]
    due = task.due_date or (dt.date(task.end_year, 12, 31) if task.end_year else None)
    if due is None and not task.start_year and plan.period_end:
        due = dt.date(plan.period_end, 12, 31)
    return [("", start, due)]


@dataclass
class AssignResult:
    created: int = 0
    existing: int = 0
    unresolved: int = 0


def do_assign_plan(plan: Plan, *, actor) -> AssignResult:
    """Create the missing assignments of every task of ``plan`` (idempotent), in batches of
    :data:`ASSIGN_BATCH` rows: one insert statement (``core.bulk.insert_rows``) and one audit
    event listing the batch's rows each; on PostgreSQL the table's statistics are refreshed
    when the commit grew it substantially (``core.bulk.analyze_if_grown``)."""
    if not policy.can_assign_plan(actor, plan):
        raise Forbidden(_("Bạn không có quyền giao nhiệm vụ của kế hoạch này."))
    result = AssignResult()
    when = plan_date(plan)
    group_members: dict = {}
    pending: list[dict] = []
    with transaction.atomic():
        existing = set(
            Assignment.objects.filter(task__plan=plan).values_list(
                "task_id", "unit_id", "role", "period_label"
            )
        )
        mentions = TaskUnit.objects.filter(task__plan=plan).select_related("group", "task", "unit")
        for mention in mentions:
            task = mention.task
            if mention.unit_id:
                targets = [(mention.unit, None)]
            elif mention.group_id and not is_partial_group(mention):
                if mention.group_id not in group_members:
                    group_members[mention.group_id] = list(mention.group.members_at(when))
                targets = [(u, mention.group) for u in group_members[mention.group_id]]
            elif is_every_unit_lead(mention):
                if "every" not in group_members:
                    group_members["every"] = addressed_units(plan, when)
                targets = group_members["every"]
            else:
                result.unresolved += 1
                continue
            instances = instances_for(task, plan)
            for unit, group in targets:
                for label, start, due in instances:
                    key = (task.pk, unit.pk, mention.role, label)
                    if key in existing:
                        result.existing += 1
                        continue
                    existing.add(key)
                    pending.append(
                        {
                            "task_id": task.pk,
                            "unit_id": unit.pk,
                            "role": mention.role,
                            "via_group_id": group.pk if group else None,
                            "period_label": label,
                            "start_date": start,
                            "due_date": due,
                            "family_task_id": task.parent_task_id or task.pk,
                            **sort_keys(task, unit),
                        }
                    )
                    if len(pending) >= ASSIGN_BATCH:
                        result.created += _insert_batch(pending, plan, actor)
                        pending = []
        result.created += _insert_batch(pending, plan, actor)
        analyze_if_grown(Assignment, result.created)
    return result


ASSIGN_BATCH = 2000
LISTED = ["id", "task", "unit", "role", "period_label", "start_date", "due_date"]


def _insert_batch(rows: list[dict], plan: Plan, actor) -> int:
    """Insert ``rows`` (``Assignment`` columns) in one statement, with one audit event listing
    them (id, task, unit, role, period, start, due), and their current progress (a unit-plan
    copy joins its family's history)."""
    if not rows:
        return 0
    ids = insert_rows(Assignment, rows)
    record_rows(
        actor=actor,
        action=AuditAction.CREATE,
        model=Assignment,
        header=LISTED,
        rows=[
            [pk, r["task_id"], r["unit_id"], r["role"], r["period_label"], r["start_date"], r["due_date"]]
            for pk, r in zip(ids, rows, strict=True)
        ],
        label=_("%(n)s phân công của %(plan)s") % {"n": len(rows), "plan": plan},
        unit=plan.province,
        note=_("Giao nhiệm vụ theo lô"),
    )
    families = {(r["family_task_id"], r["unit_id"]) for r in rows}
    # every new row counts in its unit's province (and the plan's lead units in the plan's), not
    # only the families with a history that ``refresh_current`` recomputes
    bump_figures({r["unit_id"] for r in rows} | {plan.province_id})
    refresh_current(families=families, new_rows=True)
    return len(rows)


@dataclass
class MapResult:
    mentions: int = 0
    created: int = 0


def do_map_unit_mention(*, actor, plan: Plan, text: str, choice: str | list[str]) -> MapResult:
    """The standing agency maps a mention (``plans.actions.do_map_unit_mention``); the missing
    assignments are created at once (the plans hook runs :func:`assign_changed_plan`)."""
    with transaction.atomic():
        before = Assignment.objects.filter(task__plan=plan).count()
        mapped = plan_actions.do_map_unit_mention(actor=actor, plan=plan, text=text, choice=choice)
        created = Assignment.objects.filter(task__plan=plan).count() - before
    return MapResult(mentions=mapped, created=created)


def do_record_event(*, actor, task: Task, event_date: dt.date) -> int:
    """Record when a task's triggering event happened; its waiting assignments get due dates."""
    with transaction.atomic():
        plan_actions.do_record_event(actor=actor, task=task, event_date=event_date)
        due = event_date + dt.timedelta(days=event_due_days())
        count = Assignment.objects.filter(task=task).update(start_date=event_date, due_date=due)
        bump_figures(Assignment.objects.filter(task=task).values_list("unit_id", flat=True))
    return count


@dataclass
class EvidenceInput:
    """One proof document: its number/date/issuer and optionally a file (name + bytes)."""

    doc_number: str = ""
    doc_date: dt.date | None = None
    issuer: str = ""
    file_name: str = ""
    file_data: bytes | None = None


def _when(actor, at: dt.datetime | None, *, not_before: dt.datetime | None = None) -> dt.datetime:
    """The time a write is recorded at: now, or a past ``at`` given by server-side callers that
    replay a history (the demo loader, an import); pages and the API never pass it. Never in the
    future, never before what it follows (history stays in order)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise DomainError(_("Thời điểm cập nhật không được ở tương lai."), code="future_at")
    if not_before is not None and at < not_before:
        raise DomainError(_("Thời điểm cập nhật phải sau lần cập nhật trước."), code="past_at")
    return at


def _check_percent(percent) -> Decimal:
    try:
        value = Decimal(str(percent))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Tiến độ phải là một số từ 0 đến 100."), code="percent") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise DomainError(_("Tiến độ phải từ 0 đến 100%."), code="percent")
    return value.quantize(Decimal("0.01"))


def do_record_progress(
    *,
    actor,
    assignment: Assignment,
    status: str,
    percent,
    narrative: str = "",
    cancel_reason: str = "",
    evidence: list[EvidenceInput] | tuple = (),
    expected_version: int,
    at: dt.datetime | None = None,
    completed_on: dt.date | None = None,
) -> ProgressUpdate:
    """A unit reporter records progress on its own assignment (optimistic lock on ``version``).
    ``at`` records a past update (demo, imported history; see :func:`_when`).

    A "done" claim: ``completed_on`` is the day the work was actually finished (default: the
    day of the update; never after it, never before the work's start); on time / late is judged
    by it. It needs proof: a document reference (number), an evidence file or an explanation
    (``narrative``); its percent must be 100 (a lower one is refused, never raised silently).
    An update that changes nothing and adds nothing is refused."""
    if not policy.can_report_progress(actor, assignment):
        raise Forbidden(_("Bạn chỉ được cập nhật nhiệm vụ của đơn vị mình."))
    if status not in AssignmentStatus.values:
        raise DomainError(_("Tình trạng không hợp lệ."), code="status")
    value = _check_percent(percent)
    narrative = (narrative or "").strip()
    cancel_reason = (cancel_reason or "").strip()
    # a file given with no bytes is refused (check_upload), never dropped silently
    evidence = [e for e in evidence if e.doc_number or e.file_data is not None or e.issuer or e.doc_date]
    today = timezone.localdate(at) if at is not None else timezone.localdate()
    if status == AssignmentStatus.DONE:
        proof = narrative or any(e.doc_number.strip() or e.file_data is not None for e in evidence)
        if not proof:
            raise DomainError(
                _(
                    "Báo cáo hoàn thành cần có bằng chứng: số, ký hiệu văn bản kiểm chứng, tệp kiểm chứng "
                    "hoặc nội dung giải trình kết quả."
                ),
                code="proof",
            )
        if value < 100:
            raise DomainError(
                _(
                    "Nhiệm vụ đã hoàn thành thì tiến độ là 100%%; tiến độ %(p)s%% thì chọn tình trạng "
                    "“Đang thực hiện”."
                )
                % {"p": format_number(value.normalize())},
                code="percent_done",
            )
        given = completed_on is not None
        completed_on = completed_on or today
        start = assignment.start_date or assignment.task.plan.issued_on
        if completed_on > today:
            raise DomainError(_("Ngày hoàn thành thực tế không được ở tương lai."), code="completed_future")
        # a date the reporter gives must not precede the work's start; the default (the claim's
        # own day) is not second-guessed (work finished ahead of its planned start is recorded)
        if given and start is not None and completed_on < start:
            raise DomainError(
                _("Ngày hoàn thành thực tế không được trước ngày bắt đầu nhiệm vụ (%(d)s).")
                % {"d": format_date(start)},
                code="completed_before_start",
            )
    else:
        completed_on = None
    if status == AssignmentStatus.CANCELLED and not cancel_reason:
        raise DomainError(_("Cần nêu lý do không thực hiện nhiệm vụ."), code="reason")
    if (
        status == assignment.status
        and value == assignment.percent
        and not narrative
        and not evidence
        and cancel_reason == (assignment.cancel_reason or "")
        and status != AssignmentStatus.DONE
    ):
        raise DomainError(
            _("Báo cáo không có nội dung mới: hãy thay đổi tiến độ, tình trạng hoặc nêu kết quả thực hiện."),
            code="empty",
        )
    checked = []
    for e in evidence:
        if e.doc_date and e.doc_date > today:
            raise DomainError(_("Ngày của văn bản kiểm chứng không được ở tương lai."), code="future_date")
        meta = check_upload(e.file_name, e.file_data) if e.file_data is not None else None
        checked.append((e, meta))

    is_head = actor is not None and policy.can_approve_progress(actor, assignment)
    if status == AssignmentStatus.DONE:
        state = ApprovalState.APPROVED_BY_HEAD if is_head else ApprovalState.PENDING_HEAD
    else:
        state = ApprovalState.ACCEPTED
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.version != int(expected_version):
            raise _conflict()
        now = _when(actor, at, not_before=locked.last_update_at)
        before = snapshot(locked)
        update = ProgressUpdate.objects.create(
            assignment=locked,
            author=actor,
            author_name=(actor.get_full_name() or actor.get_username()) if actor else "",
            at=now,
            status=status,
            percent=value,
            narrative=narrative,
            cancel_reason=cancel_reason,
            completed_on=completed_on,
            approval_state=state,
            decided_by=actor if state == ApprovalState.APPROVED_BY_HEAD else None,
            decided_at=now if state == ApprovalState.APPROVED_BY_HEAD else None,
        )
        for e, meta in checked:
            row = Evidence(
                update=update, doc_number=e.doc_number.strip(), doc_date=e.doc_date, issuer=e.issuer.strip()
            )
            if meta:
                row.content_type, row.size, row.sha256 = meta
                row.original_name = e.file_name[:255]
                row.file.save(e.file_name, ContentFile(e.file_data), save=False)
            row.save()
        locked.status = status
        locked.percent = value
        locked.cancel_reason = cancel_reason if status == AssignmentStatus.CANCELLED else ""
        locked.last_update_at = now
        locked.awaiting_head = state == ApprovalState.PENDING_HEAD
        locked.awaiting_review = state == ApprovalState.APPROVED_BY_HEAD
        locked.returned_reason = ""
        locked.version += 1
        locked.save()
        refresh_current([locked], since=timezone.localdate(now))
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            before=before,
            after=snapshot(locked),
            unit=locked.unit,
            note=_("Báo cáo tiến độ"),
        )
    assignment.refresh_from_db()
    return update


def _lock_update(update: ProgressUpdate, expected_version: int | None) -> tuple[ProgressUpdate, Assignment]:
    a = Assignment.objects.select_for_update().get(pk=update.assignment_id)
    if expected_version is not None and a.version != int(expected_version):
        raise _conflict()
    u = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    latest = a.updates.order_by("-at", "-id").values_list("pk", flat=True).first()
    if latest != u.pk:
        raise DomainError(_("Chỉ xử lý được báo cáo mới nhất của nhiệm vụ."), code="stale_update")
    return u, a


@contextmanager
def _decision(actor, u: ProgressUpdate, a: Assignment):
    """A decision on a claim: the ``with`` block changes the update and its assignment; both are
    saved and audited (the update first), the assignment leaves every queue and its current
    state is refreshed."""
    with audited_change(a, actor=actor, unit=a.unit), audited_change(u, actor=actor, unit=a.unit):
        yield
        a.awaiting_head = a.awaiting_review = False
    refresh_current([a], since=timezone.localdate(u.decided_at))


def _return(u: ProgressUpdate, a: Assignment, reason: str) -> None:
    """A claim sent back with ``reason``: the assignment is in progress again."""
    u.approval_state = ApprovalState.RETURNED
    u.return_reason = reason
    if a.status == AssignmentStatus.DONE:
        a.status = AssignmentStatus.IN_PROGRESS
    a.returned_reason = reason


def do_approve_progress(
    *, actor, update: ProgressUpdate, expected_version: int | None = None, at: dt.datetime | None = None
) -> ProgressUpdate:
    """The unit head approves a "done" claim of the unit."""
    if not policy.can_approve_progress(actor, update.assignment):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị được duyệt báo cáo này."))
    with transaction.atomic():
        u, a = _lock_update(update, expected_version)
        if u.approval_state != ApprovalState.PENDING_HEAD:
            raise DomainError(_("Báo cáo này không ở trạng thái chờ lãnh đạo đơn vị duyệt."), code="state")
        before = snapshot(u)
        u.approval_state = ApprovalState.APPROVED_BY_HEAD
        u.decided_by, u.decided_at = actor, _when(actor, at, not_before=u.at)
        u.save()
        a.awaiting_head, a.awaiting_review = False, True
        a.version += 1
        a.save()
        refresh_current([a], since=timezone.localdate(u.decided_at))
        record(
            actor=actor, action=AuditAction.UPDATE, instance=u, before=before, after=snapshot(u), unit=a.unit
        )
        _notify(u.author or a.unit, "approved", _("Lãnh đạo đơn vị đã duyệt báo cáo hoàn thành: %(task)s"), a)
    return u


def _notify(recipient, kind: str, text: str, a: Assignment) -> None:
    """A message in the bell of ``recipient`` (a user or the unit's people), in the decision's
    transaction (no decision, no message)."""
    from django.urls import reverse

    from cchc.notifications.actions import notify

    message = text % {"task": a.task.title[:200]}
    url = reverse("tracking:assignment_detail", kwargs={"assignment_id": a.pk})
    notify(recipient, kind, message, url)


def do_review_progress(
    *,
    actor,
    update: ProgressUpdate,
    decision: str,
    reason: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> ProgressUpdate:
    """The standing agency accepts a claim or returns it with a reason."""
    if not policy.can_review_progress(actor, update.assignment):
        raise Forbidden(_("Chỉ cơ quan thường trực được xem xét báo cáo này."))
    if decision not in {"accept", "return"}:
        raise DomainError(_("Quyết định không hợp lệ."), code="decision")
    reason = (reason or "").strip()
    if decision == "return" and not reason:
        raise DomainError(_("Cần nêu lý do trả lại."), code="reason")
    with transaction.atomic():
        u, a = _lock_update(update, expected_version)
        if u.approval_state not in {ApprovalState.PENDING_HEAD, ApprovalState.APPROVED_BY_HEAD}:
            raise DomainError(_("Báo cáo này không chờ xem xét."), code="state")
        with _decision(actor, u, a):
            u.decided_by, u.decided_at = actor, _when(actor, at, not_before=u.decided_at or u.at)
            if decision == "accept":
                u.approval_state = ApprovalState.ACCEPTED
            else:
                _return(u, a, reason)
        if decision == "accept":
            _notify(u.author or a.unit, "approved", _("Cơ quan thường trực đã ghi nhận kết quả: %(task)s"), a)
        else:
            _notify(a.unit, "returned", _("Báo cáo bị trả lại: %(task)s"), a)
    return u


def do_return_progress_to_unit(
    *, actor, update: ProgressUpdate, reason: str, at: dt.datetime | None = None
) -> ProgressUpdate:
    """The unit head sends a "done" claim awaiting them back to the unit's reporter, with a reason
    (the assignment goes back to "in progress"; the reporter sees the reason)."""
    if not policy.can_approve_progress(actor, update.assignment):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị được duyệt báo cáo này."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần nêu lý do trả lại."), code="reason")
    with transaction.atomic():
        u, a = _lock_update(update, None)
        if u.approval_state != ApprovalState.PENDING_HEAD:
            raise DomainError(_("Báo cáo này không ở trạng thái chờ lãnh đạo đơn vị duyệt."), code="state")
        with _decision(actor, u, a):
            u.decided_by, u.decided_at = actor, _when(actor, at, not_before=u.at)
            _return(u, a, reason)
    return u


QUEUE_DECISIONS = {policy.QUEUE_HEAD: {"approve", "return"}, policy.QUEUE_REVIEW: {"accept", "return"}}
QUEUE_BATCH_MAX = 200


def do_decide_queue(*, actor, kind: str, update_ids, decision: str, reason: str = "") -> int:
    """Approve / accept / return many updates of an approval queue at once: all or none.

    Each update goes through its own action (:func:`do_approve_progress`,
    :func:`do_return_progress_to_unit`, :func:`do_review_progress`), so each is permission-checked
    and audited on its own; one refusal (not permitted, no longer waiting, a newer report) rolls
    the whole batch back and names the task. Returns the number decided."""
    if kind not in policy.approval_queue_kinds(actor):
        raise Forbidden(_("Bạn không có hàng chờ duyệt này."))
    if decision not in QUEUE_DECISIONS.get(kind, set()):
        raise DomainError(_("Quyết định không hợp lệ."), code="decision")
    reason = (reason or "").strip()
    if decision == "return" and not reason:
        raise DomainError(_("Cần nêu lý do trả lại."), code="reason")
    try:
        ids = sorted({int(x) for x in update_ids})
    except (TypeError, ValueError):
        raise DomainError(_("Danh sách báo cáo không hợp lệ."), code="ids") from None
    if not ids:
        raise DomainError(_("Chưa chọn báo cáo nào."), code="empty")
    if len(ids) > QUEUE_BATCH_MAX:
        raise DomainError(_("Mỗi lần xử lý tối đa %(n)s báo cáo.") % {"n": QUEUE_BATCH_MAX}, code="too_many")
    with transaction.atomic():
        updates = list(
            ProgressUpdate.objects.filter(pk__in=ids)
            .select_related("assignment", "assignment__unit", "assignment__task")
            .order_by("pk")
        )
        if len(updates) != len(ids):
            raise DomainError(_("Một số báo cáo đã chọn không còn tồn tại."), code="missing")
        for u in updates:
            try:
                if kind == policy.QUEUE_HEAD and decision == "approve":
                    do_approve_progress(actor=actor, update=u)
                elif kind == policy.QUEUE_HEAD:
                    do_return_progress_to_unit(actor=actor, update=u, reason=reason)
                else:
                    do_review_progress(actor=actor, update=u, decision=decision, reason=reason)
            except DomainError as exc:
                raise DomainError(
                    _("“%(task)s”: %(msg)s Không báo cáo nào được xử lý.")
                    % {"task": str(u.assignment.task.title)[:80], "msg": exc.message},
                    code=exc.code,
                ) from None
    return len(updates)


# --- unit plans ------------------------------------------------------------------------------


def do_create_unit_plan(*, actor, unit, parent_plan: Plan) -> Plan:
    """A unit's own plan (draft) from its lead assignments in ``parent_plan``; tasks link to their
    parent (written by ``plans.actions.do_create_unit_plan``)."""
    task_ids = (
        Assignment.objects.filter(task__plan=parent_plan, unit=unit, role="lead")
        .values_list("task_id", flat=True)
        .distinct()
    )
    return plan_actions.do_create_unit_plan(
        actor=actor,
        unit=unit,
        parent_plan=parent_plan,
        parent_tasks=list(Task.objects.filter(pk__in=list(task_ids)).order_by("order")),
    )


def assign_changed_plan(plan: Plan, *, actor) -> None:
    """The plans hook (``plans.hooks.on_plan_changed``): assign the plan's tasks to their units."""
    do_assign_plan(plan, actor=actor)
