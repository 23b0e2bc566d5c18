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
from cchc.audit.recording import audited_change, record, snapshot
from cchc.core.errors import ConflictError, DomainError
from cchc.domain.text import fold
from cchc.domain.vnformat import format_date, format_number
from cchc.plans.models import Plan, PlanStatus, Recurrence, Task, TaskUnit
from cchc.tracking.current import bump_figures, refresh_current
from cchc.tracking.evidence import check_evidence_file
from cchc.tracking.models import ApprovalState, Assignment, AssignmentStatus, Evidence, ProgressUpdate

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


_PARTIAL_WORDS = ("lien quan", "duoc giao", "co lien quan")


def is_partial_group(mention: TaskUnit) -> bool:
    """A group mention that means only some of its members ("các sở, ban, ngành liên quan")."""
    return bool(mention.group_id) and any(w in fold(mention.text) for w in _PARTIAL_WORDS)


def is_every_unit_lead(mention: TaskUnit) -> bool:
    """A lead mention "các cơ quan, đơn vị" (no restriction): a standing duty of every unit the
    plan addresses (:func:`addressed_units`), such as making their own plan or reporting."""
    from cchc.domain.resolver import is_every_unit

    return mention.role == "lead" and not mention.is_resolved and is_every_unit(mention.text)


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


def needs_mapping(mention: TaskUnit) -> bool:
    """Whether the standing agency still has to say which units a mention means."""
    if is_every_unit_lead(mention):
        return False
    return not mention.is_resolved or is_partial_group(mention)


def plan_date(plan: Plan) -> dt.date:
    if plan.issued_on:
        return plan.issued_on
    if plan.period_start:
        return dt.date(plan.period_start, 1, 1)
    return timezone.localdate()


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
    """Create the missing assignments of every task of ``plan`` (idempotent)."""
    if not policy.can_assign_plan(actor, plan):
        raise Forbidden(_("Bạn không có quyền giao nhiệm vụ của kế hoạch này."))
    result = AssignResult()
    when = plan_date(plan)
    group_members: dict = {}
    pending: list[Assignment] = []
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
            for unit, group in targets:
                for label, start, due in instances_for(task, plan):
                    key = (task.pk, unit.pk, mention.role, label)
                    if key in existing:
                        result.existing += 1
                        continue
                    existing.add(key)
                    pending.append(
                        Assignment(
                            task=task,
                            unit=unit,
                            role=mention.role,
                            via_group=group,
                            period_label=label,
                            start_date=start,
                            due_date=due,
                            family_task_id=task.parent_task_id or task.pk,
                        )
                    )
                    if len(pending) >= ASSIGN_BATCH:
                        result.created += _insert_batch(pending, plan, actor)
                        pending = []
        result.created += _insert_batch(pending, plan, actor)
    return result


ASSIGN_BATCH = 2000


def _insert_batch(rows: list[Assignment], plan: Plan, actor) -> int:
    """Insert ``rows`` in one statement, with one audit event listing them (id, task, unit, role,
    period, start, due), and their current progress (a unit-plan copy joins its family's)."""
    if not rows:
        return 0
    Assignment.objects.bulk_create(rows, batch_size=ASSIGN_BATCH)
    if rows[0].pk is None:  # a backend that does not return ids (not SQLite ≥ 3.35, PostgreSQL)
        keys = {(a.task_id, a.unit_id, a.role, a.period_label): a for a in rows}
        for pk, *key in Assignment.objects.filter(task__plan=plan).values_list(
            "pk", "task_id", "unit_id", "role", "period_label"
        ):
            if tuple(key) in keys:
                keys[tuple(key)].pk = pk
    listed = [[a.pk, a.task_id, a.unit_id, a.role, a.period_label, a.start_date, a.due_date] for a in rows]
    record(
        actor=actor,
        action=AuditAction.CREATE,
        model=Assignment._meta.label_lower,
        object_id=f"{rows[0].pk}-{rows[-1].pk}"[:64],
        object_repr=(_("%(n)s phân công của %(plan)s") % {"n": len(rows), "plan": plan})[:255],
        changes={"rows": [["id", "task", "unit", "role", "period_label", "start_date", "due_date"], *listed]},
        unit=plan.province,
        note=_("Giao nhiệm vụ theo lô"),
    )
    if not refresh_current(rows, new_rows=True):
        bump_figures({a.unit_id for a in rows})
    return len(rows)


