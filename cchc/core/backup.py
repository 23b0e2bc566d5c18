"""Backup and restore of one installation: the database and the uploaded files, together.

``cchc backup DIR [--key-file KEY]`` writes into a new (or empty) directory, created ``0700``
with every file ``0600`` (a backup holds every account's password hash and every evidence file):

- ``database.sqlite3`` (SQLite's online backup API into a private copy, then the ephemeral
  tables emptied and the file vacuumed and switched out of WAL mode, so it is one self-contained
  file) or ``database.dump`` (``pg_dump --format=custom`` inside one exported snapshot);
- ``media/``: the files of ``MEDIA_ROOT`` (evidence files, plan documents), copied after the
  database snapshot, so every file the database names is there;
- ``manifest.json`` (``cchc.backup/2``): engine, time, the applied migrations, the row count of
  every table and the SHA-256 and size of every file **written into the backup** (never a file
  that only existed while the command ran, such as SQLite's ``-wal``/``-shm``).

Left out (their tables are there, empty): sessions, login throttling counters and the task
queue's results (``EPHEMERAL_TABLES``). After a restore every user signs in again.

With ``--key-file`` (or ``CCHC_BACKUP_KEY_FILE``) the database file and every media file are
encrypted (AES-256-GCM in 1 MiB authenticated chunks, the key derived with HKDF-SHA256 from the
key file and a random salt kept in the manifest); the manifest stays readable (names, sizes,
counts) so a backup can be checked without the key.

``cchc restore DIR`` checks the manifest's checksums of every file (and, when encrypted,
decrypts the database with the key) BEFORE touching anything, refuses a database that has any
table or a media folder that has any file, restores both, then compares the restored row counts
with the manifest and every evidence file with the SHA-256 its row keeps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "cchc.backup/2"
READABLE_FORMATS = {"cchc.backup/1", FORMAT}
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"

# Tables whose rows a backup leaves out: live sessions (a stolen backup must not sign anyone in),
# login throttling counters and the task queue's results (both rebuilt by use).
EPHEMERAL_TABLES = ("django_session", "accounts_loginthrottle", "django_tasks_db_dbtaskresult")

# Tables whose rows legitimately differ after a restore (compared by count only: they are empty).
CHUNK = 1 << 20
ENC_MAGIC = b"CCHCENC1"
ENC_SCHEME = "aes-256-gcm-chunked/1"


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

    @contextlib.contextmanager
    def connect(self):
        """A connection that is CLOSED on exit (sqlite3's own context manager only commits)."""
        if self.engine == "sqlite":
            conn = sqlite3.connect(self.db["NAME"], uri=str(self.db["NAME"]).startswith("file:"))
        else:
            import psycopg

            conn = psycopg.connect(
                dbname=self.db["NAME"],
                host=self.db.get("HOST") or None,
                port=self.db.get("PORT") or None,
                user=self.db.get("USER") or None,
                password=self.db.get("PASSWORD") or None,
            )
        try:
            yield conn
        finally:
            conn.close()

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

    def rows(self, conn, table: str) -> list[tuple]:
        """Every row of ``table``, columns by name order, rows sorted: comparable across engines'
        restores of the same engine."""
        cur = conn.cursor()
        cur.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cur.description]
        order = sorted(range(len(names)), key=lambda i: names[i])
        return sorted(tuple(repr(row[i]) for i in order) for row in cur.fetchall())


# --- encryption --------------------------------------------------------------------------------


def read_key_file(path: str | os.PathLike | None) -> bytes | None:
    """The operator's key: the bytes of a file (at least 32 bytes of secret, e.g.
    ``openssl rand -base64 48 > backup.key``). ``None``: no encryption."""
    if not path:
        return None
    try:
        secret = Path(path).read_bytes().strip()
    except OSError as exc:
        raise BackupError(f"cannot read the key file {path}: {exc.strerror}") from None
    if len(secret) < 32:
        raise BackupError(f"the key file {path} holds {len(secret)} bytes: at least 32 are needed")
    return secret


def _derive(secret: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"cchc-backup").derive(secret)


