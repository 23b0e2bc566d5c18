"""Separate installations for tests that run ``cchc`` in subprocesses (backup and restore, a
worker killed mid-job): two new, empty databases of the suite's engine, and the environment and
runner of a child process; a source installation migrated and populated once a session
(``populated_source``), copied for each test that needs one."""

from __future__ import annotations

import os
import shutil
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
    db = connection.settings_dict
    admin = _admin()
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


def _admin():
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        dbname="postgres", host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
        autocommit=True,
    )  # fmt: skip


def _sqlite_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


@pytest.fixture(scope="session")
def _populated_template(django_db_setup, tmp_path_factory):
    """(database URL, var dir) of one installation migrated by ``cchc migrate`` and populated by
    ``scripts/backup_roundtrip.py populate`` in their own processes: built once a session."""
    var = tmp_path_factory.mktemp("populated") / "var"
    if connection.vendor == "sqlite":
        url = f"sqlite:///{var.parent / 'template.sqlite3'}"
    else:
        db = connection.settings_dict
        name = f"{db['NAME']}_op_template"
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        url = f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    env = child_env(url, var)
    run_cchc("migrate", "--verbosity", "0", env=env)
    run_python(["scripts/backup_roundtrip.py", "populate"], env)
    yield url, var
    if connection.vendor != "sqlite":
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def populated_source(installations, tmp_path, _populated_template):
    """The environment of the source installation of ``installations``, holding an exact copy of
    the populated installation (its database and its files under ``tmp_path / "src-var"``)."""
    src_url, _dst = installations
    template_url, template_var = _populated_template
    if connection.vendor == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            origin = Path(f"{_sqlite_file(template_url)}{suffix}")
            if origin.exists():
                shutil.copyfile(origin, f"{_sqlite_file(src_url)}{suffix}")
    else:
        name, template = src_url.rsplit("/", 1)[1], template_url.rsplit("/", 1)[1]
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    shutil.copytree(template_var, tmp_path / "src-var")
    return child_env(src_url, tmp_path / "src-var")
