"""Writes of the indicators app: loading sets, linking targets, entering and approving values.

Dossier ingests are in :mod:`cchc.indicators.ingest`. Every function checks the policy
(``accounts/policy/indicators.py``), validates, writes in one transaction and records
the audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record, snapshot
from cchc.core.errors import ConflictError, DomainError
from cchc.domain import attainment as att
from cchc.domain import indicators as rules
from cchc.domain import q766
from cchc.domain.indicatorsets import IndicatorSetError, read_file
from cchc.domain.periods import Period
from cchc.indicators.models import (
    Indicator,
    IndicatorSet,
    IndicatorValue,
    LinkStatus,
    TargetIndicator,
    TargetRule,
    ValueSource,
    ValueStatus,
)
from cchc.orgs.models import OrgUnit

_PERIOD_KIND = {
    "annual": "annual",
    "six_monthly": "six_monthly",
    "quarterly": "quarterly",
    "monthly": "monthly",
}


# --------------------------------------------------------------------------- sets
def do_load_indicator_file(data: bytes, filename: str = "", *, actor) -> IndicatorSet:
    """Load an indicator set (``cchc.indicators/1``) or a 766 definition (``cchc.766/1``).

    The same version with the same content again changes nothing; the same version with other
    content is refused (give it a new version). A new version updates the indicators by code."""
    if not policy.can_manage_indicator_sets(actor):
        raise Forbidden(_("Chỉ cơ quan thường trực hoặc quản trị viên được nạp bộ chỉ số."))
    try:
        parsed = read_file(data, filename)
    except IndicatorSetError as exc:
        raise DomainError(_("Tệp bộ chỉ số không hợp lệ."), code="invalid_set", details=exc.errors) from None
    if parsed.get("format") == q766.FORMAT:
        try:
            q766.validate_definition(parsed)
        except q766.DefinitionError as exc:
            raise DomainError(
                _("Tệp định nghĩa Chỉ số 766 không hợp lệ."), code="invalid_set", details=[str(exc)]
            ) from None
        kind = IndicatorSet.Kind.INDEX_766
    else:
        kind = IndicatorSet.Kind.INDICATORS
    with transaction.atomic():
        existing = IndicatorSet.objects.filter(
            kind=kind, code=parsed["code"], version=parsed["version"]
        ).first()
        if existing is not None:
            if existing.definition == parsed:
                return existing
            raise ConflictError(
                _(
                    "Phiên bản %(version)s của bộ %(code)s đã được nạp với nội dung khác; hãy đặt phiên bản mới."
                )
                % {"version": parsed["version"], "code": parsed["code"]}
            )
        s = IndicatorSet.objects.create(
            kind=kind,
            code=parsed["code"],
            version=parsed["version"],
            name=parsed.get("name", parsed["code"]),
            source=parsed.get("source", ""),
            confidence=parsed.get("confidence", "U")
            if parsed.get("confidence") in {"V", "S", "O", "U"}
            else "U",
            definition=parsed,
            file_name=filename[:255],
            loaded_by=actor if getattr(actor, "pk", None) else None,
        )
        if kind == IndicatorSet.Kind.INDICATORS:
            _apply_indicators(s, parsed["indicators"], actor)
        record(actor=actor, action=AuditAction.IMPORT, instance=s, after=snapshot(s), note=filename)
    return s


def _apply_indicators(s: IndicatorSet, items: list[dict], actor) -> None:
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=[x["code"] for x in items])}
    for item in items:
        fields = {
            "name": item["name"][:500],
            "indicator_set": s,
            "unit_of_measure": item["unit_of_measure"],
            "direction": item["direction"],
            "level": item["level"],
            "period_type": item["period_type"],
            "kind": item["kind"],
            "numerator": item["numerator"],
            "denominator": item["denominator"],
            "computed_source": item.get("computed_source", ""),
            "factor": Decimal(item["factor"]) if item.get("factor") is not None else Decimal(1),
            "min_value": Decimal(item["min"]) if item.get("min") is not None else None,
            "max_value": Decimal(item["max"]) if item.get("max") is not None else None,
            "keywords": item["keywords"],
            "description": item["description"],
            "source": item["source"],
            "confidence": item["confidence"],
            "active": True,
        }
        ind = by_code.get(item["code"])
        if ind is None:
            ind = Indicator.objects.create(code=item["code"], **fields)
            record(actor=actor, action=AuditAction.CREATE, instance=ind, after=snapshot(ind))
        else:
            with audited_change(ind, actor=actor):
                for k, v in fields.items():
                    setattr(ind, k, v)


# --------------------------------------------------------------------------- target links
def do_suggest_links(plan, *, actor) -> int:
    """Suggest an indicator for each target of ``plan`` without a link; returns how many."""
    if not policy.can_link_targets(actor, plan):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được gắn chỉ số cho chỉ tiêu."))
    catalogue = list(
        Indicator.objects.filter(active=True).values("code", "name", "keywords", "unit_of_measure")
    )
    ids = dict(Indicator.objects.filter(active=True).values_list("code", "pk"))
    made = 0
    with transaction.atomic():
        linked = set(TargetIndicator.objects.filter(target__plan=plan).values_list("target_id", flat=True))
        for target in plan.targets.exclude(pk__in=linked):
            # the target's own subject first ("tỷ lệ giao dịch thanh toán trực tuyến"), as several
            # targets share one sentence; the whole sentence when the subject says too little
            ranked = rules.suggest(target.subject, target.unit, catalogue, limit=1) if target.subject else []
            ranked = ranked or rules.suggest(target.text, target.unit, catalogue, limit=1)
            if not ranked:
                continue
            code, score = ranked[0]
            link = TargetIndicator.objects.create(
                target=target, indicator_id=ids[code], status=LinkStatus.SUGGESTED, score=Decimal(str(score))
            )
            record(
                actor=actor,
                action=AuditAction.CREATE,
                instance=link,
                after=snapshot(link),
                unit=plan.province,
            )
            made += 1
    return made


def do_link_target(target, indicator: Indicator | None, *, actor) -> TargetIndicator | None:
    """Confirm ``indicator`` as the measure of ``target`` (``None`` removes the link)."""
    plan = target.plan
    if not policy.can_link_targets(actor, plan):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được gắn chỉ số cho chỉ tiêu."))
    with transaction.atomic():
        link = TargetIndicator.objects.select_for_update().filter(target=target).first()
        before = snapshot(link) if link else None
        if indicator is None:
            if link:
                link.delete()
                record(
                    actor=actor, action=AuditAction.DELETE, model="indicators.targetindicator",
                    object_id=str(before["id"]), object_repr=str(target)[:255], before=before, unit=plan.province,
                )  # fmt: skip
            return None
        link = link or TargetIndicator(target=target)
        with audited_change(link, actor=actor, unit=plan.province):
            link.indicator = indicator
            link.status = LinkStatus.CONFIRMED
            link.confirmed_by = actor if getattr(actor, "pk", None) else None
            link.confirmed_at = timezone.now()
    return link


# --------------------------------------------------------------------------- target rules
def do_set_target_rule(
    target,
    *,
    actor,
    increase_mode: str | None = None,
    mode_confirmed: bool = False,
    start_year=None,
    levels: Iterable[str] | None = None,
    base_values: dict | None = None,
    coverage=None,
    milestones: dict | None = None,
) -> TargetRule:
    """Save how ``target`` is judged (docs/indicators.md, "Attainment"). Refused, with nothing
    saved: a coverage rule outside 0–100%, a yearly trajectory whose base year has no value for one
    of its levels (neither measured nor given), a milestone outside the plan's years or not a number."""
    from cchc.indicators import queries

    plan = target.plan
    if not policy.can_link_targets(actor, plan):
        raise Forbidden(_("Chỉ cơ quan thường trực của tỉnh được xác nhận cách đánh giá chỉ tiêu."))
    errors: list[str] = []
    cov = None
    if coverage not in (None, ""):
        errors += att.validate_coverage(coverage)
        if not errors:
            cov = Decimal(str(coverage))
    mode = (increase_mode or "").strip()
    if mode and mode not in att.INCREASE_MODES:
        errors.append(_("Cách tính mức tăng không hợp lệ."))
    try:
        start = int(start_year) if start_year not in (None, "") else None
    except (TypeError, ValueError):
        start = None
        errors.append(_("Năm bắt đầu tăng không hợp lệ: “%(v)s”.") % {"v": start_year})
    lv = [x for x in (levels or []) if x]
    bad_levels = [x for x in lv if x not in queries.LEVEL_UNITS]
    if bad_levels:
        errors.append(_("Cấp không hợp lệ: %(v)s.") % {"v": ", ".join(bad_levels)})
    bases: dict[str, str] = {}
    for key, raw in (base_values or {}).items():
        if raw in (None, ""):
            continue
        try:
            value = rules.parse_decimal(raw)
        except ValueError:
            errors.append(_("Giá trị năm gốc không phải số: “%(v)s”.") % {"v": raw})
            continue
        if value is not None:
            bases[key] = str(value)
    marks: dict[str, str] = {}
    for key, raw in (milestones or {}).items():
        try:
            year, value = int(key), rules.parse_decimal(raw)
        except (TypeError, ValueError):
            errors.append(_("Mốc “%(k)s: %(v)s” không hợp lệ (năm: giá trị).") % {"k": key, "v": raw})
            continue
        lo, hi = plan.period_start or year, plan.period_end or year
        if not lo <= year <= hi or value is None:
            errors.append(_("Mốc năm %(y)s nằm ngoài các năm của kế hoạch.") % {"y": year})
            continue
        marks[str(year)] = str(value)
    if target.yearly and not errors:
        rule = queries.rule_of(target)
        start = start or rule.start_year or plan.period_start
        levels_used = lv or queries.trajectory_levels(target)
        base_year = start - 1 if start else None
        known: dict[str, Decimal | None] = {}
        link = TargetIndicator.objects.filter(target=target).select_related("indicator").first()
        for level in levels_used:
            given = bases.get(level or "all")
            measured = None
            if given is None and link is not None and base_year is not None:
                measured = queries.measure(link.indicator, plan.province, level, f"{base_year}-Y").value
            known[level] = Decimal(given) if given is not None else measured
        errors += att.validate_trajectory(levels_used, known, base_year)
    if errors:
        raise DomainError(" ".join(errors), code="target_rule")
    with transaction.atomic():
        row = TargetRule.objects.select_for_update().filter(target=target).first()
        row = row or TargetRule(target=target)
        with audited_change(row, actor=actor, unit=plan.province):
            if not mode and target.yearly:
                mode, reason = att.propose_increase_mode(target.text, target.unit)
                row.mode_reason = reason
            row.increase_mode = mode
            row.mode_confirmed = bool(mode_confirmed and mode)
            row.start_year = start
            row.levels = lv
            row.base_values = bases
            row.coverage = cov
            row.milestones = marks
            row.confirmed_by = actor if getattr(actor, "pk", None) else None
            row.confirmed_at = timezone.now()
    return row


