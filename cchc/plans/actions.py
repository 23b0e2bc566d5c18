"""All writes of the plans app, the only writer of plans and tasks: importing a document,
editing the preview, committing a plan (here); and the writes after a commit, defined in
``plans.task_actions`` and imported from here by every other app (a unit's own plan and its
tasks, leads, mentions, event dates, added targets, inspection follow-up tasks).

Every ``do_*`` function checks permission (``actor=None`` is the system: demo loader, CLI),
validates, saves and records one audit event, inside one transaction.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from cchc.accounts.policy import Forbidden, can_import_plans, grants_for
from cchc.audit.models import AuditAction
from cchc.audit.recording import record
from cchc.core.bulk import analyze_if_grown
from cchc.core.errors import ConflictError, DomainError
from cchc.orgs.models import OrgUnit
from cchc.plans.hooks import plan_changed
from cchc.plans.messages import refusal, too_large
from cchc.plans.models import (
    Area,
    DocumentKind,
    ImportStatus,
    IndexCriterion,
    Plan,
    PlanImport,
    Recurrence,
    SurveyTarget,
    Target,
    Task,
    TaskUnit,
    UnitRole,
)
from cchc.plans.resolution import (
    OrgIndex,
    apply_resolution,
    org_index,
    plan_date,
    resolve_mentions,
    set_target,
)
from cchc.plans.task_actions import (  # noqa: F401  (the writes after a commit: one entry point)
    do_acknowledge_unit_plan,
    do_add_followup_task,
    do_add_target,
    do_add_unit_plan_task,
    do_assign_leads,
    do_copy_plan,
    do_create_unit_plan,
    do_followup_plan,
    do_map_unit_mention,
    do_record_event,
    do_submit_unit_plan,
)


@dataclass
class ParsedUpload:
    """An uploaded document read, parsed and resolved against the province's org tree."""

    interchange: dict
    source_format: str
    index: OrgIndex | None


def check_import_permission(actor, province: OrgUnit) -> None:
    if actor is None:
        return
    if not can_import_plans(grants_for(actor), province):
        raise Forbidden(_("Chỉ cán bộ cơ quan thường trực CCHC của tỉnh mới được nhập kế hoạch."))


def parse_upload(
    data: bytes,
    filename: str,
    province: OrgUnit | None,
    *,
    owner_unit: OrgUnit | None = None,
    doc=None,
) -> ParsedUpload:
    """Read + parse + resolve without writing anything; raises ``ImportRefused``.

    Without a province, mentions are split but left unresolved (``index`` is None). ``doc``: a
    document already read (the OCR job's text), instead of reading ``data``.
    """
    from cchc.domain.planparse.api import parse_plan
    from cchc.domain.planparse.readers import read_document

    limit = settings.CCHC_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise too_large(len(data), limit)
    try:
        doc = doc if doc is not None else read_document(data, filename, max_bytes=limit)
        # cells are split and resolved against the org tree of the plan's own date (the parser
        # reads the date first and asks for that tree), not today's
        indexes: list[OrgIndex] = []

        def resolver_at(iso: str | None):
            at = plan_date({"document": {"date": iso}})
            indexes.append(org_index(province, at, scope=owner_unit))
            return indexes[-1].resolver

        interchange = parse_plan(doc, resolver_at=resolver_at if province is not None else None)
    except Exception as exc:  # reader/parser errors, translated once
        raise refusal(exc) from exc
    index = None
    if province is not None:
        index = indexes[-1] if indexes else org_index(province, plan_date(interchange), scope=owner_unit)
        apply_resolution(interchange, index)
    fmt = "ocr" if getattr(doc, "ocr", None) else getattr(doc, "format", "")
    return ParsedUpload(interchange=interchange, source_format=fmt, index=index)


@dataclass
class ImportOutcome:
    interchange: dict
    plan_import: PlanImport | None = None
    plan: Plan | None = None


