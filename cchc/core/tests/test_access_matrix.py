"""The permission matrix: every page and API endpoint, every role, the status the policy implies.

The list of routes comes from the URL resolver and the OpenAPI schema, so a new route without an
entry here fails ``test_every_route_has_a_policy_entry``.

Pages and API reads are requested with GET. A POST-only action (``require_POST``) has a fourth
element, its POST data: a request its action refuses *after* the permission check (a stale
version, a report not yet submitted, a period not started…), so permitted roles get the
action's own answer (302 back with a message, 409) and write nothing, while refused roles get
403/404. The writes themselves are covered by each app's action tests.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

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


def _only(ok_roles, denied=403):
    return {r: (200 if r in ok_roles else denied) for r in ROLES}


def _refused(readers, permitted, ok=200):
    """``readers`` (404 for the others) of whom only ``permitted`` may act (``ok``; readers: 403)."""
    return {r: (404 if s == 404 else ok if r in permitted else 403) for r, s in readers.items()}


# Sở Tư pháp's own records: its people and everyone reading the whole province, not Sở TT&TT.
_STP_READERS = _only({"admin", "officer", "reporter", "head", "council", "leader", "auditor"}, denied=404)
# Readers of the whole province: its plans' consolidated reports, who has submitted.
_PROVINCE_READERS = _only({"admin", "officer", "council", "leader", "auditor"}, denied=404)


def _unit_pk(ctx, code="HP-STP"):
    return ctx["units"][code].pk


# url name -> (kwargs builder, expected status per role, status for anonymous[, POST data builder])
# A kwargs builder may add "_query": a dict sent as the query string.
PAGES = {
    "core:home": (None, ALL_OK, 302),
    "core:favicon": (None, ALL_OK, 200),
    "orgs:unit_list": (None, ALL_OK, 302),
    "orgs:unit_export": (None, ALL_OK, 302),
    "orgs:unit_import": (None, _only({"admin"}), 302),
    "orgs:unit_detail": (
        lambda ctx: {"unit_id": _unit_pk(ctx)},
        _only({"admin", "officer", "reporter", "head", "council", "leader", "auditor"}, denied=404),
        302,
    ),
    "audit:event_list": (None, _only({"admin", "officer", "auditor", "dn_officer"}), 302),
    # anyone logged in may set up two-factor login for themselves
    "accounts:two_factor_setup": (None, ALL_OK, 302),
}

# Routes that take no GET (POST-only actions) or are not pages of ours.
EXEMPT_PREFIXES = (
    "admin:",
    "api:",
    "set_language",
    "accounts:logout",
    "accounts:switch_unit",
    "accounts:login",
    "accounts:two_factor_verify",  # the login's second step: only after a password (tests in accounts)
)

API = {
    "/api/orgs/units": (None, ALL_OK),
    "/api/orgs/units/{unit_id}": (
        lambda ctx: {"unit_id": _unit_pk(ctx)},
        _only({"admin", "officer", "reporter", "head", "council", "leader", "auditor"}, denied=404),
    ),
    "/api/orgs/groups": (None, ALL_OK),
    "/api/orgs/groups/{group_id}": (
        lambda ctx: {"group_id": ctx["group"].pk},
        _only(
            {"admin", "officer", "council", "leader", "auditor", "reporter", "head", "other_reporter"},
            denied=404,
        ),
    ),
}
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
        if name not in PAGES and not name.startswith(EXEMPT_PREFIXES) and name not in EXTRA_PAGES
    ]
    assert not missing, f"routes without an access-matrix entry: {missing}"


def test_every_api_path_has_a_policy_entry(client, users):
    client.force_login(users["reporter"])
    paths = client.get("/api/openapi.json").json()["paths"]
    missing = []
    for path, ops in paths.items():
        if "get" in ops and path not in API and path not in EXTRA_API and path not in API_EXEMPT:
            missing.append(path)
    assert not missing, f"API paths without an access-matrix entry: {missing}"


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


def test_pages_follow_the_policy(client, ctx):
    from django.urls import reverse

    failures = []
    for name, (kwargs, expected, anonymous, *post) in {**PAGES, **EXTRA_PAGES}.items():
        kw = dict(kwargs(ctx)) if kwargs else {}
        data = post[0](ctx) if post else None
        query = kw.pop("_query", None)
        failures += _check(client, ctx, _url(reverse(name, kwargs=kw), query), expected, anonymous, data)
    assert not failures, "\n".join(failures)


def test_api_follows_the_policy(client, ctx):
    failures = []
    for path, (kwargs, expected, *anonymous) in {**API, **EXTRA_API}.items():
        kw = dict(kwargs(ctx)) if kwargs else {}
        query = kw.pop("_query", None)
        # a third element: the status for anonymous callers of a public endpoint (else 401)
        failures += _check(
            client, ctx, _url(path.format(**kw), query), expected, anonymous[0] if anonymous else 401
        )
    assert not failures, "\n".join(failures)


# Apps built later register their routes here (same shape as PAGES / API).
EXTRA_PAGES: dict = {}
EXTRA_API: dict = {}


def test_home_page_shows_role_panels(login, users):
    body = login(users["officer"]).get("/").content.decode()
    assert "Cơ quan, đơn vị đang hoạt động" in body
    body = login(users["auditor"]).get("/").content.decode()
    assert "Thay đổi gần đây" in body
    body = login(users["reporter"]).get("/").content.decode()
    assert "Sở Tư pháp" in body and "Thay đổi gần đây" not in body


# --------------------------------------------------------------------------- reporting
def _reporting_edit_kwargs(ctx):
    return {"unit_id": _unit_pk(ctx), "period": "2022-H1"}


# A period of the plan (2023) that has started: its consolidation and compliance can be built.
STARTED = "2023-H1"
# A period that has not started: the reminder action refuses it after the permission check.
NOT_STARTED = "2099-Y"


def _stp_report(ctx):
    """Sở Tư pháp's draft report on the plan for a started period, saved by its reporter."""
    if "report" not in ctx:
        from cchc.reporting.actions import do_save_unit_report

        _plan_kwargs(ctx)
        ctx["report"] = do_save_unit_report(
            unit=ctx["units"]["HP-STP"],
            plan=ctx["plan"],
            period_code=STARTED,
            narrative={},
            annex={},
            actor=ctx["users"]["reporter"],
        )
    return ctx["report"]