# --------------------------------------------------------------------------- values
def check_period(indicator: Indicator, period_key: str, *, today: dt.date | None = None) -> Period:
    """The period of ``period_key`` if it fits the indicator's period type and has started."""
    try:
        p = Period.parse(period_key)
    except ValueError:
        raise DomainError(
            _("Kỳ “%(key)s” không hợp lệ (ví dụ 2022-Y, 2022-H1, 2022-Q2).") % {"key": period_key},
            code="period",
        ) from None
    if p.kind != _PERIOD_KIND[indicator.period_type]:
        raise DomainError(
            _("Chỉ số %(code)s có số liệu theo kỳ %(type)s, không theo kỳ %(key)s.")
            % {"code": indicator.code, "type": indicator.get_period_type_display(), "key": p.code},
            code="period",
        )
    if p.calendar_range()[0] > (today or dt.date.today()):
        raise DomainError(_("Kỳ %(key)s chưa bắt đầu.") % {"key": p.code}, code="period")
    return p


def check_unit_in_period(unit: OrgUnit, p: Period) -> None:
    start, end = p.calendar_range()
    if (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start):
        raise DomainError(
            _("%(unit)s không hoạt động trong kỳ %(period)s (hiệu lực %(range)s).")
            % {
                "unit": unit.name,
                "period": p.label_vi,
                "range": f"{unit.valid_from or '…'} – {unit.valid_to or '…'}",
            },
            code="unit_period",
        )


