"""Survey test data: the shipped questionnaires, a round of Hải Phòng over Sở Tư pháp and Sở TT&TT,
a satisfied answer to the one-stop desk questionnaire."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

DATA = Path(__file__).resolve().parents[1] / "surveys" / "data"
SIPAS, ONE_STOP = "sipas-2017-2020.xlsx", "mot-cua-3-muc.xlsx"

SATISFIED = {"muc_do": "hai_long", "thoi_gian": "rat_hai_long", "thai_do": "hai_long"}


def questionnaire(name: str):
    """A shipped questionnaire (``SIPAS`` or ``ONE_STOP``), loaded through the action."""
    from cchc.surveys.actions import do_load_questionnaire

    return do_load_questionnaire(data=(DATA / name).read_bytes(), filename=name, actor=None)


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


def sipas_round_2022(units):
    """A 2022 SIPAS round of Hải Phòng (October–November) over Sở Tư pháp (1000) and Sở TT&TT (500)."""
    from cchc.surveys.actions import do_create_round

    return do_create_round(
        province=units["HP"],
        questionnaire=questionnaire(SIPAS),
        title="SIPAS 2022",
        year=2022,
        starts_on=dt.date(2022, 10, 1),
        ends_on=dt.date(2022, 11, 30),
        units=[(units["HP-STP"], 1000), (units["HP-STTTT"], 500)],
        actor=None,
    )
