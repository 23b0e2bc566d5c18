"""Automatic reminders about periodic reports, before and after their due dates, never twice.

The "reports" reminder kind of :mod:`cchc.notifications.reminders` (registered in
``ReportingConfig.ready()``): lead times from ``CCHC_REMIND_DAYS`` (default 30, 7 and 1 days),
one digest per unit, e-mailed to the unit's address (else its reporters and head) and put in
their bell (opening the unit's report for that period), every item logged in notifications'
``ReminderLog`` so a run repeated the same day (or a parallel run) sends nothing new.

* ``report_due``: a report due in N days (N a lead time) that the unit has not sent yet;
  key ``"<plan id>:<period>:<N>"``, so each lead time goes out once.
* ``report_late``: the due date has passed and the unit still has not sent it; once per report
  (key ``"<plan id>:<period>"``), and only while the due date is at most the longest lead time
  ago, so a first run on a database with years of history does not mail every old period.

Which units must report: those leading (chủ trì) a task of the plan due in the period's data
window, plus any unit that has started a report: the same "expected units" as the
consolidation and the compliance page. Sent = submitted, accepted or returned (as there).

The worker sends them daily with the other kinds (``CCHC_REMIND_AT``); by hand:
``cchc remind --kind reports [--as-of DATE] [--dry-run]``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.domain.periods import periods_in
from cchc.domain.vnformat import format_date
from cchc.notifications import reminders
from cchc.notifications.reminders import remind_days, unit_emails
from cchc.reporting import sources
from cchc.reporting.models import ReportStatus, UnitReport
from cchc.reporting.schedule import period_info, rules_for

KIND = "reports"
DUE = "report_due"
LATE = "report_late"
SENT_STATES = {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED}


def is_sent(report: UnitReport) -> bool:
    """Sent to the standing agency (whatever it decided since)."""
    return report.submitted_at is not None and (
        report.status in SENT_STATES or report.accepted_version_id is not None
    )


def expected_unit_ids(plan, info) -> set[int]:
    """Units that must report on ``plan`` for the period: leads of the report's set (due in the
    period's months or continuing, as ``sources.report_set``), and
    any unit that already has a report (the consolidation's "expected units")."""
    ids = sources.report_lead_unit_ids(plan, *info.span)
    ids |= set(UnitReport.objects.filter(plan=plan, period_code=info.code).values_list("unit_id", flat=True))
    return ids


class ReportDigest(reminders.Digest):
    """One unit's report reminders."""

    @property
    def subject(self) -> str:
        return _("[CCHC] Nhắc gửi báo cáo định kỳ: %(n)s báo cáo") % {"n": len(self.items)}

    def heads(self) -> dict[str, str]:
        return {LATE: _("Đã quá hạn gửi"), DUE: _("Sắp đến hạn gửi")}

    def closing(self) -> str:
        return _("Đề nghị đơn vị hoàn thành và gửi báo cáo trên hệ thống.")


def _plans():
    from cchc.plans.models import Plan, PlanStatus

    return (
        Plan.objects.filter(parent_plan__isnull=True, status=PlanStatus.ACTIVE)
        .select_related("province")
        .defer("interchange")
        .order_by("id")
    )


def build_report_digests(as_of: dt.date) -> list[ReportDigest]:
    """What would go out on ``as_of`` (already-sent reminders left out)."""
    days = remind_days()
    horizon = max(days, default=0)
    sent_log = reminders.sent_keys(kind__in=[DUE, LATE])
    per_unit: dict[int, list] = defaultdict(list)
    for plan in _plans():
        rules = rules_for(plan=plan)
        for year in (as_of.year - 1, as_of.year, as_of.year + 1):
            for period in periods_in(year, rules):
                info = period_info(period, rules)
                if info.due_date is None or not info.has_started(as_of):
                    continue
                left = (info.due_date - as_of).days
                if left >= 0:
                    lead = min((d for d in days if left <= d), default=None)
                    if lead is None:
                        continue
                    kind, key = DUE, f"{plan.pk}:{info.code}:{lead}"
                    line = _(
                        "Báo cáo CCHC %(label)s theo Kế hoạch %(plan)s — hạn gửi %(due)s (còn %(n)s ngày)"
                    )
                elif -left <= horizon:
                    kind, key = LATE, f"{plan.pk}:{info.code}"
                    line = _(
                        "Báo cáo CCHC %(label)s theo Kế hoạch %(plan)s — hạn gửi %(due)s (quá hạn %(n)s ngày)"
                    )
                else:
                    continue
                line = line % {
                    "label": info.label,
                    "plan": plan.number,
                    "due": format_date(info.due_date),
                    "n": abs(left),
                }
                sent_units = {
                    r.unit_id
                    for r in UnitReport.objects.filter(plan=plan, period_code=info.code)
                    if is_sent(r)
                }
                for unit_id in sorted(expected_unit_ids(plan, info) - sent_units):
                    if (unit_id, kind, key) not in sent_log:
                        per_unit[unit_id].append((kind, key, line))
    if not per_unit:
        return []
    from cchc.orgs.models import OrgUnit

    units = OrgUnit.objects.in_bulk(per_unit)
    return [
        ReportDigest(unit=units[uid], emails=unit_emails(units[uid]), items=items)
        for uid, items in sorted(per_unit.items())
        if units[uid].valid_to is None or units[uid].valid_to >= as_of  # never to a closed unit
    ]


def link(unit, kind: str, key: str) -> str:
    """A report reminder opens the unit's report for that plan and period (key
    ``"<plan id>:<period>[:<lead>]"``)."""
    plan_id, period = key.split(":")[:2]
    url = reverse("reporting:unit_report_edit", kwargs={"unit_id": unit.pk, "period": period})
    return f"{url}?plan={plan_id}"


def do_send_report_reminders(
    *, actor=None, as_of: dt.date | None = None, dry_run: bool = False
) -> list[ReportDigest]:
    """Send each unit its digest and log every item, so nothing goes out twice. ``actor`` is the
    system (the schedule); ``dry_run`` only lists. Units without an address are skipped and not
    logged: their reminders go out once an address exists (as for task reminders)."""
    return reminders.collect_and_send(KIND, as_of=as_of or timezone.localdate(), dry_run=dry_run)
