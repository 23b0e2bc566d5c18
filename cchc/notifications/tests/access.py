"""Access-matrix entries of the notifications app's routes: the bell (one's own messages only).

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import ALL_OK, ROLES

PAGES = {
    "notifications:list": (None, ALL_OK, 302),
    "notifications:read": (None, dict.fromkeys(ROLES, 302), 302, lambda ctx: {}),
}
