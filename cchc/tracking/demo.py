"""Demo step (order 40): assign the seed plans and give them plausible, deterministic progress.

Some work is done with a generated PDF as evidence (some approved, some accepted, some returned),
some in progress, some late, as of today's date. Updates are dated around their work's due date
(``at``), so "done" vs "done late" and a report as of a past date read like a real history. Reporters and heads of HP-STP and HP-STTTT get
progress of their own so their pages show something real.
"""

from __future__ import annotations

import datetime as dt
import random
from datetime import timedelta

from django.utils import timezone

from cchc.core.uploads import tiny_pdf
from cchc.plans.models import Plan
from cchc.tracking.actions import (
    EvidenceInput,
    do_approve_progress,
    do_assign_plan,
    do_record_progress,
    do_review_progress,
)
from cchc.tracking.models import Assignment


def _user(username):
    from cchc.accounts.models import User

    return User.objects.filter(username=username).first()


def _moment(rng, now: dt.datetime, day: dt.date, hour: int) -> dt.datetime:
    """A working-hours time on ``day`` (never after now): the history reads like a real one."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59))))
    return min(at, now - timedelta(minutes=5))


def _demo_report(a, status: str, rng, today: dt.date):
    """(evidence, reported_on) of a demo update: finished work has a dated proof around its due
    date; work in progress is reported somewhere between its start and now (or its due date)."""
    due = a.due_date
    start = a.start_date or a.task.plan.issued_on or today - timedelta(days=90)
    start = max(start, a.task.plan.issued_on or start)
    if status != "done":
        end = min(today, due) if due else today
        span = max((end - start).days, 0)
        return [], start + timedelta(days=rng.randint(span // 3, span)) if span else end
    # most work is done on time, some late: the proof is dated around the due date
    doc_date = min(today, (due or today) - timedelta(days=rng.randint(-40, 60)))
    doc_date = max(doc_date, start)
    reported_on = min(today, doc_date + timedelta(days=rng.randint(1, 10)))
    number = f"{rng.randint(10, 999)}/QĐ-{a.unit.short_name or 'UBND'}"
    evidence = [
        EvidenceInput(
            doc_number=number,
            doc_date=doc_date,
            issuer=a.unit.name,
            file_name=f"kiem-chung-{a.pk}.pdf",
            file_data=tiny_pdf(f"Tai lieu kiem chung {number} ngay {doc_date:%d/%m/%Y}"),
        )
    ]
    return evidence, reported_on


def _demo_review(update, at, reported_on, *, head, reviewer, rng, now) -> None:
    """Most finished work is approved by the unit head; part of it reviewed (accepted or returned)."""
    fate = rng.random()
    if fate >= 0.75:
        return
    approved = max(at, _moment(rng, now, reported_on + timedelta(days=rng.randint(0, 3)), 14))
    do_approve_progress(actor=head, update=update, at=approved)
    reviewed = max(approved, _moment(rng, now, reported_on + timedelta(days=rng.randint(4, 9)), 10))
    if fate < 0.45:
        do_review_progress(actor=reviewer, update=update, decision="accept", at=reviewed)
    elif fate < 0.6:
        do_review_progress(
            actor=reviewer,
            update=update,
            decision="return",
            reason="Tài liệu kiểm chứng chưa thể hiện kết quả; đề nghị bổ sung.",
            at=reviewed,
        )


def _demo_status(rng, past_due: bool):
    """(status, percent) for a demo update, or None: not started (some overdue work stays visible)."""
    roll = rng.random()
    if roll < 0.45 or (past_due and roll < 0.8):
        return "done", 100
    if roll < 0.9:
        return "in_progress", rng.choice([20, 30, 40, 60, 75, 90])
    return None


def load_demo_progress(stdout=None) -> None:
    rng = random.Random(20210923)
    today = timezone.localdate()
    plans = list(Plan.objects.filter(parent_plan__isnull=True).order_by("pk"))
    created = 0
    for plan in plans:
        created += do_assign_plan(plan, actor=None).created
    if Assignment.objects.filter(updates__isnull=False).exists():
        if stdout:
            stdout.write("  progress already present; skipped")
        return
    heads = {"HP-STP": _user("lanhdao.stp"), "HP-STTTT": _user("lanhdao.stttt")}
    reporters = {"HP-STP": _user("baocao.stp"), "HP-STTTT": _user("baocao.stttt")}
    officer = _user("snv.haiphong")
    now = timezone.now()
    count = 0
    # the plan's imported document (``interchange``) is not needed here: joined into every row, it
    # was decoded once per assignment (GBs of memory for the demo's few thousand rows)
    qs = (
        Assignment.objects.filter(role="lead")
        .select_related("task", "task__plan", "unit")
        .defer("task__plan__interchange")
        .order_by("pk")
    )
    for a in qs:
        featured = a.unit.code in reporters
        past_due = a.due_date is not None and a.due_date < today
        if not featured and rng.random() > (0.75 if past_due else 0.45):
            continue
        if a.start_date and a.start_date > today:
            continue
        picked = _demo_status(rng, past_due)
        if picked is None:
            continue
        status, percent = picked
        narrative = (
            "Đã ban hành văn bản triển khai và tổ chức thực hiện theo kế hoạch."
            if status == "done"
            else "Đang triển khai, đã hoàn thành một phần khối lượng công việc."
        )
        evidence, reported_on = _demo_report(a, status, rng, today)
        at = _moment(rng, now, reported_on, 9)
        update = do_record_progress(
            actor=reporters.get(a.unit.code),
            assignment=a,
            status=status,
            percent=percent,
            narrative=narrative,
            evidence=evidence,
            expected_version=a.version,
            at=at,
            # the work was finished on the day of its proof, reported a few days later
            completed_on=evidence[0].doc_date if evidence else None,
        )
        count += 1
        if status == "done":
            reviewer = officer if officer and a.unit.audit_province_code() == "HP" else None
            _demo_review(
                update, at, reported_on, head=heads.get(a.unit.code), reviewer=reviewer, rng=rng, now=now
            )
    if stdout:
        total = Assignment.objects.filter(task__plan__in=plans).count()
        # the plans' commits assigned them already: `created` counts only what was missing
        stdout.write(
            f"  {total} assignments ({created} new), {count} progress updates (as of {today:%d/%m/%Y})"
        )


def load_demo_unit_plans(stdout=None) -> None:
    """Two Hải Phòng departments turn 216/KH-UBND into their own plans (cụ thể hóa): Sở Tư pháp's
    is acknowledged, Sở TT&TT's awaits acknowledgement; the others have none yet."""
    from cchc.orgs.models import OrgUnit
    from cchc.plans.actions import do_acknowledge_unit_plan, do_add_unit_plan_task, do_submit_unit_plan
    from cchc.tracking.actions import do_create_unit_plan

    parent = Plan.objects.filter(number="216/KH-UBND", parent_plan__isnull=True).first()
    if parent is None or Plan.objects.filter(parent_plan=parent).exists():
        return
    today = timezone.localdate()
    made = 0
    for code, reporter, acknowledge in (("HP-STP", "baocao.stp", True), ("HP-STTTT", "baocao.stttt", False)):
        unit = OrgUnit.objects.filter(code=code).first()
        actor = _user(reporter)
        if unit is None or actor is None:
            continue
        plan = do_create_unit_plan(actor=actor, unit=unit, parent_plan=parent)
        do_add_unit_plan_task(
            actor=actor,
            plan=plan,
            title=f"Tổ chức hội nghị quán triệt kế hoạch cải cách hành chính của {unit.name}",
            due_date=dt.date(today.year, 12, 31),
        )
        do_submit_unit_plan(actor=actor, plan=plan)
        if acknowledge:
            do_acknowledge_unit_plan(actor=_user("snv.haiphong"), plan=plan)
        made += 1
    if stdout:
        stdout.write(f"  {made} kế hoạch của đơn vị thực hiện {parent.number}")


