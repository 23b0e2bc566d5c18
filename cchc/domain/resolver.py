"""Resolve free-text lead (Chủ trì) and coordinating (Phối hợp) cells to units and groups.

Plans name agencies loosely: abbreviations (``Sở TT&TT``, ``UBND cấp huyện``), typos from
scanned text (``Sở Thòng tin``), lists joined by commas and ``và`` where official names
themselves contain commas and ``và`` (``Sở Văn hóa, Thể thao và Du lịch``). The resolver
therefore splits a cell into atoms at every separator and then re-merges adjacent atoms
when the merged text is a better known name (a small dynamic programme over the atoms).

A mention that matches nothing stays in the result with ``key=None``: the importer shows
it to a person instead of guessing. Catch-alls such as ``các cơ quan, đơn vị có liên quan``
are kept and flagged ``vague``. A piece that cannot start an agency's name (``bồi dưỡng``,
``thể thao thành phố``, ``soạn thảo văn bản QPPL``) is joined to the mention before it in the
same list item, so an unknown name with commas stays one mention and what a plan says a unit
does stays in that unit's text; nothing is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from cchc.domain.text import clean, fold

__all__ = ["Entry", "Mention", "Resolver", "is_every_unit", "name_key", "split_mentions"]


@dataclass(frozen=True)
class Entry:
    """One thing a mention can resolve to: an org unit or a group of units."""

    key: str
    name: str
    kind: str  # "unit" | "group"
    aliases: tuple[str, ...] = ()
    short_name: str = ""


# Longest text the resolver splits (see Resolver.resolve).
MAX_CELL_CHARS = 4000


@dataclass(frozen=True)
class Mention:
    """One agency mention found in a cell, resolved or not."""

    text: str
    key: str | None
    kind: str | None
    name: str | None
    confidence: float
    start: int
    end: int
    vague: bool = False
    candidates: tuple[str, ...] = ()  # set when the text matched several entries equally


# --------------------------------------------------------------------------- name keys

# Applied to folded text (lower case, no accents, đ -> d), longest first.
_ABBREVIATIONS: list[tuple[str, str]] = [
    (
        r"vh\s*,\s*tt\s*&\s*dl|vh\s*-\s*tt\s*&\s*dl|vhttdl|vh\s*,\s*tt\s*va\s*dl",
        "van hoa the thao va du lich",
    ),
    (r"ld\s*-?\s*tb\s*&\s*xh|ldtbxh|ld\s*,\s*tb\s*&\s*xh", "lao dong thuong binh va xa hoi"),
    (r"nn\s*&\s*ptnt|nnptnt", "nong nghiep va phat trien nong thon"),
    (r"tt\s*&\s*tt|tttt", "thong tin va truyen thong"),
    (r"kh\s*&\s*dt|khdt", "ke hoach va dau tu"),
    (r"kh\s*&\s*cn|khcn", "khoa hoc va cong nghe"),
    (r"tn\s*&\s*mt|tnmt", "tai nguyen va moi truong"),
    (r"gd\s*&\s*dt|gddt", "giao duc va dao tao"),
    (r"nn\s*&\s*mt", "nong nghiep va moi truong"),
    (r"vh\s*&\s*tt", "van hoa va the thao"),
    (r"pt\s*[-&]\s*th|ptth", "phat thanh va truyen hinh"),
    (r"ubmttqvn", "uy ban mat tran to quoc viet nam"),
    (r"ubmttq", "uy ban mat tran to quoc"),
    (r"mttqvn", "mat tran to quoc viet nam"),
    (r"mttq", "mat tran to quoc"),
    (r"ubnd", "uy ban nhan dan"),
    (r"hdnd", "hoi dong nhan dan"),
    (r"gtvt", "giao thong van tai"),
    (r"cchc", "cai cach hanh chinh"),
    (r"tthc", "thu tuc hanh chinh"),
    (r"bhxh", "bao hiem xa hoi"),
    (r"kbnn", "kho bac nha nuoc"),
    (r"nhnn", "ngan hang nha nuoc"),
    (r"ttdt", "thong tin dien tu"),
    (r"dvc", "dich vu cong"),
    (r"tp", "thanh pho"),
    (r"vp", "van phong"),
    (r"(?<=so )nv|(?<=phong )nv", "noi vu"),
]
# One pass over the text, the alternatives tried in the order above (longest first).
_ABBR_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(f"(?P<a{i}>{pat})" for i, (pat, _) in enumerate(_ABBREVIATIONS))
    + r")(?![a-z0-9])"
)
_ABBR_REPLACEMENTS = {f"a{i}": rep for i, (_, rep) in enumerate(_ABBREVIATIONS)}
# "CA thành phố" is the police; "cá nhân" folds to "ca nhan", so only before a place word.
_POLICE_RE = re.compile(r"^ca(?= (?:thanh pho|tinh|quan|huyen)\b|$)")
_TITLE_RE = re.compile(r"^(?:de nghi|thu truong|chu tich|giam doc|lanh dao|truong(?= cac\b))\s+")
_PUNCT_RE = re.compile(r"[^a-z0-9 ]+")
_FILLER_RE = re.compile(r"\b(?:co lien quan|lien quan|cac|cap|tat ca|nhung)\b")
# "… thành phố", "… của tỉnh", "… (đóng) trên địa bàn (thành phố)": the plan's own province.
_LOCALITY_SUFFIX_RE = re.compile(
    r"(?:(?: dong)? tren dia ban| cua| thuoc)? (?:thanh pho|tinh)$|(?: dong)? tren dia ban$"
)
# A key that would mean everything once stripped of its place word.
_GENERIC_HEADS = frozenset({"uy ban nhan dan", "hoi dong nhan dan", "so", "phong", "ban", "van phong"})


@lru_cache(maxsize=65536)
def unresolved_mention(text: str, *, vague: bool = False) -> dict:
    """A lead/support mention of the ``cchc.plan/1`` interchange that names no unit or group yet."""
    return {
        "text": text,
        "unit": None,
        "unit_code": None,
        "group": None,
        "group_key": None,
        "confidence": 0.0,
        "vague": vague,
    }


def name_key(text: str) -> str:
    """Comparison key of an agency name: folded, abbreviations expanded, filler words dropped.

    ``"Các Sở TT&TT"`` -> ``"so thong tin va truyen thong"``;
    ``"UBND cấp huyện"`` -> ``"uy ban nhan dan huyen"``.
    """
    key = fold(text)
    key = _ABBR_RE.sub(lambda m: _ABBR_REPLACEMENTS[m.lastgroup], key)
    key = _POLICE_RE.sub("cong an", key)
    key = key.replace("&", " va ")
    key = _PUNCT_RE.sub(" ", key)
    key = _TITLE_RE.sub("", " ".join(key.split()))
    key = _FILLER_RE.sub(" ", key)
    return " ".join(key.split())


@lru_cache(maxsize=65536)
def _strip_locality(key: str) -> str:
    """Drop a trailing "thành phố"/"tỉnh" ("Thanh tra thành phố" -> "thanh tra"), unless too generic."""
    stripped = _LOCALITY_SUFFIX_RE.sub("", key).strip()
    if not stripped or stripped in _GENERIC_HEADS:
        return key
    return stripped


# --------------------------------------------------------------------------- vague catch-alls

_VAGUE_CORE = ("co quan", "don vi", "to chuc", "ca nhan", "dia phuong", "doan the")
_VAGUE_WORDS = re.compile(
    r"\b(?:co quan|don vi|to chuc|ca nhan|dia phuong|doanh nghiep|hoi|doan the|khac|quan|va|nganh|"
    r"tren dia ban|thanh pho|tinh|de nghi)\b"
)


# "các cơ quan, đơn vị quản lý CB, CC, VC theo thẩm quyền": a catch-all qualified by what the
# bodies do, not by a name.
_VAGUE_QUALIFIED_RE = re.compile(
    r"^(?:(?:co quan|don vi|to chuc|dia phuong) )+(?:quan ly|thuc hien|duoc giao|duoc phan cong|tham gia|"
    r"phu trach|co tham quyen|theo tham quyen|truc thuoc)\b"
)


_NAMED_BODY_RE = re.compile(
    r"\b(?:so|phong|ban|cuc|uy ban|van phong|trung tam|cong an|thanh tra|hoi dong|mat tran|bao|dai|cong)\b"
)


def _is_vague(key: str) -> bool:
    """True for catch-alls like "các cơ quan, đơn vị có liên quan" (key already without filler)."""
    if not key or not any(core in key for core in _VAGUE_CORE):
        return False
    if not _VAGUE_WORDS.sub(" ", key).strip():
        return True
    qualified = _VAGUE_QUALIFIED_RE.match(key)
    return bool(qualified) and not _NAMED_BODY_RE.search(key, qualified.end())


# "các cơ quan, đơn vị" with nothing that narrows it: every unit the plan addresses.
_EVERY_UNIT_STRICT = re.compile(
    r"^(?:tat ca |moi )?(?:cac )?co quan,? (?:va )?don vi(?:,? (?:va )?(?:cac )?dia phuong)?"
    r"(?: (?:hanh chinh )?(?:nha nuoc )?)?(?: tren dia ban(?: (?:thanh pho|tinh)(?: [a-z ]+)?)?)?$"
)

_NARROWED_RE = re.compile(
    r"\b(?:lien quan|duoc giao|duoc phan cong|tham quyen|quan ly|thuc hien|phu trach|chu tri|tham gia|truc thuoc)\b"
)


def is_every_unit(text: str) -> bool:
    """True for a catch-all that names no restriction: "các cơ quan, đơn vị", "Tất cả các cơ quan,
    đơn vị trên địa bàn tỉnh", "các cơ quan, đơn vị, địa phương". False when it is narrowed
    ("… có liên quan", "… được giao", "… quản lý CB, CC, VC theo thẩm quyền") or shorter
    ("các cơ quan", "các đơn vị"): those wait for the standing agency to say which units."""
    key = re.sub(r"\s+", " ", fold(clean(text or "")).replace(";", ",")).strip(" .,:")
    if _NARROWED_RE.search(key):
        return False
    return bool(_EVERY_UNIT_STRICT.match(key))


# --------------------------------------------------------------------------- splitting

# Hard separators never occur inside a name.
_HARD_SEP_RE = re.compile(
    r"\s*(?:;|\n|\r|(?:^|(?<=[.;,:]))\s*[-–•+*]\s+|(?<=[a-zà-ỹ)])\.\s+(?=\S)|\bphối hợp với\b|\bphối hợp\b"
    r"|\bchủ trì,?\b|\(|\)|\[\d+\])\s*",
    re.IGNORECASE,
)
# Soft separators may occur inside a name; atoms between them are re-merged by the resolver.
_SOFT_SEP_RE = re.compile(r"\s*(?:,|/|\s(?:và|với)\s|:)\s*", re.IGNORECASE)
_TRIM = " .,;:-–•+*\t\"'“”"
# "Các Sở: Xây dựng, Tài chính, ..." distributes the head over the following items.
_DISTRIBUTIVE_RE = re.compile(r"(?:^|\s)(?:các\s+)?(sở|phòng)$", re.IGNORECASE)

# "06 đơn vị sự nghiệp thuộc Sở: Xây dựng, ...": the head word is part of this atom's text.
_NEEDS_OBJECT_RE = re.compile(r"\b(?:thuoc|cua|truc thuoc)$")

_MAX_RUN_ATOMS = 7  # longest official name has 4 atoms ("Sở Văn hóa, Thể thao và Du lịch")
_MAX_WORDS_FOR_PREFIX = 16
_SPACE_RE = re.compile(r"\s+")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _segments(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` between matches of ``pattern``, trimmed, empty ones dropped."""
    spans: list[tuple[int, int]] = []
    pos = start
    for match in pattern.finditer(text, start, end):
        if match.start() == match.end():
            continue
        spans.append(_trimmed(text, pos, match.start()))
        pos = match.end()
    spans.append(_trimmed(text, pos, end))
    return [(s, e) for s, e in spans if e > s]