def do_import_plan(
    *,
    actor,
    data: bytes,
    filename: str,
    province: OrgUnit,
    commit: bool,
    owner_unit: OrgUnit | None = None,
    replace: bool = False,
    doc=None,
) -> ImportOutcome:
    """Read, parse and resolve an uploaded plan. Without ``commit`` the result waits as a pending
    :class:`PlanImport` (the preview); with ``commit`` the plan is created at once. ``doc``: a
    document already read (the OCR job's text)."""
    check_import_permission(actor, province)
    parsed = parse_upload(data, filename, province, owner_unit=owner_unit, doc=doc)
    with transaction.atomic():
        imp = PlanImport.objects.create(
            province=province,
            owner_unit=owner_unit,
            source_name=filename[:255],
            source_format=parsed.source_format[:16],
            interchange=parsed.interchange,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=imp,
            changes={
                "source_name": [None, imp.source_name],
                "tasks": [None, len(parsed.interchange["tasks"])],
            },
            unit=province,
        )
        plan = None
        if commit:
            plan = do_commit_plan(
                actor=actor,
                interchange=parsed.interchange,
                province=province,
                owner_unit=owner_unit,
                source_name=filename,
                source_format=parsed.source_format,
                replace=replace,
            )
            imp.status, imp.plan = ImportStatus.COMMITTED, plan
            imp.save(update_fields=["status", "plan", "updated_at"])
    return ImportOutcome(interchange=parsed.interchange, plan_import=imp, plan=plan)


# --------------------------------------------------------------------------- preview edits


def _check_pending(imp: PlanImport) -> None:
    if imp.status != ImportStatus.PENDING:
        raise ConflictError(_("Lượt nhập này đã được xác nhận hoặc đã hủy."))


def _join(mentions: list[dict]) -> str:
    return "; ".join(m.get("text", "") for m in mentions or [])


def do_update_plan_import(
    imp: PlanImport,
    *,
    actor,
    task_edits: dict[int, dict],
    mappings: dict[str, str],
    line_marks: dict[int, dict] | None = None,
) -> PlanImport:
    """Apply a standing officer's corrections to a pending preview.

    ``line_marks``: ``{index in report.not_understood: {"mark": "ignore"|"task", "area": code}}``:
    a line not understood is marked "not a task" (kept in the report as reviewed) or turned into
    a task by hand (title = the line's text, in the chosen area, ``origin`` "manual").

    ``task_edits``: ``{task index: {"title"|"lead"|"support"|"time"|"outputs": text}}`` (only
    changed cells are applied; a changed lead/support cell is split and resolved again).
    ``mappings``: ``{mention text: "unit:CODE" | "group:KEY"}`` applied to every unresolved
    mention with that text.
    """
    from cchc.domain.timeframes import parse_timeframe

    with transaction.atomic():
        imp = PlanImport.objects.select_for_update().get(pk=imp.pk)
        check_import_permission(actor, imp.province)
        _check_pending(imp)
        data = imp.interchange
        tasks = data.get("tasks") or []
        index = org_index(imp.province, plan_date(data), scope=imp.owner_unit)
        doc = data.get("document") or {}
        period = (doc.get("period_start"), doc.get("period_end"))
        year_default = period[0] if period[0] is not None and period[0] == period[1] else None
        changed = 0
        for i, edits in task_edits.items():
            if not 0 <= i < len(tasks):
                continue
            task = tasks[i]
            for key, value in edits.items():
                value = (value or "").strip()
                if key == "title":
                    if not value:
                        raise DomainError(_("Nội dung hoạt động không được để trống."), code="invalid")
                    if value != task.get("title"):
                        task["title"], changed = value, changed + 1
                elif key in ("lead", "support"):
                    if value != _join(task.get(key)):
                        task[key], changed = resolve_mentions(value, index) if value else [], changed + 1
                elif key == "time":
                    old = (task.get("timeframe") or {}).get("text") or ""
                    if value != old:
                        p = period if None not in period else None
                        task["timeframe"] = (
                            parse_timeframe(value, default_year=year_default, period=p).to_dict()
                            if value
                            else None
                        )
                        changed += 1
                elif key == "outputs":
                    outs = [s.strip() for s in value.splitlines() if s.strip()]
                    if outs != (task.get("outputs") or []):
                        task["outputs"], changed = outs, changed + 1
        for text, choice in mappings.items():
            if not choice:
                continue
            for task in tasks:
                for m in (task.get("lead") or []) + (task.get("support") or []):
                    if m.get("text") == text and m.get("unit") is None and m.get("group") is None:
                        if set_target(m, index, choice):
                            changed += 1
        changed += _apply_line_marks(data, line_marks or {})
        apply_resolution(data, index)
        imp.interchange = data
        imp.save(update_fields=["interchange", "updated_at"])
        if changed:
            record(actor=actor, action=AuditAction.UPDATE, instance=imp, changes={"cells": [None, changed]})
    return imp


