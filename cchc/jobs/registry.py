"""The kinds of download that can be prepared in the background.

An app registers a kind in ``AppConfig.ready``::

    jobs.registry.register("reporting.consolidation", build_consolidation_file)

``build(user, params, progress) -> (filename, content_type, bytes)`` runs in the worker with
the requesting user, so it reads through the same scoped queries as the page (a user who lost
access in between gets a refusal, not the file). ``progress(percent, message)`` updates the bar.
"""

from __future__ import annotations

from collections.abc import Callable

Builder = Callable[..., tuple[str, str, bytes]]

_KINDS: dict[str, Builder] = {}


def register(kind: str, build: Builder) -> None:
    _KINDS[kind] = build


def builder(kind: str) -> Builder:
    return _KINDS[kind]


def known(kind: str) -> bool:
    return kind in _KINDS
