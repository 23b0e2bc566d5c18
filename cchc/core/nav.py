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
from functools import cache, lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

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


@lru_cache(maxsize=256)
def _url(url_name: str, prefix: str, urlconf: str | None, root_urlconf: str) -> str | None:
    """An entry's address: the same for every request of a URL configuration and script prefix
    (the menu's addresses take no arguments), so reversed once per process (17 ``reverse()``
    calls were half of the menu's time on every page)."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return None


def items_for(request) -> list[dict]:
    """The visible entries, in order, each with its group and whether it is the active one."""
    if not request.user.is_authenticated:
        return []
    g = request.grants  # set by accounts' GrantsMiddleware
    where = (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    out = []
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if not entry.allowed(g):
            continue
        url = _url(entry.url_name, *where)
        if url is None:
            continue
        out.append(
            {
                "label": entry.label,
                "url": url,
                "group": entry.group,
                "active": False,
                "url_name": entry.url_name,
            }
        )
    path = request.path
    matching = [item for item in out if path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return out


def groups_for(request) -> list[dict]:
    """The menu: groups with at least one visible entry, in the fixed order."""
    return _grouped(items_for(request))


def _grouped(items: list[dict]) -> list[dict]:
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


@lru_cache(maxsize=1024)
def _fragment(
    language: str, home_url: str, visible: tuple[tuple[str, str], ...], active: str | None, home_active: bool
) -> str:
    """The menu's HTML (``core/_nav.html``) for one set of visible entries (url name, address),
    one active entry and one language: the same for every user whose grants show the same
    entries, so rendered once per process and combination (the menu's loop, labels and
    translations were half of the page frame's template time). Everything it depends on is in
    the key; the entries' labels and groups are code, fixed for the process."""
    from django.template.loader import render_to_string

    entries = {e.url_name: e for e in _ENTRIES}
    items = [
        {"label": entries[name].label, "url": url, "group": entries[name].group, "active": name == active}
        for name, url in visible
    ]
    html = render_to_string(
        "core/_nav.html",
        {"nav_groups": _grouped(items), "nav_home_active": home_active, "nav_home_url": home_url},
    )
    return mark_safe(html.rstrip("\n"))  # our own template's output, escaped by it


def nav_html(request) -> str:
    """The menu of ``request``'s user and page (see :func:`_fragment`)."""
    items = items_for(request)
    active = next((item["url_name"] for item in items if item["active"]), None)
    visible = tuple((item["url_name"], item["url"]) for item in items)
    home = _url("core:home", get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF) or "/"
    return _fragment(get_language() or "", home, visible, active, request.path == "/")


def context(request):
    """The menu, computed only when a template shows it (a fragment answering an htmx request
    renders with the context processors but shows no menu)."""
    return {
        "nav_html": cache(lambda: nav_html(request)),
        "nav_home_active": request.path == "/",
        "nav_label": _("Điều hướng chính"),
    }
