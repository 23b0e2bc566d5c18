"""The fuzz run reuses the app's fixtures: the org tree, one user per role, a tracked plan."""

import pytest

from cchc.conftest import (  # noqa: F401 - fixtures
    _vietnamese_after_each_test,
    login,
    org_tree,
    users,
)
from cchc.tracking.tests.conftest import plan_setup, today  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def survey_round(request):
    """A 2022 SIPAS round of Hải Phòng (issue 21) so the surveys API answers with data, not only
    404s: created only when the test uses the tracked plan's org tree."""
    if "plan_setup" not in request.fixturenames:
        return None
    import datetime as dt

    from cchc.surveys.actions import do_create_round, do_load_questionnaire
    from cchc.surveys.tests.conftest import DATA

    units = request.getfixturevalue("org_tree")
    q = do_load_questionnaire(
        data=(DATA / "sipas-2017-2020.xlsx").read_bytes(), filename="sipas.xlsx", actor=None
    )
    return do_create_round(
        province=units["HP"],
        questionnaire=q,
        title="SIPAS 2022",
        year=2022,
        starts_on=dt.date(2022, 10, 1),
        ends_on=dt.date(2022, 11, 30),
        units=[(units["HP-STP"], 1000), (units["HP-STTTT"], 500)],
        actor=None,
    )
