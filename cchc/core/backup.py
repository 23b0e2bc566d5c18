"""Backup and restore of one installation: the database and the uploaded files, together.

``cchc backup DIR`` writes into a new (or empty) directory:

- ``database.sqlite3`` (SQLite's online backup API: consistent while the app writes) or
  ``database.dump`` (``pg_dump --format=custom`` on PostgreSQL: one snapshot transaction);
- ``media/``: a copy of ``MEDIA_ROOT`` (evidence files, plan documents), taken after the database
  snapshot, so every file the database names is there (a file uploaded during the copy may be
  there without its row: harmless);
- ``manifest.json`` (``cchc.backup/1``): engine, time, the applied migrations, the row count of
  every table, and the SHA-256 and size of every file in the backup.

``cchc restore DIR`` first checks every checksum of the manifest, refuses a database that is not
empty, restores the database (SQLite backup API / ``pg_restore``) and the files, then compares
the restored row counts with the manifest and every evidence file with the SHA-256 its row keeps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "cchc.backup/1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in one line."""


# --- helpers -----------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore``: ``CCHC_PG_BIN``, then the newest Debian server binaries, then PATH."""
    configured = os.environ.get("CCHC_PG_BIN")
    candidates = [Path(configured) / name] if configured else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts[-3])[::-1]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} not found (install postgresql-client or set CCHC_PG_BIN)")


def _pg_args(db: dict) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _engine(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"unsupported database engine {engine}")


class _Reader:
    """Plain DB-API access to a database given by its Django settings dict (not necessarily the
    one Django is connected to: restore writes into a database before Django uses it)."""

    def __init__(self, db: dict):
        self.db = db
        self.engine = _engine(db)

    def connect(self):
        if self.engine == "sqlite":
            return sqlite3.connect(self.db["NAME"], uri=str(self.db["NAME"]).startswith("file:"))
        import psycopg

        return psycopg.connect(
            dbname=self.db["NAME"],
            host=self.db.get("HOST") or None,
            port=self.db.get("PORT") or None,
            user=self.db.get("USER") or None,
            password=self.db.get("PASSWORD") or None,
        )

    def tables(self, conn) -> list[str]:
        cur = conn.cursor()
        if self.engine == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        else:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return sorted(row[0] for row in cur.fetchall())

    def counts(self, conn) -> dict[str, int]:
        cur = conn.cursor()
        out = {}
        for table in self.tables(conn):
            cur.execute(f'SELECT COUNT(*) FROM "{table}"')
            out[table] = cur.fetchone()[0]
        return out

    def query(self, conn, sql: str) -> list[tuple]:
        cur = conn.cursor()
        cur.execute(sql)
        return list(cur.fetchall())


# --- backup ------------------------------------------------------------------------------------


@dataclass
class Manifest:
    data: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return self.data.get("row_counts", {})


