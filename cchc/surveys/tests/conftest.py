"""Survey fixtures, built through the actions: the shipped questionnaires and an open round of
Hải Phòng over Sở Tư pháp and Sở TT&TT (invitation codes and an open link)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def sipas(db):
    from cchc.surveys.actions import do_load_questionnaire

    return do_load_questionnaire(
        data=(DATA / "sipas-2017-2020.xlsx").read_bytes(), filename="sipas.xlsx", actor=None
    )


@pytest.fixture
def one_stop(db):
    from cchc.surveys.actions import do_load_questionnaire

    return do_load_questionnaire(
        data=(DATA / "mot-cua-3-muc.xlsx").read_bytes(), filename="mc.xlsx", actor=None
    )


def make_round(questionnaire, org_tree, *, codes=("HP-STP", "HP-STTTT"), status="open", days=(-10, 30), **kw):
    from cchc.surveys.actions import do_create_round, do_set_round_status

    today = timezone.localdate()
    rnd = do_create_round(
        province=org_tree["HP"],
        questionnaire=questionnaire,
        title=kw.pop("title", "Đánh giá Bộ phận Một cửa"),
        year=kw.pop("year", today.year),
        starts_on=today + dt.timedelta(days=days[0]),
        ends_on=today + dt.timedelta(days=days[1]),
        units=[(org_tree[c], 200) for c in codes],
        use_invitations=True,
        use_open_link=kw.pop("use_open_link", True),
        actor=None,
        **kw,
    )
    if status != "draft":
        do_set_round_status(round=rnd, status="open", actor=None)
    return rnd


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


SATISFIED = {"muc_do": "hai_long", "thoi_gian": "rat_hai_long", "thai_do": "hai_long"}
