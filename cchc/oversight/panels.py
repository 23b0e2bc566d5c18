"""Home panel: the leader's way into the dashboard."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def dashboard_panel(request, role):
    if role not in {"leader", "standing_officer", "admin", "unit_head"}:
        return None
    return {
        "key": "oversight-dashboard",
        "title": _("Bảng điều hành"),
        "text": _(
            "Tiến độ nhiệm vụ theo lĩnh vực và đơn vị, đơn vị quá hạn nhiều, chỉ tiêu, Chỉ số CCHC, SIPAS, kinh phí CCHC."
        ),
        "url": reverse("oversight:dashboard"),
        "link_label": _("Mở bảng điều hành"),
    }
