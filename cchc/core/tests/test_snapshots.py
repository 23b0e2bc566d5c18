"""``cchc.testing.snapshots.replay``: a later test gets exactly the rows the first build wrote
(same keys, same values, timestamps included; rows it updated or deleted too) without running the
build; a test starting from another state builds again."""

from __future__ import annotations

import pytest
from django.db import transaction

from cchc.orgs.models import OrgUnit
from cchc.testing import snapshots
from cchc.testing.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


def _everything():
    return {m: snapshots._rows(m) for m in snapshots._models()}


def _build(calls):
    def build():
        calls.append(1)
        hp = OrgUnit.objects.create(code="SNAP", name="Tỉnh Thử", level="province", kind="province")
        make_user("snap.user", make_unit(hp, "SNAP-SNV", "Sở Nội vụ"), "standing_officer")
        return hp

    return build


def test_a_replay_writes_the_same_rows_as_the_build_without_building():
    calls = []
    with transaction.atomic():
        built = snapshots.replay("test:same-rows", _build(calls))
        expected = _everything()
        transaction.set_rollback(True)
    assert not OrgUnit.objects.filter(code="SNAP").exists()
    replayed = snapshots.replay("test:same-rows", _build(calls))
    assert calls == [1]
    assert (type(replayed), replayed.pk, replayed.code) == (OrgUnit, built.pk, "SNAP")
    assert _everything() == expected
    assert OrgUnit.objects.get(code="SNAP-SNV").parent_id == built.pk


def test_another_starting_state_builds_again():
    calls = []
    with transaction.atomic():
        snapshots.replay("test:other-state", _build(calls))
        transaction.set_rollback(True)
    OrgUnit.objects.create(code="OTHER", name="Tỉnh Khác", level="province", kind="province")
    snapshots.replay("test:other-state", _build(calls))
    assert calls == [1, 1]


def test_a_build_that_updates_and_deletes_rows_it_found_is_replayed_onto_the_same_rows():
    kept = OrgUnit.objects.create(code="OLD", name="Tên cũ", level="province", kind="province")
    gone = OrgUnit.objects.create(code="GONE", name="Sẽ xoá", level="province", kind="province")
    calls = []

    def build():
        calls.append(1)
        OrgUnit.objects.filter(pk=kept.pk).update(name="Tên mới")
        OrgUnit.objects.filter(pk=gone.pk).delete()
        make_unit(kept, "NEW-SNV", "Sở Nội vụ")

    with transaction.atomic():
        snapshots.replay("test:changes", build)
        expected = _everything()
        transaction.set_rollback(True)
    snapshots.replay("test:changes", build)
    assert calls == [1]
    assert _everything() == expected
    assert OrgUnit.objects.get(pk=kept.pk).name == "Tên mới"
    assert not OrgUnit.objects.filter(pk=gone.pk).exists()


def test_rows_changed_since_the_build_found_them_make_it_build_again():
    unit = OrgUnit.objects.create(code="OLD", name="Tên cũ", level="province", kind="province")
    calls = []

    def build():
        calls.append(1)
        OrgUnit.objects.filter(pk=unit.pk).update(name="Tên mới")

    with transaction.atomic():
        snapshots.replay("test:found", build)
        transaction.set_rollback(True)
    OrgUnit.objects.filter(pk=unit.pk).update(name="Tên khác")  # same counts, another row
    snapshots.replay("test:found", build)
    assert calls == [1, 1]
