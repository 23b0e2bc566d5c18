"""Reads of the plans app, scoped to a user; and a plan rebuilt as ``cchc.plan/1`` from the DB."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cchc.accounts.policy import (
    can_import_plans,
    grants_for,
    importable_province_ids,
    readable_plans_q,
    scoped_get,
)
from cchc.orgs.models import Level, OrgUnit
from cchc.plans.models import ImportStatus, Plan, PlanImport, Task, TaskUnit, UnitRole


def plans_for(user) -> QuerySet[Plan]:
    """THE plans ``user`` may read, for every app (``policy.readable_plans_q``): a province's own
    plans for its members, a unit's own plan only for those who read that unit. The imported
    document (``interchange``) is deferred: it loads when a single plan asks for it."""
    rule = readable_plans_q(user)
    qs = Plan.objects.select_related("province", "owner_unit").defer("interchange")
    return qs if rule is None else qs.filter(rule)


def access_plan(user, plan_id) -> Plan:
    """The plan if the user may read it; ``NotFound`` for missing and not-permitted alike."""
    return scoped_get(plans_for(user), plan_id)


def plan_imports_for(user) -> QuerySet[PlanImport]:
    ids = importable_province_ids(grants_for(user))
    qs = PlanImport.objects.select_related("province", "uploaded_by", "plan")
    return qs if ids is None else qs.filter(province_id__in=ids)


def access_plan_import(user, import_id) -> PlanImport:
    return scoped_get(plan_imports_for(user), import_id)


def import_provinces_for(user) -> QuerySet[OrgUnit]:
    """Provinces the user may import plans for (choice field of the upload form)."""
    qs = OrgUnit.objects.filter(level=Level.PROVINCE).order_by("name")
    ids = importable_province_ids(grants_for(user))
    return qs if ids is None else qs.filter(pk__in=ids)


def can_import_any(user) -> bool:
    g = grants_for(user)
    return g.is_admin or any(can_import_plans(g, p) for p in import_provinces_for(user))


def pending_imports_for(user) -> QuerySet[PlanImport]:
    return plan_imports_for(user).filter(status=ImportStatus.PENDING)


def plan_tasks(plan: Plan) -> list[Task]:
    """Tasks in order, with their area and unit mentions (resolved names) prefetched."""
    mentions = TaskUnit.objects.select_related("unit", "group").order_by("role", "order")
    return list(
        plan.tasks.select_related("area").prefetch_related(Prefetch("unit_mentions", queryset=mentions))
    )


def plan_stats(plans: QuerySet[Plan]) -> dict:
    """Counts for the home panel: plans, tasks, unresolved mentions (vague catch-alls not counted)."""
    tasks = Task.objects.filter(plan__in=plans)
    unresolved = TaskUnit.objects.filter(
        task__plan__in=plans, unit__isnull=True, group__isnull=True, vague=False
    )
    return {"plans": plans.count(), "tasks": tasks.count(), "unresolved": unresolved.count()}


def tasks_without_lead(plans: QuerySet[Plan]) -> QuerySet[Task]:
    """Tasks of ``plans`` that no unit or group leads (no lead mention, or only ones left
    unresolved or vague): nobody would track them until a lead is assigned."""
    led = TaskUnit.objects.filter(task=OuterRef("pk"), role=UnitRole.LEAD).filter(
        Q(unit__isnull=False) | Q(group__isnull=False)
    )
    return Task.objects.filter(plan__in=plans).filter(~Exists(led))


def with_counts(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.annotate(
        task_count=Count("tasks", distinct=True),
        unresolved_count=Count(
            "tasks__unit_mentions",
            filter=Q(
                tasks__unit_mentions__unit__isnull=True,
                tasks__unit_mentions__group__isnull=True,
                tasks__unit_mentions__vague=False,
            ),
            distinct=True,
        ),
    )


# --------------------------------------------------------------------------- interchange


def _num(value) -> str | None:
    """A decimal as the plan format writes it: an exact string (``"8.424"``, ``"90"``)."""
    if value is None:
        return None
    d = value.normalize()
    return format(d.quantize(1) if d.as_tuple().exponent > 0 else d, "f")


def _mention(m: TaskUnit) -> dict:
    return {
        "text": m.text,
        "unit": m.unit.name if m.unit else None,
        "unit_code": m.unit.code if m.unit else None,
        "group": m.group.name if m.group else None,
        "group_key": m.group.key if m.group else None,
        "confidence": float(m.confidence) if m.confidence is not None else None,
        "vague": m.vague,
    }


def _source(obj) -> dict | None:
    if obj.source_line_start is None:
        return None
    return {"line_start": obj.source_line_start, "line_end": obj.source_line_end}


def _timeframe_interchange(t) -> dict | None:
    """A task's timeframe block, or None when the task names no time at all."""
    if not (t.timeframe_text or t.start_year or t.due_date or t.recurrence or t.event):
        return None
    return {
        "text": t.timeframe_text,
        "start_year": t.start_year,
        "end_year": t.end_year,
        "due_date": t.due_date.isoformat() if t.due_date else None,
        "recurrence": t.recurrence or None,
        "event": t.event or None,
    }


