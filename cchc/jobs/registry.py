"""The kinds of background job. An app registers its kinds in ``AppConfig.ready``::

    jobs.registry.register("reporting.consolidation", build_consolidation_file)

``run(user, params, progress)`` runs in the worker with the requesting user, so it reads through
the same scoped queries as the page (a user who lost access in between gets a refusal, not the
file). It returns ``(filename, content_type, bytes)`` (the job's file, for the requester only) or
``None`` (a job whose effect is elsewhere, e.g. a dossier ingest). ``progress(percent, message)``
moves the bar (``cchc.jobs.runner.Progress``: also ``job_id``, ``link(url)``, ``on_interrupt``).

``time_limit`` (seconds, default ``CCHC_JOB_TIME_LIMIT`` = 900) bounds one run (``cchc.jobs.lease``);
``idempotent`` kinds (a render: running it twice gives the same file) are queued once more when
their worker died, the others are marked failed. ``on_fail(job)`` cleans up after a failure (an
ingest deletes its upload); ``failure_message`` is what the user reads after an unexpected error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

Run = Callable[..., "tuple[str, str, bytes] | None"]


@dataclass(frozen=True)
class Kind:
    name: str
    run: Run
    time_limit: Callable[[], int] | int | None = None
    idempotent: bool = True
    on_fail: Callable[[object], None] | None = None
    failure_message: object = _("Không chuẩn bị được tệp. Vui lòng thử lại hoặc báo quản trị hệ thống.")

    def limit(self) -> float:
        value = self.time_limit() if callable(self.time_limit) else self.time_limit
        return float(value or getattr(settings, "CCHC_JOB_TIME_LIMIT", 900))


_KINDS: dict[str, Kind] = {}


def register(
    kind: str,
    run: Run,
    *,
    time_limit: Callable[[], int] | int | None = None,
    idempotent: bool = True,
    on_fail: Callable[[object], None] | None = None,
    failure_message=None,
) -> None:
    extra = {"failure_message": failure_message} if failure_message else {}
    _KINDS[kind] = Kind(kind, run, time_limit, idempotent, on_fail, **extra)


def get(kind: str) -> Kind | None:
    return _KINDS.get(kind)


def known(kind: str) -> bool:
    return kind in _KINDS
