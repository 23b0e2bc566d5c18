"""The plans writes after a commit (``actions`` imports and commits, and re-exports these: other
apps import them from ``plans.actions``).

The plans app is the only writer of Plan, Target, Task and TaskUnit rows: a unit's own plan and
its tasks, leads given to tasks without one, mentions mapped to units, event dates, targets
stated outside the target list, inspection follow-up tasks, the scale test's copies. Each ``do_*`` checks permission in the one gate (``actor=None`` is the system), saves and
records an audit event inside one transaction; whatever changes which units a plan's tasks name
runs ``hooks.plan_changed`` (tracking assigns the tasks).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record, snapshot
from cchc.core.errors import DomainError
from cchc.domain.planparse.targets import extract_targets
from cchc.orgs.models import OrgUnit
from cchc.plans.hooks import plan_changed
from cchc.plans.mentions import is_partial_group, mention_index, needs_mapping, plan_date
from cchc.plans.models import Area, DocumentKind, Plan, PlanStatus, Target, Task, TaskUnit, UnitRole
from cchc.plans.queries import tasks_without_lead
from cchc.plans.resolution import set_target

# --- leads and mentions ----------------------------------------------------------------------


def do_assign_leads(plan: Plan, *, task_ids: list[int], unit: OrgUnit, actor) -> int:
    """Give the tasks of ``plan`` among ``task_ids`` that have no lead the lead ``unit`` (the
    "Nhiệm vụ chưa có đơn vị chủ trì" page); the unit gets their tracking assignments. Returns
    how many tasks got it. Tasks that have a lead meanwhile are left alone."""
    if not policy.can_assign_plan(actor, plan):
        raise Forbidden(_("Bạn không có quyền giao nhiệm vụ của kế hoạch này."))
    if unit is None or (unit.pk != plan.province_id and unit.province_id != plan.province_id):
        raise DomainError(_("Đơn vị được chọn không thuộc tỉnh của kế hoạch."), code="unit_province")
    if not task_ids:
        raise DomainError(_("Chưa chọn nhiệm vụ nào."), code="no_tasks")
    with transaction.atomic():
        tasks = list(
            tasks_without_lead(Plan.objects.filter(pk=plan.pk)).filter(pk__in=task_ids).select_for_update()
        )
        TaskUnit.objects.bulk_create(
            TaskUnit(task=t, role=UnitRole.LEAD, text=unit.name, unit=unit, confidence=Decimal(1), order=0)
            for t in tasks
        )
        if tasks:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=plan,
                changes={"leads_assigned": [None, len(tasks)], "lead_unit": [None, unit.name]},
                unit=plan.province,
            )
            plan_changed(plan, actor=actor)
    return len(tasks)


def _picked(plan: Plan, choice: str | list[str]) -> list[tuple]:
    """(unit, group) pairs of a mapping choice (``unit:CODE`` / ``group:KEY`` of ``mention_index``)."""
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
    return picked


def do_map_unit_mention(*, actor, plan: Plan, text: str, choice: str | list[str]) -> int:
    """The standing agency says which unit(s) or group(s) a mention of ``plan`` means (every mention
    with this ``text`` still needing it): ``unit:CODE`` / ``group:KEY`` from ``mention_index``.
    A restricted group ("các sở liên quan") mapped to a group becomes that group's members at the
    plan's date. Returns how many mentions were mapped; their assignments follow at once."""
    if not policy.can_map_mentions(actor, plan):
        raise Forbidden(_("Chỉ cơ quan thường trực được xác định đơn vị của nhiệm vụ."))
    text = (text or "").strip()
    picked = _picked(plan, choice)
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
            _map(m, picked, plan, actor)
        plan_changed(plan, actor=actor)
    return len(mentions)


def _map(m: TaskUnit, picked: list[tuple], plan: Plan, actor) -> None:
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


def do_record_event(*, actor, task: Task, event_date: dt.date) -> Task:
    """Record when a task's triggering event happened (``tracking.actions.do_record_event`` then
    dates the task's waiting assignments)."""
    from django.utils import timezone

    if not policy.can_record_event(actor, task):
        raise Forbidden(_("Bạn không có quyền ghi nhận sự kiện của nhiệm vụ này."))
    if not task.event:
        raise DomainError(_("Nhiệm vụ này không phụ thuộc sự kiện."))
    if event_date > timezone.localdate():
        raise DomainError(_("Ngày xảy ra sự kiện không được ở tương lai."))
    with transaction.atomic(), audited_change(task, actor=actor, update_fields=["event_date"]):
        task.event_date = event_date
    return task


# --- targets -------------------------------------------------------------------------------


def do_add_target(plan: Plan, *, text: str, actor, area: Area | None = None, note: str = "") -> Target:
    """Record a target the plan states outside its target list (e.g. a requirement in the
    framework annex: "Ít nhất 30% số cơ quan, đơn vị trực thuộc được kiểm tra"), read with the
    importer's own target reader. Only the plan's province standing agency; refused, nothing saved,
    when the sentence states no measurable target."""
    if not policy.can_link_targets(actor, plan):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được bổ sung chỉ tiêu của kế hoạch."))
    found = extract_targets(text or "")
    if not found:
        raise DomainError(
            _("Không đọc được chỉ tiêu đo được trong câu “%(t)s” (cần một con số, ví dụ “ít nhất 30%%”).")
            % {"t": (text or "").strip()[:200]},
            code="target_text",
        )
    t = found[0]
    with transaction.atomic():
        last = plan.targets.order_by("-order").values_list("order", flat=True).first()
        target = Target.objects.create(
            plan=plan,
            area=area,
            text=t.text,
            comparator=t.comparator,
            value=t.value,
            value_max=t.value_max,
            unit=t.unit,
            level=t.level or "",
            year=t.year,
            yearly=t.trajectory == "yearly",
            subject=t.subject,
            order=(last + 1) if last is not None else 0,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=target,
            after=snapshot(target),
            unit=plan.province,
            note=note,
        )
    return target