def mention_index(plan: Plan):
    """The org tree a plan's mentions may be mapped to: the plan's province as it was on its date."""
    from cchc.plans.resolution import org_index

    when = plan.issued_on or (dt.date(plan.period_start, 1, 1) if plan.period_start else None)
    return org_index(plan.province, when, scope=plan.owner_unit)


@dataclass
class MapResult:
    mentions: int = 0
    created: int = 0


def do_map_unit_mention(*, actor, plan: Plan, text: str, choice: str | list[str]) -> MapResult:
    """The standing agency says which unit(s) or group(s) a mention of ``plan`` means (every mention
    with this ``text`` still needing it): ``unit:CODE`` / ``group:KEY`` from :func:`mention_index`.
    A restricted group ("các sở liên quan") mapped to a group becomes that group's members at the
    plan's date. The missing assignments are created at once."""
    from cchc.plans.resolution import set_target

    if not policy.can_map_mentions(actor, plan):
        raise Forbidden(_("Chỉ cơ quan thường trực được xác định đơn vị của nhiệm vụ."))
    text = (text or "").strip()
    index = mention_index(plan)
    picked: list[tuple] = []
    for c in [choice] if isinstance(choice, str) else list(choice):
        target: dict = {}
        if not c or not set_target(target, index, c):
            raise DomainError(_("Hãy chọn đơn vị hoặc nhóm đơn vị trong danh sách."), code="choice")
        unit = index.units.get(target["unit_code"]) if target.get("unit_code") else None
        group = index.groups.get(target["group_key"]) if target.get("group_key") else None
        if (unit, group) not in picked:
            picked.append((unit, group))
    if not picked:
        raise DomainError(_("Hãy chọn đơn vị hoặc nhóm đơn vị trong danh sách."), code="choice")
    with transaction.atomic():
        mentions = [
            m
            for m in TaskUnit.objects.select_for_update()
            .filter(task__plan=plan, text=text)
            .select_related("task")
            if needs_mapping(m)
        ]
        if not mentions:
            raise DomainError(
                _(
                    "Không còn đơn vị cần xác định “%(text)s” trong kế hoạch này (có thể người khác vừa xác định)."
                )
                % {"text": text},
                code="stale",
            )
        for m in mentions:
            targets = picked
            if is_partial_group(m):  # only units: the group as a whole is what the plan did not mean
                when = plan_date(plan)
                targets = []
                for unit, group in picked:
                    for u in [unit] if unit else group.members_at(when):
                        if (u, None) not in targets:
                            targets.append((u, None))
            for k, (unit, group) in enumerate(targets):
                before = snapshot(m) if k == 0 else None
                row = m if k == 0 else TaskUnit(task=m.task, role=m.role, text=m.text, order=m.order)
                row.unit, row.group, row.vague, row.confidence = unit, group, False, Decimal("1")
                row.save()
                record(
                    actor=actor,
                    action=AuditAction.UPDATE if k == 0 else AuditAction.CREATE,
                    instance=row,
                    before=before,
                    after=snapshot(row),
                    unit=unit or plan.province,
                    note=_("Xác định đơn vị của nhiệm vụ"),
                )
        created = do_assign_plan(plan, actor=actor).created
    return MapResult(mentions=len(mentions), created=created)


def do_record_event(*, actor, task: Task, event_date: dt.date) -> int:
    """Record when a task's triggering event happened; its waiting assignments get due dates."""
    if not policy.can_record_event(actor, task):
        raise Forbidden(_("Bạn không có quyền ghi nhận sự kiện của nhiệm vụ này."))
    if not task.event:
        raise DomainError(_("Nhiệm vụ này không phụ thuộc sự kiện."))
    if event_date > timezone.localdate():
        raise DomainError(_("Ngày xảy ra sự kiện không được ở tương lai."))
    with transaction.atomic():
        before = snapshot(task)
        task.event_date = event_date
        task.version += 1
        task.save(update_fields=["event_date", "version"])
        record(actor=actor, action=AuditAction.UPDATE, instance=task, before=before, after=snapshot(task))
        due = event_date + dt.timedelta(days=event_due_days())
        count = Assignment.objects.filter(task=task).update(start_date=event_date, due_date=due)
        bump_figures(Assignment.objects.filter(task=task).values_list("unit_id", flat=True))
    return count


