"""The criteria sets (Bộ chỉ số) of the PAR INDEX: loading one (checked rows, an XLSX template or a
plan's index table), copying it to the next year, issuing it. Each ``do_*`` is one audited
transaction; callers reach them as ``parindex.actions.do_*``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record
from cchc.core.errors import DomainError
from cchc.domain import parindex as px
from cchc.parindex import setloader, sources
from cchc.parindex.models import Block, CriteriaSet, Criterion, SetStatus


def _check_rows(rows: list[px.Node], bands: list[dict]) -> None:
    problems = px.check_tree(rows)
    if problems:
        raise DomainError(
            _("Bộ tiêu chí chưa hợp lệ, chưa lưu gì."),
            code="tree",
            details=[setloader.tree_problem_message(p) for p in problems],
        )
    details = []
    for r in rows:
        if r.rule is not None and px.check_rule(r.rule, r.max_points):
            details.append(_("Tiêu chí %(code)s: quy tắc chấm không hợp lệ.") % {"code": r.code})
    unknown = sources.unknown_indicator_codes(r.rule.get("indicator") for r in rows if r.rule)
    for code in unknown:
        used = ", ".join(r.code for r in rows if r.rule and r.rule.get("indicator") == code)
        details.append(
            _(
                "Tiêu chí %(codes)s: quy tắc tính sẵn dùng chỉ tiêu “%(indicator)s” không có trong danh mục chỉ tiêu."
            )
            % {"codes": used, "indicator": code}
        )
    if px.check_bands(bands):
        details.append(_("Các mức xếp loại cần có tên khác nhau và ngưỡng từ 0 đến 100."))
    if px.tree_max(rows) <= 0:
        details.append(_("Tổng điểm tối đa phải lớn hơn 0."))
    if details:
        raise DomainError(_("Bộ tiêu chí chưa hợp lệ, chưa lưu gì."), code="tree", details=details)


def _store_rows(cset: CriteriaSet, rows: list[px.Node]) -> None:
    roots = px.build_tree(rows)
    leaves = {n.code for n in px.leaves(roots)}
    by_code: dict[str, Criterion] = {}
    for i, r in enumerate(rows):
        by_code[r.code] = Criterion.objects.create(
            criteria_set=cset,
            parent=by_code.get(px.parent_code(r.code) or ""),
            code=r.code,
            title=r.title,
            depth=r.depth,
            kind=r.kind,
            max_points=r.max_points,
            guidance=r.guidance,
            evidence_required=r.evidence_required,
            survey=r.survey,
            rule=r.rule,
            survey_source=r.survey_source if r.survey else "",
            survey_rule=r.survey_rule if r.survey else None,
            lead_text=r.lead[:500],
            is_leaf=r.code in leaves,
            order=i,
        )


def do_load_criteria_set(
    *,
    actor,
    province,
    year: int,
    block: str,
    title: str,
    rows: list[px.Node],
    bands: list[dict] | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    source_note: str = "",
    is_stand_in: bool = False,
    survey_rule: dict | None = None,
    source_plan=None,
    copied_from: CriteriaSet | None = None,
) -> CriteriaSet:
    """A new draft set from checked rows (children sum to parents, unique codes, sound rules)."""
    if not policy.can_manage_par(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh, thành phố được nạp bộ chỉ số."))
    if block not in Block.values:
        raise DomainError(_("Khối đơn vị không hợp lệ."), code="block")
    if not rows:
        raise DomainError(_("Bộ tiêu chí không có tiêu chí nào."), code="empty")
    bands = list(bands or [])
    _check_rows(rows, bands)
    if survey_rule is not None and px.check_rule(survey_rule, Decimal(100)):
        raise DomainError(_("Quy tắc quy đổi điểm điều tra không hợp lệ."), code="survey_rule")
    with transaction.atomic():
        cset = CriteriaSet.objects.create(
            province=province,
            year=year,
            block=block,
            title=title.strip()[:500] or _("Bộ chỉ số CCHC"),
            decision_number=decision_number[:64],
            decision_date=decision_date,
            source_note=source_note,
            is_stand_in=is_stand_in,
            max_points=px.tree_max(rows),
            bands=bands,
            survey_rule=survey_rule,
            source_plan=source_plan,
            copied_from=copied_from,
        )
        _store_rows(cset, rows)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=cset,
            changes={"criteria": [None, len(rows)], "max_points": [None, str(cset.max_points)]},
            unit=province,
        )
    return cset


def do_load_criteria_set_xlsx(*, actor, data: bytes, **kw) -> CriteriaSet:
    """The same from a filled-in XLSX template (sheet "Tiêu chí" and optional "Xếp loại")."""
    if not policy.can_manage_par(actor, kw["province"]):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh, thành phố được nạp bộ chỉ số."))
    rows, bands = setloader.read_xlsx(data)
    return do_load_criteria_set(actor=actor, rows=rows, bands=kw.pop("bands", None) or bands, **kw)


def do_load_criteria_set_from_plan(
    *, actor, plan, block: str, year: int | None = None, survey_codes=(), fill_gaps: bool = False, **kw
) -> CriteriaSet:
    """A set in one step from a committed plan's PAR INDEX table (e.g. Hà Nội 192/KH-UBND)."""
    if not plan.index_criteria.exists():
        raise DomainError(_("Kế hoạch này không có bảng tiêu chí Chỉ số CCHC."), code="no_index")
    rows = setloader.rows_from_plan(
        plan,
        survey_codes=survey_codes,
        remainder_label=_("Các nội dung khác (kế hoạch không liệt kê)") if fill_gaps else None,
    )
    year = year or plan.period_start or timezone.localdate().year
    kw.setdefault("title", _("Bộ chỉ số từ kế hoạch %(number)s") % {"number": plan.number or plan.title[:60]})
    kw.setdefault("source_note", _("Lập từ bảng tiêu chí của kế hoạch %(number)s") % {"number": plan.number})
    return do_load_criteria_set(actor=actor, rows=rows, block=block, year=year, source_plan=plan, **kw)


