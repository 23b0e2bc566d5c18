"""Access-matrix entries of the accounts app's routes: two-factor setup; the login steps, the
logout and the unit switch are not pages (POST-only or before login: tested in accounts).

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import ALL_OK

PAGES = {
    # anyone logged in may set up two-factor login for themselves
    "accounts:two_factor_setup": (None, ALL_OK, 302),
}
EXEMPT = (
    "accounts:logout",
    "accounts:switch_unit",
    "accounts:login",
    "accounts:two_factor_verify",  # the login's second step: only after a password (tests in accounts)
)
