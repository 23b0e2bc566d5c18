"""Access-matrix entries of the tracking app's routes: assignments, progress, approvals, unit plans.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import AGENCY, ALL_OK, HP_READERS, STP_READERS, only, plan_kwargs, post, refused


def _stp_assignment(ctx):
    from cchc.tracking.models import Assignment

    plan_kwargs(ctx)
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
        from cchc.core.uploads import tiny_pdf
        from cchc.tracking.actions import EvidenceInput, do_record_progress

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

    plan_kwargs(ctx)
    return {"task_id": Task.objects.exclude(event="").get(plan=ctx["plan"]).pk}


def _future_day(ctx):
    import datetime as dt

    from django.utils import timezone

    return {"event_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat()}


def _unit_plan(ctx):
    """Sở Tư pháp's own plan (draft) implementing the province's plan, created by its reporter."""
    if "unit_plan" not in ctx:
        from cchc.tracking.actions import do_create_unit_plan

        plan_kwargs(ctx)
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


PAGES = {
    "tracking:my_work": (None, ALL_OK, 302),
    "tracking:task_list": (None, ALL_OK, 302),
    # the task-centred list: the standing agency's and leaders' view
    "tracking:task_board": (None, only({"admin", "officer", "leader", "dn_officer"}), 302),
    "tracking:calendar": (None, ALL_OK, 302),
    "tracking:timeline": (None, ALL_OK, 302),
    # unit heads (their units' claims) and standing agencies (claims awaiting review)
    "tracking:approval_queue": (None, only({"admin", "officer", "head", "dn_officer"}), 302),
    # the standing agency moves the open work of closed units
    "tracking:closed_units": (None, only({"admin", "officer", "dn_officer"}), 302),
    "tracking:unit_plan_list": (None, ALL_OK, 302),
    "tracking:plan_table": (plan_kwargs, HP_READERS, 302),
    # the province's coordination view: its standing agency and leaders (a foreign plan is 404)
    "tracking:plan_missing_units": (
        plan_kwargs,
        {**only({"admin", "officer", "leader"}), "dn_officer": 404},
        302,
    ),
    # the province's standing agency maps unresolved mentions (readers of the plan: 403)
    "tracking:plan_mentions": (plan_kwargs, {**only(AGENCY), "dn_officer": 404}, 302),
    "tracking:assignment_detail": (_stp_assignment_kwargs, STP_READERS, 302),
    # a stale version: the unit's reporters get the conflict (409) and nothing is recorded
    "tracking:assignment_update": post(
        _stp_assignment_kwargs,
        refused(STP_READERS, {"admin", "reporter", "head"}, ok=409),
        lambda ctx: {"status": "in_progress", "percent": "60", "version": "999999"},
    ),
    # an update that is not waiting for the head: the head gets the refusal message (302)
    "tracking:update_approve": post(
        _update_kwargs, refused(STP_READERS, {"admin", "head"}, ok=302), lambda ctx: {}
    ),
    # no decision: the unit's standing agency gets the refusal message (302)
    "tracking:update_review": post(
        _update_kwargs, refused(STP_READERS, AGENCY, ok=302), lambda ctx: {"decision": ""}
    ),
    "tracking:evidence_download": (_evidence_kwargs, STP_READERS, 302),
    # a date in the future: the province's standing agency gets the refusal message (302);
    # every reader of the plan else 403, another province's officer 404
    "tracking:task_event": post(_event_task_kwargs, refused(HP_READERS, AGENCY, ok=302), _future_day),
    # reporters of a unit (the admin for its own unit) create its plan; the other readers 403
    "tracking:unit_plan_create": post(
        None,
        refused(HP_READERS, {"admin", "reporter", "head", "other_reporter"}, ok=302),
        _unit_plan_create_data,
    ),
    "tracking:unit_plan_detail": (lambda ctx: {"plan_id": _unit_plan(ctx).pk}, STP_READERS, 302),
}
API = {
    "/api/tracking/assignments": (None, ALL_OK),
    "/api/tracking/assignments/{assignment_id}": (_stp_assignment_kwargs, STP_READERS),
}