def _report_kwargs(ctx):
    return {"report_id": _stp_report(ctx).pk}


def _consolidation_kwargs(ctx):
    return {**_plan_kwargs(ctx), "period": STARTED}


EXTRA_PAGES.update(
    {
        "reporting:report_list": (None, ALL_OK, 302),
        "reporting:calendar": (None, ALL_OK, 302),
        "reporting:unit_report_edit": (
            _reporting_edit_kwargs,
            _only({"admin", "reporter", "head"}, denied=404),
            302,
        ),
        "reporting:report_detail": (_report_kwargs, _STP_READERS, 302),
        # accepting a draft (not submitted) report: the unit's standing agency gets the refusal
        # message (302 back to the report), the unit's own people and the other readers 403
        "reporting:report_review": (
            _report_kwargs,
            _refused(_STP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"op": "accept"},
        ),
        "reporting:report_download": (
            lambda ctx: {**_report_kwargs(ctx), "fmt": "docx"},
            _STP_READERS,
            302,
        ),
        "reporting:consolidation": (_consolidation_kwargs, _PROVINCE_READERS, 302),
        "reporting:consolidation_download": (
            lambda ctx: {**_consolidation_kwargs(ctx), "fmt": "docx"},
            _PROVINCE_READERS,
            302,
        ),
        "reporting:compliance": (_consolidation_kwargs, _PROVINCE_READERS, 302),
        # a period not started: the standing agency gets the refusal message (302 back to the
        # compliance page); the other province-wide readers 403, a unit's staff 404 (no compliance)
        "reporting:remind": (
            lambda ctx: {**_plan_kwargs(ctx), "period": NOT_STARTED, "unit_id": _unit_pk(ctx)},
            _refused(_PROVINCE_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {},
        ),
        "reporting:consolidation_prepare": (
            lambda ctx: {**_plan_kwargs(ctx), "period": NOT_STARTED, "fmt": "docx"},
            _PROVINCE_READERS | {"officer": 302, "admin": 302, "council": 302, "leader": 302, "auditor": 302},
            302,
            lambda ctx: {},
        ),
        "reporting:consolidation_texts": (
            _consolidation_kwargs,
            _refused(_PROVINCE_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {},
        ),
        "reporting:remind_all": (
            lambda ctx: {**_plan_kwargs(ctx), "period": NOT_STARTED},
            _refused(_PROVINCE_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {},
        ),
    }
)
EXTRA_API.update(
    {
        "/api/reports/units": (None, ALL_OK),
        "/api/reports/units/{report_id}": (_report_kwargs, _STP_READERS),
        "/api/reports/consolidation": (
            lambda ctx: {"_query": {"plan_id": _plan_kwargs(ctx)["plan_id"], "period": STARTED}},
            _PROVINCE_READERS,
        ),
    }
)


# --------------------------------------------------------------------------- jobs
def _officer_job(ctx):
    """A finished background download of the standing officer: only its requester sees it."""
    if "job" not in ctx:
        from django.core.files.base import ContentFile

        from cchc.jobs.models import Job

        job = Job(user=ctx["users"]["officer"], kind="reporting.consolidation", label="Báo cáo")
        job.status, job.progress, job.filename, job.content_type = "done", 100, "bao-cao.docx", "text/plain"
        job.file.save("bao-cao.docx", ContentFile(b"PK"), save=True)
        ctx["job"] = job
    return {"job_id": ctx["job"].pk}


_JOB_OWNER = _only({"officer"}, denied=404)

EXTRA_PAGES.update(
    {
        "jobs:job_list": (None, ALL_OK, 302),
        "jobs:job_detail": (_officer_job, _JOB_OWNER, 302),
        "jobs:job_download": (_officer_job, _JOB_OWNER, 302),
    }
)


# --------------------------------------------------------------------------- plans
def _plan_kwargs(ctx):
    if "plan" not in ctx:
        from cchc.plans.actions import do_commit_plan
        from cchc.plans.tests.conftest import small_interchange

        interchange = small_interchange()
        # an event-bound task of Sở Tư pháp: its event date is recorded by the standing agency
        interchange["tasks"].append(
            {
                "area": "I",
                "title": "Triển khai Nghị định mới",
                "outputs": [],
                "lead": [{"text": "Sở Tư pháp"}],
                "support": [],
                "timeframe": {"text": "Sau khi Nghị định được ban hành", "event": "Nghị định được ban hành"},
                "source": {"line_start": 16, "line_end": 16},
            }
        )
        ctx["plan"] = do_commit_plan(actor=None, interchange=interchange, province=ctx["units"]["HP"])
    return {"plan_id": ctx["plan"].pk}


def _plan_import_kwargs(ctx):
    from cchc.plans.models import PlanImport
    from cchc.plans.tests.conftest import small_interchange

    imp = PlanImport.objects.create(province=ctx["units"]["HP"], interchange=small_interchange())
    return {"import_id": imp.pk}


_HP_READERS = _only(
    {"admin", "officer", "reporter", "head", "council", "leader", "auditor", "other_reporter"}, 404
)
EXTRA_PAGES.update(
    {
        "plans:plan_list": (None, ALL_OK, 302),
        "plans:plan_import": (None, _only({"admin", "officer", "dn_officer"}), 302),
        "plans:import_preview": (_plan_import_kwargs, _only({"admin", "officer"}, denied=404), 302),
        "plans:plan_detail": (_plan_kwargs, _HP_READERS, 302),
        "plans:plan_export": (_plan_kwargs, _HP_READERS, 302),
        "plans:plan_without_lead": (_plan_kwargs, _HP_READERS, 302),
    }
)
EXTRA_API.update(
    {
        "/api/plans/": (None, ALL_OK),
        "/api/plans/{plan_id}": (_plan_kwargs, _HP_READERS),
    }
)


# --------------------------------------------------------------------------- tracking
def _stp_assignment(ctx):
    from cchc.tracking.models import Assignment

    _plan_kwargs(ctx)
    assignment = (
        Assignment.objects.filter(task__plan=ctx["plan"], unit=ctx["units"]["HP-STP"], task__event="")
        .order_by("pk")
        .first()
    )
    assert assignment is not None, "the small plan assigns a task to Sở Tư pháp"
    return assignment


def _stp_assignment_kwargs(ctx):
    return {"assignment_id": _stp_assignment(ctx).pk}


def _stp_update(ctx):
    """Sở Tư pháp's reporter records progress (in progress: nothing to approve) with a PDF file."""
    if "update" not in ctx:
        from cchc.tracking.actions import EvidenceInput, do_record_progress
        from cchc.tracking.evidence import tiny_pdf

        a = _stp_assignment(ctx)
        ctx["update"] = do_record_progress(
            actor=ctx["users"]["reporter"],
            assignment=a,
            status="in_progress",
            percent=50,
            narrative="Đã rà soát 60 văn bản",
            evidence=[
                EvidenceInput(doc_number="15/BC-STP", file_name="bc.pdf", file_data=tiny_pdf("15/BC-STP"))
            ],
            expected_version=a.version,
        )
    return ctx["update"]


def _update_kwargs(ctx):
    return {"update_id": _stp_update(ctx).pk}


def _evidence_kwargs(ctx):
    return {"evidence_id": _stp_update(ctx).evidence.get().pk}


def _event_task_kwargs(ctx):
    from cchc.plans.models import Task

    _plan_kwargs(ctx)
    return {"task_id": Task.objects.exclude(event="").get(plan=ctx["plan"]).pk}


def _future_day(ctx):
    import datetime as dt

    from django.utils import timezone

    return {"event_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat()}


def _unit_plan(ctx):
    """Sở Tư pháp's own plan (draft) implementing the province's plan, created by its reporter."""
    if "unit_plan" not in ctx:
        from cchc.tracking.actions import do_create_unit_plan

        _plan_kwargs(ctx)
        ctx["unit_plan"] = do_create_unit_plan(
            actor=ctx["users"]["reporter"], unit=ctx["units"]["HP-STP"], parent_plan=ctx["plan"]
        )
    return ctx["unit_plan"]


def _unit_plan_create_data(ctx):
    """Every unit a permitted role would create a plan for has one already: they get "duplicate"
    (302 back to the list, nothing created), the others 403/404."""
    from cchc.tracking.actions import do_create_unit_plan

    _unit_plan(ctx)
    for role, code in [("admin", "HP"), ("other_reporter", "HP-STTTT")]:
        do_create_unit_plan(actor=ctx["users"][role], unit=ctx["units"][code], parent_plan=ctx["plan"])
    return {"parent_plan": ctx["plan"].pk}


EXTRA_PAGES.update(
    {
        "tracking:my_work": (None, ALL_OK, 302),
        "tracking:task_list": (None, ALL_OK, 302),
        # the task-centred list: the standing agency's and leaders' view
        "tracking:task_board": (None, _only({"admin", "officer", "leader", "dn_officer"}), 302),
        "tracking:calendar": (None, ALL_OK, 302),
        "tracking:timeline": (None, ALL_OK, 302),
        # unit heads (their units' claims) and standing agencies (claims awaiting review)
        "tracking:approval_queue": (None, _only({"admin", "officer", "head", "dn_officer"}), 302),
        # the standing agency moves the open work of closed units
        "tracking:closed_units": (None, _only({"admin", "officer", "dn_officer"}), 302),
        "tracking:unit_plan_list": (None, ALL_OK, 302),
        "tracking:plan_table": (_plan_kwargs, _HP_READERS, 302),
        # the province's coordination view: its standing agency and leaders (a foreign plan is 404)
        "tracking:plan_missing_units": (
            _plan_kwargs,
            {**_only({"admin", "officer", "leader"}), "dn_officer": 404},
            302,
        ),
        # the province's standing agency maps unresolved mentions (readers of the plan: 403)
        "tracking:plan_mentions": (_plan_kwargs, {**_only({"admin", "officer"}), "dn_officer": 404}, 302),
        "tracking:assignment_detail": (_stp_assignment_kwargs, _STP_READERS, 302),
        # a stale version: the unit's reporters get the conflict (409) and nothing is recorded
        "tracking:assignment_update": (
            _stp_assignment_kwargs,
            _refused(_STP_READERS, {"admin", "reporter", "head"}, ok=409),
            302,
            lambda ctx: {"status": "in_progress", "percent": "60", "version": "999999"},
        ),
        # an update that is not waiting for the head: the head gets the refusal message (302)
        "tracking:update_approve": (
            _update_kwargs,
            _refused(_STP_READERS, {"admin", "head"}, ok=302),
            302,
            lambda ctx: {},
        ),
        # no decision: the unit's standing agency gets the refusal message (302)
        "tracking:update_review": (
            _update_kwargs,
            _refused(_STP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"decision": ""},
        ),
        "tracking:evidence_download": (_evidence_kwargs, _STP_READERS, 302),
        # a date in the future: the province's standing agency gets the refusal message (302);
        # every reader of the plan else 403, another province's officer 404
        "tracking:task_event": (
            _event_task_kwargs,
            _refused(_HP_READERS, {"admin", "officer"}, ok=302),
            302,
            _future_day,
        ),
        # reporters of a unit (the admin for its own unit) create its plan; the other readers 403
        "tracking:unit_plan_create": (
            None,
            _refused(_HP_READERS, {"admin", "reporter", "head", "other_reporter"}, ok=302),
            302,
            _unit_plan_create_data,
        ),
        "tracking:unit_plan_detail": (lambda ctx: {"plan_id": _unit_plan(ctx).pk}, _STP_READERS, 302),
    }
)
EXTRA_API.update(
    {
        "/api/tracking/assignments": (None, ALL_OK),
        "/api/tracking/assignments/{assignment_id}": (_stp_assignment_kwargs, _STP_READERS),
    }
)


# --------------------------------------------------------------------------- surveys
def _survey_round(ctx):
    """An open one-stop desk round of Hải Phòng over Sở Tư pháp and Sở TT&TT, with a code."""
    if "survey_round" not in ctx:
        from cchc.surveys.actions import do_generate_invitations, do_load_questionnaire
        from cchc.surveys.tests.conftest import DATA, make_round

        q = do_load_questionnaire(
            data=(DATA / "mot-cua-3-muc.xlsx").read_bytes(), filename="mc.xlsx", actor=None
        )
        rnd = make_round(q, ctx["units"])
        ru = rnd.units.get(unit=ctx["units"]["HP-STP"])
        ctx["survey_round"], ctx["survey_unit"] = rnd, ru
        ctx["survey_code"] = do_generate_invitations(round_unit=ru, count=1, actor=None)[0]
    return ctx["survey_round"]


def _survey_round_kwargs(ctx):
    return {"round_id": _survey_round(ctx).pk}


def _survey_unit_kwargs(ctx):
    _survey_round(ctx)
    return {"round_unit_id": ctx["survey_unit"].pk}


_SURVEY_MANAGERS = {"admin", "officer"}
EXTRA_PAGES.update(
    {
        "surveys:round_list": (None, ALL_OK, 302),
        "surveys:questionnaire_list": (None, ALL_OK, 302),
        "surveys:questionnaire_detail": (
            lambda ctx: {"questionnaire_id": _survey_round(ctx).questionnaire_id},
            ALL_OK,
            302,
        ),
        "surveys:round_create": (None, _only({"admin", "officer", "dn_officer"}), 302),
        "surveys:round_detail": (_survey_round_kwargs, _HP_READERS, 302),
        # an unknown status: the province's standing agency gets the refusal message (302)
        "surveys:round_status": (
            _survey_round_kwargs,
            _refused(_HP_READERS, _SURVEY_MANAGERS, ok=302),
            302,
            lambda ctx: {"status": "bogus"},
        ),
        # an unknown channel: the standing agency gets the refusal message, nothing changes
        "surveys:round_channels": (
            _survey_round_kwargs,
            _refused(_HP_READERS, _SURVEY_MANAGERS, ok=302),
            302,
            lambda ctx: {"kenh": "bogus"},
        ),
        # an invalid limit: the standing agency gets the message, nothing changes
        "surveys:round_unit_update": (
            _survey_unit_kwargs,
            _refused(_STP_READERS, _SURVEY_MANAGERS, ok=302),
            302,
            lambda ctx: {"per_address_per_hour": "0"},
        ),
        "surveys:round_refresh": (
            _survey_round_kwargs,
            _refused(_HP_READERS, _SURVEY_MANAGERS, ok=302),
            302,
            lambda ctx: {},
        ),
        # no plan chosen: the standing agency gets the message, nothing changes
        "surveys:round_targets": (
            _survey_round_kwargs,
            _refused(_HP_READERS, _SURVEY_MANAGERS, ok=302),
            302,
            lambda ctx: {"plan": "0"},
        ),
        "surveys:round_import": (_survey_round_kwargs, _refused(_HP_READERS, _SURVEY_MANAGERS), 302),
        "surveys:round_download": (
            lambda ctx: {**_survey_round_kwargs(ctx), "what": "ket-qua.xlsx"},
            _HP_READERS,
            302,
        ),
        "surveys:round_unit_detail": (_survey_unit_kwargs, _STP_READERS, 302),
        # zero codes asked for: the standing agency gets the message, nothing is created
        "surveys:invitation_create": (
            _survey_unit_kwargs,
            _refused(_STP_READERS, _SURVEY_MANAGERS, ok=302),
            302,
            lambda ctx: {"count": "0"},
        ),
        "surveys:invitation_sheet": (_survey_unit_kwargs, _refused(_STP_READERS, _SURVEY_MANAGERS), 302),
        # the public form: no login, the same answer for everyone (anonymous 200)
        "phieu:start": (None, ALL_OK, 200),
        "phieu:thanks": (None, ALL_OK, 200),
        "phieu:open_link": (
            lambda ctx: {"token": _survey_round(ctx) and ctx["survey_unit"].link_token},
            ALL_OK,
            200,
        ),
        "phieu:form": (lambda ctx: {"code": _survey_round(ctx) and ctx["survey_code"].code}, ALL_OK, 200),
    }
)


# --------------------------------------------------------------------------- oversight
def _inspection_plan(ctx):
    """Hải Phòng's 2022 inspection plan (Sở Tư pháp inspected), with one publication."""
    if "inspection_plan" not in ctx:
        from cchc.oversight.actions import do_create_inspection_plan

        ctx["inspection_plan"] = do_create_inspection_plan(
            actor=ctx["users"]["officer"], province=ctx["units"]["HP"], year=2022, unit_ids=[_unit_pk(ctx)]
        )
    return ctx["inspection_plan"]


def _inspection_kwargs(ctx):
    return {"inspection_id": _inspection_plan(ctx).inspections.get().pk}


def _publication(ctx):
    if "publication" not in ctx:
        from cchc.oversight.models import Publication

        ctx["publication"] = Publication.objects.create(
            kind="plans",
            province=ctx["units"]["HP"],
            title="Kết quả 2022",
            year=2022,
            snapshot={"plans": [], "as_of": "2022-12-31"},
            published_at="2023-01-05T09:00:00+07:00",
        )
    return ctx["publication"]


_DASHBOARD = _only({"admin", "officer", "head", "leader", "dn_officer"})
_INSPECTION_READERS = _only({"admin", "officer", "leader", "auditor"}, denied=404)

EXTRA_PAGES.update(
    {
        # leaders and standing agencies (their own province), unit heads (their unit)
        "oversight:dashboard": (None, _DASHBOARD, 302),
        # unit heads too: their own unit's programme over its subordinates (issue 21)
        "oversight:inspection_plan_list": (
            None,
            _only({"admin", "officer", "head", "leader", "auditor", "dn_officer"}),
            302,
        ),
        "oversight:inspection_plan_create": (None, _only({"admin", "officer", "dn_officer"}), 302),
        "oversight:inspection_plan_detail": (
            lambda ctx: {"plan_id": _inspection_plan(ctx).pk},
            _INSPECTION_READERS,
            302,
        ),
        # the inspected unit's own people read its inspection too
        "oversight:inspection_detail": (
            _inspection_kwargs,
            {**_INSPECTION_READERS, "reporter": 200, "head": 200},
            302,
        ),
        "oversight:inspection_report": (
            _inspection_kwargs,
            {**_INSPECTION_READERS, "reporter": 200, "head": 200},
            302,
        ),
        "oversight:publication_list": (None, _only({"admin", "officer", "dn_officer"}), 302),
        # no reason: the province's standing agency gets the refusal message (302), others 404
        "oversight:publication_withdraw": (
            lambda ctx: {"publication_id": _publication(ctx).pk},
            {r: (302 if r in {"admin", "officer"} else 404) for r in ROLES},
            302,
            lambda ctx: {"reason": ""},
        ),
        # the bell (cchc.notifications): one's own messages only
        "notifications:list": (None, ALL_OK, 302),
        "notifications:read": (None, dict.fromkeys(ROLES, 302), 302, lambda ctx: {}),
        # the public section: everyone, logged in or not
        "public:index": (None, ALL_OK, 200),
        "public:province": (lambda ctx: {"code": "HP"}, ALL_OK, 200),
        "public:feed": (lambda ctx: {"code": "HP"}, ALL_OK, 200),
        "public:publication": (
            lambda ctx: {"code": "HP", "publication_id": _publication(ctx).pk},
            ALL_OK,
            200,
        ),
    }
)
EXTRA_API.update(
    {
        "/api/oversight/dashboard": (None, _DASHBOARD),
        # public: everyone, logged in or not
        "/api/oversight/publications/{code}": (lambda ctx: {"code": "HP"}, ALL_OK, 200),
    }
)


# --------------------------------------------------------------------------- parindex
def _par_campaign(ctx):
    """A 2022 campaign of Sở Tư pháp and Sở TT&TT with Hải Phòng's council member; Sở Tư pháp's
    reporter has attached a PDF to one item of its (draft) sheet."""
    if "par_campaign" not in ctx:
        import datetime as dt

        from cchc.parindex import actions as par
        from cchc.parindex.tests.conftest import BANDS, make_catalogue, small_rows
        from cchc.tracking.evidence import tiny_pdf

        make_catalogue()  # the set's pre-fill rule names an indicator of the catalogue
        units = ctx["units"]
        cset = par.do_load_criteria_set(
            actor=None,
            province=units["HP"],
            year=2022,
            block="department",
            title="Bộ chỉ số 2022",
            rows=small_rows(),
            bands=BANDS,
        )
        cset = par.do_issue_criteria_set(actor=None, criteria_set=cset)
        c = par.do_create_campaign(
            actor=None,
            province=units["HP"],
            year=2022,
            title="Chỉ số CCHC 2022",
            sets={"department": cset},
            units=[units["HP-STP"], units["HP-STTTT"]],
            self_deadline=dt.date(2022, 12, 15),
            explanation_deadline=dt.date(2023, 1, 10),
            appraisal_deadline=dt.date(2023, 1, 31),
            council=[ctx["users"]["council"]],
        )
        sheet = c.sheets.get(unit=units["HP-STP"])
        score = sheet.scores.get(criterion__code="1.1")
        ev = par.do_add_evidence(
            actor=ctx["users"]["reporter"], score=score, file_name="kh.pdf", file_data=tiny_pdf("01/KH-STP")
        )
        ctx.update(par_campaign=c, par_sheet=sheet, par_score=score, par_evidence=ev, par_set=cset)
    return ctx["par_campaign"]


def _par_c(ctx):
    return {"campaign_id": _par_campaign(ctx).pk}


def _par_sheet(ctx):
    _par_campaign(ctx)
    return {"sheet_id": ctx["par_sheet"].pk}


_PAR_RESULTS = {**_only({"admin", "officer", "council", "leader", "auditor"}), "dn_officer": 404}
_PAR_MANAGE = {**_only({"admin", "officer"}), "dn_officer": 404}
EXTRA_PAGES.update(
    {
        "parindex:campaign_list": (None, ALL_OK, 302),
        # the province's standing agency opens campaigns (Đà Nẵng's officer for Đà Nẵng)
        "parindex:campaign_create": (None, _only({"admin", "officer", "dn_officer"}), 302),
        # an unknown stage: the standing agency gets the refusal message (302), nothing changes
        "parindex:campaign_stage": (
            _par_c,
            _refused(_HP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"stage": "nonsense"},
        ),
        "parindex:campaign_detail": (_par_c, _HP_READERS, 302),
        # not ready (no decision, draft sheets): the standing agency gets the refusal (302)
        "parindex:campaign_approve": (
            _par_c,
            _refused(_HP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"decision_number": "", "decision_date": ""},
        ),
        # not approved: nothing to reopen, the standing agency gets the message (302)
        "parindex:campaign_reopen": (
            _par_c,
            _refused(_HP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"reason": "x"},
        ),
        # no reason: the standing agency gets the refusal (302), nothing is excluded
        "parindex:sheet_exclude": (
            _par_sheet,
            _refused(_STP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"reason": ""},
        ),
        # a draft sheet: its unit scores a whole lĩnh vực at once; the council waits for submission
        "parindex:sheet_bulk": (_par_sheet, _refused(_STP_READERS, {"admin", "reporter", "head"}), 302),
        "parindex:council_queue": (
            _par_c,
            {**_only({"admin", "officer", "council"}), "dn_officer": 404},
            302,
        ),
        "parindex:results": (_par_c, _PAR_RESULTS, 302),
        "parindex:results_download": (lambda ctx: {**_par_c(ctx), "fmt": "xlsx"}, _PAR_RESULTS, 302),
        "parindex:survey_points": (_par_c, _PAR_MANAGE, 302),
        "parindex:improvement_plan": (_par_c, _PAR_MANAGE, 302),
        "parindex:sheet_detail": (_par_sheet, _STP_READERS, 302),
        # a draft sheet: its own unit and the standing agency; the other readers wait for submission
        "parindex:sheet_download": (
            lambda ctx: {**_par_sheet(ctx), "fmt": "xlsx"},
            _refused(_STP_READERS, {"admin", "officer", "reporter", "head"}),
            302,
        ),
        # an incomplete sheet: the unit head gets the refusal message (302), nothing is submitted
        "parindex:sheet_submit": (
            _par_sheet,
            _refused(_STP_READERS, {"admin", "head"}, ok=302),
            302,
            lambda ctx: {},
        ),
        # a draft sheet: round 1 cannot be closed; the council gets the message (302)
        "parindex:round_close": (
            _par_sheet,
            _refused(_STP_READERS, {"admin", "officer", "council"}, ok=302),
            302,
            lambda ctx: {"round": "1"},
        ),
        # a stale version: the unit's reporters get the sheet with the conflict beside the field
        # (409), nothing is saved
        "parindex:score_edit": (
            lambda ctx: (_par_campaign(ctx), {"score_id": ctx["par_score"].pk})[1],
            _refused(_STP_READERS, {"admin", "reporter", "head"}, ok=409),
            302,
            lambda ctx: {"op": "self", "points": "1", "version": "999999"},
        ),
        # a draft sheet's evidence: as its page, its own unit and the standing agency only
        "parindex:evidence_download": (
            lambda ctx: (_par_campaign(ctx), {"evidence_id": ctx["par_evidence"].pk})[1],
            _only({"admin", "officer", "reporter", "head"}, denied=404),
            302,
        ),
        "parindex:set_list": (None, ALL_OK, 302),
        "parindex:set_template": (None, ALL_OK, 302),
        "parindex:set_detail": (
            lambda ctx: (_par_campaign(ctx), {"set_id": ctx["par_set"].pk})[1],
            _HP_READERS,
            302,
        ),
    }
)
EXTRA_API.update(
    {
        "/api/par/campaigns": (None, ALL_OK),
        "/api/par/campaigns/{campaign_id}": (_par_c, _HP_READERS),
        "/api/par/campaigns/{campaign_id}/sheets": (_par_c, _HP_READERS),
        "/api/par/campaigns/{campaign_id}/results": (_par_c, _PAR_RESULTS),
        "/api/par/sheets/{sheet_id}": (_par_sheet, _STP_READERS),
    }
)


# --------------------------------------------------------------------------- indicators
def _indicator_code(ctx):
    if "indicator" not in ctx:
        from cchc.indicators.management.commands.indicators import load_shipped
        from cchc.indicators.models import Indicator

        load_shipped()
        ctx["indicator"] = Indicator.objects.get(code="TL_HAI_LONG_TTHC")
    return ctx["indicator"].code


def _stp_value(ctx):
    if "value" not in ctx:
        from cchc.indicators.actions import do_enter_value
        from cchc.indicators.models import Indicator

        _indicator_code(ctx)
        ctx["value"] = do_enter_value(
            Indicator.objects.get(code="TL_HAI_LONG_TTHC"), ctx["units"]["HP-STP"], "2022-Y", "90", actor=None
        )
    return {"value_id": ctx["value"].pk}


def _plan_target(ctx):
    plan_id = _plan_kwargs(ctx)["plan_id"]
    from cchc.plans.models import Target

    return {"target_id": Target.objects.filter(plan_id=plan_id).order_by("order").first().pk}


def _hp_ingest(ctx):
    from cchc.indicators.models import DossierIngest

    ing = DossierIngest.objects.create(province=ctx["units"]["HP"], file_name="x.csv")  # no job: done
    return {"ingest_id": ing.pk}


def _hp_766(ctx):
    _indicator_code(ctx)  # loads the 766 definition too
    return {"unit_id": _unit_pk(ctx, "HP"), "period": "2022-Y"}


EXTRA_PAGES.update(
    {
        "indicators:indicator_list": (None, ALL_OK, 302),
        "indicators:indicator_detail": (lambda ctx: {"code": _indicator_code(ctx)}, ALL_OK, 302),
        "indicators:value_upload": (lambda ctx: {"code": _indicator_code(ctx)}, ALL_OK, 302),
        "indicators:value_entry": (
            lambda ctx: {"unit_id": _unit_pk(ctx), "period": "2022-Y"},
            _STP_READERS,
            302,
        ),
        # a stale version: the unit's head (and the admin) get the conflict message (302)
        "indicators:value_approve": (
            _stp_value,
            _refused(_STP_READERS, {"admin", "head"}, ok=302),
            302,
            lambda ctx: {"version": "999999"},
        ),
        # a value not approved: the standing agency gets "nothing to reopen" (302)
        "indicators:value_reopen": (
            _stp_value,
            _refused(_STP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"reason": ""},
        ),
        "indicators:plan_attainment": (_plan_kwargs, _HP_READERS, 302),
        # no such target: the province's standing agency gets the message (302)
        "indicators:target_link": (
            _plan_kwargs,
            _refused(_HP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"target": "0", "indicator": ""},
        ),
        "indicators:target_detail": (_plan_target, _HP_READERS, 302),
        # a coverage rule above 100%: the province's standing agency gets the message (302)
        "indicators:target_rule": (
            _plan_target,
            _refused(_HP_READERS, {"admin", "officer"}, ok=302),
            302,
            lambda ctx: {"coverage": "120"},
        ),
        "indicators:dossier_upload": (None, _only({"admin", "officer", "dn_officer"}), 302),
        "indicators:ingest_detail": (_hp_ingest, _only({"admin", "officer"}, denied=404), 302),
        "indicators:index766": (_hp_766, _PROVINCE_READERS, 302),
    }
)
EXTRA_API.update(
    {
        "/api/indicators/": (None, ALL_OK),
        "/api/indicators/dataValueSets": (None, ALL_OK),
        "/api/indicators/{code}": (lambda ctx: {"code": _indicator_code(ctx)}, ALL_OK),
        "/api/indicators/plans/{plan_id}/attainment": (
            lambda ctx: {**_plan_kwargs(ctx), "_query": {"period": "2022-Y"}},
            _HP_READERS,
        ),
        "/api/indicators/index766/{unit_id}": (
            lambda ctx: {"unit_id": _hp_766(ctx)["unit_id"], "_query": {"period": "2022-Y"}},
            _PROVINCE_READERS,
        ),
    }
)


# --------------------------------------------------------------------------- issue 21 (w21b)
def _province_index(ctx):
    """Hải Phòng's own 2022 index from a plan's index table; Sở Tư pháp leads criterion 1.1."""
    if "province_index" not in ctx:
        from decimal import Decimal

        from cchc.parindex.province_actions import do_create_province_campaign
        from cchc.plans.models import IndexCriterion, Plan

        units = ctx["units"]
        plan = Plan.objects.create(
            number="9/KH-UBND",
            title="Kế hoạch nâng cao Chỉ số CCHC",
            province=units["HP"],
            owner_unit=units["HP"],
        )
        for order, (code, lead) in enumerate([("1", ""), ("1.1", "Sở Tư pháp"), ("1.2", "Sở Nội vụ")], 1):
            IndexCriterion.objects.create(
                plan=plan,
                code=code,
                title=f"Tiêu chí {code}",
                max_points=Decimal("2") if code == "1" else Decimal("1"),
                baseline=Decimal("0.5"),
                target=Decimal("1"),
                lead_text=lead,
                order=order,
            )
        ctx["province_index"] = do_create_province_campaign(
            actor=ctx["users"]["officer"], province=units["HP"], year=2022, plan=plan
        )
    return {"campaign_id": ctx["province_index"].pk}


# its readers: the province's readers and the people of its lead departments (Sở Tư pháp, Sở Nội vụ)
_PROVINCE_INDEX_READERS = _only({"admin", "officer", "reporter", "head", "council", "leader", "auditor"}, 404)
EXTRA_PAGES.update(
    {
        "parindex:province_list": (None, ALL_OK, 302),
        "parindex:province_detail": (_province_index, _PROVINCE_INDEX_READERS, 302),
        "parindex:province_self": (_province_index, _PROVINCE_INDEX_READERS, 302),
        "parindex:province_gap": (_province_index, _PROVINCE_INDEX_READERS, 302),
        "parindex:province_report": (_province_index, _PROVINCE_INDEX_READERS, 302),
        "parindex:province_result": (
            _province_index,
            {
                r: (404 if s == 404 else 200 if r in {"admin", "officer"} else 403)
                for r, s in _PROVINCE_INDEX_READERS.items()
            },
            302,
        ),
    }
)


def _survey_round_for_api(ctx):
    if "api_round" not in ctx:
        import datetime as dt

        from cchc.surveys.actions import do_create_round, do_load_questionnaire
        from cchc.surveys.tests.conftest import DATA

        units = ctx["units"]
        q = do_load_questionnaire(
            data=(DATA / "sipas-2017-2020.xlsx").read_bytes(), filename="sipas.xlsx", actor=None
        )
        ctx["api_round"] = do_create_round(
            province=units["HP"],
            questionnaire=q,
            title="SIPAS 2022",
            year=2022,
            starts_on=dt.date(2022, 10, 1),
            ends_on=dt.date(2022, 11, 30),
            units=[(units["HP-STP"], 1000), (units["HP-STTTT"], 500)],
            actor=None,
        )
    return ctx["api_round"]


# every member of the province reads its rounds (its units' own people only their unit's rows)
_SURVEY_READERS = _only(
    {"admin", "officer", "reporter", "head", "council", "leader", "auditor", "other_reporter"}, 404
)
EXTRA_API.update(
    {
        "/api/surveys/rounds": (None, ALL_OK),
        "/api/surveys/rounds/{round_id}": (
            lambda ctx: {"round_id": _survey_round_for_api(ctx).pk},
            _SURVEY_READERS,
        ),
        "/api/surveys/rounds/{round_id}/results": (
            lambda ctx: {"round_id": _survey_round_for_api(ctx).pk},
            _SURVEY_READERS,
        ),
    }
)
