"""The fuzz run reuses the app's fixtures: the org tree, one user per role, a tracked plan."""

from cchc.conftest import (  # noqa: F401 - fixtures
    _vietnamese_after_each_test,
    login,
    org_tree,
    users,
)
from cchc.tracking.tests.conftest import plan_setup, today  # noqa: F401 - fixtures
