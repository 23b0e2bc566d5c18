"""THE plan-reading rule holds on every route that takes a plan: another unit's reporter learns
nothing about a unit's own plan (kế hoạch cụ thể hóa).

The routes come from the URL resolver and the OpenAPI schema, like the access matrix: every page
whose path takes ``plan_id`` and every API operation whose path takes ``{plan_id}`` must answer
404; every page whose view reads a ``plan``/``parent_plan`` query or form field, and every API
operation taking a ``plan``/``plan_id`` query parameter or body field, must answer exactly as it
does for a plan that does not exist, without the plan's title. A new plan-scoped route is covered
without an entry here; one whose other parameters cannot be filled in fails until it gets one.
"""

from __future__ import annotations

import inspect
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cchc.plans.models import Plan

# The owner: Sở Tư pháp (its reporter creates the plan); the outsider: Sở TT&TT's reporter.
OWNER_UNIT, OUTSIDER, OUTSIDER_UNIT = "HP-STP", "other_reporter", "HP-STTTT"
TITLE, NUMBER = "Kế hoạch riêng XKQ-7391", "77/KH-XKQ"

# Routes left out, with the reason: ``plan_id`` of an inspection plan (oversight), not a Plan;
# a survey round manager's form (the plan is read through ``plans_for`` like everywhere).
LEFT_OUT = {
    "oversight:inspection_plan_detail": "an inspection plan, not a Plan",
    "surveys:round_targets": "only the round's managers post it; needs a survey round",
}

# How to fill the other parameters of a plan-scoped route or operation, by name.
PERIOD = "2023-H1"
FILLERS = {
    "period": lambda ctx: PERIOD,
    "fmt": lambda ctx: "docx",
    "unit_id": lambda ctx: ctx["units"][OUTSIDER_UNIT].pk,  # the outsider's own unit
}
PLAN_FIELD = re.compile(
    r"""(?:GET|POST|\bq|\bp)(?:\.get\(|\[)\s*["'](?:parent_)?plan["']|["']plan["'] (?:not )?in request\."""
)


@pytest.fixture
def ctx(users, org_tree):
    from cchc.plans.actions import do_commit_plan
    from cchc.testing.interchange import small_interchange
    from cchc.tracking.actions import do_create_unit_plan

    parent = do_commit_plan(actor=None, interchange=small_interchange(), province=org_tree["HP"])
    plan = do_create_unit_plan(actor=users["reporter"], unit=org_tree[OWNER_UNIT], parent_plan=parent)
    Plan.objects.filter(pk=plan.pk).update(title=TITLE, number=NUMBER)
    missing = Plan.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    return {"users": users, "units": org_tree, "plan": plan, "missing": missing}