def _atoms(text: str) -> list[list[tuple[int, int, str]]]:
    """Hard segments of ``text``, each a list of (start, end, distributive head) atoms.

    After "Các Sở:" the head "Sở" is carried to every later atom of the cell, so that
    "các Sở: Tài chính, Tư pháp" names "Sở Tài chính" and "Sở Tư pháp".
    """
    result: list[list[tuple[int, int, str]]] = []
    head = ""
    for seg_start, seg_end in _segments(text, _HARD_SEP_RE, 0, len(text)):
        atoms: list[tuple[int, int, str]] = []
        for start, end in _segments(text, _SOFT_SEP_RE, seg_start, seg_end):
            match = _DISTRIBUTIVE_RE.search(text[start:end])
            if match and text[end:seg_end].lstrip().startswith(":"):
                head = match.group(1)
                before = _trimmed(text, start, start + match.start())
                if before[1] <= before[0]:
                    continue
                if not _NEEDS_OBJECT_RE.search(fold(text[before[0] : before[1]])):
                    start, end = before
            atoms.append((start, end, head))
        if atoms:
            result.append(atoms)
    return result


def split_mentions(text: str) -> list[tuple[str, int, int]]:
    """Split a cell at every separator, without knowledge of names: (text, start, end) atoms.

    This is the naive split; :meth:`Resolver.resolve` re-merges atoms that form a known name.
    ``text`` offsets refer to the cleaned text (:func:`cchc.domain.text.clean`).
    """
    cleaned = clean(text)
    return [(cleaned[s:e], s, e) for segment in _atoms(cleaned) for s, e, _ in segment]


