"""The kinds of download that can be prepared in the background.

An app registers a kind in ``AppConfig.ready``::

    jobs.registry.register("reporting.consolidation", build_consolidation_file)

``build(user, params, progress) -> (filename, content_type, bytes)`` runs in the worker with
the requesting user, so it reads through the same scoped queries as the page (a user who lost
access in between gets a refusal, not the file). ``progress(percent, message)`` updates the bar.

``time_limit`` (seconds, default ``CCHC_JOB_TIME_LIMIT`` = 900) bounds one run (``cchc.jobs.lease``);
``idempotent`` kinds (a render: running it twice gives the same file) are queued once more when
their worker died, the others are marked failed.
"""

from __future__ import annotations

from collections.abc import Callable

Builder = Callable[..., tuple[str, str, bytes]]

_KINDS: dict[str, Builder] = {}
_LIMITS: dict[str, int | None] = {}
_IDEMPOTENT: dict[str, bool] = {}


def register(kind: str, build: Builder, *, time_limit: int | None = None, idempotent: bool = True) -> None:
    _KINDS[kind] = build
    _LIMITS[kind] = time_limit
    _IDEMPOTENT[kind] = idempotent


def time_limit(kind: str) -> int:
    from django.conf import settings

    return int(_LIMITS.get(kind) or getattr(settings, "CCHC_JOB_TIME_LIMIT", 900))


def idempotent(kind: str) -> bool:
    return _IDEMPOTENT.get(kind, False)


def builder(kind: str) -> Builder:
    return _KINDS[kind]


def known(kind: str) -> bool:
    return kind in _KINDS
