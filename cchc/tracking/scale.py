"""A province-sized dataset from the demo (``cchc seed-scale N``): N times the demo's units and
plans, with the same group expansion, for benchmarks and load tests.

On top of a loaded demo (``cchc demo --no-serve``), for each province that has a plan:

- every department, district and commune gets ``N - 1`` more of its level and kind (names built
  from common Vietnamese place and office words: "Phường Tân An", "Ban Quản lý Khu kinh tế …"),
  so the province's groups ("Các Sở, ban, ngành", "UBND các xã, phường") expand to N times as
  many members;
- every province plan gets ``N - 1`` copies (areas, tasks and unit mentions, numbered
  ``<n>-S<k>/…``); the demo's plans and each plan's first copy are assigned again through
  ``do_assign_plan`` (the same group expansion and periods as any plan; the new units join the
  original plans too), and the other copies get the first copy's rows, task by task, in one
  ``INSERT … SELECT`` each (:func:`_replicate`: the same rows ``do_assign_plan`` would make,
  without building ~50.000 model instances per copy in Python);
- the new lead assignments get a deterministic progress history (about 40% unreported, 30% in
  progress, 20% done and accepted, 10% claimed done awaiting approval), bulk-inserted, and the
  current-progress columns of the rows that got one are rebuilt in one pass.

The generated rows are marked by their codes (``-S<k>``) and plan numbers; run it once per
database (a second run refuses).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.access import access_changed
from cchc.audit.models import AuditAction
from cchc.audit.recording import record
from cchc.core.errors import DomainError
from cchc.domain.text import fold
from cchc.orgs.models import Level, OrgUnit
from cchc.plans.actions import do_copy_plan
from cchc.plans.models import Plan, Task
from cchc.tracking.actions import do_assign_plan
from cchc.tracking.current import bump_figures, rebuild_current
from cchc.tracking.models import Assignment, ProgressUpdate

PLACE = [
    "An",
    "Bình",
    "Tân",
    "Phú",
    "Hòa",
    "Thạnh",
    "Long",
    "Mỹ",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hưng",
    "Thịnh",
    "Lộc",
    "Phước",
    "Vĩnh",
    "Xuân",
    "Hải",
    "Sơn",
    "Thuận",
    "Quang",
    "Minh",
    "Trung",
]
OFFICES = [
    "Ban Quản lý Khu kinh tế",
    "Trung tâm Phục vụ hành chính công",
    "Chi cục Quản lý thị trường",
    "Trung tâm Xúc tiến đầu tư",
    "Ban Dân tộc",
    "Trung tâm Phát triển quỹ đất",
    "Chi cục Thủy lợi",
    "Trung tâm Công nghệ thông tin",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Chi cục Kiểm lâm",
    "Trung tâm Khuyến nông",
    "Chi cục Văn thư - Lưu trữ",
]
PREFIX = {Level.DISTRICT: "Huyện", Level.COMMUNE: "Xã"}


def _names(level: str):
    if level == Level.DEPARTMENT:
        for k in itertools.count(1):
            for office in OFFICES:
                for a in PLACE:
                    yield f"{office} {a} {'' if k == 1 else k}".strip()
    prefix = PREFIX.get(level, "Đơn vị")
    for k in itertools.count(1):
        for a, b in itertools.permutations(PLACE, 2):
            yield f"{prefix} {a} {b}{'' if k == 1 else f' {k}'}"


def _add_units(province: OrgUnit, factor: int) -> int:
    base = list(
        OrgUnit.objects.filter(
            province=province,
            level__in=[Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE],
            valid_to__isnull=True,
        ).order_by("code")
    )
    taken = set(OrgUnit.objects.filter(province=province).values_list("name", flat=True))
    pools = {lvl: _names(lvl) for lvl in {u.level for u in base}}
    made = 0
    batch: list[OrgUnit] = []
    for k in range(2, factor + 1):
        for i, u in enumerate(base):
            name = next(n for n in pools[u.level] if n not in taken)
            taken.add(name)
            batch.append(
                OrgUnit(
                    code=f"{u.code}-S{k}-{i}",
                    name=name,
                    short_name=name,
                    level=u.level,
                    kind=u.kind,
                    parent=u.parent,
                    province=u.province,
                    email=f"{u.code.lower()}-s{k}-{i}@example.gov.vn",
                )
            )
            made += 1
    for unit in batch:  # what OrgUnit.save() fills in
        unit.province = unit.compute_province()
        unit.search_key = " | ".join(fold(n) for n in (unit.name, unit.short_name) if n)[:600]
    OrgUnit.objects.bulk_create(batch, batch_size=2000)
    access_changed()  # new units in the province's tree: every user's scopes are read again
    return made


def _progress(assignments) -> int:
    """Deterministic history for the given lead assignments (by their position, so the same
    whatever ids the database hands out): 4/10 none, 3/10 in progress, 2/10 done and accepted,
    1/10 claimed done waiting for the unit head."""
    now = timezone.now()
    rows = []
    for i, a in enumerate(assignments):
        bucket = (i * 7919) % 10
        if bucket < 4:
            continue
        day = a.due_date or dt.date(2022, 6, 30)
        at = timezone.make_aware(dt.datetime.combine(day - dt.timedelta(days=(a.pk % 60) + 1), dt.time(9)))
        at = min(at, now)
        if bucket < 7:
            rows.append(
                ProgressUpdate(
                    assignment=a,
                    at=at,
                    status="in_progress",
                    percent=Decimal(20 * (bucket - 3)),
                    narrative="Đang triển khai",
                    approval_state="accepted",
                )
            )
        else:
            accepted = bucket < 9
            rows.append(
                ProgressUpdate(
                    assignment=a,
                    at=at,
                    status="done",
                    percent=Decimal(100),
                    narrative="Đã hoàn thành",
                    approval_state="accepted" if accepted else "pending_head",
                    decided_at=min(at + dt.timedelta(days=3), now) if accepted else None,
                )
            )
    ProgressUpdate.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _assigned(plan: Plan, created: int, out) -> int:
    out(f"  {plan.number or plan.pk}: +{created} phân công")
    return created


def _replicate(template: Plan, copy: Plan) -> int | None:
    """Give ``copy`` the assignments of ``template`` (another copy of the same plan, assigned by
    ``do_assign_plan``: same tasks, mentions, dates and groups, so the same rows), task mapped to
    task by their order, in one INSERT … SELECT; one audit event names the template, the task
    mapping and the new ids. ``None`` when the tasks do not match one to one (nothing written)."""
    src = dict(Task.objects.filter(plan=template).values_list("order", "pk"))
    dst = dict(Task.objects.filter(plan=copy).values_list("order", "pk"))
    counts = [Task.objects.filter(plan=p).count() for p in (template, copy)]
    if set(src) != set(dst) or counts != [len(src), len(dst)]:
        return None
    if not src or Assignment.objects.filter(task__plan=copy).exists():
        return None
    pairs = sorted((src[o], dst[o]) for o in src)
    qn = connection.ops.quote_name
    fields = [f for f in Assignment._meta.concrete_fields if not f.primary_key]
    # every column as in the template's fresh rows (defaults, no history), the task its copy's
    mapped = {"task_id", "family_task_id"}
    select = ", ".join(
        "m.column2"
        if f.attname in mapped
        else str(int(copy.pk))
        if f.attname == "sort_plan"  # the stored sort keys: the copy's plan, same order and unit
        else f"a.{qn(f.column)}"
        for f in fields
    )
    values = ", ".join(f"({int(old)}, {int(new)})" for old, new in pairs)
    table = qn(Assignment._meta.db_table)
    last = Assignment.objects.aggregate(m=Max("pk"))["m"] or 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(qn(f.column) for f in fields)}) "
            f"SELECT {select} FROM {table} a INNER JOIN (VALUES {values}) m ON a.task_id = m.column1 "
            "ORDER BY a.id"
        )
    made = Assignment.objects.filter(pk__gt=last).aggregate(n=Count("pk"), lo=Min("pk"), hi=Max("pk"))
    record(
        actor=None,
        action=AuditAction.CREATE,
        model=Assignment._meta.label_lower,
        object_id=f"{made['lo']}-{made['hi']}"[:64],
        object_repr=(_("%(n)s phân công của %(plan)s") % {"n": made["n"], "plan": copy})[:255],
        changes={"template_plan": template.pk, "tasks": [["template_task", "task"], *pairs]},
        unit=copy.province,
        note=_("Giao nhiệm vụ theo lô"),
    )
    return made["n"]


def seed_scale(factor: int, *, out=print) -> dict:
    """Grow the loaded demo ``factor`` times (see the module docstring); one transaction."""
    if factor < 2:
        raise DomainError("N phải từ 2 trở lên.")
    if OrgUnit.objects.filter(code__contains="-S2-").exists():
        raise DomainError("Cơ sở dữ liệu đã được nhân rộng; hãy nạp lại demo (cchc demo --fresh).")
    plans = list(
        Plan.objects.filter(parent_plan__isnull=True)
        .select_related("province")
        .defer("interchange")
        .order_by("pk")
    )
    if not plans:
        raise DomainError("Chưa có kế hoạch: hãy nạp demo trước (cchc demo --no-serve).")
    before = Assignment.objects.aggregate(m=Max("pk"))["m"] or 0
    stats = {"units": 0, "plans": 0, "assignments": 0, "updates": 0}
    with transaction.atomic():
        for province in sorted({p.province for p in plans}, key=lambda u: u.code):
            added = _add_units(province, factor)
            stats["units"] += added
            out(f"  {province.code}: +{added} đơn vị")
        for plan in plans:  # the new units join the demo's plans
            stats["assignments"] += _assigned(plan, do_assign_plan(plan, actor=None).created, out)
        for plan in plans:
            copies = [do_copy_plan(plan, k) for k in range(2, factor + 1)]
            stats["plans"] += len(copies)
            # the first copy is assigned by the action; the others are the same rows, task by task
            stats["assignments"] += _assigned(copies[0], do_assign_plan(copies[0], actor=None).created, out)
            for copy in copies[1:]:
                made = _replicate(copies[0], copy)
                if made is None:  # tasks not matched one to one by their order: assign as usual
                    made = do_assign_plan(copy, actor=None).created
                stats["assignments"] += _assigned(copy, made, out)
        new_leads = (
            Assignment.objects.filter(pk__gt=before, role="lead").only("pk", "due_date").order_by("pk")
        )
        stats["updates"] = _progress(new_leads.iterator(chunk_size=5000))
        # the history was bulk-inserted: the current-progress columns follow it in one pass, over
        # the rows that got one (the new rows' families are new: new units, copied tasks; the
        # others keep the defaults a row without history has)
        rebuild_current(Assignment.objects.filter(pk__gt=before, updates__isnull=False))
        bump_figures(p.province_id for p in plans)  # the new rows without history count too
    return stats
