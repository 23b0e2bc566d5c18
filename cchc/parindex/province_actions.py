"""Writes of the province's own PAR INDEX (issue 21 point 4): set up from a plan's index table,
self-assessment by each criterion's lead department, the ministry's announced result.

Each ``do_*`` checks permission (``accounts.policy``), validates everything first, then saves
and audits in one transaction: one bad field and nothing is saved.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, record, snapshot
from cchc.core.errors import DomainError
from cchc.domain import provindex as P
from cchc.domain.text import fold
from cchc.orgs.models import OrgUnit
from cchc.parindex.province_models import ProvinceCampaign, ProvinceCriterion

METHOD_FILE = Path(__file__).resolve().parent / "data" / "province_index.json"


@cache
def load_method(path: str = str(METHOD_FILE)) -> dict:
    """The province-level criteria set's definition (8 lĩnh vực, source, confidence) as data."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    codes = [d["code"] for d in data["domains"]]
    if len(codes) != len(set(codes)) or not data.get("source"):
        raise ValueError(f"{path}: domain codes must be unique and the source given")
    return data


def _decimal(raw, *, field: str = "") -> Decimal | None:
    text = str(raw if raw is not None else "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # 8,424 as Vietnamese write it
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError(_("“%(v)s” không phải là một số.") % {"v": raw}, code="number") from None
    if not value.is_finite():
        raise DomainError(_("“%(v)s” không phải là một số.") % {"v": raw}, code="number")
    return value


def _not_self_assessed(title: str, domain: str, ancestors: list[str], method: dict) -> bool:
    rule = method.get("not_self_assessed") or {}
    if domain in set(rule.get("domains") or []):
        return True
    prefixes = [fold(p) for p in rule.get("title_prefixes") or []]
    return any(fold(t).startswith(p) for t in [title, *ancestors] for p in prefixes)


def _lead_unit(text: str, index) -> OrgUnit | None:
    from cchc.plans.resolution import resolve_mentions

    if not text:
        return None
    for m in resolve_mentions(text, index):
        if m.get("unit_code") and m["unit_code"] in index.units:
            return index.units[m["unit_code"]]
    return None


def _check_codes(codes: list[str], method: dict) -> None:
    """Every code falls in a domain of the provincial method, and none repeats."""
    domains = {d["code"] for d in method["domains"]}
    unknown = sorted({P.domain_code(c) for c in codes} - domains)
    if unknown:
        raise DomainError(
            _("Bảng chỉ tiêu có lĩnh vực không có trong bộ chỉ số cấp tỉnh: %(codes)s.")
            % {"codes": ", ".join(unknown)},
            code="domain",
            details=unknown,
        )
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise DomainError(
            _("Bảng chỉ tiêu có mã trùng: %(codes)s.") % {"codes": ", ".join(dupes)}, code="duplicate_code"
        )


def _criteria(campaign, codes: list[str], source_rows: list, summed, index, method: dict):
    """The campaign's criteria (unsaved) from the plan's rows, and lead text -> resolved unit."""
    title_of = dict(zip(codes, [r.title for r in source_rows], strict=True))
    leads: dict[str, OrgUnit | None] = {}
    objs = []
    for order, (code, src) in enumerate(zip(codes, source_rows, strict=True), 1):
        ancestors, p = [], P.parent_code(code)
        while p is not None:
            if p in title_of:
                ancestors.append(title_of[p])
            p = P.parent_code(p)
        if src.lead_text not in leads:
            leads[src.lead_text] = _lead_unit(src.lead_text, index)
        domain = P.domain_code(code)
        objs.append(
            ProvinceCriterion(
                campaign=campaign,
                code=code,
                title=src.title,
                domain=domain,
                depth=len(code.split(".")),
                max_points=src.max_points,
                baseline=src.baseline,
                target=src.target,
                target_comparator=src.target_comparator,
                summed=code in summed,
                self_assessed=not _not_self_assessed(src.title, domain, ancestors, method),
                lead_text=src.lead_text,
                lead_unit=leads[src.lead_text],
                order=order,
            )
        )
    return objs, leads


def do_create_province_campaign(
    *, actor, province: OrgUnit, year: int, plan, title: str = "", self_deadline: dt.date | None = None
) -> ProvinceCampaign:
    """The province's own index of ``year`` from ``plan``'s index table (last year's score,
    this year's target and the lead per criterion). Leads are resolved to the province's units
    as they were on 1 January; an unresolved lead stays as written (the standing agency fills in)."""
    if not policy.can_manage_province_index(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh được lập theo dõi Chỉ số CCHC của tỉnh."))
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("Năm không hợp lệ."), code="year") from None
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm không hợp lệ."), code="year")
    if plan is None or plan.province_id != province.pk:
        raise DomainError(_("Kế hoạch không thuộc tỉnh."), code="plan")
    source_rows = list(plan.index_criteria.order_by("order"))
    if not source_rows:
        raise DomainError(
            _("Kế hoạch %(plan)s không có bảng chỉ tiêu Chỉ số CCHC.") % {"plan": plan.number or plan.title},
            code="no_index",
        )
    if ProvinceCampaign.objects.filter(province=province, year=year).exists():
        raise DomainError(
            _("Tỉnh đã có theo dõi Chỉ số CCHC năm %(year)s.") % {"year": year}, code="duplicate"
        )
    method = load_method()
    codes = [P.normalise_code(r.code) for r in source_rows]
    _check_codes(codes, method)
    rows = [
        P.Row(c, r.max_points, r.baseline, r.target, r.target_comparator)
        for c, r in zip(codes, source_rows, strict=True)
    ]
    summed = P.summed_codes(rows)
    from cchc.plans.resolution import org_index

    index = org_index(province, dt.date(year, 1, 1))
    with transaction.atomic():
        campaign = ProvinceCampaign.objects.create(
            province=province,
            year=year,
            title=(title or "").strip()[:500]
            or _("Chỉ số CCHC năm %(year)s của %(province)s") % {"year": year, "province": province.name},
            source_plan=plan,
            method_key=method["key"],
            method_version=int(method.get("version") or 1),
            method_title=method["title"],
            method_source=method["source"],
            method_confidence=method.get("confidence_note") or method.get("confidence", ""),
            domains=method["domains"],
            self_deadline=self_deadline,
        )
        record(
            actor=actor, action=AuditAction.CREATE, instance=campaign, after=snapshot(campaign), unit=province
        )
        objs, leads = _criteria(campaign, codes, source_rows, summed, index, method)
        ProvinceCriterion.objects.bulk_create(objs)
        _notify_leads(campaign, {u for u in leads.values() if u is not None})
    return campaign


def _notify_leads(campaign: ProvinceCampaign, units) -> None:
    from django.urls import reverse

    from cchc.notifications.actions import notify

    url = reverse("parindex:province_self", kwargs={"campaign_id": campaign.pk})
    for unit in units:
        notify(
            unit,
            "campaign",
            _("Đơn vị chủ trì tự đánh giá tiêu chí Chỉ số CCHC năm %(year)s của tỉnh.")
            % {"year": campaign.year},
            url,
        )


def do_save_province_self_assessment(*, actor, campaign: ProvinceCampaign, entries: dict) -> int:
    """Save many criteria's self-assessment in one submit. ``entries``: criterion id → {"points",
    "explanation", "evidence"} as typed. Every field is checked first; errors are raised together
    (``DomainError(code="fields", details={criterion id: message})``) and nothing is saved.
    Returns the number of criteria changed."""
    ids = []
    for raw in entries:
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            raise DomainError(_("Tiêu chí không hợp lệ."), code="criterion") from None
    criteria = {c.pk: c for c in campaign.criteria.filter(pk__in=ids).select_related("campaign", "lead_unit")}
    errors: dict[int, str] = {}
    changes: list[tuple[ProvinceCriterion, Decimal | None, str, str]] = []
    for raw, entry in entries.items():
        pk = int(raw)
        c = criteria.get(pk)
        if c is None:
            raise DomainError(_("Tiêu chí không thuộc đợt theo dõi này."), code="criterion")
        if not policy.can_self_assess_province_criterion(actor, c):
            raise Forbidden(
                _("Tiêu chí %(code)s do %(lead)s chủ trì tự đánh giá.")
                % {"code": c.code, "lead": c.lead_unit.name if c.lead_unit else c.lead_text or "—"}
            )
        entry = entry or {}
        explanation = str(entry.get("explanation") or "").strip()
        evidence = str(entry.get("evidence") or "").strip()
        try:
            points = _decimal(entry.get("points"))
        except DomainError as exc:
            errors[pk] = exc.message
            continue
        if points is not None and (c.summed or not c.self_assessed):
            errors[pk] = (
                _("Điểm tiêu chí này là tổng của các tiêu chí con, không nhập trực tiếp.")
                if c.summed
                else _("Tiêu chí chấm qua điều tra xã hội học hoặc số liệu của Bộ: tỉnh không tự chấm.")
            )
            continue
        if points is not None and points < 0:
            errors[pk] = _("Điểm không được âm.")
            continue
        if points is not None and c.max_points is not None and points > c.max_points:
            errors[pk] = _("Điểm vượt điểm tối đa %(max)s.") % {"max": _fmt(c.max_points)}
            continue
        if points is not None and not evidence and not explanation:
            errors[pk] = _("Chưa có tài liệu kiểm chứng: cần thuyết minh cách tính điểm.")
            continue
        if (points, explanation, evidence) != (c.self_points, c.explanation, c.evidence):
            changes.append((c, points, explanation, evidence))
    if errors:
        raise DomainError(
            _("Có %(n)s ô chưa hợp lệ, chưa lưu gì. Hãy sửa các ô được đánh dấu.") % {"n": len(errors)},
            code="fields",
            details=errors,
        )
    now = timezone.now()
    with transaction.atomic():
        for c, points, explanation, evidence in changes:
            with audited_change(c, actor=actor, unit=c.lead_unit or campaign.province):
                c.self_points, c.explanation, c.evidence = points, explanation, evidence
                c.self_by = actor if getattr(actor, "pk", None) else None
                c.self_by_name = (
                    (actor.get_full_name() or actor.username) if getattr(actor, "pk", None) else ""
                )
                c.self_at = now
    return len(changes)


def _fmt(value: Decimal) -> str:
    from cchc.domain.vnformat import format_number

    d = value.normalize()
    return format_number(d.quantize(1) if d == d.to_integral_value() else d)


def parse_result_table(data: bytes, filename: str = "") -> dict[str, str]:
    """A result table (CSV, XLSX, or pasted text: ``mã | điểm`` a line) → code → points as typed.
    Lines without a code or without points (a heading, the total) are skipped."""
    rows: list[list[str]] = []
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception:
            raise DomainError(_("Không đọc được tệp XLSX."), code="file") from None
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("Tệp phải là văn bản UTF-8, CSV hoặc XLSX."), code="file") from None
        for line in text.splitlines():
            if "|" in line or "\t" in line or ";" in line:
                sep = "|" if "|" in line else ("\t" if "\t" in line else ";")
                rows.append([p.strip() for p in line.split(sep)])
            elif line.strip():
                rows.extend(csv.reader([line]))
    out: dict[str, str] = {}
    for r in rows:
        cells = [c.strip() for c in r if c is not None]
        cells = [c for c in cells if c]
        if len(cells) < 2:
            continue
        code, value = P.normalise_code(cells[0]), cells[-1]
        if not code or not code[0].isdigit():
            continue  # a heading ("Mã", "TỔNG ĐIỂM")
        out[code] = value
    return out