# --- progress --------------------------------------------------------------------------------


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
    # a file given with no bytes is refused (check_evidence_file), never dropped silently
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
        meta = check_evidence_file(e.file_name, e.file_data) if e.file_data is not None else None
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
        refresh_current([locked])
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
    refresh_current([a])


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
        refresh_current([a])
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


# --- work of closed units ---------------------------------------------------------------------

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
    from cchc.tracking.queries import annotate_state

    qs = annotate_state(Assignment.objects.filter(unit=unit, moved_to__isnull=True), on)
    return list(
        qs.exclude(state__in=list(CLOSED_STATES))
        .select_related("task", "task__plan", "unit")
        .defer("task__plan__interchange")
    )


def sole_successor(unit):
    """The one unit that took ``unit`` over, else None (several: a split; none: abolished)."""
    from cchc.orgs.models import UnitSuccession

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
    from cchc.tracking.queries import annotate_state, row_of

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
    if created:
        record(
            actor=actor,
            action=AuditAction.CREATE,
            model=Assignment._meta.label_lower,
            object_id=f"{created[0][1].pk}-{created[-1][1].pk}"[:64],
            object_repr=(_("%(n)s phân công tiếp nhận từ %(unit)s") % {"n": len(created), "unit": unit.name})[
                :255
            ],
            changes={
                "rows": [
                    ["id", "from", "task", "unit", "role", "period_label", "due_date", "status", "percent"],
                    *[
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
                ]
            },
            unit=successor,
            note=_("Tiếp nhận từ %(unit)s") % {"unit": unit.name},
        )
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        model=Assignment._meta.label_lower,
        object_id=f"{moving[0].pk}-{moving[-1].pk}"[:64],
        object_repr=(_("%(n)s phân công chuyển cho %(unit)s") % {"n": len(moving), "unit": successor.name})[
            :255
        ],
        changes={
            "rows": [["id", "held_to", "moved_to"], *[[a.pk, last_day, target[a.pk].pk] for a in moving]]
        },
        unit=unit,
        note=_("Chuyển cho %(unit)s") % {"unit": successor.name},
    )
    refresh_current([new for _a, new in created])


def on_unit_closed(unit, *, actor) -> None:
    """Hook for ``orgs.actions.do_close_unit``: when the closed unit has one successor, its open
    work moves at once (inside the closing transaction); otherwise it waits for an officer."""
    unit.refresh_from_db()
    if sole_successor(unit) is not None:
        do_move_closed_unit_work(actor=actor, unit=unit)


# --- unit plans ------------------------------------------------------------------------------


def do_create_unit_plan(*, actor, unit, parent_plan: Plan) -> Plan:
    """A unit's own plan (draft) from its lead assignments in ``parent_plan``; tasks link to their parent."""
    if actor is not None and not policy.grants_for(actor).can_report_for(unit):
        raise Forbidden(_("Bạn chỉ được lập kế hoạch cho đơn vị mình."))
    if Plan.objects.filter(parent_plan=parent_plan, owner_unit=unit).exists():
        raise DomainError(_("Đơn vị đã có kế hoạch thực hiện kế hoạch này."), code="duplicate")
    with transaction.atomic():
        plan = Plan.objects.create(
            title=_("Kế hoạch của %(unit)s thực hiện %(plan)s")
            % {"unit": unit.name, "plan": parent_plan.number or parent_plan.title[:80]},
            province=parent_plan.province,
            owner_unit=unit,
            parent_plan=parent_plan,
            period_start=parent_plan.period_start,
            period_end=parent_plan.period_end,
            status=PlanStatus.DRAFT,
            created_by=actor,
        )
        record(actor=actor, action=AuditAction.CREATE, instance=plan, after=snapshot(plan), unit=unit)
        task_ids = (
            Assignment.objects.filter(task__plan=parent_plan, unit=unit, role="lead")
            .values_list("task_id", flat=True)
            .distinct()
        )
        for order, parent in enumerate(Task.objects.filter(pk__in=list(task_ids)).order_by("order"), 1):
            _add_task(
                plan,
                unit,
                order=order,
                parent_task=parent,
                title=parent.title,
                timeframe_text=parent.timeframe_text,
                start_year=parent.start_year,
                end_year=parent.end_year,
                due_date=parent.due_date,
                recurrence=parent.recurrence,
                event=parent.event,
                event_date=parent.event_date,
                outputs=parent.outputs,
            )
        do_assign_plan(plan, actor=actor)
    return plan


