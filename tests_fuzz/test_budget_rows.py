"""The budget API fuzzed on real rows (issue 26): the schema-wide run (test_api_schema) reaches a
real round, estimate or line only by luck, so here every generated request of a ``/budget``
operation is aimed at the fuzz data's rows (the round, the appraised estimate and its line, the
draft, the plan) and, for a body naming a unit, at one of the two units; half the spending bodies
get a valid period, kind and day so the amount rules are reached. Three roles: the reporter of
the appraised estimate's unit (spending passes), the reporter of the draft's unit (saves pass)
and the standing officer (reads; writes a 403). Same checks: no 5xx, responses as declared."""

from __future__ import annotations

from collections import Counter

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application

from cchc.accounts.actions import do_issue_token
from tests_fuzz.test_api_schema import _fuzz, in_process_requests  # noqa: F401 (a fixture)

ROLES = (("reporter", "reporter"), ("draft_reporter", "other_reporter"), ("standing_officer", "officer"))
VALID_SPENDING = {"period_code": "2022-Q2", "kind": "disbursed", "spent_on": "2022-05-20"}


def _aim(case, rows: dict, pick: int) -> None:
    """Point the case's ids at the fuzz data's rows (bit 1 of ``pick`` chooses the estimate and
    the unit; bit 2 aims the plan and makes a spending's period, kind and day valid)."""
    which, valid = pick & 1, pick & 2
    estimates = (rows["appraised"].pk, rows["draft"].pk)
    aimed = {"round_id": rows["round"].pk, "estimate_id": estimates[which], "line_id": rows["line"].pk}
    for name in list(case.path_parameters or {}):
        if name in aimed:
            case.path_parameters[name] = aimed[name]
    if valid and case.query and "plan" in case.query:
        case.query["plan"] = rows["round"].plan_id
    if isinstance(case.body, dict):
        if "unit_id" in case.body:
            case.body["unit_id"] = rows["units"][which]
        if valid and "period_code" in case.body:
            case.body.update(VALID_SPENDING)


@pytest.mark.django_db
@pytest.mark.usefixtures("in_process_requests")
def test_budget_operations_on_real_rows_never_fail(plan_setup, budget_round, capsys):
    users = plan_setup["users"]
    tokens = {role: do_issue_token(actor=None, user=users[name], name="fuzz")[1] for role, name in ROLES}
    rows = {
        **budget_round,
        "line": budget_round["appraised"].lines.order_by("order").first(),
        "units": (plan_setup["units"]["HP-STP"].pk, plan_setup["units"]["HP-STTTT"].pk),
    }
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", get_wsgi_application(), headers={"Authorization": f"Bearer {tokens['reporter']}"}
    )
    operations = [r.ok() for r in schema.get_all_operations()]
    operations = [op for op in operations if op.path.removeprefix("/api").startswith("/budget")]
    counts: Counter[str] = Counter()
    failures = [
        f"{op.method.upper()} {op.path}: {f[:2000]}"
        for op in operations
        if (f := _fuzz(op, tokens, counts, aim=lambda case, pick: _aim(case, rows, pick)))
    ]
    with capsys.disabled():
        print(f"\nbudget fuzz on real rows: {len(operations)} operations, {len(failures)} failures")
        for key, n in sorted(k for k in counts.items() if " " in k[0]):
            print(f"  {key}: {n}")
        for failure in failures:
            print("  FAIL", failure)
    assert len(operations) >= 7
    # the rows were reached, not only refused: a draft saved, a spending recorded, funding read
    passed = {k.rsplit(" ", 1)[0] for k in counts if " " in k and k.endswith((" 200", " 201"))}
    assert {
        "POST /api/budget/estimates/{estimate_id}/lines",
        "POST /api/budget/lines/{line_id}/spendings",
        "GET /api/budget/funding",
        "GET /api/budget/estimates/{estimate_id}",
    } <= passed, counts
    assert failures == [], "\n".join(failures)