def do_record_announced_result(
    *,
    actor,
    campaign: ProvinceCampaign,
    points: dict[str, str],
    decision: str = "",
    announced_on: dt.date | None = None,
    rank: int | None = None,
    note: str = "",
) -> int:
    """The ministry's announced result (điểm Bộ Nội vụ công bố) per criterion, entered or
    imported; unknown codes and values outside 0…maximum are refused, all listed; nothing saved."""
    if not policy.can_manage_province_index(actor, campaign.province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh được nhập kết quả công bố."))
    if not points:
        raise DomainError(_("Chưa có điểm nào để nhập."), code="empty")
    criteria = {c.code: c for c in campaign.criteria.all()}
    errors: list[str] = []
    parsed: dict[str, Decimal | None] = {}
    for raw_code, raw in points.items():
        code = P.normalise_code(str(raw_code))
        c = criteria.get(code)
        if c is None:
            errors.append(_("Mã %(code)s không có trong bảng tiêu chí.") % {"code": raw_code})
            continue
        try:
            value = _decimal(raw)
        except DomainError as exc:
            errors.append(f"{code}: {exc.message}")
            continue
        if value is not None and (value < 0 or (c.max_points is not None and value > c.max_points)):
            errors.append(
                _("%(code)s: điểm %(v)s ngoài khoảng 0 – %(max)s.")
                % {"code": code, "v": raw, "max": _fmt(c.max_points) if c.max_points is not None else "—"}
            )
            continue
        parsed[code] = value
    if rank is not None and not 1 <= int(rank) <= 100:
        errors.append(_("Xếp hạng phải từ 1 đến 100."))
    if announced_on is not None and announced_on > timezone.localdate():
        errors.append(_("Ngày công bố không được ở tương lai."))
    if errors:
        raise DomainError(_("Kết quả công bố có lỗi, chưa lưu gì."), code="rows", details=errors)
    with transaction.atomic():
        with audited_change(campaign, actor=actor, unit=campaign.province):
            campaign.announced_decision = (decision or "").strip()[:120]
            campaign.announced_date = announced_on
            campaign.announced_rank = int(rank) if rank is not None else None
            campaign.announced_note = (note or "").strip()
        changed = 0
        for code, value in parsed.items():
            c = criteria[code]
            if c.announced_points != value:
                with audited_change(
                    c,
                    actor=actor,
                    unit=campaign.province,
                    note="announced",
                    update_fields=["announced_points"],
                ):
                    c.announced_points = value
                changed += 1
    return changed
