"""Navigation registry: each app adds its menu entries in ``AppConfig.ready``.

Entries are grouped by what people do (plans and tasks, reports, results, inspections, public
disclosure, administration): the top bar shows one item per group, a group with several entries
opens as a list (``<details>``, no script needed). An entry is shown only when its
``allowed(grants)`` says so, so each role sees only its groups. Exactly one entry is active: the
one whose address is the longest prefix of the page's path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# (key, label) in menu order
GROUPS: tuple[tuple[str, object], ...] = (
    ("work", pgettext_lazy("menu", "Kế hoạch, nhiệm vụ")),
    ("reports", pgettext_lazy("menu", "Báo cáo")),
    ("results", pgettext_lazy("menu", "Kết quả")),
    ("inspections", pgettext_lazy("menu", "Kiểm tra")),
    ("public", pgettext_lazy("menu", "Công khai")),
    ("admin", pgettext_lazy("menu", "Quản trị")),
)
# an entry registered without a group goes where its app's pages belong
_GROUP_OF_NAMESPACE = {
    "plans": "work",
    "tracking": "work",
    "reporting": "reports",
    "oversight": "reports",
    "indicators": "results",
    "parindex": "results",
    "surveys": "results",
    "orgs": "admin",
    "audit": "admin",
    "accounts": "admin",
    "jobs": "admin",
}


@dataclass(frozen=True)
class NavEntry:
    label: object  # lazy translated string
    url_name: str
    allowed: Callable
    order: int = 100
    group: str = ""


_ENTRIES: list[NavEntry] = []


def register(label, url_name: str, allowed: Callable, order: int = 100, group: str = "") -> None:
    group = group or _GROUP_OF_NAMESPACE.get(url_name.split(":")[0], "admin")
    if all(e.url_name != url_name for e in _ENTRIES):
        _ENTRIES.append(NavEntry(label, url_name, allowed, order, group))


def items_for(request) -> list[dict]:
    """The visible entries, in order, each with its group and whether it is the active one."""
    if not request.user.is_authenticated:
        return []
    g = request.grants  # set by accounts' GrantsMiddleware
    out = []
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if not entry.allowed(g):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": entry.label, "url": url, "group": entry.group, "active": False})
    path = request.path
    matching = [item for item in out if path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return out


def groups_for(request) -> list[dict]:
    """The menu: groups with at least one visible entry, in the fixed order."""
    items = items_for(request)
    groups = []
    for key, label in GROUPS:
        entries = [item for item in items if item["group"] == key]
        if entries:
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "items": entries,
                    "active": any(item["active"] for item in entries),
                }
            )
    return groups


def context(request):
    groups = groups_for(request)
    return {
        "nav_groups": groups,
        "nav_items": [item for group in groups for item in group["items"]],
        "nav_home_active": request.path == "/",
        "nav_label": _("Điều hướng chính"),
    }
