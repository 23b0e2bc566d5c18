"""The access matrix's frame: the roles (``cchc.testing.fixtures.ROLE_USERS``), the expected
statuses, the builders several apps' entries share, and the collection of the entries.

Each app lists its routes in ``cchc/<app>/tests/access.py``:

- ``PAGES``: url name -> (kwargs builder, expected status per role, status for anonymous[, POST
  data builder]). A kwargs builder takes the test's ``ctx`` (``users``, ``units``, ``group``; builders
  cache what they create in it) and may add ``"_query"``: a dict sent as the query string. A
  POST-only action (``require_POST``) has the fourth element: a request its action refuses *after*
  the permission check, so permitted roles get the action's own answer and nothing is written.
- ``API``: OpenAPI path -> (kwargs builder, expected status per role[, status for anonymous, else
  401]).
- ``EXEMPT`` (optional): url-name prefixes that take no GET or are not pages (a login step).

``cchc/core/tests/test_access_matrix.py`` collects every installed app's fragment
(``fragments()``), fails for a route or API path no fragment names, and checks every entry."""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field

ROLES = [
    "admin",
    "officer",
    "reporter",
    "head",
    "council",
    "leader",
    "auditor",
    "other_reporter",
    "dn_officer",
]
ALL_OK = dict.fromkeys(ROLES, 200)


def only(ok_roles, denied=403):
    return {r: (200 if r in ok_roles else denied) for r in ROLES}


def refused(readers, permitted, ok=200):
    """``readers`` (404 for the others) of whom only ``permitted`` may act (``ok``; readers: 403)."""
    return {r: (404 if s == 404 else ok if r in permitted else 403) for r, s in readers.items()}


# Sở Tư pháp's own records: its people and everyone reading the whole province, not Sở TT&TT.
STP_READERS = only({"admin", "officer", "reporter", "head", "council", "leader", "auditor"}, denied=404)
# Readers of the whole province: its plans' consolidated reports, who has submitted.
PROVINCE_READERS = only({"admin", "officer", "council", "leader", "auditor"}, denied=404)
# Every member of Hải Phòng: its plans, rounds, campaigns (Đà Nẵng's officer: 404).
HP_READERS = only(
    {"admin", "officer", "reporter", "head", "council", "leader", "auditor", "other_reporter"}, 404
)


# The province's standing agency (and the admin): who runs most of its processes.
AGENCY = {"admin", "officer"}


def post(kwargs, expected, data, anonymous=302):
    """The entry of a POST-only action: ``data`` builds a request its action refuses after the
    permission check (anonymous callers go to the login page)."""
    return (kwargs, expected, anonymous, data)


def extend(builder, **extra):
    """``builder``'s kwargs with ``extra`` added (a file format, a period)."""
    return lambda ctx: {**builder(ctx), **extra}


def unit_pk(ctx, code="HP-STP"):
    return ctx["units"][code].pk


def plan_kwargs(ctx):
    """Hải Phòng's small plan (``cchc.testing.interchange``), committed, with an event-bound task of
    Sở Tư pháp (its event date is recorded by the standing agency)."""
    if "plan" not in ctx:
        from cchc.plans.actions import do_commit_plan
        from cchc.testing.interchange import small_interchange, task_entry

        interchange = small_interchange()
        event = {"text": "Sau khi Nghị định được ban hành", "event": "Nghị định được ban hành"}
        interchange["tasks"].append(
            task_entry("Triển khai Nghị định mới", lead="Sở Tư pháp", timeframe=event, line=16)
        )
        ctx["plan"] = do_commit_plan(actor=None, interchange=interchange, province=ctx["units"]["HP"])
    return {"plan_id": ctx["plan"].pk}


@dataclass
class Fragment:
    """One app's entries (its ``tests/access.py``)."""

    app: str
    pages: dict = field(default_factory=dict)
    api: dict = field(default_factory=dict)
    exempt: tuple = ()


def fragments() -> list[Fragment]:
    """Every installed app's fragment, in ``INSTALLED_APPS`` order (apps without one are left out)."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.access"
        if not config.name.startswith("cchc.") or importlib.util.find_spec(f"{config.name}.tests") is None:
            continue
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        found.append(
            Fragment(
                app=config.label,
                pages=dict(getattr(module, "PAGES", {})),
                api=dict(getattr(module, "API", {})),
                exempt=tuple(getattr(module, "EXEMPT", ())),
            )
        )
    return found