# --- a unit's own plan (kế hoạch cụ thể hóa) -------------------------------------------------


def _add_task(plan, unit, **fields) -> Task:
    task = Task.objects.create(plan=plan, **fields)
    TaskUnit.objects.create(task=task, role="lead", text=unit.name, unit=unit)
    return task


def _append_task(plan, unit, *, title: str, due: dt.date | None, **fields) -> Task:
    """A task added after the plan's last one, led by ``unit``, due ``due`` (if any)."""
    order = (plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return _add_task(
        plan,
        unit,
        order=order,
        title=title,
        due_date=due,
        end_year=due.year if due else None,
        timeframe_text=due.strftime("%d/%m/%Y") if due else "",
        **fields,
    )


def do_create_unit_plan(*, actor, unit, parent_plan: Plan, parent_tasks: list[Task]) -> Plan:
    """A unit's own plan (draft) implementing ``parent_plan``: one task per task of
    ``parent_tasks`` (those the unit leads), linked to it."""
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
        for order, parent in enumerate(parent_tasks, 1):
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
        plan_changed(plan, actor=actor)
    return plan


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
        task = _append_task(plan, plan.owner_unit, title=title, due=due_date, parent_task=parent_task)
        record(
            actor=actor, action=AuditAction.CREATE, instance=task, after=snapshot(task), unit=plan.owner_unit
        )
        plan_changed(plan, actor=actor)
    return task


def _set_plan_status(actor, plan: Plan, frm: str, to: str) -> Plan:
    with transaction.atomic():
        locked = lock(plan, "owner_unit")
        if locked.status != frm:
            raise DomainError(_("Trạng thái kế hoạch đã thay đổi, không thực hiện được."), code="state")
        with audited_change(locked, actor=actor, unit=locked.owner_unit, update_fields=["status"]):
            locked.status = to
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


# --- inspection follow-up (oversight) --------------------------------------------------------


def do_followup_plan(province: OrgUnit, year: int, *, actor) -> Plan:
    """The province's "inspection follow-up" plan of ``year`` (created once): its tasks are the
    findings that need action, assigned through tracking like any plan's tasks. Called by
    ``oversight.actions`` (which checks the inspection permission)."""
    title = f"Khắc phục tồn tại, hạn chế sau kiểm tra công tác cải cách hành chính năm {year}"
    plan = Plan.objects.filter(province=province, parent_plan__isnull=True, title=title).first()
    if plan is None:
        plan = Plan.objects.create(
            number="",
            kind=DocumentKind.OTHER,
            title=title,
            province=province,
            owner_unit=province,
            period_start=year,
            period_end=year,
            created_by=actor,
        )
        record(actor=actor, action=AuditAction.CREATE, instance=plan, after=snapshot(plan), unit=province)
    return plan


def do_add_followup_task(plan: Plan, *, unit: OrgUnit, title: str, due: dt.date, actor) -> Task:
    """A task of the follow-up plan led by ``unit``, due ``due``, assigned at once."""
    with transaction.atomic():
        task = _append_task(plan, unit, title=title, due=due, start_year=due.year)
        record(actor=actor, action=AuditAction.CREATE, instance=task, after=snapshot(task), unit=unit)
        plan_changed(plan, actor=actor)
    return task


# --- simulation copies (``cchc scale``) ------------------------------------------------------


def do_copy_plan(plan: Plan, k: int, *, actor=None) -> Plan:
    """The ``k``-th simulated copy of ``plan`` (areas, tasks, mentions; no parent links) for the
    scale test; not assigned (the caller assigns once every copy is made)."""
    number = plan.number.replace("/", f"-S{k}/", 1) if plan.number else f"S{k}"
    with transaction.atomic():
        copy = Plan.objects.create(
            number=number,
            kind=plan.kind,
            title=f"{plan.title} (bản mô phỏng {k})",
            province=plan.province,
            owner_unit=plan.owner_unit,
            issued_on=plan.issued_on,
            period_start=plan.period_start,
            period_end=plan.period_end,
            status=plan.status,
        )
        areas = {}
        for a in plan.areas.all():
            areas[a.pk] = Area.objects.create(
                plan=copy, code=a.code, title=a.title, standard_area=a.standard_area, order=a.order
            )
        tasks = list(plan.tasks.prefetch_related("unit_mentions").order_by("order"))
        old_mentions = {t.pk: list(t.unit_mentions.all()) for t in tasks}
        old_ids = [t.pk for t in tasks]
        for t in tasks:
            t.pk = None
            t.plan = copy
            t.area = areas.get(t.area_id)
            t.parent_task = None
        Task.objects.bulk_create(tasks, batch_size=1000)  # ids come back (PostgreSQL, SQLite ≥ 3.35)
        mentions = []
        for old_id, t in zip(old_ids, tasks, strict=True):
            for m in old_mentions[old_id]:
                m.pk = None
                m.task = t
                mentions.append(m)
        TaskUnit.objects.bulk_create(mentions, batch_size=2000)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=copy,
            changes={"copy_of": [None, plan.pk], "tasks": [None, len(tasks)]},
            unit=plan.province,
        )
    return copy