def load_demo_reminder_addresses(stdout=None) -> None:
    """Sở Tư pháp and Sở TT&TT get a (reserved example.org) reminder address, so ``cchc remind
    --dry-run`` and the demo's console/file mail backend show real digests."""
    from cchc.orgs.actions import do_update_unit
    from cchc.orgs.models import OrgUnit

    for code, email in (
        ("HP-STP", "sotuphap.haiphong@example.org"),
        ("HP-STTTT", "sotttt.haiphong@example.org"),
    ):
        unit = OrgUnit.objects.filter(code=code).first()
        if unit is not None and not unit.email:
            do_update_unit(actor=None, unit=unit, email=email)


__all__ = ["load_demo_progress", "load_demo_unit_plans", "load_demo_reminder_addresses", "dt"]


def load_demo_closed_unit_moves(stdout=None) -> None:
    """The 2025 reorganisation: open work of each unit closed with one successor moves to it (as
    ``orgs.actions.do_close_unit`` does when a succession is recorded after the work exists)."""
    from cchc.orgs.models import OrgUnit
    from cchc.tracking.moves import do_move_closed_unit_work, sole_successor

    moved = units = 0
    closed = OrgUnit.objects.filter(valid_to__isnull=False, assignments__moved_to__isnull=True).distinct()
    for unit in closed.order_by("code"):
        if sole_successor(unit) is None:
            continue
        r = do_move_closed_unit_work(actor=None, unit=unit)
        moved += r.moved
        units += 1 if r.moved else 0
    if stdout:
        stdout.write(f"  {moved} nhiệm vụ của {units} đơn vị đã sáp nhập được chuyển cho đơn vị kế thừa\n")