def _apply_line_marks(data: dict, marks: dict[int, dict]) -> int:
    """Mark lines of the import report: "ignore" (not a task) or "task" (a task by hand)."""
    report = data.get("report") or {}
    items = report.get("not_understood") or []
    tasks = data.setdefault("tasks", [])
    areas = {a.get("code") for a in data.get("areas") or []}
    changed = 0
    for k, mark in marks.items():
        if not 0 <= k < len(items):
            continue
        item = items[k]
        what = mark.get("mark") or ""
        if what == "ignore" and item.get("status") != "ignored" and item.get("status") != "task":
            item["status"] = "ignored"
            changed += 1
        elif what == "task" and item.get("status") != "task":
            title = (mark.get("title") or item.get("text") or "").strip()
            if not title:
                raise DomainError(_("Nội dung hoạt động không được để trống."), code="invalid")
            area = mark.get("area") if mark.get("area") in areas else None
            task = {
                "area": area,
                "objective": None,
                "parent": None,
                "title": title,
                "outputs": [],
                "lead": [],
                "support": [],
                "timeframe": None,
                "source": {"line_start": item.get("line"), "line_end": item.get("line_end")},
                "origin": "manual",
            }
            at = len(tasks)
            for i, t in enumerate(tasks):  # in reading order
                if ((t.get("source") or {}).get("line_start") or 0) > (item.get("line") or 0):
                    at = i
                    break
            tasks.insert(at, task)
            item["status"] = "task"
            changed += 1
        elif what == "" and item.get("status") == "ignored":
            item.pop("status")
            changed += 1
    return changed


def do_discard_plan_import(imp: PlanImport, *, actor) -> PlanImport:
    with transaction.atomic():
        imp = PlanImport.objects.select_for_update().get(pk=imp.pk)
        check_import_permission(actor, imp.province)
        _check_pending(imp)
        imp.status = ImportStatus.DISCARDED
        imp.save(update_fields=["status", "updated_at"])
        record(
            actor=actor, action=AuditAction.UPDATE, instance=imp, changes={"status": ["pending", "discarded"]}
        )
    return imp


def do_confirm_plan_import(imp: PlanImport, *, actor, replace: bool = False) -> Plan:
    """Turn a pending preview into a plan (one transaction)."""
    with transaction.atomic():
        imp = PlanImport.objects.select_for_update().get(pk=imp.pk)
        check_import_permission(actor, imp.province)
        _check_pending(imp)
        plan = do_commit_plan(
            actor=actor,
            interchange=imp.interchange,
            province=imp.province,
            owner_unit=imp.owner_unit,
            source_name=imp.source_name,
            source_format=imp.source_format,
            replace=replace,
        )
        imp.status, imp.plan = ImportStatus.COMMITTED, plan
        imp.save(update_fields=["status", "plan", "updated_at"])
    return plan


# --------------------------------------------------------------------------- commit


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _int(value) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _kind(value) -> str:
    return value if value in DocumentKind.values else DocumentKind.OTHER if value else DocumentKind.PLAN


def _recurrence(value) -> str:
    return value if value in Recurrence.values else ""


def _src(item: dict, key: str) -> int | None:
    return _int((item.get("source") or {}).get(key))