def _encrypt_file(src: Path, dst: Path, key: bytes, name: str) -> None:
    """``src`` → ``dst``: magic, then chunks of (nonce, length, ciphertext+tag); each chunk's
    associated data binds the file name, its index and whether it is the last (no reordering,
    no truncation, no swapping files)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    with open(src, "rb") as fin, _private_open(dst) as fout:
        fout.write(ENC_MAGIC)
        index = 0
        chunk = fin.read(CHUNK)
        while True:
            following = fin.read(CHUNK) if chunk else b""
            last = not following
            nonce = os.urandom(12)
            sealed = aead.encrypt(nonce, chunk, f"{name}|{index}|{int(last)}".encode())
            fout.write(nonce + struct.pack(">I", len(sealed)) + sealed)
            if last:
                break
            chunk, index = following, index + 1


def _decrypt_file(src: Path, dst: Path, key: bytes, name: str) -> None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        if fin.read(len(ENC_MAGIC)) != ENC_MAGIC:
            raise BackupError(f"{name} is not an encrypted backup file")
        index = 0
        while True:
            head = fin.read(16)
            if len(head) != 16:
                raise BackupError(f"{name} is truncated")
            nonce, (size,) = head[:12], struct.unpack(">I", head[12:])
            sealed = fin.read(size)
            for last in (0, 1):
                try:
                    plain = aead.decrypt(nonce, sealed, f"{name}|{index}|{last}".encode())
                    break
                except InvalidTag:
                    plain = None
            if plain is None:
                raise BackupError(f"{name}: cannot decrypt (wrong key, or the file was altered)")
            fout.write(plain)
            if last:
                if fin.read(1):
                    raise BackupError(f"{name} has data after its last chunk")
                return
            index += 1


# --- backup ------------------------------------------------------------------------------------


@dataclass
class Manifest:
    data: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return self.data.get("row_counts", {})

    @property
    def encrypted(self) -> bool:
        return bool(self.data.get("encryption"))


@contextlib.contextmanager
def _private_open(path: Path):
    """Create ``path`` as 0600 whatever the umask (never readable by others, even for a moment)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        yield handle


def _private_copy(src: Path, dst: Path) -> None:
    with open(src, "rb") as fin, _private_open(dst) as fout:
        shutil.copyfileobj(fin, fout, CHUNK)


def _private_dir(path: Path) -> None:
    """``path`` and any parent it creates, each 0700."""
    path = Path(path)
    if path.is_dir():
        os.chmod(path, 0o700)
        return
    if not path.parent.exists():
        _private_dir(path.parent)
    path.mkdir(mode=0o700)
    os.chmod(path, 0o700)


def _sqlite_snapshot(connection, work: Path) -> tuple[dict[str, int], list[tuple]]:
    """The live SQLite database → ``work/SQLITE_FILE``: one consistent copy (backup API), the
    ephemeral tables emptied, vacuumed (their old pages gone), rollback-journal mode so the
    file stands alone. Returns the copy's row counts and migrations, read with the file closed
    afterwards (no ``-wal``/``-shm`` left)."""
    path = work / SQLITE_FILE
    with _private_open(path):
        pass  # create it 0600 before SQLite writes into it
    destination = sqlite3.connect(path)
    try:
        connection.connection.backup(destination)  # the online backup API, page by page
        destination.execute("PRAGMA journal_mode=DELETE")
        tables = {
            r[0] for r in destination.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        }
        for table in EPHEMERAL_TABLES:
            if table in tables:
                destination.execute(f'DELETE FROM "{table}"')
        destination.commit()
        destination.execute("VACUUM")
    finally:
        destination.close()
    reader = _Reader({"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)})
    with reader.connect() as conn:
        counts = reader.counts(conn)
        migrations = reader.query(conn, "SELECT app, name FROM django_migrations ORDER BY app, name")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return counts, migrations


def _pg_snapshot(db: dict, work: Path) -> tuple[dict[str, int], list[tuple]]:
    # One snapshot for the dump and the counts: a repeatable-read transaction exports it and
    # pg_dump uses it (--snapshot), so the manifest counts exactly what the dump holds.
    reader = _Reader(db)
    with reader.connect() as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot_id = reader.query(conn, "SELECT pg_export_snapshot()")[0][0]
        counts = reader.counts(conn)
        migrations = reader.query(conn, "SELECT app, name FROM django_migrations ORDER BY app, name")
        excluded = [t for t in EPHEMERAL_TABLES if t in counts]
        args, env = _pg_args(db)
        with _private_open(work / PG_FILE):
            pass
        result = subprocess.run(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot_id}", "--file", str(work / PG_FILE),
             *[f"--exclude-table-data={t}" for t in excluded], *args],
            env=env, capture_output=True, text=True, timeout=3600,
        )  # fmt: skip
        conn.rollback()
    if result.returncode != 0:
        raise BackupError("pg_dump failed: " + (result.stderr.strip().splitlines() or ["?"])[-1])
    os.chmod(work / PG_FILE, 0o600)
    for table in excluded:
        counts[table] = 0
    return counts, migrations


