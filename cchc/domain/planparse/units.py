"""Lead/support cells and phrases → unit mentions ``{text, unit, unit_code, group, group_key,
confidence, vague}``, through the org resolver when one is given."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cchc.domain.resolver import split_mentions
from cchc.domain.text import clean, fold

_HEAD = re.compile(
    r"^(?!xa hoi)(cac|moi(?! truong)|tung|so|phong|ban|van phong|uy ban|ubnd|cuc|chi cuc|thanh tra|cong an|trung tam|hoi|"
    r"bao|dai|kho bac|ngan hang|cong thong tin|quan|huyen|thi xa|xa|phuong|thi tran|bo|doan|vien|"
    r"co quan|don vi|benh vien|truong|hoi dong|mat tran|chi nhanh|cuc thue|dia phuong)\b"
)
_VAGUE = re.compile(r"^(cac|moi|tung)\b|lien quan|co lien quan|dia phuong|don vi|co quan")


def _split_fallback(text: str) -> list[str]:
    return list(_split_cached(text))


@lru_cache(maxsize=16384)
def _split_cached(text: str) -> tuple[str, ...]:
    return tuple(_split_uncached(text))


def _split_uncached(text: str) -> list[str]:
    try:
        parts = split_mentions(text)
    except Exception:
        return [text]
    spans = []
    for p in parts:
        if isinstance(p, tuple):
            spans.append((p[1], p[2]))
    cleaned = clean(text)
    if not spans:
        out = [clean(p if isinstance(p, str) else getattr(p, "text", str(p))) for p in parts]
        return [p for p in out if p] or [text]
    # the naive split cuts names at "và"/","; re-join atoms that cannot start a unit name
    merged: list[list[int]] = []
    for s, e in spans:
        atom = fold(cleaned[s:e])
        raw = cleaned[s:e].strip()
        generic = raw[:1].islower() and len(raw.split()) <= 3 and not atom.startswith("cac ")
        joined_office = bool(merged) and re.search(
            r"van phong (hdnd|hoi dong nhan dan)\s*$", fold(cleaned[merged[-1][0] : s]).rstrip(" ,va")
        )  # "Văn phòng HĐND và UBND huyện" is one office
        if merged and (not _HEAD.match(atom) or generic or joined_office):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return [clean(cleaned[s:e]).strip(" ,;") for s, e in merged if cleaned[s:e].strip()] or [text]


def unit_mentions(text: str | None, resolver: Any = None) -> list[dict]:
    """Mentions in a lead/support cell. Without a resolver the cell is split (when the resolver
    module is installed) and every mention is kept unresolved."""
    s = clean((text or "").strip(" -+.;:,"))
    if not s:
        return []
    if resolver is not None:
        try:
            found = resolver.resolve(s)
        except Exception:
            found = None
        if found:
            return _collectives(s, [_from_mention(m) for m in found])
    return [
        {
            "text": p,
            "unit": None,
            "unit_code": None,
            "group": None,
            "group_key": None,
            "confidence": 0.0,
            "vague": bool(_VAGUE.search(fold(p))),
        }
        for p in _split_fallback(s)
    ]


def _collectives(text: str, mentions: list[dict]) -> list[dict]:
    """One collective, not fragments: "Các phòng chức năng, đơn vị trực thuộc" and "các phòng,
    ban, đơn vị" name one group of units; the resolver splits them at the commas into "Các
    phòng", "ban", "đơn vị" (fragments that are no unit names). A collective ("các …") that is
    no unit swallows the lower-case, short, unresolved mentions after it."""
    out: list[dict] = []
    cursor = 0
    spans: list[tuple[int, int]] = []
    for m in mentions:
        k = text.find(m["text"], cursor)
        if k < 0:
            return mentions  # the resolver rewrote a text: leave its mentions alone
        spans.append((k, k + len(m["text"])))
        cursor = k + len(m["text"])
    start_of: list[int] = []
    for m, (a, b) in zip(mentions, spans, strict=True):
        prev = out[-1] if out else None
        fragment = (
            m["unit"] is None
            and m["group"] is None
            and m["text"][:1].islower()
            and len(m["text"].split()) <= 4
        )
        if prev is not None and fragment and prev.get("_collective"):
            prev["text"] = text[start_of[-1] : b].strip(" ,;")
            prev["vague"] = prev["vague"] or prev["group"] is None
            continue
        m = dict(m)
        if m["unit"] is None and fold(m["text"]).startswith("cac "):
            m["_collective"] = True
        out.append(m)
        start_of.append(a)
    for m in out:
        if m.pop("_collective", None) and m["group"] is None:
            m["vague"] = True  # a category of units, not a name to resolve
    return out


def _from_mention(m: Any) -> dict:
    kind = (getattr(m, "kind", "") or "").lower()
    key = getattr(m, "key", None)
    name = getattr(m, "name", None)
    is_group = kind.startswith("group") or kind in ("set", "category")
    resolved = key is not None and kind not in ("unresolved", "unknown")
    return {
        "text": clean(getattr(m, "text", "") or ""),
        "unit": name if resolved and not is_group else None,
        "unit_code": key if resolved and not is_group else None,
        "group": name if resolved and is_group else None,
        "group_key": key if resolved and is_group else None,
        "confidence": float(getattr(m, "confidence", 0.0) or 0.0),
        "vague": bool(getattr(m, "vague", False)),
    }


def is_unresolved(m: dict) -> bool:
    return m["unit"] is None and m["group"] is None