def validation_errors(indicator: Indicator, value, numerator=None, denominator=None) -> list[str]:
    """What is wrong with a value for ``indicator`` (Vietnamese messages)."""
    return rules.validate_value(
        value,
        unit_of_measure=indicator.unit_of_measure,
        min_value=indicator.min_value,
        max_value=indicator.max_value,
        numerator=numerator,
        denominator=denominator,
    )


def _history(indicator: Indicator, unit: OrgUnit, p: Period) -> list[Decimal]:
    suffix = p.suffix
    return [
        v
        for key, v in IndicatorValue.objects.filter(indicator=indicator, unit=unit)
        .exclude(period_key=p.code)
        .values_list("period_key", "value")
        if key.endswith(suffix) and key < p.code
    ]


@dataclass
class ValueInput:
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    comment: str = ""


def do_enter_value(
    indicator: Indicator,
    unit: OrgUnit,
    period_key: str,
    value,
    *,
    actor,
    numerator=None,
    denominator=None,
    comment: str = "",
    evidence=None,
    expected_version: int | None = None,
    source: str = ValueSource.FORM,
) -> IndicatorValue:
    """Enter (or correct) a unit's value. ``expected_version``: the version the form showed (0 for
    a new value); someone else's save in between is a :class:`ConflictError`. Approved values are
    locked until the standing agency reopens them."""
    if not policy.can_enter_indicator_value(actor, unit):
        raise Forbidden(_("Bạn không nhập số liệu cho đơn vị này."))
    if indicator.kind != "manual":
        raise DomainError(_("Chỉ số %(code)s được tính tự động, không nhập tay.") % {"code": indicator.code})
    p = check_period(indicator, period_key)
    check_unit_in_period(unit, p)
    try:
        value = rules.parse_decimal(value)
        numerator = rules.parse_decimal(numerator)
        denominator = rules.parse_decimal(denominator)
    except ValueError as exc:
        raise DomainError(_("Không đọc được số “%(raw)s”.") % {"raw": exc}, code="number") from None
    if value is None:
        raise DomainError(_("Cần nhập giá trị."), code="number")
    errors = validation_errors(indicator, value, numerator, denominator)
    if errors:
        raise DomainError("; ".join(errors), code="validation", details=errors)
    try:
        with transaction.atomic():
            row = (
                IndicatorValue.objects.select_for_update()
                .filter(indicator=indicator, unit=unit, period_key=p.code)
                .first()
            )
            if row is not None and expected_version is not None and row.version != expected_version:
                raise ConflictError(
                    _("Số liệu này vừa được người khác lưu (phiên bản %(v)s); hãy tải lại trang.")
                    % {"v": row.version}
                )
            if row is None and expected_version not in (None, 0):
                raise ConflictError(_("Số liệu này đã bị thay đổi; hãy tải lại trang."))
            if row is not None and row.status == ValueStatus.APPROVED:
                raise ConflictError(
                    _("Số liệu đã được duyệt và khóa; cơ quan thường trực cần mở lại trước khi sửa."),
                )
            row = row or IndicatorValue(indicator=indicator, unit=unit, period_key=p.code, version=0)
            with audited_change(row, actor=actor, unit=unit):
                row.value, row.numerator, row.denominator = value, numerator, denominator
                row.comment = (comment or "")[:5000]
                row.source = source
                row.entered_by = actor if getattr(actor, "pk", None) else None
                row.outlier = rules.is_outlier(value, _history(indicator, unit, p))
                if evidence is not None:
                    row.evidence = evidence
    except IntegrityError:
        raise ConflictError(
            _("Số liệu của đơn vị cho kỳ này vừa được nhập cùng lúc; hãy tải lại trang.")
        ) from None
    return row