def _replace_existing(actor, province: OrgUnit, number: str, replace: bool) -> None:
    """Refuse a plan number the province already has, or (``replace``) delete the old plans."""
    existing = Plan.objects.filter(province=province, number=number)
    if not existing.exists():
        return
    if not replace:
        raise ConflictError(
            _("Kế hoạch số %(number)s của %(province)s đã có trong hệ thống.")
            % {"number": number, "province": province.name}
        )
    try:
        for old in existing:
            record(
                actor=actor,
                action=AuditAction.DELETE,
                instance=old,
                changes={"replaced": [old.pk, None]},
            )
            old.delete()
    except ProtectedError:
        raise DomainError(
            _("Không thể thay thế kế hoạch đã có dữ liệu theo dõi, báo cáo."), code="protected"
        ) from None


def _create_plan_row(
    *, actor, interchange: dict, doc: dict, number: str, province, owner, source_name, source_format
) -> Plan:
    return Plan.objects.create(
        number=number[:64],
        kind=_kind(doc.get("kind")),
        title=(doc.get("title") or source_name or _("Kế hoạch không tên")),
        province=province,
        owner_unit=owner,
        issuer_text=(doc.get("issuer") or "")[:255],
        place=(doc.get("place") or "")[:120],
        issued_on=_date(doc.get("date")),
        signer=(doc.get("signer") or "")[:120],
        period_start=_int(doc.get("period_start")),
        period_end=_int(doc.get("period_end")),
        source_name=source_name[:255],
        source_format=source_format[:16],
        interchange=interchange,
        coverage=_dec(interchange.get("coverage")),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _create_areas(plan: Plan, rows) -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for i, a in enumerate(rows or []):
        areas[str(a.get("code"))] = Area.objects.create(
            plan=plan,
            code=str(a.get("code") or "")[:16],
            title=(a.get("title") or a.get("code") or "")[:500],
            standard_area=(a.get("standard_area") or "")[:32],
            order=i,
        )
    return areas


def _create_targets(plan: Plan, areas: dict[str, Area], rows) -> None:
    Target.objects.bulk_create(
        Target(
            plan=plan,
            area=areas.get(str(t.get("area"))),
            text=t.get("text") or "",
            comparator=(t.get("comparator") or "")[:8],
            value=_dec(t.get("value")),
            value_max=_dec(t.get("value_max")),
            unit=(t.get("unit") or "")[:32],
            level=(t.get("level") or "")[:16],
            year=_int(t.get("year")),
            yearly=t.get("trajectory") == "yearly",
            subject=t.get("subject") or "",
            source_line_start=_src(t, "line_start"),
            source_line_end=_src(t, "line_end"),
            order=i,
        )
        for i, t in enumerate(rows or [])
    )


def _task_mentions(task: Task, t: dict, index) -> list[TaskUnit]:
    """The lead and support unit mentions of one interchange task, resolved through ``index``."""
    mentions: list[TaskUnit] = []
    for role in (UnitRole.LEAD, UnitRole.SUPPORT):
        for k, m in enumerate(t.get(role.value) or []):
            mentions.append(
                TaskUnit(
                    task=task,
                    role=role,
                    text=(m.get("text") or "")[:500],
                    unit=index.units.get(m.get("unit_code") or ""),
                    group=index.groups.get(m.get("group_key") or ""),
                    confidence=_dec(round(float(m.get("confidence") or 0), 3)),
                    vague=bool(m.get("vague")),
                    order=k,
                )
            )
    return mentions


def _create_tasks(plan: Plan, areas: dict[str, Area], rows, index) -> tuple[int, list[TaskUnit]]:
    """Create the tasks and their unit mentions in two bulk inserts; returns (task count, mentions)."""
    rows = list(rows or [])
    tasks = []
    for i, t in enumerate(rows):
        tf = t.get("timeframe") or {}
        tasks.append(
            Task(
                plan=plan,
                area=areas.get(str(t.get("area"))),
                objective=t.get("objective") or "",
                parent_title=t.get("parent") or "",
                title=t.get("title") or "",
                outputs=list(t.get("outputs") or []),
                timeframe_text=(tf.get("text") or "")[:255],
                start_year=_int(tf.get("start_year")),
                end_year=_int(tf.get("end_year")),
                due_date=_date(tf.get("due_date")),
                recurrence=_recurrence(tf.get("recurrence")),
                event=tf.get("event") or "",
                source_line_start=_src(t, "line_start"),
                source_line_end=_src(t, "line_end"),
                order=i,
            )
        )
    Task.objects.bulk_create(tasks)
    mentions: list[TaskUnit] = []
    for task, t in zip(tasks, rows, strict=True):
        mentions.extend(_task_mentions(task, t, index))
    TaskUnit.objects.bulk_create(mentions)
    analyze_if_grown(Task, len(tasks))
    analyze_if_grown(TaskUnit, len(mentions))
    return len(tasks), mentions


def do_commit_plan(
    *,
    actor,
    interchange: dict,
    province: OrgUnit,
    owner_unit: OrgUnit | None = None,
    source_name: str = "",
    source_format: str = "",
    replace: bool = False,
) -> Plan:
    """Create the plan with its areas, targets, tasks (and their units), index criteria and SIPAS
    targets from a ``cchc.plan/1`` dict, in one transaction: any error saves nothing.

    A plan with the same number in the same province is refused unless ``replace``.
    """
    check_import_permission(actor, province)
    if (interchange or {}).get("format") != "cchc.plan/1":
        raise DomainError(_("Dữ liệu không đúng định dạng cchc.plan/1."), code="invalid_format")
    doc = interchange.get("document") or {}
    number = (doc.get("number") or "").strip()
    owner = owner_unit or province
    with transaction.atomic():
        if number:
            _replace_existing(actor, province, number, replace)
        index = org_index(province, plan_date(interchange), scope=owner_unit)
        # mentions without a key (an edited or hand-written interchange) are resolved here too
        interchange = apply_resolution(copy.deepcopy(interchange), index)
        plan = _create_plan_row(
            actor=actor,
            interchange=interchange,
            doc=doc,
            number=number,
            province=province,
            owner=owner,
            source_name=source_name,
            source_format=source_format,
        )
        areas = _create_areas(plan, interchange.get("areas"))
        _create_targets(plan, areas, interchange.get("targets"))
        task_count, mentions = _create_tasks(plan, areas, interchange.get("tasks"), index)
        for model, key, own_fields in (
            (IndexCriterion, "index_criteria", lambda c: {"max_points": _dec(c.get("max_points"))}),
            (SurveyTarget, "survey_targets", lambda s: {"implementers_text": _text(s.get("implementers"))}),
        ):
            model.objects.bulk_create(_goals(model, plan, interchange.get(key), own_fields))
        unresolved = sum(1 for m in mentions if m.unit is None and m.group is None)
        record(
            actor=actor,
            action=AuditAction.IMPORT,
            instance=plan,
            changes={
                "areas": [None, len(areas)],
                "targets": [None, len(interchange.get("targets") or [])],
                "tasks": [None, task_count],
                "unit_mentions": [None, len(mentions)],
                "unresolved": [None, unresolved],
                "index_criteria": [None, len(interchange.get("index_criteria") or [])],
                "survey_targets": [None, len(interchange.get("survey_targets") or [])],
            },
            unit=province,
            note=source_name[:255],
        )
        _assign(plan, actor)
    return plan


def _goals(model, plan, rows, own_fields) -> list:
    """``model`` rows (index criteria or survey targets) of ``plan`` from their interchange
    ``rows``: the fields both kinds share, and ``own_fields(row)``."""
    return [
        model(
            plan=plan,
            code=str(r.get("code") or "")[:32],
            title=r.get("title") or "",
            baseline=_dec(r.get("baseline")),
            target=_dec(r.get("target")),
            target_comparator=(r.get("target_comparator") or "")[:8],
            lead_text=_text(r.get("lead"))[:500],
            order=i,
            **own_fields(r),
        )
        for i, r in enumerate(rows or [])
    ]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text") or value.get("unit") or value.get("group") or "")
    return str(value)


def _assign(plan: Plan, actor) -> None:
    """Hand the plan to the apps that follow its tasks (tracking assigns them to units)."""
    plan_changed(plan, actor=actor)
