"""The permission matrix: every page and API endpoint, every role, the status the policy implies.

Each app lists its routes in ``cchc/<app>/tests/access.py`` (the shape: ``cchc.testing.access``);
this test collects every installed app's fragment. The list of routes comes from the URL resolver
and the OpenAPI schema, so a new route without an entry in some fragment fails
``test_every_route_has_a_policy_entry``.

Pages and API reads are requested with GET. A POST-only action (``require_POST``) has a fourth
element, its POST data: a request its action refuses *after* the permission check (a stale
version, a report not yet submitted, a period not started…), so permitted roles get the
action's own answer (302 back with a message, 409) and write nothing, while refused roles get
403/404. The writes themselves are covered by each app's action tests.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from cchc.testing.access import ROLES, fragments

FRAGMENTS = fragments()
PAGES = {name: entry for f in FRAGMENTS for name, entry in f.pages.items()}
API = {path: entry for f in FRAGMENTS for path, entry in f.api.items()}

# Routes that are not pages of an app (the admin site, the API, the language switch), and the
# apps' own exemptions (POST-only steps, the login).
EXEMPT_PREFIXES = ("admin:", "api:", "set_language", *(p for f in FRAGMENTS for p in f.exempt))
API_EXEMPT = {"/api/openapi.json", "/api/docs"}


def _named_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _named_routes(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_route_has_a_policy_entry():
    missing = [
        name
        for name in sorted(set(_named_routes()))
        if name not in PAGES and not name.startswith(EXEMPT_PREFIXES)
    ]
    assert not missing, f"routes without an access-matrix entry: {missing}"


def test_every_api_path_has_a_policy_entry(client, users):
    client.force_login(users["reporter"])
    paths = client.get("/api/openapi.json").json()["paths"]
    missing = [
        path for path, ops in paths.items() if "get" in ops and path not in API and path not in API_EXEMPT
    ]
    assert not missing, f"API paths without an access-matrix entry: {missing}"
    # and no entry outlives its path (a renamed path would leave its entry checking nothing)
    assert not [path for path in API if "get" not in paths.get(path, {})]


def test_every_app_lists_its_routes_in_its_own_fragment_once():
    apps = {f.app for f in FRAGMENTS}
    assert {"core", "orgs", "accounts", "plans", "tracking", "parindex"} <= apps  # the walk found them
    twice = [key for key, n in Counter(k for f in FRAGMENTS for k in [*f.pages, *f.api]).items() if n > 1]
    assert not twice, f"entries listed by two fragments: {twice}"


@pytest.fixture
def ctx(users, org_tree):
    from cchc.orgs.models import OrgGroup

    return {"users": users, "units": org_tree, "group": OrgGroup.objects.get(key="HP:cap-huyen")}


def _status(client, url, post):
    resp = client.post(url, post) if post is not None else client.get(url)
    if resp.streaming:
        # a file download holds its file open until closed; reading it through the test client's
        # wrapper closes it without firing request_finished (whose close_old_connections would
        # close PostgreSQL's connection inside the test's transaction)
        b"".join(resp.streaming_content)
    return resp.status_code


def _check(client, ctx, url, expected, anonymous, post=None):
    method = "POST" if post is not None else "GET"
    failures = []
    if anonymous is not None:
        client.logout()
        status = _status(client, url, post)
        if status != anonymous:
            failures.append(f"anonymous {method} {url}: {status} != {anonymous}")
    for role in ROLES:
        client.force_login(ctx["users"][role])
        status = _status(client, url, post)
        if status != expected[role]:
            failures.append(f"{role} {method} {url}: {status} != {expected[role]}")
    return failures


def _url(url, query):
    from urllib.parse import urlencode

    return f"{url}?{urlencode(query)}" if query else url


@pytest.mark.parametrize("fragment", [f for f in FRAGMENTS if f.pages], ids=lambda f: f.app)
def test_pages_follow_the_policy(client, ctx, fragment):
    from django.urls import reverse

    failures = []
    for name, (kwargs, expected, anonymous, *post) in fragment.pages.items():
        kw = dict(kwargs(ctx)) if kwargs else {}
        data = post[0](ctx) if post else None
        query = kw.pop("_query", None)
        failures += _check(client, ctx, _url(reverse(name, kwargs=kw), query), expected, anonymous, data)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("fragment", [f for f in FRAGMENTS if f.api], ids=lambda f: f.app)
def test_api_follows_the_policy(client, ctx, fragment):
    failures = []
    for path, (kwargs, expected, *anonymous) in fragment.api.items():
        kw = dict(kwargs(ctx)) if kwargs else {}
        query = kw.pop("_query", None)
        # a third element: the status for anonymous callers of a public endpoint (else 401)
        failures += _check(
            client, ctx, _url(path.format(**kw), query), expected, anonymous[0] if anonymous else 401
        )
    assert not failures, "\n".join(failures)


def test_home_page_shows_role_panels(login, users):
    body = login(users["officer"]).get("/").content.decode()
    assert "Cơ quan, đơn vị đang hoạt động" in body
    body = login(users["auditor"]).get("/").content.decode()
    assert "Thay đổi gần đây" in body
    body = login(users["reporter"]).get("/").content.decode()
    assert "Sở Tư pháp" in body and "Thay đổi gần đây" not in body