def make_backup(target: Path, *, connection, media_root: Path) -> Manifest:
    """Snapshot the database behind ``connection`` (a Django connection) and ``media_root`` into
    ``target`` (created; must be empty)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new directory")
    target.mkdir(parents=True, exist_ok=True)
    db = connection.settings_dict
    engine = _engine(db)
    connection.ensure_connection()
    if engine == "sqlite":
        destination = sqlite3.connect(target / SQLITE_FILE)
        try:
            connection.connection.backup(destination)  # the online backup API, page by page
        finally:
            destination.close()
        snapshot = {**db, "NAME": str(target / SQLITE_FILE)}
        reader = _Reader(snapshot)
        with reader.connect() as conn:  # the counts of the snapshot file itself
            counts = reader.counts(conn)
            migrations = reader.query(conn, "SELECT app, name FROM django_migrations ORDER BY app, name")
    else:
        # One snapshot for the dump and the counts: a repeatable-read transaction exports it and
        # pg_dump uses it (--snapshot), so the manifest counts exactly what the dump holds.
        reader = _Reader(db)
        with reader.connect() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot_id = reader.query(conn, "SELECT pg_export_snapshot()")[0][0]
            counts = reader.counts(conn)
            migrations = reader.query(conn, "SELECT app, name FROM django_migrations ORDER BY app, name")
            args, env = _pg_args(db)
            result = subprocess.run(
                [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot_id}", "--file", str(target / PG_FILE), *args],
                env=env, capture_output=True, text=True, timeout=3600,
            )  # fmt: skip
            conn.rollback()
        if result.returncode != 0:
            raise BackupError("pg_dump failed: " + (result.stderr.strip().splitlines() or ["?"])[-1])
    media_root = Path(media_root)
    if media_root.is_dir():
        shutil.copytree(media_root, target / MEDIA_DIR, symlinks=False)
    else:
        (target / MEDIA_DIR).mkdir()
    files = {}
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        rel = path.relative_to(target).as_posix()
        files[rel] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    data = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database_file": SQLITE_FILE if engine == "sqlite" else PG_FILE,
        "migrations": [f"{app}.{name}" for app, name in migrations],
        "row_counts": counts,
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return Manifest(data)


# --- restore -----------------------------------------------------------------------------------


def read_manifest(source: Path) -> Manifest:
    path = Path(source) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable {MANIFEST} in {source}: {exc}") from None
    if data.get("format") != FORMAT:
        raise BackupError(f"{path} is not a {FORMAT} manifest")
    return Manifest(data)


def verify(source: Path, manifest: Manifest) -> None:
    """Every file of the manifest is there with its checksum (and nothing was swapped in)."""
    source = Path(source)
    for rel, meta in manifest.data["files"].items():
        path = source / rel
        if not path.is_file():
            raise BackupError(f"backup incomplete: {rel} is missing")
        if path.stat().st_size != meta["size"] or sha256_file(path) != meta["sha256"]:
            raise BackupError(f"backup damaged: {rel} does not match its checksum")


@dataclass
class RestoreReport:
    counts: dict[str, int]
    expected: dict[str, int]
    evidence_checked: int
    evidence_bad: list[str]

    @property
    def count_mismatches(self) -> dict[str, tuple[int | None, int | None]]:
        keys = set(self.counts) | set(self.expected)
        return {
            k: (self.expected.get(k), self.counts.get(k))
            for k in sorted(keys)
            if self.expected.get(k) != self.counts.get(k)
        }

    @property
    def ok(self) -> bool:
        return not self.count_mismatches and not self.evidence_bad


def restore_backup(source: Path, *, db: dict, media_root: Path) -> RestoreReport:
    """Restore ``source`` into the EMPTY database ``db`` (a Django settings dict) and ``media_root``."""
    source = Path(source)
    manifest = read_manifest(source)
    verify(source, manifest)
    engine = _engine(db)
    if engine != manifest.data["engine"]:
        raise BackupError(f"this is a {manifest.data['engine']} backup; the database is {engine}")
    reader = _Reader(db)
    if engine == "sqlite" and str(db["NAME"]).startswith("file:"):
        raise BackupError("restore needs a database file, not an in-memory database")
    with reader.connect() as conn:
        existing = reader.tables(conn)
    if existing:
        raise BackupError(
            f"the database is not empty ({len(existing)} tables): restore into a new, empty database"
        )
    media_root = Path(media_root)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore into an empty media directory")
    if engine == "sqlite":
        src = sqlite3.connect(source / SQLITE_FILE)
        dst = sqlite3.connect(db["NAME"])
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    else:
        args, env = _pg_args(db)
        result = subprocess.run(
            [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
             *args, str(source / PG_FILE)],
            env=env, capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError("pg_restore failed: " + (result.stderr.strip().splitlines() or ["?"])[-1])
    media_root.mkdir(parents=True, exist_ok=True)
    if (source / MEDIA_DIR).is_dir():
        shutil.copytree(source / MEDIA_DIR, media_root, dirs_exist_ok=True)
    with reader.connect() as conn:
        counts = reader.counts(conn)
        rows = (
            reader.query(conn, "SELECT file, sha256 FROM tracking_evidence WHERE file <> ''")
            if "tracking_evidence" in counts
            else []
        )
    bad = []
    for name, digest in rows:
        path = media_root / name
        if not path.is_file() or (digest and sha256_file(path) != digest):
            bad.append(name)
    return RestoreReport(
        counts=counts, expected=manifest.counts, evidence_checked=len(rows), evidence_bad=bad
    )