def _routes(resolver=None, namespace="", converters=()):
    """(name, path parameters, view) of every named page (the API: from its schema, below)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        conv = (*converters, *getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _routes(entry, f"{namespace}{ns}:" if ns else namespace, conv)
        elif isinstance(entry, URLPattern) and entry.name and not namespace.startswith(("admin:", "api:")):
            yield f"{namespace}{entry.name}", set(conv), entry.callback


def _source(func, depth=2) -> str:
    """The view's source with that of the module's own helpers it calls (``_scope(request)``)."""
    try:
        func = inspect.unwrap(func)
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return ""
    if depth:
        module = inspect.getmodule(func)
        for name in set(re.findall(r"\b(_\w+)\(", source)):
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                source += _source(helper, depth - 1)
    return source


def _reads_plan_field(view) -> bool:
    return bool(PLAN_FIELD.search(_source(view)))


def page_routes():
    """Plan-scoped pages: (name, path parameters, "path" | "field")."""
    out = []
    for name, params, view in _routes():
        if name in LEFT_OUT:
            continue
        if "plan_id" in params:
            out.append((name, params, "path"))
        elif _reads_plan_field(view):
            out.append((name, params, "field"))
    return out


def _fill(ctx, params, plan_id):
    missing = sorted(p for p in params if p != "plan_id" and p not in FILLERS)
    assert not missing, f"no filler for route parameters {missing}: add them to FILLERS"
    kw = {p: FILLERS[p](ctx) for p in params if p != "plan_id"}
    if "plan_id" in params:
        kw["plan_id"] = plan_id
    return kw


def _answer(client, url, form):
    """(status, body) of GET ``url``; a POST-only route (405) is sent ``form`` by POST."""
    resp = client.get(url)
    if resp.status_code == 405:
        resp = client.post(url, form)
    body = b"".join(resp.streaming_content) if resp.streaming else resp.content
    return resp.status_code, body.decode(errors="replace")


def _leaks(body: str) -> bool:
    return TITLE in body or NUMBER in body


def _problem(how, status, body, missing_status) -> str | None:
    """What is wrong with the answer to another unit's plan, compared with a missing plan's."""
    if how == "path" and status != 404:
        return f"{status} (expected 404)"
    if status != missing_status:
        return f"{status}, a missing plan {missing_status}"
    if _leaks(body):
        return "shows the plan"
    return None


def test_the_detector_finds_the_known_plan_scoped_pages():
    found = {name: how for name, _params, how in page_routes()}
    # a path parameter, a query string, a form field, a helper reading the query string
    assert found["indicators:plan_attainment"] == "path"
    assert found["reporting:calendar"] == "field"
    assert found["reporting:unit_report_edit"] == "field"
    assert found["tracking:unit_plan_create"] == "field"
    assert found["tracking:task_list"] == found["oversight:dashboard"] == "field"
    assert "oversight:inspection_plan_detail" not in found


def test_every_plan_scoped_page_hides_a_unit_plan_from_another_unit(client, ctx):
    client.force_login(ctx["users"][OUTSIDER])
    failures = []
    for name, params, how in page_routes():
        answers = {}
        for key in ("plan", "missing"):
            pk = ctx["plan"].pk if key == "plan" else ctx["missing"]
            url = reverse(name, kwargs=_fill(ctx, params, pk))
            form = {}
            if how == "field":
                url, form = f"{url}?plan={pk}", {"plan": pk, "parent_plan": pk}
            answers[key] = _answer(client, url, form)
        (status, body), (missing_status, _body) = answers["plan"], answers["missing"]
        if problem := _problem(how, status, body, missing_status):
            failures.append(f"{name}: {problem}")
    assert not failures, "another unit's plan:\n" + "\n".join(failures)


def _schema_default(name, schema, ctx, plan_id):
    if name in ("plan", "plan_id"):
        return plan_id
    if name in FILLERS:
        return FILLERS[name](ctx)
    kind = schema.get("type")
    return {"string": "", "integer": 0, "number": 0, "boolean": False, "array": [], "object": {}}.get(
        kind, ""
    )


def _body_fields(op, spec):
    ref = (op.get("requestBody") or {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in ref:
        ref = spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]
    return ref.get("properties", {}), set(ref.get("required", []))


def api_operations(spec):
    """Plan-scoped API operations: (method, path, op, "path" | "field")."""
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            params = {p["name"]: p for p in op.get("parameters", [])}
            props, _required = _body_fields(op, spec)
            if "{plan_id}" in path:
                yield method, path, op, "path"
            elif {"plan", "plan_id"} & (set(params) | set(props)):
                yield method, path, op, "field"


def _request(client, ctx, method, path, op, spec, plan_id):
    params = {p["name"]: p for p in op.get("parameters", [])}
    kw, query = {}, {}
    for name, p in params.items():
        value = _schema_default(name, p.get("schema", {}), ctx, plan_id)
        if p["in"] == "path":
            kw[name] = value
        elif p.get("required") or name in ("plan", "plan_id"):
            query[name] = value
    props, required = _body_fields(op, spec)
    body = {
        n: _schema_default(n, s, ctx, plan_id)
        for n, s in props.items()
        if n in required or n in ("plan", "plan_id")
    }
    url = path.format(**kw)
    if method == "get":
        resp = client.get(url, query)
    else:
        resp = getattr(client, method)(
            url,
            body,
            content_type="application/json",
            QUERY_STRING="&".join(f"{k}={v}" for k, v in query.items()),
        )
    content = b"".join(resp.streaming_content) if resp.streaming else resp.content
    return resp.status_code, content.decode(errors="replace")


def test_every_plan_scoped_api_operation_hides_a_unit_plan_from_another_unit(client, ctx):
    client.force_login(ctx["users"][OUTSIDER])
    spec = client.get("/api/openapi.json").json()
    ops = list(api_operations(spec))
    assert ("post", "/api/reports/units") in {(m, p) for m, p, _op, _how in ops}
    failures = []
    for method, path, op, how in ops:
        status, body = _request(client, ctx, method, path, op, spec, ctx["plan"].pk)
        missing_status, _body = _request(client, ctx, method, path, op, spec, ctx["missing"])
        problem = _problem(how, status, body, missing_status)
        if not problem and method != "get" and missing_status != 404:
            problem = f"a missing plan {missing_status}: fill its body right"
        if problem:
            failures.append(f"{method.upper()} {path}: {problem}")
    assert not failures, "another unit's plan:\n" + "\n".join(failures)


def test_the_owner_reads_the_unit_plan(client, ctx):
    """The other side of the rule: the owner unit's reporter opens what the outsider cannot."""
    client.force_login(ctx["users"]["reporter"])
    pk = ctx["plan"].pk
    for url in (
        reverse("plans:plan_detail", kwargs={"plan_id": pk}),
        reverse("tracking:unit_plan_detail", kwargs={"plan_id": pk}),
        reverse("indicators:plan_attainment", kwargs={"plan_id": pk}),
        f"/api/plans/{pk}",
    ):
        assert client.get(url).status_code == 200, url
