"""Deadline reminders for the PAR INDEX, sent like task reminders (``tracking.reminders``).

A unit whose sheet is still a draft is reminded at the same lead times as a task
(``CCHC_REMIND_DAYS``, default 30, 7, 1 days) before the self-assessment deadline, and once when
it is overdue; during the explanation step (round 1 closed, items lowered) before the
explanation deadline. The digests, the once-only log (``tracking.ReminderLog``, keys
``par:<sheet>:<stage>:<days>``) and the mail are tracking's, so a unit gets one kind of reminder.
Run daily: ``cchc par remind`` (cron), next to ``cchc remind``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.templatetags.vn import vdate
from cchc.parindex.models import CampaignStage, Sheet, SheetStatus
from cchc.tracking.models import ReminderLog
from cchc.tracking.reminders import Digest, remind_days, send_digests, unit_emails


def build_par_digests(as_of: dt.date) -> list[Digest]:
    days = remind_days()
    sent = set(ReminderLog.objects.filter(key__startswith="par:").values_list("unit_id", "kind", "key"))
    per_unit: dict[int, list] = defaultdict(list)
    units = {}
    qs = (
        Sheet.objects.filter(status__in=[SheetStatus.DRAFT, SheetStatus.ROUND1])
        .exclude(campaign__stage=CampaignStage.PUBLISHED)
        .filter(excluded_reason="", campaign__approved_at__isnull=True)
        .select_related("campaign", "unit")
    )
    for sheet in qs:
        c = sheet.campaign
        if sheet.status == SheetStatus.DRAFT:
            stage, due, what = "self", c.self_deadline, _("Tự đánh giá %(t)s") % {"t": c.title}
        else:
            stage, due, what = "explain", c.explanation_deadline, _("Giải trình %(t)s") % {"t": c.title}
        left = (due - as_of).days
        if left < 0:
            item = (
                "overdue",
                f"par:{sheet.pk}:{stage}",
                _("%(t)s — hạn %(d)s") % {"t": what, "d": vdate(due)},
            )
        else:
            lead = min((d for d in days if left <= d), default=None)
            if lead is None:
                continue
            item = (
                "due_soon",
                f"par:{sheet.pk}:{stage}:{lead}",
                _("%(t)s — hạn %(d)s (còn %(n)s ngày)") % {"t": what, "d": vdate(due), "n": left},
            )
        if (sheet.unit_id, item[0], item[1]) not in sent:
            per_unit[sheet.unit_id].append(item)
            units[sheet.unit_id] = sheet.unit
    return [
        Digest(unit=units[u], emails=unit_emails(units[u]), items=items)
        for u, items in sorted(per_unit.items())
    ]


def do_send_par_reminders(*, actor=None, as_of: dt.date | None = None, dry_run: bool = False) -> list[Digest]:
    digests = build_par_digests(as_of or timezone.localdate())
    if not dry_run:
        send_digests(digests)
    return digests
