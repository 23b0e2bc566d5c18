"""Settings come from the environment with safe defaults; production settings pass check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cchc.env import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[3]


def _django(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "PYTEST", "DATABASE_URL"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "django", *args, "--settings=cchc.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        CCHC_SECRET_KEY="x" * 20 + "Yz9!kq" * 8,
        CCHC_ALLOWED_HOSTS="cchc.haiphong.gov.vn",
        CCHC_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = _django(["check"], CCHC_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "CCHC_SECRET_KEY must be set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_commands_after_the_demo_use_its_local_key(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 20 + "Q7#pv" * 8)
    result = _django(["check"], CCHC_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_urls(tmp_path):
    default = database_from_url("", base_dir=tmp_path)
    assert default["ENGINE"].endswith("sqlite3") and default["NAME"].endswith("var/cchc.sqlite3")
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]
    moved = database_from_url("", base_dir=tmp_path, var_dir=tmp_path / "state")
    assert moved["NAME"] == str(tmp_path / "state" / "cchc.sqlite3")
    absolute = database_from_url(f"sqlite:///{tmp_path}/x.db", base_dir=tmp_path)
    assert absolute["NAME"] == f"{tmp_path}/x.db"
    pg = database_from_url("postgresql://cchc:m%40t@db.local:5433/cchc_prod", base_dir=tmp_path)
    assert (pg["ENGINE"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"], pg["NAME"]) == (
        "django.db.backends.postgresql",
        "cchc",
        "m@t",
        "db.local",
        "5433",
        "cchc_prod",
    )
    assert "jit=off" in pg["OPTIONS"]["options"]  # JIT costs more than it saves on short queries
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x@y/z", base_dir=tmp_path)


def test_typed_env_helpers_reject_bad_values(monkeypatch):
    monkeypatch.setenv("CCHC_X", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("CCHC_X", False)
    monkeypatch.setenv("CCHC_X", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("CCHC_X", 1)
    monkeypatch.setenv("CCHC_X", "yes")
    assert env_bool("CCHC_X", False) is True


def test_cli_commands_on_a_fresh_clone_make_a_local_key_but_serve_does_not(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "PYTEST", "DATABASE_URL"))}
    clean["CCHC_VAR_DIR"] = str(tmp_path)
    serve = subprocess.run(
        [sys.executable, "-m", "cchc.cli", "serve", "--help"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert serve.returncode != 0 and "CCHC_SECRET_KEY must be set" in serve.stderr
    assert "Traceback" not in serve.stderr
    assert not (tmp_path / "secret_key").exists()
    check = subprocess.run(
        [sys.executable, "-m", "cchc.cli", "check"], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert len((tmp_path / "secret_key").read_text().strip()) >= 40
