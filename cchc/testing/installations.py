"""Separate installations for tests that run ``cchc`` in subprocesses (backup and restore, a
worker killed mid-job): two new, empty databases of the suite's engine, and the environment and
runner of a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def child_env(url: str, var: Path, **extra) -> dict:
    """The environment of a child process on database ``url`` with its files under ``var``."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "CCHC_TESTING"}}
    env.update(DATABASE_URL=url, CCHC_VAR_DIR=str(var), CCHC_SECRET_KEY="x" * 50, **extra)
    env.pop("CCHC_BACKUP_KEY_FILE", None)
    return env


def run_python(args: list[str], env: dict, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=600
    )
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def run_cchc(*args: str, env: dict, ok: bool = True) -> subprocess.CompletedProcess:
    return run_python(["-m", "cchc.cli", *args], env, ok)


@pytest.fixture
def installations(tmp_path):
    """(source URL, target URL): two new, empty databases of the suite's engine."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'src.sqlite3'}", f"sqlite:///{tmp_path / 'dst.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    admin = psycopg.connect(
        dbname="postgres", host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
        autocommit=True,
    )  # fmt: skip
    names = [f"{db['NAME']}_op_src", f"{db['NAME']}_op_dst"]
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    base = f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/"
    try:
        yield base + names[0], base + names[1]
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
