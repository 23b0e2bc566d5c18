"""Who reads and does what in the budget (accounts.policy, section budget; budget.queries)."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.accounts import policy
from cchc.accounts.policy import NotFound
from cchc.budget import queries
from cchc.budget.actions import LineInput, do_appraise_estimate, do_save_estimate, do_submit_estimate

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_estimates(world, lines_of):
    """Sở Tư pháp's estimate submitted; Sở TT&TT's a draft."""
    users = world["users"]
    stp = do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines_of, 550_000_000, "", actor=users["head"]
    )
    do_submit_estimate(stp, actor=users["head"])
    stttt = do_save_estimate(
        None,
        world["round"],
        world["units"]["HP-STTTT"],
        [LineInput(world["tasks"]["digital"].pk, "", "central", 70_000_000)],
        None,
        "",
        actor=users["other_reporter"],
    )
    stp.refresh_from_db()
    return stp, stttt


# who reads what: (user, sees Sở Tư pháp's, sees Sở TT&TT's)
READS = [
    ("reporter", True, False),
    ("head", True, False),
    ("other_reporter", False, True),
    ("other_head", False, True),
    ("finance", True, True),
    ("finance_reporter", True, True),
    ("officer", True, True),
    ("leader", True, True),
    ("auditor", True, True),
    ("admin", True, True),
    ("dn_officer", False, False),
    ("dn_finance", False, False),
]


@pytest.mark.parametrize(("name", "sees_stp", "sees_stttt"), READS)
def test_the_read_matrix(world, two_estimates, name, sees_stp, sees_stttt):
    stp, stttt = two_estimates
    user = world["users"][name]
    visible = set(queries.estimates_for(user).values_list("pk", flat=True))
    assert (stp.pk in visible, stttt.pk in visible) == (sees_stp, sees_stttt)
    assert policy.can_view_budget(user, stp.unit) is sees_stp
    for est, sees in ((stp, sees_stp), (stttt, sees_stttt)):
        line = est.lines.first()
        if sees:
            assert queries.access_estimate(user, est.pk) == est
            assert queries.access_line(user, line.pk) == line
        else:
            with pytest.raises(NotFound):
                queries.access_estimate(user, est.pk)
            with pytest.raises(NotFound):
                queries.access_line(user, line.pk)
        assert set(queries.lines_for(user).filter(estimate=est).values_list("pk", flat=True)) == (
            set(est.lines.values_list("pk", flat=True)) if sees else set()
        )


@pytest.mark.parametrize("forged", ["abc", "-1", "99999999", str(2**70), None, "1 OR 1=1"])
def test_forged_ids_are_not_found(world, two_estimates, forged):
    for access in (
        queries.access_estimate,
        queries.access_line,
        queries.access_round,
        queries.access_spending,
    ):
        with pytest.raises(NotFound):
            access(world["users"]["admin"], forged)


def test_rounds_are_read_by_the_members_of_the_plans_province(world):
    rnd = world["round"]
    for name in ("reporter", "finance", "officer", "leader"):
        assert queries.access_round(world["users"][name], rnd.pk) == rnd
    for name in ("dn_officer", "dn_finance"):
        with pytest.raises(NotFound):
            queries.access_round(world["users"][name], rnd.pk)


def test_the_action_questions(world, two_estimates):
    stp, stttt = two_estimates
    u = world["users"]
    assert policy.can_edit_estimate(u["other_reporter"], stttt) and not policy.can_edit_estimate(
        u["reporter"], stttt
    )
    assert not policy.can_edit_estimate(u["head"], stp)  # submitted: out of the unit's hands
    assert policy.can_submit_estimate(u["other_head"], stttt)
    assert not policy.can_submit_estimate(u["other_reporter"], stttt)
    appraisers = {n for n in u if policy.can_appraise_estimate(u[n], stp)}
    assert appraisers == {"finance", "finance_reporter", "officer", "admin"}
    assert not policy.can_appraise_estimate(u["finance"], stttt)  # a draft
    managers = {n for n in u if policy.can_manage_budget_rounds(u[n], world["plan"])}
    assert managers == {"finance", "finance_reporter", "officer", "admin"}
    line = stp.lines.first()
    assert not policy.can_record_spending(u["reporter"], line)  # not appraised yet
    do_appraise_estimate(stp, "accept", actor=u["finance"])
    line.refresh_from_db()
    line.estimate.refresh_from_db()
    spenders = {n for n in u if policy.can_record_spending(u[n], line)}
    assert spenders == {"reporter", "head", "admin"}


def test_a_district_standing_officer_does_not_appraise_the_province(world, two_estimates):
    from cchc.testing.factories import make_unit, make_user

    pnv = make_unit(
        world["units"]["HP-H-ANLAO"], "HP-H-ANLAO-PNV", "Phòng Nội vụ", level="other", kind="other"
    )
    user = make_user("pnv", pnv, "standing_officer")
    assert not policy.can_appraise_estimate(user, two_estimates[0])
    assert not policy.can_manage_budget_rounds(user, world["plan"])


def test_estimates_on_time_counts(world, lines_of, time_machine):
    u = world["users"]
    assert queries.estimates_on_time(world["units"]["HP"], 2021) == {
        "on_time": 0,
        "late": 0,
        "not_submitted": 0,
        "expected": 0,
        "rounds": 0,
    }
    # expected: the units assigned tasks of the plan (Sở Tư pháp, Sở TT&TT and the districts of the group task)
    expected = queries.expected_unit_ids(world["round"])
    assert {world["units"]["HP-STP"].pk, world["units"]["HP-STTTT"].pk} <= expected
    time_machine.move_to(dt.datetime(2021, 12, 1, 3, 0, tzinfo=dt.UTC))
    stp = do_save_estimate(
        None, world["round"], world["units"]["HP-STP"], lines_of, 550_000_000, "", actor=u["head"]
    )
    do_submit_estimate(stp, actor=u["head"])
    time_machine.move_to(dt.datetime(2021, 12, 20, 3, 0, tzinfo=dt.UTC))
    stttt = do_save_estimate(
        None,
        world["round"],
        world["units"]["HP-STTTT"],
        [LineInput(None, "Khác", "other", 1)],
        1,
        "",
        actor=u["other_head"],
    )
    do_submit_estimate(stttt, actor=u["other_head"])
    counts = queries.estimates_on_time(world["units"]["HP"], 2022)
    assert counts == {
        "on_time": 1,
        "late": 1,
        "not_submitted": len(expected) - 2,
        "expected": len(expected),
        "rounds": 1,
    }
