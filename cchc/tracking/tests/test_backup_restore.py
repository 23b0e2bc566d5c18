"""``cchc backup`` / ``cchc restore`` round trip on a small demo-like dataset (a tracked plan,
progress with evidence files, users, audit): row counts and evidence checksums come back equal,
on SQLite and on PostgreSQL. A damaged backup and a non-empty target are refused."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from cchc.audit.models import AuditEvent
from cchc.core.backup import BackupError, restore_backup, sha256_file
from cchc.core.uploads import tiny_pdf
from cchc.plans.models import Plan, Task
from cchc.tracking.actions import EvidenceInput, do_record_progress
from cchc.tracking.models import Assignment, Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media-live"
    return settings.MEDIA_ROOT


@pytest.fixture
def dataset(media, plan_setup):
    users = plan_setup["users"]
    for key, name in (("law", "qd-12.pdf"), ("digital", "bc-2022.pdf")):
        a = Assignment.objects.filter(task=plan_setup["tasks"][key], role="lead").order_by("pk").first()
        reporter = users["reporter"] if key == "law" else users["other_reporter"]
        do_record_progress(
            actor=reporter,
            assignment=a,
            status="in_progress",
            percent=40,
            narrative="Đã triển khai",
            evidence=[EvidenceInput(doc_number="12/QĐ", file_name=name, file_data=tiny_pdf(name))],
            expected_version=a.version,
        )
    return plan_setup


@pytest.fixture
def empty_target(tmp_path):
    """A new, empty database of the same engine, dropped afterwards."""
    db = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        db["NAME"] = str(tmp_path / "restored.sqlite3")
        yield db
        return
    import psycopg

    name = db["NAME"] + "_restore"
    admin = psycopg.connect(
        dbname="postgres", host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
        autocommit=True,
    )  # fmt: skip
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    db["NAME"] = name
    try:
        yield db
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_round_trip_keeps_rows_and_evidence(dataset, media, tmp_path, empty_target):
    backup_dir = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", str(backup_dir), stdout=out)
    assert "backup written" in out.getvalue()
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    counts = manifest["row_counts"]
    assert counts["tracking_evidence"] == Evidence.objects.count() == 2
    assert counts["plans_task"] == Task.objects.count() and counts["plans_plan"] == Plan.objects.count()
    assert counts["audit_auditevent"] == AuditEvent.objects.count() > 0
    assert counts["tracking_progressupdate"] == ProgressUpdate.objects.count() == 2
    evidence_files = [k for k in manifest["files"] if k.startswith("media/")]
    assert len(evidence_files) == 2

    restored_media = tmp_path / "media-restored"
    report = restore_backup(backup_dir, db=empty_target, media_root=restored_media)

    assert report.ok, (report.count_mismatches, report.evidence_bad)
    assert report.counts == counts
    assert report.evidence_checked == 2
    for ev in Evidence.objects.all():
        assert sha256_file(restored_media / ev.file.name) == ev.sha256 == sha256_file(media / ev.file.name)

    with pytest.raises(BackupError, match="not empty"):
        restore_backup(backup_dir, db=empty_target, media_root=tmp_path / "media-again")


def test_a_damaged_backup_is_refused_before_anything_is_written(dataset, tmp_path, empty_target):
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=io.StringIO())
    victim = next(p for p in (backup_dir / "media").rglob("*") if p.is_file())
    victim.write_bytes(victim.read_bytes() + b"x")
    with pytest.raises(BackupError, match="damaged"):
        restore_backup(backup_dir, db=empty_target, media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()


def test_backup_refuses_a_non_empty_directory(db, tmp_path, media):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x").write_text("x")
    with pytest.raises(Exception, match="not empty"):
        call_command("backup", str(tmp_path / "old"))


def test_the_restore_command_empties_the_cache(dataset, media, tmp_path, empty_target, settings, monkeypatch):
    """``cchc restore`` as the operator runs it (the command, into the configured empty database
    and media folder) leaves no value cached for the database that was there before: ids of the
    restored one may repeat them (a task list's counts, a user's grants)."""
    from types import SimpleNamespace

    from django.core.cache import cache

    from cchc.core import generations
    from cchc.core.management.commands import restore

    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir), stdout=io.StringIO())
    # the command restores into ``connection.settings_dict``: here the empty target
    monkeypatch.setattr(
        restore, "connection", SimpleNamespace(settings_dict=empty_target, close=lambda: None)
    )
    settings.MEDIA_ROOT = tmp_path / "media-restored"
    generations.cached("tracking:all", "chips|before the restore", lambda: {"overdue": 7})
    cache.set("user:1", "grants of the old database")
    assert generations.cached("tracking:all", "chips|before the restore", lambda: None) == {"overdue": 7}
    out = io.StringIO()
    call_command("restore", str(backup_dir), stdout=out)
    assert "restored" in out.getvalue()
    assert cache.get("user:1") is None
    assert generations.cached("tracking:all", "chips|before the restore", lambda: None) is None
