"""Cache generations: several names per value, one bump after commit per transaction and name, and
the data generation every audited write bumps (issue 22, point 3)."""

from __future__ import annotations

import pytest
from django.db import transaction

from cchc.core import generations

pytestmark = pytest.mark.django_db


def test_a_value_under_several_generations_is_computed_again_after_a_bump_of_any(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    names = ["t:a", "t:b"]
    assert generations.cached(names, "k", build) == 1
    assert generations.cached(names, "k", build) == 1  # cached
    generations.bump("t:b")
    assert generations.cached(names, "k", build) == 2
    generations.bump("t:a")
    assert generations.cached(names, "k", build) == 3
    generations.bump("t:other")
    assert generations.cached(names, "k", build) == 3
    assert generations.cached(names, "another key", build) == 4


def test_many_bumps_in_one_transaction_bump_once_more_after_commit(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    start = generations.current("t:x")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for _ in range(50):
            generations.bump("t:x", "t:y")
        assert generations.current("t:x") == start + 50  # each write's own bump, at once
    assert len(callbacks) == 1  # one callback for both names, not 50
    assert generations.current("t:x") == start + 51 and generations.current("t:y") == start + 51


def test_a_bump_in_a_rolled_back_savepoint_still_bumps_after_commit_when_bumped_again(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                generations.bump("t:z")
                raise RuntimeError
        except RuntimeError:
            pass
        generations.bump("t:z")
    assert len(callbacks) == 1


def test_data_generations_name_the_app_and_the_province():
    assert generations.data("indicators", "HP") == "data:indicators:HP"
    assert generations.data("indicators", "") == "data:indicators:*"
    assert generations.data_of(["budget", "orgs"], "HP") == [
        "data:budget:HP",
        "data:budget:*",
        "data:orgs:HP",
        "data:orgs:*",
    ]


def test_an_audited_write_bumps_its_apps_data_generation_in_its_province(org_tree, settings, tmp_path):
    from cchc.audit.recording import record

    settings.VAR_DIR = tmp_path
    stp = org_tree["HP-STP"]
    before = generations.current_many(["data:orgs:HP", "data:orgs:DN", "data:orgs:*"])
    record(actor=None, action="update", instance=stp, changes={"name": ["a", "b"]}, unit=stp)
    after = generations.current_many(["data:orgs:HP", "data:orgs:DN", "data:orgs:*"])
    assert after[0] > before[0] and after[1:] == before[1:]
    record(actor=None, action="update", model="orgs.orgunit", object_id="1", changes={"x": [1, 2]})
    assert generations.current("data:orgs:*") > before[2]  # no province known: every province's
