"""Backup and restore as an operator does it: every step its own process (``cchc migrate``,
populate, ``cchc backup DIR``, then ``cchc restore DIR`` against another, empty installation),
on the engine the suite runs on. The source is migrated and populated once a session and copied
for each test (``populated_source``, database and files). Every table's rows and every media file's checksum come back
equal; sessions are not in the backup; files are private; a key-encrypted backup restores only
with its key; a damaged backup or a non-empty target is refused before anything is written."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pytest

from cchc.testing.installations import REPO
from cchc.testing.installations import child_env as _env
from cchc.testing.installations import run_cchc as _cchc
from cchc.testing.installations import run_python as _run

pytestmark = pytest.mark.django_db


def _compare(tmp_path, src_url, dst_url) -> subprocess.CompletedProcess:
    return _run(
        ["scripts/backup_roundtrip.py", "compare", "--source-url", src_url, "--target-url", dst_url,
         "--source-media", str(tmp_path / "src-var" / "media"),
         "--target-media", str(tmp_path / "dst-var" / "media")],
        _env(src_url, tmp_path / "src-var"), ok=False,
    )  # fmt: skip


def test_separate_processes_round_trip_every_row_and_file(tmp_path, installations, populated_source):
    src_url, dst_url = installations
    src_env = populated_source
    backup = tmp_path / "backups" / "2026-12-07"
    out = _cchc("backup", str(backup), env=src_env).stdout
    assert "backup written" in out

    manifest = json.loads((backup / "manifest.json").read_text())
    listed = set(manifest["files"])
    on_disk = {p.relative_to(backup).as_posix() for p in backup.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk, "the manifest lists exactly the files in the backup"
    assert not any(name.endswith(("-wal", "-shm", "-journal")) for name in listed)
    assert sum(1 for n in listed if n.startswith("media/evidence/")) == 3
    assert manifest["row_counts"]["django_session"] == 0
    assert manifest["row_counts"]["accounts_loginthrottle"] == 0
    # private: the directory 0700, every file 0600
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    for path in backup.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path

    dst_env = _env(dst_url, tmp_path / "dst-var")
    restored = _cchc("restore", str(backup), env=dst_env)
    assert "restored" in restored.stdout and "3 evidence files match" in restored.stdout

    result = _compare(tmp_path, src_url, dst_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "identical" in result.stdout

    again = _cchc("restore", str(backup), env=dst_env, ok=False)
    assert again.returncode != 0 and "not empty" in again.stderr


def test_encrypted_backup_restores_only_with_its_key(tmp_path, installations, populated_source):
    src_url, dst_url = installations
    src_env = populated_source
    key = tmp_path / "backup.key"
    key.write_text("k" * 20 + "secret-of-the-operator-0123456789\n")
    backup = tmp_path / "enc"
    _cchc("backup", str(backup), "--key-file", str(key), env=src_env)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["encryption"]["scheme"].startswith("aes-256-gcm")
    db_file = backup / manifest["database_file"]
    assert b"reporter" not in db_file.read_bytes()  # no plain user names in the encrypted dump
    pdf = next(p for p in (backup / "media").rglob("*") if p.is_file())
    assert not pdf.read_bytes().startswith(b"%PDF")

    dst_env = _env(dst_url, tmp_path / "dst-var")
    no_key = _cchc("restore", str(backup), env=dst_env, ok=False)
    assert no_key.returncode != 0 and "encrypted" in no_key.stderr
    wrong = tmp_path / "wrong.key"
    wrong.write_text("w" * 40)
    bad = _cchc("restore", str(backup), "--key-file", str(wrong), env=dst_env, ok=False)
    assert bad.returncode != 0 and "cannot decrypt" in bad.stderr
    assert not (tmp_path / "dst-var" / "media").exists() or not any(
        (tmp_path / "dst-var" / "media").iterdir()
    )

    _cchc("restore", str(backup), "--key-file", str(key), env=dst_env)
    result = _compare(tmp_path, src_url, dst_url)
    assert result.returncode == 0, result.stdout + result.stderr


def test_damaged_backup_refused_before_the_target_is_touched(tmp_path, installations, populated_source):
    src_url, dst_url = installations
    src_env = populated_source
    backup = tmp_path / "b"
    _cchc("backup", str(backup), env=src_env)
    manifest = json.loads((backup / "manifest.json").read_text())
    victim = backup / manifest["database_file"]
    os.chmod(victim, 0o600)
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    dst_env = _env(dst_url, tmp_path / "dst-var")
    result = _cchc("restore", str(backup), env=dst_env, ok=False)
    assert result.returncode != 0 and "damaged" in result.stderr
    from cchc.core.backup import _Reader
    from cchc.env import database_from_url

    target = database_from_url(dst_url, base_dir=REPO)
    reader = _Reader(target)
    with reader.connect() as conn:
        assert reader.tables(conn) == []