def _add_task(plan, unit, **fields) -> Task:
    task = Task.objects.create(plan=plan, **fields)
    TaskUnit.objects.create(task=task, role="lead", text=unit.name, unit=unit)
    return task


def _check_unit_plan_owner(actor, plan: Plan) -> None:
    if plan.parent_plan_id is None:
        raise DomainError(_("Đây không phải kế hoạch của đơn vị."))
    if actor is not None and not policy.grants_for(actor).can_report_for(plan.owner_unit_id):
        raise Forbidden(_("Bạn chỉ được sửa kế hoạch của đơn vị mình."))


def do_add_unit_plan_task(
    *, actor, plan: Plan, title: str, due_date: dt.date | None = None, parent_task: Task | None = None
) -> Task:
    """The unit adds its own task to its draft plan."""
    _check_unit_plan_owner(actor, plan)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("Kế hoạch đã gửi, không thêm nhiệm vụ được."), code="state")
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Cần nhập nội dung nhiệm vụ."))
    if parent_task is not None and parent_task.plan_id != plan.parent_plan_id:
        raise DomainError(_("Nhiệm vụ cấp trên không thuộc kế hoạch cấp trên."))
    with transaction.atomic():
        order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        task = _add_task(
            plan,
            plan.owner_unit,
            order=order,
            title=title,
            due_date=due_date,
            end_year=due_date.year if due_date else None,
            parent_task=parent_task,
            timeframe_text=due_date.strftime("%d/%m/%Y") if due_date else "",
        )
        record(
            actor=actor, action=AuditAction.CREATE, instance=task, after=snapshot(task), unit=plan.owner_unit
        )
        do_assign_plan(plan, actor=actor)
    return task


def _set_plan_status(actor, plan: Plan, frm: str, to: str) -> Plan:
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != frm:
            raise DomainError(_("Trạng thái kế hoạch đã thay đổi, không thực hiện được."), code="state")
        before = snapshot(locked)
        locked.status = to
        locked.version += 1
        locked.save(update_fields=["status", "version"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            before=before,
            after=snapshot(locked),
            unit=locked.owner_unit,
        )
    plan.refresh_from_db()
    return plan


def do_submit_unit_plan(*, actor, plan: Plan) -> Plan:
    """The unit submits its draft plan to the standing agency."""
    _check_unit_plan_owner(actor, plan)
    if not plan.tasks.exists():
        raise DomainError(_("Kế hoạch chưa có nhiệm vụ nào."))
    return _set_plan_status(actor, plan, PlanStatus.DRAFT, PlanStatus.SUBMITTED)


def do_acknowledge_unit_plan(*, actor, plan: Plan) -> Plan:
    """The standing agency acknowledges a submitted unit plan."""
    if plan.parent_plan_id is None:
        raise DomainError(_("Đây không phải kế hoạch của đơn vị."))
    if actor is not None and not policy.grants_for(actor).can_coordinate(plan.owner_unit_id):
        raise Forbidden(_("Chỉ cơ quan thường trực được ghi nhận kế hoạch của đơn vị."))
    return _set_plan_status(actor, plan, PlanStatus.SUBMITTED, PlanStatus.ACKNOWLEDGED)
