"""Measurable targets (chỉ tiêu) in plan sentences.

Plans state targets as percentages, counts, times and ranks: "Tối thiểu 80% hồ sơ …",
"dưới 0,90%", "từ 95% -100%", "còn tối đa 20 phút/01 lần giao dịch", "nằm trong Top 03"
(seeds 000–004). One sentence may carry several: "90% hồ sơ công việc tại cấp thành phố; 80% …
cấp huyện và 60% … cấp xã" (seed 000) or "… cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu
tương ứng là 30%, 20%, 15%" (seed 001), where levels attach by position.

Reading rules (the documents do not say them; we chose, and tests pin them):

* A bare target percentage ("100% văn bản …", "30% tổ chức …") and "đạt X%" are floors:
  comparator ``>=``. So are "tối thiểu", "ít nhất", "từ X% trở lên", "không dưới".
* "trên X%" is ``>``, "dưới X%" is ``<``; "tối đa", "không quá", "trở xuống", "còn" are ``<=``.
* "từ X% - Y%", "X - Y%" is ``range`` (``value`` X, ``value_max`` Y).
* A reduction ("giảm 10% biên chế", "cắt giảm tối thiểu 20% chi phí") keeps ``>=`` on the
  size of the cut, with ``unit`` "%" and a ``subject`` starting "giảm: ".
* Ranks ("Top 03", "tốp 10", "nhóm 10 địa phương dẫn đầu") are ``<=`` with unit "rank".
* A sentence that opens with "Không có …" / "Không để xảy ra …" and states no number is a
  target of zero: ``=`` 0, unit "count" ("Không có cán bộ, công chức vi phạm kỷ luật").
* A count ("đầy đủ 02 hoạt động", "ít nhất 5 cuộc") is taken only after a comparator word,
  so "06 nội dung chính" or "Nghị quyết số 76/NQ-CP" never become targets; an exact count
  ("đầy đủ 02") is ``=``.
* Year: "Đến năm 2025" / "Năm 2021," / "giai đoạn 2022 - 2025" (its end) in the same clause,
  else in the sentence, else the caller's ``year`` (from a heading "* Đến năm 2025:").
  "so với năm 2021" is a baseline and never sets the year.
* Level: "cấp tỉnh"/"cấp thành phố" = province, "cấp huyện"/"quận, huyện" = district,
  "cấp xã"/"xã, phường" = commune, "sở, ban, ngành" = department. A bare "thành phố" is
  ambiguous (a province-level city or a district-level one) and gives no level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cchc.domain.text import clean, fold_aligned
from cchc.domain.vnformat import parse_number

__all__ = ["Target", "extract_targets", "is_target_sentence"]


@dataclass(frozen=True)
class Target:
    area: str | None
    text: str  # the whole sentence, NFC, cleaned
    comparator: str  # ">=", "<=", ">", "<", "=", "range"
    value: Decimal | None
    value_max: Decimal | None = None  # upper bound of a "range"
    unit: str = "%"  # "%", "count", "minutes", "days", "hours", "rank", "points", or a word
    level: str | None = None  # None, "province", "district", "commune", "department"
    year: int | None = None
    subject: str = ""  # what is measured, e.g. "hồ sơ công việc tại cấp huyện"
    line: int | None = None  # source line, when the caller knows it
    # "mỗi năm tăng tối thiểu 20%": a rise every year (``year`` is then the last year of it)
    trajectory: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "text": self.text,
            "comparator": self.comparator,
            "value": str(self.value) if self.value is not None else None,
            "value_max": str(self.value_max) if self.value_max is not None else None,
            "unit": self.unit,
            "level": self.level,
            "year": self.year,
            "subject": self.subject,
            "trajectory": self.trajectory,
            "line": self.line,
        }


# All patterns run on fold_aligned(clean(text)) (lower case, no accents, đ -> d); offsets index
# the cleaned original.
_NUM = r"(\d+(?:[.,]\d+)?)"
_DASH = r"\s*(?:-|–|—|đen|den|toi)\s*"

_RANGE = re.compile(r"(?:\btu\s+)?(?<![\d/.,])" + _NUM + r"\s*%?" + _DASH + _NUM + r"\s*(%|bac\b)")
_PERCENT = re.compile(r"(?<![\d/.,])" + _NUM + r"\s*%")
_RANK = re.compile(
    r"\btop\s*(\d{1,3})\b"
    r"|\bnhom\s+(\d{1,3})\s+(?:[a-z]+,?\s+){0,5}?(?:dan dau|dung dau|cao nhat|tot nhat)"
)
_UNIT_WORDS = {
    "phut": "minutes",
    "ngay": "days",
    "gio": "hours",
    "diem": "points",
}
_QUANTITY = re.compile(r"(?<![\d/.,])" + _NUM + r"\s+(phut|ngay lam viec|ngay|gio|diem)\b(?!\s*\d)")
_COUNT = re.compile(
    r"\b(toi thieu|it nhat|khong duoi|khong qua|toi da|day du|tren|duoi)\s+(\d{1,4})\b(?![%/.,\d])"
    r"(?!\s*(?:%|phut|ngay|gio|diem|nam\b|thang\b))"
)

# Comparator words, searched right before a number (the last one wins) or right after it.
_BEFORE_CMP = [
    (re.compile(r"\b(?:toi thieu|it nhat|khong duoi|khong thap hon|tu)\s*$"), ">="),
    (re.compile(r"\b(?:toi da|khong qua|khong vuot qua|con|xuong|xuong con)\s*$"), "<="),
    (re.compile(r"\btren\s*$"), ">"),
    (re.compile(r"\bduoi\s*$"), "<"),
    (re.compile(r"\b(?:bang|dung)\s*$"), "="),
]
_WIDE_CMP = [  # anywhere in the few words before ("tối thiểu tương ứng là 40%")
    (re.compile(r"\b(?:toi thieu|it nhat|khong duoi)\b"), ">="),
    (re.compile(r"\b(?:toi da|khong qua|khong vuot qua)\b"), "<="),
]
_AFTER_CMP = [
    (re.compile(r"^\s*tro len\b"), ">="),
    (re.compile(r"^\s*(?:tro xuong)\b"), "<="),
]
_ZERO = re.compile(r"^[-+*•–\s]*(?:phan dau\s+|dam bao\s+|bao dam\s+)?(khong (?:co|de xay ra|de))\s+(?=\w)")
_REDUCTION = re.compile(r"\b(?:cat giam|giam)\b")

_LEVELS = [
    (re.compile(r"(?<!cac )\bcap (?:tinh|thanh pho)\b|\bco quan chuyen mon cap tinh\b"), "province"),
    (re.compile(r"\bcap huyen\b|\bquan, huyen\b|\bcac huyen\b"), "district"),
    (re.compile(r"\bcap xa\b|\bxa, phuong\b|\bphuong, xa\b|\bcac xa\b"), "commune"),
    (re.compile(r"\bso, ban, nganh\b|\bso, nganh\b|\bcac so\b"), "department"),
]
_LEVEL_LIST_ITEM = re.compile(r"\bcap (trung uong|tinh|thanh pho|huyen|xa)\b")
_LEVEL_OF = {"tinh": "province", "thanh pho": "province", "huyen": "district", "xa": "commune"}

_YEAR_MENTION = re.compile(
    r"\b(?:den|toi)\s+(?:het\s+)?nam\s+(\d{4})"
    r"|\bgiai doan\s+\d{4}\s*-\s*(\d{4})"
    r"|(?<!so voi )(?<!so voi cung ky )\bnam\s+(\d{4})"
)
_BASELINE_OR_DATE = re.compile(r"(?:so voi|thang \d{1,2})\s+$")

_RESPECTIVELY = re.compile(r"\btuong ung\b")
_CLAUSE = re.compile(r";|\.\s|,?\s*\btrong (?:so )?do,")
_LEAD_FILLER = re.compile(
    r"^(?:[-+*•–(\s]+|phan dau\s+|phan dau\s+|dam bao\s+|bao dam\s+|trong (?:so )?do,?\s*|"
    r"nam \d{4},?\s*|den nam \d{4},?\s*|va\s+|,\s*)+",
)
_TAIL_FILLER = re.compile(
    r"(?:\s|,|;|:|\bdat\b|\bla\b|\bty le\b|\btuong ung\b|\btoi thieu\b|\bit nhat\b|\btoi da\b|"
    r"\bkhong qua\b|\bdat tu\b|\btu\b|\bnam trong\b|\bthuoc\b|\bo muc\b|\bva\b|\bcon\b|"
    r"\bxuong\b|\btrung binh\b|\btren\b|\bduoi\b)+$"
)
_AFTER_LEAD = re.compile(r"^(?:\s|tro len|tro xuong|,)*")

# Sentences that report past results rather than set a target.
_PAST = re.compile(r"\btheo do\b|\bda dat\b|\bket qua (?:chi so|dat)\b|\bxep thu\b|\btang \d+ bac so voi\b")


@dataclass
class _Hit:
    start: int  # of the comparator cue or the number
    num_start: int
    end: int
    comparator: str
    value: Decimal | None
    value_max: Decimal | None
    unit: str


def _num(text: str) -> Decimal | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


def _comparator_before(f: str, pos: int, floor: int) -> tuple[str | None, int]:
    """Comparator right before ``pos`` (after ``floor``) and where its cue starts."""
    window_start = max(floor, pos - 40)
    window = f[window_start:pos]
    for rx, cmp in _BEFORE_CMP:
        m = rx.search(window)
        if m:
            return cmp, window_start + m.start()
    for rx, cmp in _WIDE_CMP:
        ms = list(rx.finditer(window))
        if ms:
            return cmp, window_start + ms[-1].start()
    return None, pos


def _find_hits(f: str) -> list[_Hit]:
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in _RANGE.finditer(f):
        lo, hi = _num(m[1]), _num(m[2])
        if lo is None or hi is None or lo > hi:
            continue
        unit = "%" if m[3] == "%" else "bậc"
        hits.append(_Hit(m.start(), m.start(), m.end(), "range", lo, hi, unit))
        taken.append((m.start(), m.end()))
    for m in _PERCENT.finditer(f):
        if not free(m.start(), m.end()):
            continue
        hits.append(_Hit(m.start(), m.start(), m.end(), "", _num(m[1]), None, "%"))
        taken.append((m.start(), m.end()))
    for m in _RANK.finditer(f):
        if not free(m.start(), m.end()):
            continue
        value = _num(m[1] or m[2])
        hits.append(_Hit(m.start(), m.start(), m.end(), "<=", value, None, "rank"))
        taken.append((m.start(), m.end()))
    for m in _QUANTITY.finditer(f):
        if not free(m.start(), m.end()):
            continue
        cmp, _ = _comparator_before(f, m.start(), 0)
        if cmp is None:
            continue  # "trong 05 ngày làm việc" is a rule, not a target
        unit = _UNIT_WORDS[m[2].split()[0]]
        hits.append(_Hit(m.start(), m.start(), m.end(), "", _num(m[1]), None, unit))
        taken.append((m.start(), m.end()))
    for m in _COUNT.finditer(f):
        if not free(m.start(2), m.end(2)):
            continue
        unit = "bậc" if re.match(r"\s+bac\b", f[m.end(2) :]) else "count"
        hits.append(_Hit(m.start(2), m.start(2), m.end(2), "", _num(m[2]), None, unit))
        taken.append((m.start(2), m.end(2)))
    if not hits and (m := _ZERO.match(f)):
        # "Không có cán bộ, công chức vi phạm …", "Không để xảy ra …": a target of zero
        hits.append(_Hit(m.start(1), m.start(1), m.end(1), "=", Decimal(0), None, "count"))
    hits.sort(key=lambda h: h.num_start)

    prev_end = 0
    for h in hits:
        if not h.comparator:
            cmp, cue = _comparator_before(f, h.num_start, prev_end)
            if cmp is None:
                after = f[h.end : h.end + 12]
                cmp = next((c for rx, c in _AFTER_CMP if rx.search(after)), None)
            if cmp is None:
                cmp = ">="
            if h.unit == "count" and re.search(r"day du\s*$", f[: h.num_start]):
                cmp = "="
            h.comparator = cmp
            h.start = min(cue, h.num_start)
        else:
            _, cue = _comparator_before(f, h.num_start, prev_end)
            h.start = min(cue, h.num_start)
        prev_end = h.end
    return hits


def _level(segment: str) -> str | None:
    """The one level a segment names; ``None`` for none or a mix ("cấp sở, ngành, UBND cấp huyện")."""
    found = {level for rx, level in _LEVELS if rx.search(segment)}
    return found.pop() if len(found) == 1 else None


def _year_for(f: str, pos: int, clause_start: int, clause_end: int, default: int | None) -> int | None:
    mentions = []
    for m in _YEAR_MENTION.finditer(f):
        if _BASELINE_OR_DATE.search(f[max(0, m.start() - 25) : m.start()]):
            continue
        year = int(next(g for g in m.groups() if g))
        if 1990 <= year <= 2100:
            mentions.append((m.start(), year))
    in_clause_before = [y for p, y in mentions if clause_start <= p < pos]
    if in_clause_before:
        return in_clause_before[-1]
    in_clause_after = [y for p, y in mentions if pos <= p < clause_end]
    if in_clause_after:
        return in_clause_after[0]
    before = [y for p, y in mentions if p < pos]
    if before:
        return before[-1]
    return default


def before_f_starts_with_of(f: str) -> bool:
    return bool(re.match(r"^[\s,;.-]*(?:cua|tai|doi voi)\b", f))


def _clean_subject(text: str, f: str) -> str:
    """Trim filler words at both ends, deciding on the folded twin ``f`` (same length)."""
    m = _LEAD_FILLER.match(f)
    start = m.end() if m else 0
    m = _TAIL_FILLER.search(f, start)
    end = m.start() if m else len(f)
    return text[start:end].strip(" ,;:-.()*")


def extract_targets(
    text: str,
    *,
    area: str | None = None,
    year: int | None = None,
    line: int | None = None,
) -> list[Target]:
    """Every measurable target in ``text`` (one sentence or bullet), in reading order.

    ``area`` is copied onto each target; ``year`` is the fallback year (from a heading such as
    "* Đến năm 2025:"); ``line`` is the source line. Returns ``[]`` for prose without targets.
    """
    s = clean(text or "")
    f = fold_aligned(s)
    if not s:
        return []
    hits = _find_hits(f)
    if not hits:
        return []

    breaks = [(m.start(), m.end()) for m in _CLAUSE.finditer(f)]

    def clause_of(pos: int) -> tuple[int, int]:
        start = max((b for a, b in breaks if b <= pos), default=0)
        end = min((a for a, b in breaks if a >= pos), default=len(f))
        return start, end

    # "… cấp tỉnh, cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng là 30%, 20%, 15%"
    positional_levels: dict[int, str | None] = {}
    positional_subject: dict[int, str] = {}
    for m in _RESPECTIVELY.finditer(f):
        c_start, c_end = clause_of(m.start())
        listed = [h for h in hits if m.end() <= h.num_start < c_end]
        names = list(_LEVEL_LIST_ITEM.finditer(f, c_start, m.start()))
        lead_end = names[0].start() if names else m.start()
        lead = _clean_subject(s[c_start:lead_end], f[c_start:lead_end])
        lead = re.sub(r"\s+(?:của|thuộc|tại|ở)$", "", lead)
        if len(names) == len(listed) and len(listed) > 1:
            first_cmp = listed[0].comparator
            for h, name in zip(listed, names, strict=True):
                positional_levels[id(h)] = _LEVEL_OF.get(name[1])
                positional_subject[id(h)] = f"{lead} ({s[name.start() : name.end()]})".strip()
                if h.comparator == ">=" and first_cmp != ">=":
                    h.comparator = first_cmp

    targets: list[Target] = []
    prev_end = 0
    for i, h in enumerate(hits):
        c_start, c_end = clause_of(h.num_start)
        next_start = hits[i + 1].start if i + 1 < len(hits) else len(f)
        after_end = min(c_end, next_start)
        # After the number: up to the next target's cue, a bracket or the clause end.
        bracket = f.find("(", h.end, after_end)
        if bracket != -1:
            after_end = bracket
        after_f = f[h.end : after_end]
        lead = _AFTER_LEAD.match(after_f)
        skip = lead.end() if lead else 0
        after = _clean_subject(s[h.end + skip : after_end], after_f[skip:])
        before_start = max(c_start, prev_end, f.rfind("(", 0, h.start) + 1)
        before = _clean_subject(s[before_start : h.start], f[before_start : h.start])

        if id(h) in positional_subject:
            subject = positional_subject[id(h)]
            level = positional_levels[id(h)]
        else:
            use_after = len(after.split()) >= 2 and (h.unit in ("%", "count") or not before)
            subject = after if use_after else (before or after)
            if h.unit == "rank" and after:
                rank = f"{s[h.num_start : h.end]} {after}"
                subject = f"{before} ({rank})" if before else rank
            if targets and before_f_starts_with_of(f[before_start : h.start]) and not use_after:
                # "…: dưới 0,90%; của các xã, phường: dưới 0,50%" -> "Tỷ lệ hồ sơ chậm hạn của các xã…"
                head = re.split(r"\s+(?:của|tại|đối với)\s+", targets[-1].subject)[0]
                subject = f"{head} {subject}"
            level = _level(after_f) if use_after else None
            level = level or _level(f[before_start : h.start])
        if h.unit == "%" and _REDUCTION.search(f[max(before_start, h.start - 40) : h.num_start]):
            subject = "giảm: " + subject
        yearly = bool(_YEARLY.search(f[max(c_start, prev_end, h.start - 40) : h.num_start]))

        targets.append(
            Target(
                area=area,
                text=s,
                comparator=h.comparator,
                value=h.value,
                value_max=h.value_max,
                unit=h.unit,
                level=level,
                year=_year_for(f, h.num_start, c_start, c_end, year),
                subject=subject,
                line=line,
                trajectory="yearly" if yearly else None,
            )
        )
        prev_end = h.end
    return targets


_YEARLY = re.compile(
    r"\b(?:moi|hang|hang) nam\s+(?:tang|giam|nang|binh quan tang)\b|\bbinh quan (?:moi|hang) nam\b"
)
_DOC_NUMBER = re.compile(r"\b\d+/(?:\d{4}/)?[a-zđ]+-[a-zđ]+\b", re.IGNORECASE)


def is_target_sentence(text: str) -> bool:
    """Whether a line states a measurable target: a percentage, a rank ("Top 03"), or a
    count/time after a comparator word ("tối đa 20 phút", "ít nhất 02 cuộc").

    Prose that merely mentions numbers — document numbers ("Nghị quyết số 76/NQ-CP"), dates,
    article numbers ("Điều 12") — is not, and neither is a report of past results ("Theo đó,
    Chỉ số PAR INDEX của Thành phố đạt 88,54%").
    """
    s = clean(text or "")
    f = fold_aligned(s)
    if not s or _PAST.search(f):
        return False
    f = _DOC_NUMBER.sub(" ", f)
    return bool(_find_hits(f))
