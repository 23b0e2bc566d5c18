"""Tracking fixtures (the tracked plan ``plan_setup`` is shared: ``cchc.testing.fixtures``)."""

from __future__ import annotations

import datetime as dt

import pytest


def pdf_bytes() -> bytes:
    from cchc.tracking.evidence import tiny_pdf

    return tiny_pdf("Quyet dinh 123")


@pytest.fixture
def today():
    return dt.date(2022, 6, 15)
