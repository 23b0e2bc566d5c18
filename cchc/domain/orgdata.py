"""Demo org trees (``cchc/orgs/data/units.csv``, ``groups.csv``) as plain Python records.

Units and groups are data, never code: districts were abolished on 2025-07-01 and provinces
merged, so every unit carries ``valid_from``/``valid_to`` and its successors.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path

from cchc.domain.resolver import Entry

DATA_DIR = Path(__file__).resolve().parent.parent / "orgs" / "data"

LEVELS = frozenset({"national", "province", "department", "district", "commune", "other"})
KINDS = frozenset(
    {
        "ministry",
        "province",
        "central_city",
        "department",
        "agency",
        "urban_district",
        "rural_district",
        "town",
        "provincial_city",
        "ward",
        "commune",
        "township",
        "special_zone",
        "press",
        "police",
        "tax",
        "customs",
        "treasury",
        "social_insurance",
        "bank",
        "mass_org",
        "council",
        "public_service_unit",
        "other",
    }
)
# What a district-level unit is called by its own plans ("UBND thành phố" in Vĩnh Yên's plan).
_LOCAL_SELF_NAMES = {
    "provincial_city": "Ủy ban nhân dân thành phố",
    "town": "Ủy ban nhân dân thị xã",
    "urban_district": "Ủy ban nhân dân quận",
    "rural_district": "Ủy ban nhân dân huyện",
}


@dataclass(frozen=True)
class Unit:
    """One row of units.csv."""

    code: str
    parent_code: str
    level: str
    kind: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    successor_codes: tuple[str, ...]

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Group:
    """One row of groups.csv: units of a province selected by level/kind, plus explicit members."""

    key: str
    province_code: str
    name: str
    aliases: tuple[str, ...]
    levels: tuple[str, ...]
    kinds: tuple[str, ...]
    member_codes: tuple[str, ...]

    @property
    def scope_code(self) -> str:
        """The unit whose plans use this group: the province, or a district ("VP-TP-VINHYEN")."""
        return self.key.split(":", 1)[0]


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value.strip() else None


def _records(path: Path, record: type, key: str, *, lists=(), dates=()) -> dict:
    """Each row of the CSV file at ``path`` as a ``record`` by its ``key`` column, in file order:
    the columns in ``lists`` split on "|", those in ``dates`` read as ISO dates (or None)."""

    def value(column: str, text: str):
        return _split(text) if column in lists else _date(text) if column in dates else text

    names = [f.name for f in fields(record)]
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: record(**{n: value(n, row[n]) for n in names}) for row in csv.DictReader(handle)}


@cache
def load_units(path: Path = DATA_DIR / "units.csv") -> dict[str, Unit]:
    """All units by code, in file order."""
    return _records(
        path, Unit, "code", lists=("aliases", "successor_codes"), dates=("valid_from", "valid_to")
    )


@cache
def load_groups(path: Path = DATA_DIR / "groups.csv") -> dict[str, Group]:
    """All groups by key, in file order."""
    return _records(path, Group, "key", lists=("aliases", "levels", "kinds", "member_codes"))


def province_of(code: str) -> str:
    """Code of the province a unit belongs to ("" for national bodies)."""
    units = load_units()
    unit = units[code]
    while unit.parent_code:
        unit = units[unit.parent_code]
    return unit.code if unit.level == "province" else ""


def get_group_members(group_key: str, on: date | None = None) -> list[str]:
    """Codes of the units a group stands for (on a date, if given): level/kind match plus members."""
    group = load_groups()[group_key]
    units = load_units()
    codes = [
        unit.code
        for unit in units.values()
        if unit.code != group.province_code
        and province_of(unit.code) == group.province_code
        and (group.levels or group.kinds)
        and (not group.levels or unit.level in group.levels)
        and (not group.kinds or unit.kind in group.kinds)
    ]
    codes += [code for code in group.member_codes if code in units and code not in codes]
    if on is not None:
        codes = [code for code in codes if units[code].valid_on(on)]
    return codes


def load_entries(scope_code: str, on: date | None = None) -> list[Entry]:
    """Resolver entries for plans of ``scope_code``: its province's units, national bodies, groups.

    ``scope_code`` is a province ("HP") or a district-level unit writing its own plan
    ("VP-TP-VINHYEN"): then its own groups replace the province's groups of the same name
    and "UBND thành phố" means that unit. ``on`` keeps only units valid on that date.
    """
    units = load_units()
    if scope_code not in units:
        raise KeyError(scope_code)
    province = province_of(scope_code)
    entries: list[Entry] = []
    for unit in units.values():
        if unit.level != "national" and province_of(unit.code) != province:
            continue
        if on is not None and not unit.valid_on(on):
            continue
        aliases = unit.aliases
        if unit.code == scope_code and unit.kind in _LOCAL_SELF_NAMES:
            aliases = (*aliases, _LOCAL_SELF_NAMES[unit.kind])
        entries.append(Entry(unit.code, unit.name, "unit", aliases, unit.short_name))
    groups = [g for g in load_groups().values() if g.province_code == province]
    local = {g.key.split(":", 1)[1]: g for g in groups if g.scope_code == scope_code != province}
    for group in groups:
        suffix = group.key.split(":", 1)[1]
        if group.scope_code not in (province, scope_code):
            continue
        if group.scope_code == province and suffix in local:
            continue
        entries.append(Entry(group.key, group.name, "group", group.aliases))
    return entries
