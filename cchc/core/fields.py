"""Model fields several apps declare the same way."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def user_ref() -> models.ForeignKey:
    """The user who did something to a row (created, loaded, approved, sent it…): empty when
    unknown or when the account is deleted, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
