"""Task reminders per unit: due soon (at each lead time), overdue, sent back. Never twice.

The content of the "tasks" reminder kind (registered with :mod:`cchc.notifications.reminders`
in ``TrackingConfig.ready()``; the log, the mail, the bell and the daily run are notifications').
Lead times come from ``CCHC_REMIND_DAYS`` (default 30, 7 and 1 days). A task due in 30 days
gets the "30" reminder once; at 7 days the "7" one, and so on; overdue once; a returned update
once. Continuous work ("Thường xuyên") not yet reported in the current quarter is reminded once
per quarter, ``CCHC_PERIOD_REMIND_DAYS`` (default 15) days before the quarter ends.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.templatetags.vn import vdate
from cchc.notifications import reminders
from cchc.notifications.reminders import remind_days, unit_emails
from cchc.tracking.models import Assignment, ProgressUpdate
from cchc.tracking.queries import annotate_state
from cchc.tracking.states import quarter_bounds

KIND = "tasks"


def period_remind_days() -> int:
    return int(getattr(settings, "CCHC_PERIOD_REMIND_DAYS", 15))


class Digest(reminders.Digest):
    """One unit's task reminders."""

    @property
    def subject(self) -> str:
        return _("[CCHC] Nhắc việc: %(n)s nhiệm vụ cần chú ý") % {"n": len(self.items)}

    def heads(self) -> dict[str, str]:
        return {
            "overdue": _("Quá hạn"),
            "due_soon": _("Sắp đến hạn"),
            "period": _("Chưa báo cáo kỳ này (nhiệm vụ thường xuyên)"),
            "returned": _("Bị trả lại"),
        }


def build_digests(as_of: dt.date) -> list[Digest]:
    """What would go out on ``as_of`` (already-sent reminders left out)."""
    days = remind_days()
    sent = reminders.sent_keys()
    per_unit: dict[int, list] = defaultdict(list)
    units = {}
    # lead work only (the lead is accountable); the state in SQL, only what may need a reminder;
    # nothing goes to a closed unit (its open work moved to its successor, or waits for an
    # officer to choose the receiver: see /nhiem-vu/don-vi-da-dong/)
    qs = annotate_state(
        Assignment.objects.filter(role="lead", moved_to__isnull=True)
        .exclude(unit__valid_to__lt=as_of)
        .exclude(held_from__gt=as_of)
        .select_related("task", "task__plan", "unit"),
        as_of,
    ).defer("task__plan__interchange")
    qs = qs.filter(state__in=["overdue", "at_risk", "open"]).order_by("due_date", "task__order", "unit__code")
    for a in qs:
        title = a.task.title[:120] + (f" ({a.period_label})" if a.period_label else "")
        due = vdate(a.due_date) if a.due_date else ""
        item = None
        if a.state == "overdue":
            item = ("overdue", str(a.pk), _("%(t)s — hạn %(d)s") % {"t": title, "d": due})
        elif a.due_date:
            left = (a.due_date - as_of).days
            lead = min((d for d in days if left <= d), default=None)
            if lead is not None and left >= 0:
                item = (
                    "due_soon",
                    f"{a.pk}:{lead}",
                    _("%(t)s — hạn %(d)s (còn %(n)s ngày)") % {"t": title, "d": due, "n": left},
                )
        elif a.reported_this_period is False:
            q_start, q_end = quarter_bounds(as_of)
            if (q_end - as_of).days <= period_remind_days():
                item = (
                    "period",
                    f"{a.pk}:{q_start.isoformat()}",
                    _("%(t)s — báo cáo kết quả trước %(d)s") % {"t": title, "d": vdate(q_end)},
                )
        if item and (a.unit_id, item[0], item[1]) not in sent:
            per_unit[a.unit_id].append(item)
            units[a.unit_id] = a.unit
    returned = (
        ProgressUpdate.objects.filter(approval_state="returned", decided_at__date__lte=as_of)
        .exclude(assignment__unit__valid_to__lt=as_of)
        .select_related("assignment__task", "assignment__unit")
    )
    for u in returned:
        a = u.assignment
        key = f"update:{u.pk}"
        if (a.unit_id, "returned", key) in sent:
            continue
        per_unit[a.unit_id].append(
            ("returned", key, _("%(t)s — lý do: %(r)s") % {"t": a.task.title[:120], "r": u.return_reason})
        )
        units[a.unit_id] = a.unit
    return [
        Digest(unit=units[uid], emails=unit_emails(units[uid]), items=items)
        for uid, items in sorted(per_unit.items())
    ]


def link(unit, kind: str, key: str) -> str:
    """A task reminder opens the unit's work."""
    return reverse("tracking:my_work")


def do_send_reminders(*, actor=None, as_of: dt.date | None = None, dry_run: bool = False) -> list[Digest]:
    """Send each unit its digest and log every item, so nothing is sent twice. ``dry_run`` only lists."""
    return reminders.collect_and_send(KIND, as_of=as_of or timezone.localdate(), dry_run=dry_run)
