"""Resolve a plan's lead/support mentions against the org tree in the database.

The plain-Python resolver (``cchc.domain.resolver``) knows nothing of the database; here its
entries are built from ``OrgUnit``/``OrgGroup`` rows (unit key = ``OrgUnit.code``, group key =
``OrgGroup.key``), mirroring ``cchc.domain.orgdata.load_entries`` for the CSV demo data:
the province's units valid at the plan date, national bodies, and the province's groups; when
a district-level unit issues its own plan, its own groups replace the province's groups of the
same name and "UBND thành phố" means that unit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Q

from cchc.domain.orgdata import _LOCAL_SELF_NAMES
from cchc.domain.planparse.units import is_unresolved, unit_mentions
from cchc.domain.resolver import Entry, Resolver, unresolved_mention
from cchc.orgs.models import Level, OrgGroup, OrgUnit


@dataclass
class OrgIndex:
    """The units and groups a plan of one province may name, by key, plus the resolver over them."""

    province: OrgUnit
    scope: OrgUnit
    units: dict[str, OrgUnit] = field(default_factory=dict)
    groups: dict[str, OrgGroup] = field(default_factory=dict)
    resolver: Resolver | None = None

    def choices(self) -> list[tuple[str, str]]:
        """(``unit:CODE`` / ``group:KEY``, label) pairs for mapping an unresolved mention."""
        out = [(f"group:{k}", g.name) for k, g in sorted(self.groups.items(), key=lambda kv: kv[1].name)]
        out += [
            (f"unit:{k}", u.name if u.level != Level.NATIONAL else f"{u.name} (TW)")
            for k, u in sorted(
                self.units.items(), key=lambda kv: (kv[1].level != Level.DEPARTMENT, kv[1].name)
            )
        ]
        return out


def _valid(qs, at: dt.date | None):
    return qs.valid_at(at or dt.date.today())


def org_index(province: OrgUnit, at: dt.date | None = None, *, scope: OrgUnit | None = None) -> OrgIndex:
    """Entries of the org tree for plans of ``province`` (issued on ``at``; None = today's tree).

    ``scope`` is the issuing unit when it is a district-level unit writing its own plan.
    """
    scope = scope or province
    units_qs = _valid(OrgUnit.objects.filter(Q(province=province) | Q(level=Level.NATIONAL)), at)
    units = {u.code: u for u in units_qs}
    units[province.code] = province
    groups_all = list(OrgGroup.objects.filter(province=province))

    def scope_code(g: OrgGroup) -> str:
        return g.key.split(":", 1)[0]

    local = {
        g.key.split(":", 1)[-1]: g
        for g in groups_all
        if scope_code(g) == scope.code and scope.pk != province.pk
    }
    groups: dict[str, OrgGroup] = {}
    for g in groups_all:
        sc = scope_code(g)
        suffix = g.key.split(":", 1)[-1]
        if sc not in (province.code, scope.code):
            continue
        if sc == province.code and suffix in local and sc != scope.code:
            continue
        groups[g.key] = g

    entries: list[Entry] = []
    for u in units.values():
        aliases = tuple(u.aliases or ())
        if u.pk == scope.pk and u.kind in _LOCAL_SELF_NAMES:
            aliases = (*aliases, _LOCAL_SELF_NAMES[u.kind])
        entries.append(Entry(u.code, u.name, "unit", aliases, u.short_name or ""))
    for g in groups.values():
        entries.append(Entry(g.key, g.name, "group", tuple(g.aliases or ())))
    return OrgIndex(province=province, scope=scope, units=units, groups=groups, resolver=Resolver(entries))


def resolver_for_province(
    province: OrgUnit, at: dt.date | None = None, *, scope: OrgUnit | None = None
) -> Resolver:
    """A name resolver over the province's org tree as it was on ``at``."""
    return org_index(province, at, scope=scope).resolver


def plan_date(interchange: dict) -> dt.date | None:
    """The day whose org tree the plan names: its issue date, else 1 January of its first year
    (a draft without a date), else None (today's tree)."""
    doc = interchange.get("document") or {}
    try:
        if doc.get("date"):
            return dt.date.fromisoformat(doc["date"])
        if doc.get("period_start"):
            return dt.date(int(doc["period_start"]), 1, 1)
    except (TypeError, ValueError):
        pass
    return None


def _blank(text: str) -> dict:
    return unresolved_mention(text)


def set_target(mention: dict, index: OrgIndex, choice: str) -> bool:
    """Point a mention at ``unit:CODE`` / ``group:KEY`` (a choice from :meth:`OrgIndex.choices`)."""
    kind, _, key = choice.partition(":")
    if kind == "unit" and key in index.units:
        u = index.units[key]
        mention.update(unit=u.name, unit_code=u.code, group=None, group_key=None, confidence=1.0)
        return True
    if kind == "group" and key in index.groups:
        g = index.groups[key]
        mention.update(unit=None, unit_code=None, group=g.name, group_key=g.key, confidence=1.0)
        return True
    return False


def _check_keys(mention: dict, index: OrgIndex) -> None:
    """Drop keys that do not exist in this database (an interchange made against other data)."""
    if mention.get("unit_code") and mention["unit_code"] not in index.units:
        mention.update(unit=None, unit_code=None)
    if mention.get("group_key") and mention["group_key"] not in index.groups:
        mention.update(group=None, group_key=None)


def resolve_mentions(text: str, index: OrgIndex) -> list[dict]:
    """Split and resolve a lead/support cell as typed by a person."""
    found = unit_mentions(text, index.resolver)
    for m in found:
        _check_keys(m, index)
    return found


def apply_resolution(interchange: dict, index: OrgIndex) -> dict:
    """Fill unit/unit_code/group/group_key of every unresolved mention (in place) and recompute
    ``unresolved``. Mentions already resolved to keys of this database are left alone."""
    unresolved: list[str] = []
    for task in interchange.get("tasks") or []:
        for role in ("lead", "support"):
            for m in task.get(role) or []:
                for k, v in _blank(m.get("text", "")).items():
                    m.setdefault(k, v)
                _check_keys(m, index)
                if is_unresolved(m) and index.resolver is not None and m.get("text"):
                    hit = index.resolver.resolve_one(m["text"])
                    if hit.key is not None:
                        set_target(m, index, f"{'group' if hit.kind == 'group' else 'unit'}:{hit.key}")
                        m["confidence"] = float(hit.confidence)
                    m["vague"] = bool(m.get("vague") or hit.vague)
                if is_unresolved(m) and not m.get("vague") and m["text"] not in unresolved:
                    unresolved.append(m["text"])
    interchange["unresolved"] = unresolved
    return interchange


def mention_counts(interchange: dict) -> tuple[int, int]:
    """(resolved, unresolved) mention counts over all tasks. Vague catch-alls ("các cơ quan liên
    quan") are neither: kept and shown, but nothing the standing agency can map."""
    resolved = unresolved = 0
    for task in interchange.get("tasks") or []:
        for m in (task.get("lead") or []) + (task.get("support") or []):
            if m.get("unit") or m.get("group"):
                resolved += 1
            elif not m.get("vague"):
                unresolved += 1
    return resolved, unresolved


_PROVINCE_PREFIX = re.compile(r"^(?:thanh pho|tinh|tp\.?)\s+")


def find_province(text: str) -> OrgUnit | None:
    """A province by code ("HP") or by name, accent- and case-insensitively ("hai phong",
    "Thành phố Hải Phòng", "Ủy ban nhân dân thành phố Hải Phòng")."""
    from cchc.domain.text import fold

    text = (text or "").strip()
    if not text:
        return None
    provinces = list(OrgUnit.objects.filter(level=Level.PROVINCE))
    for p in provinces:
        if p.code.lower() == text.lower():
            return p
    key = fold(text)
    for p in provinces:
        names = [fold(n) for n in (p.name, p.short_name, *(p.aliases or [])) if n]
        names += [_PROVINCE_PREFIX.sub("", n) for n in names]
        if key in names or _PROVINCE_PREFIX.sub("", key) in names:
            return p
    # the issuer line names the province at its end ("UBND thành phố Hải Phòng")
    best = None
    for p in provinces:
        for n in [p.short_name, p.name, _PROVINCE_PREFIX.sub("", fold(p.name))]:
            if n and (key.endswith(" " + fold(n)) or key == fold(n)):
                if best is None or len(n) > len(best[1]):
                    best = (p, n)
    return best[0] if best else None


def guess_province(interchange: dict) -> tuple[OrgUnit | None, OrgUnit | None]:
    """(province, issuing district-level unit or None) of a parsed plan, from its issuer/place.

    "UBND thành phố Hải Phòng" gives (Hải Phòng, None); "UBND thành phố Vĩnh Yên" gives
    (Vĩnh Phúc, Thành phố Vĩnh Yên) when the district is in the org tree.
    """
    from cchc.domain.text import fold

    doc = interchange.get("document") or {}
    texts = [t for t in (doc.get("issuer"), doc.get("place")) if t]
    for text in texts:
        found = find_province(text)
        if found is not None:
            return found, None
    at = plan_date(interchange) or dt.date.today()
    districts = OrgUnit.objects.filter(level=Level.DISTRICT).valid_at(at).select_related("province")
    for text in texts:
        key = fold(text)
        for d in districts:
            if d.province is not None and (key.endswith(fold(d.name)) or key == fold(d.name)):
                return d.province, d
    return None, None
