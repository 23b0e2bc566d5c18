"""Access-matrix entries of the core app's routes: the home page and the icon.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import ALL_OK

PAGES = {
    "core:home": (None, ALL_OK, 302),
    "core:favicon": (None, ALL_OK, 200),
}