def _task_interchange(t, code: dict, unresolved: list[str]) -> dict:
    """One task as ``cchc.plan/1``; unit mentions that resolve to nothing go to ``unresolved``."""
    lead = [_mention(m) for m in t.unit_mentions.all() if m.role == "lead"]
    support = [_mention(m) for m in t.unit_mentions.all() if m.role == "support"]
    for m in lead + support:
        if m["unit"] is None and m["group"] is None and m["text"] not in unresolved:
            unresolved.append(m["text"])
    return {
        "id": t.pk,
        "area": code.get(t.area_id),
        "objective": t.objective or None,
        "parent": t.parent_title or None,
        "title": t.title,
        "outputs": list(t.outputs or []),
        "lead": lead,
        "support": support,
        "timeframe": _timeframe_interchange(t),
        "source": _source(t),
    }


def _document_interchange(plan: Plan) -> dict:
    return {
        "number": plan.number or None,
        "kind": plan.kind,
        "issuer": plan.issuer_text or None,
        "place": plan.place or None,
        "date": plan.issued_on.isoformat() if plan.issued_on else None,
        "signer": plan.signer or None,
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
    }


def _target_interchange(t, code: dict) -> dict:
    return {
        "area": code.get(t.area_id),
        "text": t.text,
        "comparator": t.comparator or None,
        "value": _num(t.value),
        "value_max": _num(t.value_max),
        "unit": t.unit or None,
        "level": t.level or None,
        "year": t.year,
        "trajectory": "yearly" if t.yearly else None,
        "subject": t.subject or None,
        "source": _source(t),
    }


def _goal_interchange(g, *, max_points: bool = False, implementers: bool = False) -> dict:
    """An index criterion (with ``max_points``) or a SIPAS target (with ``implementers``)."""
    out = {"code": g.code, "title": g.title}
    if max_points:
        out["max_points"] = _num(g.max_points)
    out |= {
        "baseline": _num(g.baseline),
        "target": _num(g.target),
        "target_comparator": g.target_comparator or None,
        "lead": g.lead_text or None,
    }
    if implementers:
        out["implementers"] = g.implementers_text or None
    return out


def plan_interchange(plan: Plan) -> dict:
    """The plan as ``cchc.plan/1`` rebuilt from the database (so edits made after import show)."""
    areas = list(plan.areas.all())
    code = {a.pk: a.code for a in areas}
    unresolved: list[str] = []
    tasks = [_task_interchange(t, code, unresolved) for t in plan_tasks(plan)]
    original = plan.interchange or {}
    return {
        "format": "cchc.plan/1",
        "id": plan.pk,
        "document": _document_interchange(plan),
        "province": plan.province.code,
        "owner_unit": plan.owner_unit.code,
        "areas": [
            {"code": a.code, "title": a.title, "standard_area": a.standard_area or None} for a in areas
        ],
        "targets": [_target_interchange(t, code) for t in plan.targets.all()],
        "tasks": tasks,
        "index_criteria": [_goal_interchange(c, max_points=True) for c in plan.index_criteria.all()],
        "survey_targets": [_goal_interchange(s, implementers=True) for s in plan.survey_targets.all()],
        "index_total": original.get("index_total"),
        "warnings": original.get("warnings") or [],
        "coverage": float(plan.coverage) if plan.coverage is not None else None,
        "unresolved": unresolved,
    }