def make_backup(target: Path, *, connection, media_root: Path, key: bytes | None = None) -> Manifest:
    """Snapshot the database behind ``connection`` (a Django connection) and ``media_root`` into
    ``target`` (created 0700; must be empty). ``key``: the operator's secret, to encrypt."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: back up into a new directory")
    _private_dir(target)
    db = connection.settings_dict
    engine = _engine(db)
    connection.ensure_connection()
    salt = os.urandom(16) if key else b""
    file_key = _derive(key, salt) if key else None
    files: dict[str, dict] = {}

    def add(src: Path, rel: str, *, move: bool = False) -> None:
        dst = target / rel
        _private_dir(dst.parent)
        if file_key:
            _encrypt_file(src, dst, file_key, rel)
            if move:
                src.unlink()
        elif move:
            os.replace(src, dst)
            os.chmod(dst, 0o600)
        else:
            _private_copy(src, dst)
        files[rel] = {"sha256": sha256_file(dst), "size": dst.stat().st_size}

    with tempfile.TemporaryDirectory(prefix=".cchc-backup-", dir=target) as tmp:
        work = Path(tmp)
        os.chmod(work, 0o700)
        if engine == "sqlite":
            counts, migrations = _sqlite_snapshot(connection, work)
            add(work / SQLITE_FILE, SQLITE_FILE, move=True)
        else:
            counts, migrations = _pg_snapshot(db, work)
            add(work / PG_FILE, PG_FILE, move=True)
    media_root = Path(media_root)
    _private_dir(target / MEDIA_DIR)
    if media_root.is_dir():
        for path in sorted(media_root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                add(path, f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}")
    data = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database_file": SQLITE_FILE if engine == "sqlite" else PG_FILE,
        "migrations": [f"{app}.{name}" for app, name in migrations],
        "row_counts": counts,
        "ephemeral_tables_left_out": [t for t in EPHEMERAL_TABLES if t in counts],
        "encryption": {"scheme": ENC_SCHEME, "kdf": "hkdf-sha256", "salt": salt.hex()} if key else None,
        "files": files,
    }
    with _private_open(target / MANIFEST) as handle:
        handle.write((json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return Manifest(data)


# --- restore -----------------------------------------------------------------------------------


def read_manifest(source: Path) -> Manifest:
    path = Path(source) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable {MANIFEST} in {source}: {exc}") from None
    if data.get("format") not in READABLE_FORMATS:
        raise BackupError(f"{path} is not a cchc.backup manifest")
    return Manifest(data)


def verify(source: Path, manifest: Manifest) -> None:
    """Every file of the manifest is there with its checksum (and nothing was swapped in)."""
    source = Path(source)
    for rel, meta in manifest.data["files"].items():
        if rel.startswith("/") or ".." in Path(rel).parts:
            raise BackupError(f"backup damaged: unsafe file name {rel}")
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


def restore_backup(source: Path, *, db: dict, media_root: Path, key: bytes | None = None) -> RestoreReport:
    """Restore ``source`` into the EMPTY database ``db`` (a Django settings dict) and ``media_root``."""
    source = Path(source)
    manifest = read_manifest(source)
    verify(source, manifest)
    engine = _engine(db)
    if engine != manifest.data["engine"]:
        raise BackupError(f"this is a {manifest.data['engine']} backup; the database is {engine}")
    file_key = None
    if manifest.encrypted:
        if not key:
            raise BackupError("this backup is encrypted: give its key (--key-file or CCHC_BACKUP_KEY_FILE)")
        file_key = _derive(key, bytes.fromhex(manifest.data["encryption"]["salt"]))
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
    db_file = manifest.data["database_file"]
    with tempfile.TemporaryDirectory(prefix="cchc-restore-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o700)
        plain_db = source / db_file
        if file_key:  # decrypt (and so authenticate) the database before writing anything
            plain_db = work / db_file
            _decrypt_file(source / db_file, plain_db, file_key, db_file)
        if engine == "sqlite":
            src = sqlite3.connect(plain_db)
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
                 *args, str(plain_db)],
                env=env, capture_output=True, text=True, timeout=3600,
            )  # fmt: skip
            if result.returncode != 0:
                raise BackupError("pg_restore failed: " + (result.stderr.strip().splitlines() or ["?"])[-1])
    media_root.mkdir(parents=True, exist_ok=True)
    prefix = MEDIA_DIR + "/"
    for rel in manifest.data["files"]:
        if not rel.startswith(prefix):
            continue
        dst = media_root / rel[len(prefix) :]
        dst.parent.mkdir(parents=True, exist_ok=True)
        if file_key:
            _decrypt_file(source / rel, dst, file_key, rel)
        else:
            shutil.copyfile(source / rel, dst)
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


# --- comparison (the operator's check after a restore, and the round-trip test) ----------------


def compare_installations(
    db_a: dict, db_b: dict, media_a: Path, media_b: Path, *, skip_tables=EPHEMERAL_TABLES
) -> list[str]:
    """Differences between two installations: every table's rows (but the ephemeral ones) and
    every media file's SHA-256. Empty list: identical."""
    problems = []
    ra, rb = _Reader(db_a), _Reader(db_b)
    with ra.connect() as ca, rb.connect() as cb:
        ta, tb = ra.tables(ca), rb.tables(cb)
        if ta != tb:
            problems.append(f"tables differ: {sorted(set(ta) ^ set(tb))}")
        for table in sorted(set(ta) & set(tb)):
            if table in skip_tables:
                continue
            rows_a, rows_b = ra.rows(ca, table), rb.rows(cb, table)
            if rows_a != rows_b:
                problems.append(f"{table}: {len(rows_a)} rows vs {len(rows_b)}, contents differ")

    def sums(root: Path) -> dict[str, str]:
        root = Path(root)
        if not root.is_dir():
            return {}
        return {p.relative_to(root).as_posix(): sha256_file(p) for p in root.rglob("*") if p.is_file()}

    fa, fb = sums(media_a), sums(media_b)
    for name in sorted(set(fa) | set(fb)):
        if fa.get(name) != fb.get(name):
            problems.append(f"media file {name}: differs or missing")
    return problems
