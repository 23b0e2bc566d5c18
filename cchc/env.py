"""Typed readers for settings that come from environment variables.

Each helper rejects a malformed value with ``ImproperlyConfigured`` instead of guessing.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, base_dir: Path, var_dir: Path | None = None) -> dict:
    """Django ``DATABASES['default']`` from ``sqlite:///PATH`` or ``postgresql://…``.

    An empty URL means the embedded default: SQLite in ``<var_dir>/cchc.sqlite3`` (WAL mode;
    ``var_dir`` defaults to ``<base_dir>/var``). Relative SQLite paths are relative to ``base_dir``.
    """
    sqlite_options = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if not url:
        path = (var_dir or base_dir / "var") / "cchc.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": sqlite_options}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/or/absolute: everything after "sqlite://" minus one slash
        raw_path = url[len("sqlite://") :]
        if raw_path.startswith("/"):
            raw_path = raw_path[1:] if not raw_path.startswith("//") else raw_path[1:]
        if not raw_path:
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file path")
        path = Path(raw_path) if Path(raw_path).is_absolute() else base_dir / raw_path
        if raw_path != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": sqlite_options}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL needs a database name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            # JIT compilation costs more than it saves on the platform's short queries (measured:
            # +0,9 s on the state counts, +3,7 s on the plan page at seed-scale 10); see
            # docs/operations.md
            "OPTIONS": {"options": "-c jit=off"},
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported (sqlite, postgresql)")
