"""Fixtures of the plans tests: the demo org tree (the seeds and a small plan: ``cchc.testing``)."""

from __future__ import annotations

import pytest

from cchc.accounts.actions import do_create_user
from cchc.orgs.models import OrgUnit
from cchc.testing.interchange import small_interchange


@pytest.fixture
def no_assign(monkeypatch):
    """Skip the tracking hand-over (tested on its own) to keep seed-sized commits fast."""
    monkeypatch.setattr("cchc.plans.actions._assign", lambda plan, actor: None)


@pytest.fixture
def demo_tree(db):
    """The demo org tree of the five provinces (``cchc/orgs/data``) and a Hải Phòng officer."""
    from cchc.orgs.demo import load_orgs

    load_orgs()
    officer = do_create_user(
        actor=None,
        username="snv.hp",
        password="mat-khau-thu-nghiem-1",
        full_name="Cán bộ SNV",
        memberships=[(OrgUnit.objects.get(code="HP-SNV"), "standing_officer")],
    )
    return {"officer": officer}


__all__ = ["small_interchange"]  # moved to cchc.testing.interchange; kept here for older imports
