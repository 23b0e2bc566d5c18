"""Domain exceptions raised by action functions; translated to a message once, at the edge."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken: the message is user-facing (already translated where it is raised)."""

    def __init__(self, message, *, code: str = "invalid", details: list | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.details = details or []


class ConflictError(DomainError):
    """Someone else changed the record first (optimistic locking)."""

    def __init__(self, message, **kw):
        super().__init__(message, code="conflict", **kw)


# The permission errors pages translate (404 / 403). ``accounts.policy`` owns its ``NotFound`` and
# ``Forbidden`` and registers them here in ``AccountsConfig.ready`` (the kernel imports no app).
NOT_FOUND: list[type[Exception]] = []
FORBIDDEN: list[type[Exception]] = []


def register_page_errors(*, not_found: type[Exception], forbidden: type[Exception]) -> None:
    """Pages answer ``not_found`` with 404 and ``forbidden`` with 403 (``core.pages``)."""
    if not_found not in NOT_FOUND:
        NOT_FOUND.append(not_found)
    if forbidden not in FORBIDDEN:
        FORBIDDEN.append(forbidden)
