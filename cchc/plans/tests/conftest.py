"""Fixtures of the plans tests: the demo org tree (the seeds and a small plan: ``cchc.testing``)."""

from __future__ import annotations

import pytest

from cchc.testing.factories import make_user
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
    officer = make_user("snv.hp", "HP-SNV", "standing_officer", full_name="Cán bộ SNV")
    return {"officer": officer}


__all__ = ["small_interchange"]  # moved to cchc.testing.interchange; kept here for older imports
