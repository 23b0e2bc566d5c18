"""Access-matrix entries of the budget app. Collected by ``cchc/core/tests/test_access_matrix.py``
(shape: ``cchc.testing.access``); the API's entries live in ``access_api``."""

from __future__ import annotations

from cchc.budget.tests.access_api import API  # noqa: F401 (collected by the matrix)