def set_rows(cset: CriteriaSet) -> list[px.Node]:
    return [
        px.Node(
            code=c.code,
            title=c.title,
            max_points=c.max_points,
            kind=c.kind,
            survey=c.survey,
            evidence_required=c.evidence_required,
            guidance=c.guidance,
            lead=c.lead_text,
            rule=c.rule,
            survey_source=c.survey_source,
            survey_rule=c.survey_rule,
            order=c.order,
        )
        for c in cset.criteria.order_by("order")
    ]


def do_copy_criteria_set(
    *, actor, source: CriteriaSet, year: int, changes: dict | None = None, title: str = ""
) -> CriteriaSet:
    """Next year's draft: the same tree, with ``changes`` ({code: {field: value}}; a value of
    None for the whole code removes it) applied and checked as a whole."""
    rows = set_rows(source)
    for code, fields in (changes or {}).items():
        if fields is None:
            rows = [r for r in rows if r.code != code and not r.code.startswith(code + ".")]
            continue
        match = [r for r in rows if r.code == code]
        if not match:
            rows.append(px.Node(code=code, title=fields.get("title", code), max_points=Decimal(0)))
            match = rows[-1:]
        for key, value in fields.items():
            setattr(match[0], key, px.to_decimal(value) if key == "max_points" else value)
    return do_load_criteria_set(
        actor=actor,
        province=source.province,
        year=year,
        block=source.block,
        title=title or source.title.replace(str(source.year), str(year)),
        rows=rows,
        bands=source.bands,
        source_note=source.source_note,
        is_stand_in=source.is_stand_in,
        survey_rule=source.survey_rule,
        copied_from=source,
    )


def do_issue_criteria_set(
    *, actor, criteria_set: CriteriaSet, decision_number: str = "", decision_date: dt.date | None = None
) -> CriteriaSet:
    if not policy.can_manage_par(actor, criteria_set.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được ban hành bộ chỉ số."))
    with transaction.atomic():
        locked = lock(criteria_set)
        with audited_change(locked, actor=actor):
            locked.status = SetStatus.ISSUED
            locked.decision_number = decision_number or locked.decision_number
            locked.decision_date = decision_date or locked.decision_date
    return locked
