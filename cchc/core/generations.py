"""Cache generations every server process agrees on, and values cached under them.

A *generation* is a counter named for what a group of cached values depends on (``"public"``: the
published pages; ``"tracking:<province id>"``: a province's progress figures). A write that
changes the data bumps it; cached values carry the generation in their key, so after a bump no
process serves the old value, at once (not after a time-out).

Where the counter lives:

- with ``CCHC_REDIS_URL`` (several app machines): in Redis, beside the cached values;
- otherwise (the embedded default, one machine, several ``cchc serve`` processes each with its own
  local-memory cache): in a small file under ``var/cache-generations/``, which every process on
  the machine reads (one ``stat``-sized read per use) and a bump replaces atomically.

Bump inside the writing transaction *and* again after it commits (``bump`` does both): a value
computed by another process between the two is dropped too.

Besides the generations their owners name (the public pages, tracking's figures), every audited
write bumps the generation of its app's data in its province (:func:`data`, bumped by
``audit.recording.record`` in the writing transaction): a value computed from several apps'
data (the leaders' dashboard) is cached under :func:`data_of` those apps, so whichever of them
changes, the next request computes it again.

Values that decide access (a user's memberships and scopes, the login rules, the bell's count:
``cached(..., committed_only=True)``) are stored only when read outside a transaction: a
transaction that bumped the generation and then rolled back would otherwise leave what it read
(its own, never committed, rows) under the bumped generation.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

DAY = 24 * 3600


def shared() -> bool:
    """The cache itself is shared by every process (Redis), so the counters live there."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def _dir() -> Path:
    # created by the first bump (``_bump_now``), not on every read: a missing counter reads as 1
    return Path(settings.VAR_DIR) / "cache-generations"


def _file(name: str) -> Path:
    return _dir() / hashlib.sha256(name.encode()).hexdigest()[:32]


def current(name: str) -> int:
    if shared():
        # a counter Redis evicted or lost starts again at a value never used before (the time in
        # milliseconds), so a value cached under an earlier generation is never served again
        return int(cache.get_or_set(f"gen:{name}", lambda: time.time_ns() // 1_000_000, None) or 1)
    try:
        return int(_file(name).read_text() or 1)
    except (FileNotFoundError, ValueError):
        return 1


def current_many(names) -> list[int]:
    """:func:`current` of each of ``names`` (one round trip to a shared cache)."""
    names = list(names)
    if not shared():
        return [current(n) for n in names]
    found = cache.get_many([f"gen:{n}" for n in names])
    return [int(found.get(f"gen:{n}") or current(n)) for n in names]


def data(app_label: str, province_code: str = "") -> str:
    """The generation of ``app_label``'s data in the province of ``province_code``; ``""``: a
    write whose province is not known (every province's readers depend on it too)."""
    return f"data:{app_label}:{province_code or '*'}"


def data_of(app_labels, province_code: str) -> list[str]:
    """The generations a value computed from these apps' data in one province rests on: each
    app's generation in the province and its generation of writes without a known province."""
    return [name for app in app_labels for name in (data(app, province_code), data(app))]


def _bump_now(name: str) -> None:
    if shared():
        try:
            cache.incr(f"gen:{name}")
        except ValueError:  # lost or evicted: a value never used before, as ``current`` does
            cache.set(f"gen:{name}", time.time_ns() // 1_000_000, None)
        return
    path = _file(name)
    value = current(name) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gen-")
    with os.fdopen(fd, "w") as f:
        f.write(str(value))
    os.replace(tmp, path)  # atomic: readers see the old or the new value, never a torn one


def bump(*names: str) -> None:
    """A new generation of each name, now and again after the current transaction commits (once
    per transaction and name, however many writes of the transaction bump it)."""
    names = tuple(dict.fromkeys(n for n in names if n))
    for name in names:
        _bump_now(name)
    connection = transaction.get_connection()
    if not names or not connection.in_atomic_block:
        return
    pending = {
        n for _sids, func, _robust in connection.run_on_commit for n in getattr(func, "generations", ())
    }
    later = tuple(n for n in names if n not in pending)
    if later:

        def after_commit():
            for n in later:
                _bump_now(n)

        after_commit.generations = later
        transaction.on_commit(after_commit)


def cached(
    name: str | list[str] | tuple[str, ...],
    key: str,
    build,
    timeout: int = DAY,
    *,
    committed_only: bool = False,
):
    """``build()``, cached under the current generation of ``name`` (or of each of several names:
    a bump of any of them computes it again); ``key`` says what it is. ``committed_only``: a value
    read inside a transaction is returned but not stored (see the module's text)."""
    names = [name] if isinstance(name, str) else list(name)
    gens = ",".join(f"{n}={g}" for n, g in zip(names, current_many(names), strict=True))
    full = "gen:" + hashlib.sha256(f"{gens}|{key}".encode()).hexdigest()
    value = cache.get(full)
    if value is None:
        value = build()
        if not (committed_only and in_transaction()):
            cache.set(full, value, timeout)
    return value


def in_transaction() -> bool:
    """Inside an atomic block of the code. The blocks a test case opens around each test do not
    count (Django itself treats them as transparent: ``Atomic._from_testcase``), so the tests
    exercise the cached reads as the server makes them (each test starts with an empty cache)."""
    return any(
        not getattr(block, "_from_testcase", False) for block in transaction.get_connection().atomic_blocks
    )
