"""Home panels: a unit's sheet in the open campaign (its work, with the deadline); the council's queue."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.domain.vnformat import format_date
from cchc.parindex.models import Campaign, CampaignStage, Sheet, SheetStatus


def my_sheet_panel(request, role):
    """Reporters and unit heads see their unit's open sheet as work with its deadline."""
    if role not in {"reporter", "unit_head"} or not request.membership:
        return None
    unit = request.membership.unit
    sheet = (
        Sheet.objects.filter(unit=unit)
        .exclude(campaign__stage=CampaignStage.PUBLISHED)
        .filter(excluded_reason="", campaign__approved_at__isnull=True)
        .select_related("campaign")
        .order_by("-campaign__year")
        .first()
    )
    if sheet is None:
        return None
    c = sheet.campaign
    today = timezone.localdate()
    if sheet.status == SheetStatus.DRAFT:
        due, what = c.self_deadline, _("Tự đánh giá Chỉ số CCHC")
    elif sheet.status == SheetStatus.ROUND1:
        due, what = c.explanation_deadline, _("Giải trình kết quả thẩm định")
    else:
        due, what = None, sheet.get_status_display()
    text = what
    if due:
        text = _("%(what)s: hạn %(date)s") % {"what": what, "date": format_date(due)}
        if today > due:
            text += " · " + _("quá hạn")
    n_open = sheet.scores.filter(criterion__survey=False, self_points__isnull=True).count()
    return {
        "key": "parindex-my-sheet",
        "title": c.title,
        "stat": n_open if sheet.status == SheetStatus.DRAFT else "",
        "text": (_("tiêu chí chưa chấm · ") if sheet.status == SheetStatus.DRAFT else "") + text,
        "url": reverse("parindex:sheet_detail", args=[sheet.pk]),
        "link_label": _("Mở phiếu chấm điểm"),
    }


def council_panel(request, role):
    if role not in {"council_member", "standing_officer"}:
        return None
    user = request.user
    campaigns = [
        c
        for c in Campaign.objects.exclude(stage=CampaignStage.PUBLISHED).order_by("-year")[:5]
        if policy.is_par_council(user, c)
    ]
    if not campaigns:
        return None
    c = campaigns[0]
    waiting = c.sheets.filter(status__in=[SheetStatus.SUBMITTED, SheetStatus.EXPLAINED]).count()
    return {
        "key": "parindex-council",
        "title": _("Hội đồng thẩm định Chỉ số CCHC"),
        "stat": waiting,
        "text": _("phiếu chờ thẩm định · hạn %(date)s") % {"date": format_date(c.appraisal_deadline)},
        "url": reverse("parindex:council_queue", args=[c.pk]),
        "link_label": _("Mở hàng chờ thẩm định"),
    }
