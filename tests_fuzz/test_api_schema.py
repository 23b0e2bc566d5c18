"""Property-based run over the API's own OpenAPI schema (schemathesis), with the bearer tokens of
two roles (a standing officer and a unit reporter), in-process against the WSGI app.

Fails on any 5xx, any response that breaks its schema (body, content type, headers), any status
code the operation does not declare, and any traceback in a body. Bounded: at most
``CCHC_FUZZ_EXAMPLES`` examples per operation (default 50) and ``CCHC_FUZZ_SECONDS`` in all
(default 240); ``CCHC_FUZZ_ONLY=/api/budget`` limits it to the operations under a path prefix
(a local run of one app's operations). It prints the operations, examples and failures it
counted. ``.ci/run`` runs it on PostgreSQL; ``uv run pytest tests_fuzz`` runs it locally (SQLite).
"""

from __future__ import annotations

import os
import time
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cchc.accounts.actions import do_issue_token

EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "50"))
BUDGET_SECONDS = float(os.environ.get("CCHC_FUZZ_SECONDS", "240"))
ONLY = os.environ.get("CCHC_FUZZ_ONLY", "")
TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "/', "django/core/handlers")


def no_traceback(ctx, response, case):
    text = response.text if hasattr(response, "text") else ""
    for marker in TRACEBACK_MARKERS:
        if marker in text:
            raise AssertionError(f"traceback in the body of {case.method} {case.path}: {marker!r}")
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    no_traceback,
]


def _fuzz(operation, tokens, counts, aim=None) -> str | None:
    """Run one operation's examples for every role; the first failure's text, or None. ``aim``
    (optional): ``aim(case, pick)`` rewrites each generated case before it is sent (``pick``, a
    drawn 0-3, lets it vary); counts also go by ``"<METHOD> <path> <status>"``."""
    label = f"{operation.method.upper()} {operation.path}"

    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @hypothesis.given(case=operation.as_strategy(), pick=st.just(0) if aim is None else st.integers(0, 3))
    def run(case, pick):
        if aim is not None:
            aim(case, pick)
        for role, token in tokens.items():
            counts["requests"] += 1
            # identity: the app gzips responses for clients that accept it (GZipMiddleware), and
            # schemathesis's in-process transport reads the body as plain text
            headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}
            response = case.call(headers=headers)
            counts[f"status_{response.status_code}"] += 1
            counts[f"{label} {response.status_code}"] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except Exception as exc:
                raise AssertionError(f"[{role}] {exc}") from None
        counts["examples"] += 1

    try:
        run()
    except Exception as exc:
        return str(exc)
    return None


@pytest.fixture
def in_process_requests():
    """Each WSGI request would close the test's database connection (request_started/finished):
    keep it, as Django's test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_api_keeps_its_schema(plan_setup, in_process_requests, capsys):
    users = plan_setup["users"]
    tokens = {
        role: do_issue_token(actor=None, user=users[name], name="fuzz")[1]
        for role, name in (("standing_officer", "officer"), ("reporter", "reporter"))
    }
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", app, headers={"Authorization": f"Bearer {tokens['reporter']}"}
    )
    started = time.monotonic()
    counts: Counter[str] = Counter()
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        if not operation.path.removeprefix("/api").startswith(ONLY.removeprefix("/api")):
            continue
        if time.monotonic() - started > BUDGET_SECONDS:
            counts["skipped_operations"] += 1
            continue
        counts["operations"] += 1
        failure = _fuzz(operation, tokens, counts)
        if failure:
            failures.append(f"{operation.method.upper()} {operation.path}: {failure[:2000]}")
    summary = (
        f"API fuzz: {counts['operations']} operations, {counts['examples']} examples, "
        f"{counts['requests']} requests (2 roles), {len(failures)} failures"
        f"{', ' + str(counts['skipped_operations']) + ' operations skipped (time budget)' if counts['skipped_operations'] else ''}"
        f" in {time.monotonic() - started:.0f}s"
    )
    with capsys.disabled():
        print("\n" + summary)
        statuses = sorted((k[7:], v) for k, v in counts.items() if k.startswith("status_"))
        print("  status codes: " + ", ".join(f"{code}: {n}" for code, n in statuses))
        for failure in failures:
            print("  FAIL", failure)
    assert len(operations) >= 14
    assert counts["skipped_operations"] == 0, summary
    assert failures == [], summary + "\n" + "\n".join(failures)


BOUNDARY_INTEGERS = (-1, 0, 10000, 2**63)


@pytest.mark.django_db
def test_boundaries_and_oversized_bodies_are_never_a_500(plan_setup, client):
    """What random examples reach only by luck, tried on every operation: each integer query
    parameter at -1, 0, 10000 and 2⁶³ (``/api/oversight/dashboard?year=-1`` was a 500), and a
    body just over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` on every operation that takes one (a
    dataValueSets POST over 2 MiB was a 500)."""
    import re

    from django.conf import settings

    user = plan_setup["users"]["officer"]
    _row, token = do_issue_token(actor=None, user=user, name="probe")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    schema = client.get("/api/openapi.json", **auth).json()
    probes, failures = 0, []
    huge = b'{"x": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b'"}'
    for path, ops in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method, op in ops.items():
            ints = [
                p["name"]
                for p in op.get("parameters", [])
                if p.get("in") == "query"
                and (p.get("schema") or {}).get("type") == "integer"
                or p.get("in") == "query"
                and any(s.get("type") == "integer" for s in (p.get("schema") or {}).get("anyOf", []))
            ]
            call = getattr(client, method)
            for name in ints:
                for value in BOUNDARY_INTEGERS:
                    probes += 1
                    if method == "get":
                        r = call(concrete, {name: value}, **auth)
                    else:
                        r = call(
                            f"{concrete}?{name}={value}", data=b"{}", content_type="application/json", **auth
                        )
                    if r.status_code >= 500:
                        failures.append(f"{method.upper()} {concrete}?{name}={value}: {r.status_code}")
            if "requestBody" in op:
                probes += 1
                r = call(concrete, data=huge, content_type="application/json", **auth)
                if r.status_code >= 500 or r.status_code not in {int(c) for c in op["responses"]}:
                    failures.append(f"{method.upper()} {concrete} with a body over 2 MiB: {r.status_code}")
    assert probes > 20
    assert failures == [], "\n".join(failures)
