"""Demo step (order 85): Hải Phòng's 2022 CCHC budget under 216/KH-UBND.

Runs after the plan (order 20) and its assignments (order 40), before the unit reports (order 95,
whose funding section is pre-filled from it). The 2022 round (its due date and the allocation
decision are illustrative, "minh họa": the seed gives the duty, not the dates) is opened by the
standing agency; every unit expected to send an estimate (``queries.expected_unit_ids``) does,
most on time, a few late, except two (one still a draft, one not started). Sở Tư pháp's estimate
(its officers log in to the demo) goes through the actions: returned by Sở Tài chính for a
missing breakdown, sent again, appraised with a line cut. Sở Tài chính appraised the rest, cutting
a few lines with a reason; quarterly disbursement on the lines of about 40% of the budgeted
tasks, a few settled, one line spent above its allocation with the reason stated.

The other units' rows are written in bulk (a few hundred), in the shape the actions write them
(a line's task is one assigned to the unit, an approved amount different from the request has
its reason, spending has its voucher number and exceeds the allocation only with a reason).
Deterministic (a seeded random generator).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

PLAN_NUMBER = "216/KH-UBND"
YEAR = 2022
DUE = dt.date(2021, 11, 15)
BASIS = (
    "Kế hoạch 216/KH-UBND mục V (Kinh phí), VI.1.b (các cơ quan, đơn vị lập dự toán kinh phí CCHC), "
    "VI.2 (Sở Tài chính thẩm định); hạn gửi dự toán 15/11/2021: minh họa"
)
ALLOCATION = "Quyết định số 3250/QĐ-UBND ngày 10/12/2021 giao dự toán ngân sách năm 2022 (minh họa)"
MILLION = Decimal(1_000_000)
QUARTERS = [("2022-Q1", dt.date(2022, 3, 25)), ("2022-Q2", dt.date(2022, 6, 24))]
QUARTERS += [("2022-Q3", dt.date(2022, 9, 23)), ("2022-Q4", dt.date(2022, 12, 9))]
CUT_REASONS = [
    "Nội dung trùng với nhiệm vụ chi thường xuyên của đơn vị đã bố trí dự toán.",
    "Định mức chi hội nghị, tập huấn theo Nghị quyết của HĐND thành phố; giảm số lớp.",
    "Chưa có đề cương, dự toán chi tiết được phê duyệt; bố trí phần kinh phí triển khai trong năm.",
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _user(username):
    from cchc.accounts.models import User

    return User.objects.filter(username=username).first()


def load_demo_budget(stdout=None) -> None:
    from cchc.budget.models import BudgetRound
    from cchc.plans.models import Plan

    plan = Plan.objects.filter(number__iexact=PLAN_NUMBER, parent_plan__isnull=True).first()
    if plan is None:
        if stdout:
            stdout.write("    (plan 216/KH-UBND not loaded: no demo budget)")
        return
    if BudgetRound.objects.filter(plan=plan, year=YEAR).exists():
        return
    officer = _user("snv.haiphong")
    if officer is not None:
        from cchc.budget.actions import do_create_round

        rnd = do_create_round(plan, YEAR, DUE, BASIS, actor=officer)
    else:
        rnd = BudgetRound.objects.create(plan=plan, year=YEAR, due_date=DUE, basis=BASIS)
    counts = _estimates(rnd)
    if stdout:
        stdout.write(f"    {counts[0]} estimates, {counts[1]} lines, {counts[2]} spending records (2022)")


def _assigned_tasks(rnd) -> dict:
    """``{unit: [task, …]}``: the units expected to send an estimate (``expected_unit_ids``: lead
    or support on a task of the plan or of a unit plan copied from it) and those tasks."""
    from django.db.models import Q

    from cchc.budget.queries import expected_unit_ids
    from cchc.tracking.models import Assignment

    out: dict = {}
    rows = (
        Assignment.objects.filter(
            Q(task__plan_id=rnd.plan_id) | Q(task__plan__parent_plan_id=rnd.plan_id),
            unit_id__in=expected_unit_ids(rnd),
        )
        .select_related("unit", "task")
        .order_by("unit__code", "role", "task__order", "task_id")
    )
    for a in rows:
        tasks = out.setdefault(a.unit, [])
        if a.task not in tasks:
            tasks.append(a.task)
    return out


def _fate(i: int, code: str) -> str:
    """What happens to the i-th unit's estimate (the featured units' are complete)."""
    if code in {FEATURED, "HP-STTTT", "HP-STC", "HP-SNV"}:
        return "appraised"
    return {5: "late", 11: "late", 17: "late", 8: "draft", 14: "none"}.get(i, "appraised")


def _estimates(rnd) -> tuple[int, int, int]:
    from cchc.budget.models import BudgetEstimate, BudgetLine, EstimateStatus

    rng = random.Random(20221)
    finance = _user("taichinh.haiphong")
    by_unit = _assigned_tasks(rnd)
    estimates, lines_of = [], {}
    through_actions = []
    for i, unit in enumerate(sorted(by_unit, key=lambda u: u.code)):
        fate = _fate(i, unit.code)
        if fate == "none":
            continue
        if unit.code == FEATURED:
            est = _featured(rng, rnd, unit, by_unit[unit], finance)
            if est is not None:
                through_actions.append(est)
                continue
        sent = None
        if fate != "draft":
            late = fate == "late"
            sent = (
                DUE + dt.timedelta(days=rng.randint(4, 20))
                if late
                else DUE - dt.timedelta(days=rng.randint(0, 12))
            )
        est = BudgetEstimate(
            round=rnd,
            unit=unit,
            status=EstimateStatus.DRAFT if fate == "draft" else EstimateStatus.APPRAISED,
            submitted_at=_at(sent) if sent else None,
            on_time=None if sent is None else sent <= DUE,
        )
        if sent is not None:
            est.appraised_at = _at(dt.date(2021, 12, 8), 15)
            est.appraised_by = finance
            est.allocation_ref = ALLOCATION
        estimates.append(est)
        lines_of[unit.pk] = _lines(rng, unit, by_unit[unit], appraise=sent is not None)
    BudgetEstimate.objects.bulk_create(estimates)
    lines = []
    for est in estimates:
        for order, line in enumerate(lines_of[est.unit_id], 1):
            line.estimate, line.order = est, order
            lines.append(line)
        est.declared_total = sum((ln.requested for ln in lines_of[est.unit_id]), Decimal(0))
    BudgetEstimate.objects.bulk_update(estimates, ["declared_total"])
    BudgetLine.objects.bulk_create(lines)
    _audit(
        BudgetEstimate,
        ["id", "unit", "status", "submitted_at", "on_time", "declared_total", "allocation_ref"],
        [
            [e.pk, e.unit.name, e.status, e.submitted_at, e.on_time, e.declared_total, e.allocation_ref]
            for e in estimates
        ],
        "Dự toán kinh phí CCHC 2022 (dữ liệu mẫu)",
    )
    _audit(
        BudgetLine,
        ["id", "estimate", "task", "description", "source", "requested", "approved", "adjust_reason"],
        [
            [
                ln.pk,
                ln.estimate_id,
                ln.task_id,
                ln.description,
                ln.source,
                ln.requested,
                ln.approved,
                ln.adjust_reason,
            ]
            for ln in lines
        ],
        "Dòng dự toán kinh phí CCHC 2022 (dữ liệu mẫu)",
    )
    for est in through_actions:
        lines += list(est.lines.order_by("order", "id"))
    spent = _spending(rng, rnd.plan, [ln for ln in lines if ln.approved])
    return len(estimates) + len(through_actions), len(lines), spent


FEATURED = "HP-STP"  # its reporter and head log in to the demo: their estimate has a real history


def _featured(rng, rnd, unit, tasks, finance):
    """Sở Tư pháp's estimate through the actions, as its officers would: drafted by the reporter,
    sent by the head before the due date, returned by Sở Tài chính for a missing breakdown, sent
    again (still on time: the first submission counts), then appraised with one line cut."""
    from cchc.budget.actions import LineInput, do_appraise_estimate, do_save_estimate, do_submit_estimate

    reporter, head = _user("baocao.stp"), _user("lanhdao.stp")
    if reporter is None or head is None or finance is None:
        return None
    inputs = [
        LineInput(ln.task_id, ln.description, ln.source, ln.requested)
        for ln in _lines(rng, unit, tasks, appraise=False)
    ]
    total = sum((ln.requested for ln in inputs), Decimal(0))
    est = do_save_estimate(None, rnd, unit, inputs, total, "", actor=reporter)
    est = do_submit_estimate(est, actor=head, at=_at(DUE - dt.timedelta(days=6)))
    est = do_appraise_estimate(
        est,
        "return",
        return_reason="Đề nghị bổ sung thuyết minh chi tiết nội dung chi, định mức của từng nhiệm vụ.",
        actor=finance,
        at=_at(DUE + dt.timedelta(days=3), 14),
    )
    note = "Đã bổ sung thuyết minh nội dung chi, định mức theo ý kiến thẩm định của Sở Tài chính."
    est = do_save_estimate(est, rnd, unit, inputs, total, note, actor=reporter)
    est = do_submit_estimate(est, actor=head, at=_at(DUE + dt.timedelta(days=9)))
    first = est.lines.order_by("order", "id").first()
    cut = (first.requested * Decimal("0.8") / MILLION).quantize(Decimal(1)) * MILLION
    return do_appraise_estimate(
        est,
        "adjust",
        {first.pk: cut},
        {first.pk: CUT_REASONS[1]},
        allocation_ref=ALLOCATION,
        actor=finance,
        at=_at(dt.date(2021, 12, 8), 15),
    )


# agencies of central ministries in the province (their CCHC work is paid by their ministry)
VERTICAL = {"police", "tax", "treasury", "social_insurance", "bank", "customs"}


def _source(unit, rng) -> str:
    if unit.level == "district":
        return "district" if rng.random() < 0.7 else "province"
    if unit.level == "other":
        return "central" if unit.kind in VERTICAL else "other"
    return "province" if rng.random() < 0.9 else "central"


def _lines(rng, unit, tasks, *, appraise: bool) -> list:
    """2–5 lines on tasks the unit leads, sometimes one "other CCHC work" line (amounts in whole
    millions, 15–350 triệu); appraised: most accepted, about one in seven cut with a reason."""
    from cchc.budget.models import BudgetLine

    small = unit.level == "other"  # supporting agencies: a line or two, small amounts
    picked = rng.sample(tasks, min(len(tasks), rng.randint(1, 2) if small else rng.randint(2, 5)))
    top = 12 if small else 70
    out = [
        BudgetLine(task=t, source=_source(unit, rng), requested=Decimal(rng.randint(3, top) * 5) * MILLION)
        for t in picked
    ]
    if not small and rng.random() < 0.3:
        out.append(
            BudgetLine(
                description="Tập huấn nghiệp vụ CCHC, kiểm soát TTHC cho công chức của đơn vị",
                source="province" if unit.level != "district" else "district",
                requested=Decimal(rng.randint(4, 12) * 5) * MILLION,
            )
        )
    if appraise:
        for ln in out:
            ln.approved = ln.requested
            if rng.random() < 0.06:
                ln.approved = (ln.requested * Decimal("0.7") / MILLION).quantize(Decimal(1)) * MILLION
                ln.adjust_reason = rng.choice(CUT_REASONS)
    return out


def _spending(rng, plan, lines) -> int:
    """Quarterly disbursement on the lines of about 40% of the plan's tasks (a few settled, one
    line above its allocation with the reason); the rest not yet disbursed."""
    from cchc.budget.models import BudgetSpending

    task_ids = sorted({ln.task_id for ln in lines if ln.task_id})
    chosen = set(rng.sample(task_ids, round(len(task_ids) * 0.4))) if task_ids else set()
    over_done = False
    rows = []
    for ln in lines:
        if ln.task_id not in chosen and not (ln.task_id is None and rng.random() < 0.5):
            continue
        over = not over_done and ln.task_id is not None
        share = Decimal("1.08") if over else Decimal(rng.choice(["0.35", "0.6", "0.8", "1"]))
        total = (ln.approved * share / MILLION).quantize(Decimal(1)) * MILLION
        quarters = QUARTERS[: rng.randint(2, 4)] if not over else QUARTERS
        parts = _split(total, len(quarters))
        done = Decimal(0)
        for (period, day), amount in zip(quarters, parts, strict=True):
            if amount <= 0:
                continue
            done += amount
            rows.append(
                BudgetSpending(
                    line=ln,
                    period_code=period,
                    kind="disbursed",
                    amount=amount,
                    spent_on=day,
                    evidence_ref=f"UNC {rng.randint(100, 999)}/{day:%m}-{ln.estimate.unit.short_name or 'KB'}",
                    over_reason=(
                        "Bổ sung 02 lớp tập huấn theo chỉ đạo của UBND thành phố; sẽ điều chỉnh dự toán khi quyết toán."
                        if over and done > ln.approved
                        else ""
                    ),
                )
            )
        if over:
            over_done = True
        elif share == 1 and rng.random() < 0.5:
            rows.append(
                BudgetSpending(
                    line=ln,
                    period_code="2022-Q4",
                    kind="settled",
                    amount=total,
                    spent_on=dt.date(2022, 12, 12),
                    evidence_ref=f"BB quyết toán {rng.randint(10, 99)}/2022",
                )
            )
    BudgetSpending.objects.bulk_create(rows)
    _audit(
        BudgetSpending,
        ["id", "line", "period_code", "kind", "amount", "spent_on", "evidence_ref", "over_reason"],
        [
            [r.pk, r.line_id, r.period_code, r.kind, r.amount, r.spent_on, r.evidence_ref, r.over_reason]
            for r in rows
        ],
        "Giải ngân, quyết toán kinh phí CCHC 2022 (dữ liệu mẫu)",
    )
    return len(rows)


def _audit(model, header: list[str], rows: list[list], label: str) -> None:
    """The demo's bulk rows are audited like any bulk write: one event per batch listing its rows
    (the system actor, as every demo step)."""
    from cchc.audit.models import AuditAction
    from cchc.audit.recording import record_rows

    for start in range(0, len(rows), 2000):
        record_rows(
            actor=None,
            action=AuditAction.CREATE,
            model=model,
            header=header,
            rows=rows[start : start + 2000],
            label=label,
        )


def _split(total: Decimal, n: int) -> list[Decimal]:
    """``total`` in ``n`` quarterly parts of whole millions (the last takes the rest)."""
    base = (total / n / MILLION).quantize(Decimal(1)) * MILLION
    return [base] * (n - 1) + [total - base * (n - 1)]
