"""Deadline reminders for the PAR INDEX: the "par" reminder kind of
:mod:`cchc.notifications.reminders` (registered in ``ParindexConfig.ready()``).

A unit whose sheet is still a draft is reminded at the same lead times as a task
(``CCHC_REMIND_DAYS``, default 30, 7, 1 days) before the self-assessment deadline, and once when
it is overdue; during the explanation step (round 1 closed, items lowered) before the
explanation deadline. The once-only log (``notifications.ReminderLog``, keys
``par:<sheet>:<stage>:<days>``), the mail and the bell (opening the sheet) are notifications';
the worker sends them daily with the other kinds (by hand: ``cchc remind --kind par``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.templatetags.vn import vdate
from cchc.notifications import reminders
from cchc.notifications.reminders import remind_days, unit_emails
from cchc.parindex.models import CampaignStage, Sheet, SheetStatus

KIND = "par"


class Digest(reminders.Digest):
    """One unit's PAR INDEX deadline reminders (worded as task reminders: one kind of reminder)."""

    @property
    def subject(self) -> str:
        return _("[CCHC] Nhắc việc: %(n)s nhiệm vụ cần chú ý") % {"n": len(self.items)}

    def heads(self) -> dict[str, str]:
        return {"overdue": _("Quá hạn"), "due_soon": _("Sắp đến hạn")}


def build_par_digests(as_of: dt.date) -> list[Digest]:
    days = remind_days()
    sent = reminders.sent_keys(key__startswith="par:")
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


def link(unit, kind: str, key: str) -> str:
    """A PAR reminder opens the unit's sheet (key ``"par:<sheet id>:<stage>[:<lead>]"``)."""
    return reverse("parindex:sheet_detail", kwargs={"sheet_id": int(key.split(":")[1])})


def do_send_par_reminders(*, actor=None, as_of: dt.date | None = None, dry_run: bool = False) -> list[Digest]:
    return reminders.collect_and_send(KIND, as_of=as_of or timezone.localdate(), dry_run=dry_run)
