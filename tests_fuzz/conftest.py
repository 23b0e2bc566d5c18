"""The fuzz run reuses the app's fixtures (``cchc.testing.fixtures``): the org tree, one user per
role, a tracked plan."""

import pytest

pytest_plugins = ["cchc.testing.fixtures"]


@pytest.fixture(autouse=True)
def survey_round(request):
    """A 2022 SIPAS round of Hải Phòng (issue 21) so the surveys API answers with data, not only
    404s: created only when the test uses the tracked plan's org tree."""
    if "plan_setup" not in request.fixturenames:
        return None
    from cchc.testing.surveys import sipas_round_2022

    return sipas_round_2022(request.getfixturevalue("org_tree"))


@pytest.fixture(autouse=True)
def budget_round(request):
    """Hải Phòng's 2022 budget round (issue 26): an appraised estimate with spending and a draft,
    so the budget API answers with data, not only 404s."""
    if "plan_setup" not in request.fixturenames:
        return None
    from cchc.testing.budget import appraised_round_2022

    return appraised_round_2022(request.getfixturevalue("plan_setup"))
