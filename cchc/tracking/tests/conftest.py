"""Tracking fixtures (the tracked plan ``plan_setup`` is shared: ``cchc.testing.fixtures``)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine


def pdf_bytes() -> bytes:
    from cchc.core.uploads import tiny_pdf

    return tiny_pdf("Quyet dinh 123")


@pytest.fixture
def today():
    return dt.date(2022, 6, 15)


@pytest.fixture
def frozen():
    """Time stands at 15/06/2022, 9:00 UTC (``today``)."""
    with time_machine.travel(dt.datetime(2022, 6, 15, 9, 0, tzinfo=dt.UTC), tick=False):
        yield
