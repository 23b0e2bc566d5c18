"""Figures the platform computes from its own modules: a registry the feature apps fill.

An indicator of kind ``computed`` names its source (``Indicator.computed_source``, one of
``cchc.domain.indicatorsets.COMPUTED_SOURCES``); the app that owns the data behind a source
registers a provider for it in its ``AppConfig.ready()``::

    figures.register("sipas.index", sipas_index, label="Khảo sát sự hài lòng (SIPAS) trên nền tảng")

A provider is ``provider(unit, year) -> Reading``: it reads its own app's models and answers the
value with what it rests on. The indicators app reads every source through :func:`read`, so it
never imports the apps that own the data (they are its peers or above it).

Two figures go through here for the same reason: the one-stop-shop dossier counts, which
indicators owns and its peer surveys reads (a survey's population N), and the inspection counts,
which oversight owns and reporting (a layer below it) reads for a report's annex.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class Reading:
    """A computed value with what it rests on: its numerator and denominator when it is a share
    (so attainment pools Σnum/Σden across units), a sentence saying where it comes from, and the
    inputs behind it (shown from the value on the indicator and target pages)."""

    value: Decimal | None
    label: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    inputs: list[dict] = field(default_factory=list)  # {"label", "value", "detail"}
    url: str = ""


Provider = Callable[[Any, int], Reading]

_PROVIDERS: dict[str, Provider] = {}
_LABELS: dict[str, str] = {}


def register(code: str, provider: Provider, *, label: str) -> Provider:
    """Make ``provider`` answer the source ``code``; ``label`` names the source on pages."""
    _PROVIDERS[code] = provider
    _LABELS[code] = label
    return provider


def no_data(label: str) -> Reading:
    """A reading without a value ("chưa có số liệu"), saying why."""
    return Reading(None, label)


def share(numerator: int | Decimal, denominator: int | Decimal, label: str, inputs: list[dict]) -> Reading:
    """A share in per cent (``denominator`` > 0) with its numerator and denominator, so that
    attainment can pool it across units."""
    num, den = Decimal(numerator), Decimal(denominator)
    return Reading(num / den * 100, label, numerator=num, denominator=den, inputs=inputs)


def read(code: str, unit: Any, year: int) -> Reading:
    """The source's reading for ``unit`` (an ``OrgUnit``) in ``year``; an unknown source: no data."""
    provider = _PROVIDERS.get(code)
    if provider is None:
        return no_data(f"Không có nguồn tính “{code}”")
    return provider(unit, year)


def label(code: str) -> str:
    """The source's name on pages ("" for an unknown source)."""
    return _LABELS.get(code, "")


def codes() -> list[str]:
    """The registered sources."""
    return sorted(_PROVIDERS)


def source_apps() -> list[str]:
    """The labels of the apps whose providers are registered: a value computed from the sources
    rests on their data (cached under ``core.generations.data_of`` them)."""
    from django.apps import apps

    found = (apps.get_containing_app_config(p.__module__) for p in _PROVIDERS.values())
    return sorted({config.label for config in found if config is not None})


def province_of(unit: Any) -> Any:
    """The province a unit belongs to (the unit itself for a province)."""
    return unit if unit.level == "province" else (unit.province_root or unit)


# --- figures one app provides to the apps beside or below it -----------------------------
# The app that owns the data provides the one function (``provide_*`` in its ready()); the asking
# app reads it here, never the owner (a peer, or a layer above it). No provider: no figures.

DossierCounts = Callable[[Any, dt.date, dt.date], dict[int, int]]
InspectionFigures = Callable[[Any, dt.date, dt.date], "dict[str, int] | None"]
_PROVIDED: dict[str, Callable] = {}


def provide_dossiers_received(func: DossierCounts) -> DossierCounts:
    """The indicators app (its monthly dossier statistics) answers :func:`dossiers_received`."""
    _PROVIDED["dossiers_received"] = func
    return func


def dossiers_received(units: Any, first: dt.date, last: dt.date) -> dict[int, int]:
    """unit id → dossiers received in the whole months of [first, last] by the unit and the units
    under it. Units without any count are absent (unknown, not 0); no provider: no counts."""
    func = _PROVIDED.get("dossiers_received")
    return func(units, first, last) if func else {}


def provide_inspection_figures(func: InspectionFigures) -> InspectionFigures:
    """The oversight app (its inspection programmes) answers :func:`inspection_figures`."""
    _PROVIDED["inspection_figures"] = func
    return func


def inspection_figures(organiser: Any, span_from: dt.date, span_to: dt.date) -> dict[str, int] | None:
    """The CCHC inspections of the programmes ``organiser`` runs over the span's years
    (``inspections_planned``, ``inspections_done``); ``None`` without a programme or a provider."""
    func = _PROVIDED.get("inspection_figures")
    return func(organiser, span_from, span_to) if func else None
