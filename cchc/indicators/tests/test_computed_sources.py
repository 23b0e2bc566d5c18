"""Every computed source an indicator set may name has a provider in ``cchc.core.figures``,
registered by the app that owns its data."""

from __future__ import annotations

from cchc.core import figures
from cchc.domain.indicatorsets import COMPUTED_SOURCES


def test_every_computed_source_is_registered_with_a_label():
    assert figures.codes() == sorted(COMPUTED_SOURCES)
    assert all(figures.label(code) for code in COMPUTED_SOURCES)


def test_an_unknown_source_has_no_data():
    reading = figures.read("no.such_source", None, 2022)
    assert reading.value is None
    assert "no.such_source" in reading.label