def do_approve_value(row: IndicatorValue, *, actor, expected_version: int | None = None) -> IndicatorValue:
    """The unit head approves a value; it is locked from then on."""
    if not policy.can_approve_indicator_value(actor, row.unit):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị được duyệt số liệu."))
    with transaction.atomic():
        row = lock(row)
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(_("Số liệu vừa được sửa; hãy xem lại trước khi duyệt."))
        if row.status == ValueStatus.APPROVED:
            raise DomainError(_("Số liệu đã được duyệt."), code="state")
        with audited_change(row, actor=actor, unit=row.unit):
            row.status = ValueStatus.APPROVED
            row.approved_by = actor if getattr(actor, "pk", None) else None
            row.approved_at = timezone.now()
    return row


def do_reopen_value(row: IndicatorValue, *, actor, reason: str = "") -> IndicatorValue:
    """The standing agency reopens an approved value so the unit can correct it."""
    if not policy.can_reopen_indicator_value(actor, row.unit):
        raise Forbidden(_("Chỉ cơ quan thường trực được mở lại số liệu đã duyệt."))
    with transaction.atomic():
        row = lock(row)
        if row.status != ValueStatus.APPROVED:
            raise DomainError(_("Số liệu chưa được duyệt nên không cần mở lại."), code="state")
        with audited_change(row, actor=actor, unit=row.unit, note=reason[:500]):
            row.status = ValueStatus.ENTERED
            row.approved_by, row.approved_at = None, None
    return row


# --------------------------------------------------------------------------- bulk: sheet and data-value set
@dataclass
class BulkResult:
    imported: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)  # {"row": n, "message": ...}


