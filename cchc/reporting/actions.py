"""All writes of periodic reports: save (a new version), approve, submit, accept, return, remind.

Each action is one transaction: permission (cchc.accounts.policy, "reporting" section),
validation, save, audit record.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts import policy
from cchc.audit.recording import audited_change, lock, record, snapshot
from cchc.core.errors import ConflictError, DomainError
from cchc.domain.periods import NATIONAL_RULES, REPORT_CODES, ReportingRules, rules_from_text
from cchc.domain.vnformat import format_date
from cchc.reporting import prefill
from cchc.reporting.annex import FIELD_BY_KEY, NARRATIVE_KEYS, PART_OF, SUM_OF
from cchc.reporting.models import (
    ReportingCalendar,
    ReportReminder,
    ReportStatus,
    ReportVersion,
    UnitReport,
)
from cchc.reporting.schedule import check_period, period_info, rules_for  # noqa: F401 (check_period: public here too)


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) if actor is not None else "system"


class AnnexError(DomainError):
    """The annex was refused: ``fields`` maps each annex key to its message (shown under the box)."""

    def __init__(self, message, *, code: str, fields: dict[str, str]):
        super().__init__(
            message, code=code, details=[{"field": k, "message": str(v)} for k, v in fields.items()]
        )
        self.fields = fields


def _int_or_none(key, value, errors: dict):
    if value in (None, ""):
        return None
    try:
        number = int(str(value).replace(".", "").strip())
    except ValueError:
        errors[key] = _("Số liệu “%(field)s” phải là số nguyên.") % {"field": FIELD_BY_KEY[key].label}
        return None
    if number < 0:
        errors[key] = _("Số liệu “%(field)s” không được âm.") % {"field": FIELD_BY_KEY[key].label}
        return None
    return number


def check_annex(given: dict, system: dict) -> dict:
    """Merge the submitted figures with the platform's: a figure that differs from the
    platform's needs a reason (then it is kept and flagged in the consolidation); parts must not
    exceed wholes. Every refused figure is named (``AnnexError.fields``), nothing is kept."""
    annex = prefill.empty_annex(system)
    errors: dict[str, str] = {}
    missing_reason = []
    for key, raw in (given or {}).items():
        if key not in FIELD_BY_KEY:
            raise DomainError(
                _("Chỉ tiêu phụ lục không có trong biểu mẫu: %(key)s.") % {"key": key}, code="annex"
            )
        if isinstance(raw, dict):
            value, reason = raw.get("value"), str(raw.get("reason") or "").strip()
        else:
            value, reason = raw, ""
        cell = annex[key]
        cell["value"] = _int_or_none(key, value, errors)
        cell["reason"] = reason
        if key in errors:
            continue
        if cell["system"] is not None and cell["value"] is None:
            cell["value"] = cell["system"]
        if cell["system"] is not None and cell["value"] != cell["system"] and not reason:
            missing_reason.append(str(FIELD_BY_KEY[key].label))
            errors[f"reason:{key}"] = _(
                "Số liệu %(value)s khác số liệu của hệ thống (%(system)s): cần nêu lý do điều chỉnh."
            ) % {"value": cell["value"], "system": cell["system"]}
    if errors and not missing_reason:
        raise AnnexError(_("Vui lòng sửa các số liệu được đánh dấu."), code="annex", fields=errors)
    if missing_reason:
        raise AnnexError(
            _("Số liệu khác với dữ liệu của hệ thống, cần nêu lý do: %(fields)s.")
            % {"fields": "; ".join(missing_reason)},
            code="annex_reason",
            fields=errors,
        )
    for part, whole in PART_OF:
        p, w = annex[part]["value"], annex[whole]["value"]
        if p is not None and w is not None and p > w:
            errors[part] = _("“%(part)s” (%(p)s) không thể lớn hơn “%(whole)s” (%(w)s).") % {
                "part": FIELD_BY_KEY[part].label,
                "p": p,
                "whole": FIELD_BY_KEY[whole].label,
                "w": w,
            }
    for whole, parts in SUM_OF:
        w = annex[whole]["value"]
        given = [annex[p]["value"] for p in parts if annex[p]["value"] is not None]
        if w is None or not given or whole in errors:
            continue
        total = sum(given)
        if total > w or (len(given) == len(parts) and total != w):
            errors[whole] = _(
                "“%(whole)s” (%(w)s) phải bằng tổng các chỉ tiêu thành phần (%(parts)s: %(t)s)."
            ) % {
                "whole": FIELD_BY_KEY[whole].label,
                "w": w,
                "parts": "; ".join(str(FIELD_BY_KEY[p].label) for p in parts),
                "t": total,
            }
    if errors:
        first = next(iter(errors.values()))
        raise AnnexError(
            first if len(errors) == 1 else _("Vui lòng sửa các số liệu được đánh dấu.") + " " + first,
            code="annex_sum",
            fields=errors,
        )
    return annex


@transaction.atomic
def do_save_unit_report(
    *,
    unit,
    period_code: str,
    plan=None,
    narrative: dict | None = None,
    annex: dict | None = None,
    note: str = "",
    actor,
    today: dt.date | None = None,
) -> UnitReport:
    """Save a new version of ``unit``'s report for the period (creating the report if needed).

    Saving an accepted report starts a new draft version; the accepted version stays recorded.
    """
    if not policy.can_draft_unit_report(actor, unit):
        raise policy.Forbidden(_("Chỉ cán bộ báo cáo của đơn vị được lập báo cáo này."))
    info = check_period(period_code, plan=plan, province=unit.province_root, today=today)
    report = (
        UnitReport.objects.select_for_update().filter(unit=unit, plan=plan, period_code=info.code).first()
    )
    before = snapshot(report) if report else None
    if report is None:
        report = UnitReport.objects.create(
            unit=unit,
            plan=plan,
            period_code=info.code,
            data_from=info.data_from,
            data_to=info.data_to,
            due_date=info.due_date,
        )
    elif report.status == ReportStatus.SUBMITTED:
        raise ConflictError(_("Báo cáo đã gửi và đang chờ cơ quan thường trực xem xét; chưa thể sửa."))
    system = prefill.system_figures(unit=unit, plan=plan, info=info)
    checked = check_annex(annex or {}, system)
    texts = {k: str((narrative or {}).get(k) or "").strip() for k in NARRATIVE_KEYS}
    unknown = set(narrative or {}) - set(NARRATIVE_KEYS)
    if unknown:
        raise DomainError(
            _("Lĩnh vực không hợp lệ: %(keys)s.") % {"keys": ", ".join(sorted(unknown))}, code="area"
        )
    last = report.versions.order_by("-number").first()
    version = ReportVersion.objects.create(
        report=report,
        number=(last.number + 1) if last else 1,
        narrative=texts,
        annex=checked,
        saved_by=actor,
        saved_by_name=_actor_name(actor),
        saved_at=timezone.now(),
        note=note[:255],
    )
    report.current_version = version
    report.status = ReportStatus.DRAFT
    report.save()
    record(
        actor=actor,
        action="create" if before is None else "update",
        instance=report,
        before=before,
        after=snapshot(report),
        unit=unit,
        note=f"v{version.number}",
    )
    return report


# What each step of a unit report's review needs: the statuses it leaves from, the status it
# reaches, the permission question and the refusal.
_STEPS = {
    "approve": (
        {ReportStatus.DRAFT, ReportStatus.RETURNED},
        ReportStatus.APPROVED,
        policy.can_approve_unit_report,
        gettext_lazy("Chỉ lãnh đạo đơn vị được duyệt báo cáo."),
    ),
    "submit": (
        {ReportStatus.APPROVED},
        ReportStatus.SUBMITTED,
        policy.can_approve_unit_report,
        gettext_lazy("Chỉ lãnh đạo đơn vị được gửi báo cáo."),
    ),
    "accept": (
        {ReportStatus.SUBMITTED},
        ReportStatus.ACCEPTED,
        policy.can_review_unit_report,
        gettext_lazy("Chỉ cơ quan thường trực CCHC được tiếp nhận báo cáo."),
    ),
    "return": (
        {ReportStatus.SUBMITTED},
        ReportStatus.RETURNED,
        policy.can_review_unit_report,
        gettext_lazy("Chỉ cơ quan thường trực CCHC được trả lại báo cáo."),
    ),
}


@contextmanager
def _transition(report, step: str, *, actor):
    """Lock ``report``, check who may take ``step`` and from which status, then let the ``with``
    block change it on its way to the step's status (an audited change noted with ``step``)."""
    allowed_from, to, allowed, refusal = _STEPS[step]
    report = lock(report, "unit")
    if not allowed(actor, report.unit):
        raise policy.Forbidden(str(refusal))
    if report.status not in allowed_from:
        raise ConflictError(
            _("Không thể chuyển báo cáo từ trạng thái “%(status)s”.")
            % {"status": report.get_status_display()}
        )
    with audited_change(report, actor=actor, unit=report.unit, note=step):
        report.status = to
        yield report


