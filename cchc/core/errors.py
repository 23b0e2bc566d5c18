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