def do_save_values(
    rows: Iterable[dict], *, actor, source: str = ValueSource.UPLOAD, label: str = ""
) -> BulkResult:
    """Save many values at once, all or nothing. Each row: ``indicator`` (code), ``unit`` (code),
    ``period``, ``value`` (and optional ``numerator``, ``denominator``, ``comment``, ``row``: its
    number for the error list). Any bad row: :class:`DomainError` with every row's problem in
    ``details`` and nothing saved."""
    rows = list(rows)
    if not rows:
        raise DomainError(_("Không có dòng số liệu nào."), code="empty")
    codes = {str(r.get("indicator") or "").strip() for r in rows}
    units = {str(r.get("unit") or "").strip() for r in rows}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    unit_map = {u.code: u for u in OrgUnit.objects.filter(code__in=units)}
    result = BulkResult()
    seen: set[tuple] = set()
    prepared = []
    for n, r in enumerate(rows, 1):
        where = r.get("row", n)
        problems = []
        ind = indicators.get(str(r.get("indicator") or "").strip())
        unit = unit_map.get(str(r.get("unit") or "").strip())
        if ind is None:
            problems.append(_("không có chỉ số “%(c)s”") % {"c": r.get("indicator")})
        elif ind.kind != "manual":
            problems.append(_("chỉ số %(c)s được tính tự động") % {"c": ind.code})
        if unit is None:
            problems.append(_("không có đơn vị mã “%(c)s”") % {"c": r.get("unit")})
        elif not policy.can_enter_indicator_value(actor, unit):
            problems.append(_("bạn không nhập số liệu cho %(u)s") % {"u": unit.name})
        p = None
        if ind is not None and ind.kind == "manual":
            try:
                p = check_period(ind, str(r.get("period") or ""))
                if unit is not None:
                    check_unit_in_period(unit, p)
            except DomainError as exc:
                problems.append(str(exc.message))
        try:
            value = rules.parse_decimal(r.get("value"))
            num = rules.parse_decimal(r.get("numerator"))
            den = rules.parse_decimal(r.get("denominator"))
            if value is None:
                problems.append(_("thiếu giá trị"))
            elif ind is not None:
                problems += validation_errors(ind, value, num, den)
        except ValueError as exc:
            problems.append(_("không đọc được số “%(raw)s”") % {"raw": exc})
            value = num = den = None
        key = (getattr(ind, "pk", None), getattr(unit, "pk", None), p.code if p else None)
        if ind is not None and unit is not None and p is not None:
            if key in seen:
                problems.append(_("trùng với một dòng trước (cùng chỉ số, đơn vị, kỳ)"))
            seen.add(key)
        if problems:
            result.errors.append({"row": where, "message": "; ".join(str(x) for x in problems)})
        else:
            prepared.append((ind, unit, p, ValueInput(value, num, den, str(r.get("comment") or ""))))
    if result.errors:
        raise DomainError(
            _("%(n)s dòng không hợp lệ; chưa lưu số liệu nào.") % {"n": len(result.errors)},
            code="rows",
            details=result.errors,
        )
    with transaction.atomic():
        existing = {
            (v.indicator_id, v.unit_id, v.period_key): v
            for v in IndicatorValue.objects.select_for_update().filter(
                indicator__in=[x[0] for x in prepared], unit__in=[x[1] for x in prepared]
            )
        }
        locked = []
        for ind, unit, p, _vi in prepared:
            row = existing.get((ind.pk, unit.pk, p.code))
            if row is not None and row.status == ValueStatus.APPROVED:
                locked.append(
                    {
                        "row": None,
                        "message": _("%(u)s, %(c)s, %(p)s: số liệu đã duyệt và khóa")
                        % {"u": unit.name, "c": ind.code, "p": p.code},
                    }
                )
        if locked:
            raise ConflictError(_("Có số liệu đã được duyệt và khóa; chưa lưu số liệu nào."), details=locked)
        try:
            for ind, unit, p, vi in prepared:
                row = existing.get((ind.pk, unit.pk, p.code))
                if row is None:
                    row = IndicatorValue(indicator=ind, unit=unit, period_key=p.code, version=0)
                    result.imported += 1
                else:
                    result.updated += 1
                with audited_change(row, actor=actor, unit=unit, note=label[:200]):
                    row.value, row.numerator, row.denominator = vi.value, vi.numerator, vi.denominator
                    row.comment = vi.comment
                    row.source = source
                    row.entered_by = actor if getattr(actor, "pk", None) else None
                    row.outlier = rules.is_outlier(vi.value, _history(ind, unit, p))
        except IntegrityError:
            raise ConflictError(_("Số liệu vừa được nhập cùng lúc bởi người khác; hãy thử lại.")) from None
    return result
