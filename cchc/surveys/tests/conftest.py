"""Survey fixtures, built through the actions: the shipped questionnaires and an open round of
Hải Phòng over Sở Tư pháp and Sở TT&TT (invitation codes and an open link)."""

from __future__ import annotations

import pytest

from cchc.testing.surveys import ONE_STOP, SIPAS, make_round, questionnaire


@pytest.fixture
def sipas(db):
    return questionnaire(SIPAS)


@pytest.fixture
def one_stop(db):
    return questionnaire(ONE_STOP)


@pytest.fixture
def open_round(one_stop, org_tree):
    return make_round(one_stop, org_tree)


@pytest.fixture
def stp_unit(open_round, org_tree):
    return open_round.units.get(unit=org_tree["HP-STP"])


@pytest.fixture
def codes(stp_unit):
    from cchc.surveys.actions import do_generate_invitations

    return do_generate_invitations(round_unit=stp_unit, count=5, actor=None)
