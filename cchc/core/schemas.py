"""The API's error body, one shape for every router (docs/architecture.md, "API errors").

django-ninja names an OpenAPI component by the schema class's name alone, so two apps each
declaring an ``ErrorOut`` of their own made one replace the other in the published schema; every
router uses this one (``cchc/core/tests/test_api_schema_names.py`` guards the names)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Every error body: a message for people, a machine ``code`` and ``details`` when known."""

    message: str
    code: str | None = None
    details: Any = None