@transaction.atomic
def do_approve_unit_report(report, *, actor) -> UnitReport:
    """The unit head approves the current draft."""
    with _transition(report, "approve", actor=actor) as report:
        if report.current_version_id is None:
            raise DomainError(_("Báo cáo chưa có nội dung."))
    return report


@transaction.atomic
def do_submit_unit_report(report, *, actor, now: dt.datetime | None = None) -> UnitReport:
    """The unit head sends the approved report; on time when sent on or before the due date."""
    with _transition(report, "submit", actor=actor) as report:
        report.submitted_at = now or timezone.now()
        submitted_on = timezone.localdate(report.submitted_at)
        report.on_time = report.due_date is None or submitted_on <= report.due_date
    return report


@transaction.atomic
def do_accept_unit_report(report, *, actor, comment: str = "") -> UnitReport:
    """The standing agency accepts the submitted version."""
    with _transition(report, "accept", actor=actor) as report:
        report.accepted_version = report.current_version
        report.review_comment = comment.strip()
    return report


@transaction.atomic
def do_return_unit_report(report, *, actor, comment: str) -> UnitReport:
    """The standing agency sends the report back with comments (required)."""
    if not (comment or "").strip():
        raise DomainError(_("Cần ghi ý kiến khi trả lại báo cáo."), code="comment")
    with _transition(report, "return", actor=actor) as report:
        report.review_comment = comment.strip()
    return report


