"""Progress through the tracking actions, as a unit reports it."""

from __future__ import annotations


def record(actor, assignment, status="done", percent=100, narrative="Xong", **kw):
    """``actor`` records ``status`` (a "done" claim by default, waiting for the unit head) on
    ``assignment`` at the version the test holds."""
    from cchc.tracking.actions import do_record_progress

    kw.setdefault("expected_version", assignment.version)
    return do_record_progress(
        actor=actor, assignment=assignment, status=status, percent=percent, narrative=narrative, **kw
    )
