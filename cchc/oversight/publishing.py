"""The registry of publishable kinds: what the standing agency may make public, and how its
snapshot is built. A kind is offered only when its source app is installed (``available``).

Each builder returns JSON-ready data frozen into ``Publication.snapshot`` at publication time; the
public page renders that snapshot only (``templates/oversight/public/<kind>.html``), never a live
query, and carries no personal data (no user names: units, figures and dates only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.oversight import sources


@dataclass(frozen=True)
class Kind:
    key: str
    label: object
    build: Callable  # (province, year) -> dict | None
    available: Callable[[], bool]
    title: Callable  # (province, year) -> str
    refusal: Callable | None = None  # (province, year) -> [reason, …]; empty = may be published


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[Kind]:
    return [k for k in _KINDS.values() if k.available()]


def get_kind(key: str) -> Kind | None:
    k = _KINDS.get(key)
    return k if k is not None and k.available() else None


def label_of(key: str) -> str:
    k = _KINDS.get(key)
    return str(k.label) if k else key


def _plans_snapshot(province, year):
    # as known on the publication day (the snapshot is what was known when it was published)
    as_of = timezone.localdate()
    plans = sources.plan_completion(province, as_of, year)
    if not plans:
        return None
    return {"as_of": as_of.isoformat(), "year": year, "province": province.name, "plans": plans}


def _par_snapshot(province, year):
    snap = sources.par_results(province, year)
    if not snap or sources.par_publication_refusal(province, year):
        return None
    return {
        "year": year,
        "province": province.name,
        "decision_number": snap["campaign"].get("decision_number") or "",
        "decision_date": snap["campaign"].get("decision_date"),
        "blocks": snap["blocks"],
        "ranking": sources.ranking_rows(snap),  # flat rows, kept for older readers
    }


def _survey_snapshot(province, year):
    indices = sources.survey_indices(province, year)
    if not indices:
        return None
    return {
        "year": year,
        "province": province.name,
        "indices": [
            {"name": str(r.get("name") or r.get("code") or ""), "value": _s(r.get("value"))} for r in indices
        ],
    }


def _s(value):
    return None if value is None else str(value)


register_kind(
    Kind(
        key="plans",
        label=_("Kế hoạch CCHC và tỷ lệ hoàn thành"),
        build=_plans_snapshot,
        available=lambda: True,
        title=lambda p, y: (
            str(_("Kết quả thực hiện các kế hoạch cải cách hành chính năm %(year)s")) % {"year": y}
        ),
    )
)
register_kind(
    Kind(
        key="parindex",
        label=_("Kết quả, xếp hạng Chỉ số CCHC"),
        build=_par_snapshot,
        available=lambda: sources.installed("parindex"),
        title=lambda p, y: str(_("Kết quả xác định Chỉ số cải cách hành chính năm %(year)s")) % {"year": y},
        refusal=sources.par_publication_refusal,
    )
)
register_kind(
    Kind(
        key="surveys",
        label=_("Kết quả khảo sát sự hài lòng"),
        build=_survey_snapshot,
        available=lambda: sources.installed("surveys"),
        title=lambda p, y: (
            str(_("Kết quả khảo sát sự hài lòng của người dân, tổ chức năm %(year)s")) % {"year": y}
        ),
    )
)