def _recipients(unit) -> list[str]:
    from cchc.accounts.models import User

    emails = {unit.email} if unit.email else set()
    emails |= set(
        User.objects.filter(
            memberships__unit=unit, memberships__role__in=["reporter", "unit_head"], is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


@transaction.atomic
def do_send_report_reminder(
    *, unit, period_code: str, plan=None, actor, today: dt.date | None = None
) -> bool:
    """E-mail the unit that its report is missing. Sent at most once a day (False if already sent)."""
    if not policy.can_review_unit_report(actor, unit):
        raise policy.Forbidden(_("Chỉ cơ quan thường trực CCHC được nhắc nộp báo cáo."))
    info = check_period(period_code, plan=plan, province=unit.province_root, today=today)
    today = today or timezone.localdate()
    if ReportReminder.objects.filter(unit=unit, plan=plan, period_code=info.code, sent_on=today).exists():
        return False
    recipients = _recipients(unit)
    try:
        with transaction.atomic():
            reminder = ReportReminder.objects.create(
                unit=unit,
                plan=plan,
                period_code=info.code,
                sent_on=today,
                sent_at=timezone.now(),
                sent_by=actor,
                recipients=recipients,
            )
    except IntegrityError:
        return False
    if recipients:
        # The standing agency writing to a unit: Vietnamese, whatever the sender's UI language.
        with translation.override("vi"):
            subject = _("Nhắc nộp báo cáo CCHC %(label)s") % {"label": info.label}
            body = _(
                "Kính gửi %(unit)s,\n\nĐơn vị chưa gửi báo cáo công tác cải cách hành chính %(label)s"
                "%(plan)s. Hạn gửi: %(due)s.\n\nĐề nghị đơn vị khẩn trương hoàn thành và gửi báo cáo trên hệ thống."
            ) % {
                "unit": unit.name,
                "label": info.label,
                "plan": (" " + _("theo Kế hoạch %(n)s") % {"n": plan.number}) if plan is not None else "",
                "due": format_date(info.due_date) if info.due_date else "—",
            }
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
        )
    record(actor=actor, action="create", instance=reminder, unit=unit, after=snapshot(reminder))
    return True


def do_remind_late_units(*, plan, period_code: str, units, actor, today: dt.date | None = None) -> dict:
    """ "Nhắc tất cả đơn vị chưa gửi": one reminder to each of ``units`` that has not submitted its
    report for the period (each at most once a day, as ``do_send_report_reminder``). Returns the
    counts ``{"sent": n, "already": n, "submitted": n}``."""
    submitted = set(
        UnitReport.objects.filter(plan=plan, period_code=period_code, submitted_at__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    counts = {"sent": 0, "already": 0, "submitted": 0}
    for unit in units:
        if unit.pk in submitted:
            counts["submitted"] += 1
            continue
        sent = do_send_report_reminder(
            unit=unit, plan=plan, period_code=period_code, actor=actor, today=today
        )
        counts["sent" if sent else "already"] += 1
    return counts


def _calendar_scope(plan, province):
    if (plan is None) == (province is None):
        raise DomainError(_("Lịch báo cáo phải gắn với một tỉnh hoặc một kế hoạch."), code="calendar")
    return plan.province if plan is not None else province


@transaction.atomic
def do_set_reporting_calendar(
    *,
    plan=None,
    province=None,
    cutoff_day: int | None,
    due_day: int,
    reports: list[str],
    due_overrides: dict[str, tuple[int, int]] | None = None,
    source: str = "",
    actor,
) -> ReportingCalendar:
    """Set a plan's (or a province's) own reporting calendar, overriding the national rules."""
    scope = _calendar_scope(plan, province)
    if not policy.can_configure_reporting_calendar(actor, scope):
        raise policy.Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh được đặt lịch báo cáo."))
    reports = [r for r in REPORT_CODES if r in set(reports or [])]
    if not reports:
        raise DomainError(_("Cần chọn ít nhất một kỳ báo cáo."), code="calendar")
    overrides = dict(due_overrides or {})
    try:
        ReportingRules(
            cutoff_day=cutoff_day, due_day=due_day, due_overrides=overrides, reports=tuple(reports)
        )
    except ValueError:
        raise DomainError(
            _(
                "Lịch báo cáo không hợp lệ: ngày chốt số liệu từ 1 đến 28 (hoặc để trống: theo tháng dương lịch), "
                "ngày hạn gửi từ 1 đến 31, hạn riêng dạng Q1=25/2."
            ),
            code="calendar",
        ) from None
    cal = (
        ReportingCalendar.objects.select_for_update()
        .filter(plan=plan, province=None if plan is not None else province)
        .first()
    )
    cal = cal or ReportingCalendar(plan=plan, province=None if plan is not None else province)
    with audited_change(cal, actor=actor, unit=scope):
        cal.cutoff_day, cal.due_day, cal.reports = cutoff_day, due_day, reports
        cal.due_overrides = {k: [m, d] for k, (m, d) in overrides.items()}
        cal.source = (source or "").strip()
    return cal


@transaction.atomic
def do_delete_reporting_calendar(*, plan=None, province=None, actor) -> bool:
    """Back to the province's (or the national) rules. False when there was nothing to remove."""
    scope = _calendar_scope(plan, province)
    if not policy.can_configure_reporting_calendar(actor, scope):
        raise policy.Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh được đặt lịch báo cáo."))
    cal = ReportingCalendar.objects.filter(plan=plan, province=None if plan is not None else province).first()
    if cal is None:
        return False
    before = snapshot(cal)
    record(actor=actor, action="delete", instance=cal, before=before, unit=scope)
    cal.delete()
    return True


def suggested_plan_calendar(plan):
    """The reporting calendar a plan's own text sets ("chậm nhất trước ngày: 25/2, 25/5 …"), read by
    :func:`cchc.domain.periods.rules_from_text`; ``(sentence, rules)`` or ``None``."""
    from cchc.domain.text import fold

    for title in plan.tasks.order_by("order").values_list("title", flat=True):
        f = fold(title)
        if "bao cao" in f and ("cham nhat" in f or "truoc ngay" in f):
            rules = rules_from_text(title, NATIONAL_RULES)
            if rules is not NATIONAL_RULES:
                return title, rules
    return None


TEXT_MAX = 20_000


@transaction.atomic
def do_save_consolidation_texts(*, plan, period_code: str, texts: dict, actor) -> int:
    """The standing agency's passages of the province's report (Đánh giá chung, Phương hướng,
    Đề xuất…, the outline's ``editable`` keys). A blank passage goes back to the draft written
    from the data. Returns the number of passages changed."""
    from cchc.reporting.models import ConsolidationText
    from cchc.reporting.outline import editable_keys

    if not policy.can_edit_consolidation(actor, plan.province):
        raise policy.Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh được soạn báo cáo tổng hợp."))
    info = check_period(period_code, plan=plan)
    allowed = set(editable_keys())
    unknown = set(texts or {}) - allowed
    if unknown:
        raise DomainError(
            _("Mục không có trong đề cương báo cáo: %(keys)s.") % {"keys": ", ".join(sorted(unknown))},
            code="outline_key",
        )
    changed = 0
    now = timezone.now()
    for key, raw in (texts or {}).items():
        text = "\n".join(line.rstrip() for line in str(raw or "").strip().splitlines())
        if len(text) > TEXT_MAX:
            raise DomainError(
                _("Nội dung một mục không quá %(n)s ký tự.") % {"n": f"{TEXT_MAX:,}".replace(",", ".")},
                code="too_long",
            )
        row = (
            ConsolidationText.objects.select_for_update()
            .filter(plan=plan, period_code=info.code, key=key)
            .first()
        )
        before = snapshot(row) if row else None
        if not text:
            if row is not None:
                record(actor=actor, action="delete", instance=row, before=before, after=None, note=key)
                row.delete()
                changed += 1
            continue
        if row is not None and row.text == text:
            continue
        row = row or ConsolidationText(plan=plan, period_code=info.code, key=key)
        with audited_change(row, actor=actor, note=key):
            row.text, row.updated_by, row.updated_at = text, actor, now
        changed += 1
    return changed
