"""Access-matrix entries of the audit app's routes: the audit trail.

Collected by ``cchc/core/tests/test_access_matrix.py`` (shape: ``cchc.testing.access``)."""

from __future__ import annotations

from cchc.testing.access import only

PAGES = {
    "audit:event_list": (None, only({"admin", "officer", "auditor", "dn_officer"}), 302),
}