# --------------------------------------------------------------------------- resolver

_HEAD_WORDS = re.compile(
    r"^(?:so|phong|ban|van phong|uy ban|cuc|chi cuc|thanh tra|cong an|trung tam|hoi|bao|dai|kho bac|"
    r"bao hiem|ngan hang|cong thong tin|cong dich vu|quan|huyen|thi xa|xa|phuong|thi tran|bo|doan)\b"
)


_IMPLIED_HEAD = "Sở"
_DANGLING_RE = re.compile(r"\b(?:cac|cap|tat ca|nhung|va|voi|cua|thuoc)$")
# Words a mention of an agency starts with (after name_key dropped "các", titles, "đề nghị").
_MENTION_START_RE = re.compile(
    _HEAD_WORDS.pattern[:-3]
    + r"|co quan|don vi|to chuc|co so|benh vien|truong|vien|hoc vien|dai hoc|hoi dong|mat tran|"
    r"thanh doan|tinh doan|cong doan|lien doan|lien hiep|hiep hoi|chi nhanh|dia phuong|ca nhan|"
    r"doanh nghiep|nganh|tong cong ty|cong ty|tap doan|quy|bo phan|to cong tac|nhom|hop tac xa|"
    r"nguoi dung dau|chinh quyen|tong cuc|vu|cong chuc|can bo)\b"
)
# Separators that end a list item: text after them is never a continuation of the mention before.
_LIST_BREAK_RE = re.compile(r"[;\n\r•*+.\[]|phối hợp|(?:^|[,:])\s*[-–]\s", re.IGNORECASE)


