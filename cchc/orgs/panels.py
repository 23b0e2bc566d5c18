"""Home panels of the org tree: the units for coordinators, one's own unit for unit staff."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.accounts.policy import units_for


def org_panel(request, role):
    if role not in {Role.ADMIN, Role.STANDING_OFFICER, Role.LEADER}:
        return None
    count = units_for(request.user).filter(valid_to__isnull=True).count()
    return {
        "key": "orgs",
        "title": _("Cơ quan, đơn vị đang hoạt động"),
        "stat": count,
        "url": reverse("orgs:unit_list"),
        "link_label": _("Xem danh mục"),
    }


def unit_panel(request, role):
    membership = getattr(request, "membership", None)
    if not membership or role not in {Role.REPORTER, Role.UNIT_HEAD, Role.COUNCIL_MEMBER}:
        return None
    return {
        "key": "unit",
        "title": membership.unit.name,
        "text": membership.get_role_display(),
        "url": reverse("orgs:unit_detail", args=[membership.unit.pk]),
        "link_label": _("Thông tin đơn vị"),
    }