def _word_count(key: str) -> int:
    return sum(1 for word in key.split() if word not in ("va", "voi"))


def _is_fragment(mention: Mention) -> bool:
    """An unresolved piece that cannot start an agency's name: "bồi dưỡng", "CC", "thể thao
    thành phố", "soạn thảo văn bản QPPL" (what the unit before it does)."""
    if mention.key is not None or mention.vague or mention.candidates:
        return False
    key = re.sub(r"^\d+ ", "", name_key(mention.text))
    return bool(key) and not _MENTION_START_RE.match(key)


def _merge_fragments(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join each fragment to the mention before it (within one list item), and adjacent catch-alls.

    "các cơ sở đào tạo, bồi dưỡng" stays one unresolved mention; "Các Sở, ban, ngành chủ trì
    soạn thảo văn bản QPPL" is the group, its text keeping what was said of it; nothing is dropped.
    """
    out: list[list] = []  # [mention, end of the merged span]
    for mention in mentions:
        if out and not _LIST_BREAK_RE.search(text, out[-1][1], mention.start):
            if _is_fragment(mention) or (out[-1][0].vague and mention.vague):
                out[-1][1] = mention.end
                continue
        out.append([mention, mention.end])
    return [m if end == m.end else replace(m, text=text[m.start : end], end=end) for m, end in out]


@dataclass(frozen=True)
class _Match:
    key: str | None
    confidence: float
    vague: bool = False
    candidates: tuple[str, ...] = ()
    fuzzy_words: int = 0  # for a fuzzy match: how many words the matched name has


_NO_MATCH = _Match(None, 0.0)


class Resolver:
    """Resolve agency mentions against a fixed set of entries (one province's units and groups)."""

    def __init__(self, entries: Iterable[Entry], *, threshold: float = 0.88) -> None:
        self.threshold = threshold
        self.entries: dict[str, Entry] = {}
        exact: dict[str, set[str]] = {}
        stripped: dict[str, set[str]] = {}
        for entry in entries:
            self.entries[entry.key] = entry
            for name in (entry.name, entry.short_name, *entry.aliases):
                key = name_key(name) if name else ""
                if not key:
                    continue
                exact.setdefault(key, set()).add(entry.key)
                stripped.setdefault(_strip_locality(key), set()).add(entry.key)
        self._exact = exact
        self._stripped = stripped
        self._choices = list(exact)
        self._max_len = max((len(k) for k in exact), default=0)
        self._cache: dict[str, _Match] = {}

    # -- matching a single key

    def _match_key(self, key: str) -> _Match:
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) > 50_000:  # hostile input: keep memory bounded
                self._cache.clear()
            cached = self._cache[key] = self._compute_match(key)
        return cached

    def _from_hits(self, hits: set[str], confidence: float, fuzzy_words: int = 0) -> _Match:
        if len(hits) == 1:
            return _Match(next(iter(hits)), confidence, fuzzy_words=fuzzy_words)
        return _Match(None, 0.0, candidates=tuple(sorted(hits)))

    def _compute_match(self, key: str) -> _Match:
        if not key:
            return _NO_MATCH
        if key in self._exact:
            return self._from_hits(self._exact[key], 1.0)
        if _is_vague(key):
            return _Match(None, 1.0, vague=True)
        for variant in {key, _strip_locality(key)}:
            if variant in self._stripped:
                return self._from_hits(self._stripped[variant], 0.97)
        # fuzz.ratio >= threshold needs lengths within a factor of about 1.3 of each other.
        if len(key) < 5 or len(key) > 1.3 * self._max_len:
            return _NO_MATCH
        cutoff = self.threshold * 100
        best = process.extract(key, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5)
        if not best:
            return _NO_MATCH
        # Only a typo inside a name, never a different kind of body ("Phòng Tư pháp" is not "Sở Tư pháp").
        first = key.split()[0]
        best = [hit for hit in best if hit[0].split()[0] == first]
        if not best:
            return _NO_MATCH
        score = best[0][1]
        hits = set(self._exact[best[0][0]])
        if len(best) > 1 and best[1][1] >= score - 0.5:
            hits |= self._exact[best[1][0]]
        return self._from_hits(hits, round(score / 100 * 0.98, 3), _word_count(best[0][0]))

    def _exact_match(self, key: str) -> _Match:
        """Exact (or place-word-stripped) name match only, no fuzzy search."""
        stripped = _strip_locality(key)
        for table, confidence in ((self._exact, 1.0), (self._stripped, 0.97)):
            hits = table.get(key) or table.get(stripped)
            if hits:
                return self._from_hits(hits, confidence)
        return _NO_MATCH

    def _match_text(self, text: str, head: str) -> _Match:
        key = name_key(text)
        match = self._match_key(key)
        if match.key is None and not match.vague and not _HEAD_WORDS.match(key):
            if head:
                match = self._match_key(name_key(f"{head} {text}"))
            elif text[:1].isupper():
                # "phối hợp với Nội vụ": a capitalised bare name is a Sở's (exact names only)
                implied = self._exact_match(name_key(f"{_IMPLIED_HEAD} {text}"))
                if implied.key is not None:
                    match = implied
        return match

    def _prefix_names(self, text: str, start: int, limit: int, head: str) -> tuple[list[int], list]:
        """Word boundaries in ``text[start:limit]`` (at most one more than a prefix may have) and,
        ascending, the (boundary, end of prefix, match) where the prefix is exactly a known name."""
        spaces = [m.start() for m in _SPACE_RE.finditer(text, start, limit)]
        spaces = spaces[: _MAX_WORDS_FOR_PREFIX + 1]
        implied = head or (_IMPLIED_HEAD if text[start : start + 1].isupper() else "")
        found = []
        for cut in spaces[:_MAX_WORDS_FOR_PREFIX]:
            prefix = text[start:cut].rstrip(_TRIM)
            if _DANGLING_RE.search(fold(prefix)):  # "Sở Nội vụ, các | Sở": never end on a filler
                continue
            key = name_key(prefix)
            match = self._exact_match(key)
            if match.key is None and implied and not _HEAD_WORDS.match(key):
                match = self._exact_match(name_key(f"{implied} {prefix}"))
            if match.key is not None and match.confidence >= 0.97:
                found.append((cut, start + len(prefix), match))
        return spaces, found

    @staticmethod
    def _prefix_split(table: tuple[list[int], list], end: int) -> tuple[int, _Match] | None:
        """Longest word-boundary prefix of the run ending at ``end`` that is exactly a known name
        (from :meth:`_prefix_names` of the run's start)."""
        spaces, found = table
        count = bisect_left(spaces, end)
        if not count or count > _MAX_WORDS_FOR_PREFIX:
            return None
        for cut, prefix_end, match in reversed(found):
            if cut < end:
                return prefix_end, match
        return None

    # -- public API

    def resolve_one(self, mention: str) -> Mention:
        """Resolve one mention as a whole (no splitting)."""
        text = clean(mention)
        match = self._match_text(text.strip(_TRIM), "")
        return self._mention(text, 0, len(text), match)

    def resolve(self, text: str) -> list[Mention]:
        """Split a cell into mentions and resolve each; offsets refer to ``clean(text)``.

        A text longer than :data:`MAX_CELL_CHARS` is no unit cell (the longest in real plans are a
        few hundred characters): it comes back whole as one unresolved mention, so hostile input
        costs linear time and nothing is dropped or guessed.
        """
        cleaned = clean(text)
        if len(cleaned) > MAX_CELL_CHARS:
            return [Mention(cleaned, None, None, None, 0.0, 0, len(cleaned))]
        mentions: list[Mention] = []
        for atoms in _atoms(cleaned):
            mentions.extend(self._resolve_segment(cleaned, atoms))
        return _merge_fragments(cleaned, mentions)

    # -- internals

    def _mention(self, text: str, start: int, end: int, match: _Match) -> Mention:
        resolved = match.key is not None and match.confidence >= self.threshold
        entry = self.entries[match.key] if resolved and match.key else None
        return Mention(
            text=text[start:end],
            key=entry.key if entry else None,
            kind=entry.kind if entry else None,
            name=entry.name if entry else None,
            confidence=match.confidence if (entry or match.vague) else 0.0,
            start=start,
            end=end,
            vague=match.vague,
            candidates=match.candidates,
        )

    def _good(self, match: _Match) -> bool:
        return match.vague or (match.key is not None and match.confidence >= self.threshold)

    def _resolve_segment(self, text: str, atoms: list[tuple[int, int, str]]) -> list[Mention]:
        n = len(atoms)
        # best[i] = (score, -mentions, mentions of the first run, next atom) for atoms[i:].
        best: list[tuple[float, int, list[Mention], int]] = [(0.0, 0, [], n)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options: list[tuple[float, int, list[Mention], int]] = []
            head = atoms[i][2]
            prefixes = None
            for j in range(i, min(n, i + _MAX_RUN_ATOMS)):
                start, end = atoms[i][0], atoms[j][1]
                if j > i and end - start > 4 * max(self._max_len, 1):
                    break
                match = self._match_text(text[start:end], head)
                if (
                    j > i
                    and match.fuzzy_words
                    and match.fuzzy_words != _word_count(name_key(text[start:end]))
                ):
                    # A typo changes letters, not whole words ("và" aside): "Văn phòng UBND Thành
                    # phố, các Sở" is not a misspelt "Văn phòng UBND Thành phố".
                    match = _NO_MATCH
                rest_score, rest_count = best[j + 1][0], best[j + 1][1]
                width = j - i + 1
                if self._good(match):
                    mention = self._mention(text, start, end, match)
                    options.append((match.confidence * width + rest_score, rest_count - 1, [mention], j + 1))
                    continue
                if j == i:
                    options.append(
                        (rest_score, rest_count - 1, [self._mention(text, start, end, match)], j + 1)
                    )
                # A known name followed by words that are not a name: "Sở Nội vụ kiểm tra CCHC".
                if prefixes is None:
                    limit = atoms[min(n, i + _MAX_RUN_ATOMS) - 1][1]
                    prefixes = self._prefix_names(text, start, limit, head)
                split = self._prefix_split(prefixes, end)
                if split is not None:
                    cut, prefix_match = split
                    tail_start, tail_end = _trimmed(text, cut, end)
                    tail = self._match_text(text[tail_start:tail_end], "")
                    if not self._good(tail) and any(
                        atoms[k][0] >= cut and _HEAD_WORDS.match(name_key(text[atoms[k][0] : atoms[k][1]]))
                        for k in range(i + 1, j + 1)
                    ):
                        continue  # an unknown tail would swallow another agency ("…, Sở Tư pháp")
                    plan = [self._mention(text, start, cut, prefix_match)]
                    score = prefix_match.confidence * (width - 0.5)
                    if tail_end > tail_start:
                        plan.append(self._mention(text, tail_start, tail_end, tail))
                        if self._good(tail):
                            score += 0.5 * tail.confidence
                    options.append((score + rest_score, rest_count - len(plan), plan, j + 1))
            best[i] = max(options, key=lambda o: (round(o[0], 6), o[1]))
        mentions: list[Mention] = []
        i = 0
        while i < n:
            mentions.extend(best[i][2])
            i = best[i][3]
        return mentions
