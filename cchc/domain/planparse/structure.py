"""Line-level recognisers: numbering, headings, site chrome, official-document boilerplate,
unit-like text and the mapping of headings onto the standard reform areas.

Everything here looks at structure (roman/arabic numbering, ``a)`` items, bullets, upper case,
Decree 30/2020/NĐ-CP blocks), never at one province's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from cchc.domain.planparse.model import STANDARD_AREAS
from cchc.domain.text import clean, fold

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_HEADING_RE = [
    ("roman", re.compile(rf"^(?P<label>{_ROMAN})\s*[.:\-–)]\s*(?P<text>\S.*)$")),
    ("multi", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<text>\S.*)$")),
    ("arabic", re.compile(r"^(?P<label>\d{1,2})\s*[.)]\s*(?P<text>\D.*)$")),
    ("letter", re.compile(r"^(?P<label>[a-zđ])\s*\)\s*(?P<text>\S.*)$")),
    ("upper", re.compile(r"^(?P<label>[A-Z])\s*\.\s*(?P<text>\S.*)$")),
]
_BULLET_RE = re.compile(r"^\s*(?P<mark>[-–—+*•·]|\d{1,2}\))\s*(?P<text>\S.*)$")


@dataclass(frozen=True)
class Numbering:
    kind: str  # roman | multi | arabic | letter | upper | bullet | star | none
    label: str
    text: str
    level: int


_LEVEL = {"upper": 0, "roman": 1, "arabic": 2, "multi": 3, "letter": 4, "star": 5, "bullet": 6}


def numbering(text: str) -> Numbering:
    """The numbering of a line: ``I.`` → roman, ``2.`` → arabic, ``2.1.`` → multi, ``a)`` → letter,
    ``- ``/``+ `` → bullet, ``* `` → star (a sub-heading like ``* Đến năm 2025:``)."""
    s = text.strip().strip("*").strip() if text.startswith("**") else text.strip()
    for kind, rx in _HEADING_RE:
        m = rx.match(s)
        if m and m.group("label"):
            label = m.group("label")
            level = _LEVEL[kind]
            if kind == "multi":
                level = 2 + label.count(".")
            return Numbering(kind, label, m.group("text").strip(), level)
    m = _BULLET_RE.match(s)
    if m:
        mark = m.group("mark")
        kind = "star" if mark == "*" else "bullet"
        level = _LEVEL[kind] + (1 if mark == "+" else 0)
        return Numbering(kind, mark, m.group("text").strip(), level)
    return Numbering("none", "", s, 99)


def is_upper_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85


# --- site chrome and document boilerplate -------------------------------------------------

# anchored: "được đăng tải", "thành viên Ban Chỉ đạo", "bồi dưỡng tiếng Anh" are plan content
_CHROME = re.compile(
    r"^(?:dang nhap$|dang tai (?:van ban|noi dung)|tu khoa\s*:|ip:|luoc do\b|(?:dang )?tai (?:ve )?van ban|"
    r"he thong phap luat$|(so hieu|loai van ban|noi ban hanh|nguoi ky|ngay ban hanh|ngay hieu luc|"
    r"ngay cong bao|so cong bao|tinh trang)\s*:|- \d+[a-z])"
)
# anywhere in the line (plain substring tests: a regex alternation scans long lines slowly)
_CHROME_WORDS = (
    "chua dang nhap",
    "dang nhap thanh vien",
    "dang ky thanh vien",
    "la thanh vien",
    "dmca",
    "noi dung tieng anh",
    "protection status",
    "hieu luc cua van ban",
    "van ban lien quan",
)
# a government portal's own lines (never a bullet): its name as a banner, the menu, the visit
# counter, the footer
_PAGE_FURNITURE = re.compile(
    r"^(?:(?:cong|trang) thong tin dien tu(?: [a-z]+){0,6}$|trang chu ?\||"
    r"(?:luot xem|luot truy cap|so luot truy cap|ban quyen thuoc|ban quyen ©|©|copyright|"
    r"co quan chu quan|chiu trach nhiem noi dung|giay phep (?:so|thiet lap)|dia chi|dien thoai|email|fax)\b)"
)
_SITE_META = re.compile(
    r"(so hieu|loai van ban|noi ban hanh|nguoi ky|ngay ban hanh|ngay hieu luc|ngay cong bao|"
    r"so cong bao|tinh trang(?: hieu luc)?)\s*:\s*",
)


@lru_cache(maxsize=65536)
def is_chrome(text: str) -> bool:
    """Web-page furniture around a scraped document (search box, login prompts, the site's own
    metadata lines, related-document lists like ``- 3Nghị định …``, counters)."""
    f = fold(text).lstrip("- ").strip()
    if not f:
        return True
    raw = fold(text)
    if _CHROME.match(f) or _CHROME.match(raw) or _PAGE_FURNITURE.match(raw):
        return True
    if any(w in f for w in _CHROME_WORDS):
        return True
    return bool(re.fullmatch(r"\d{1,3}(\.\d{3})+", f))  # a visit counter


def site_meta(text: str) -> dict[str, str]:
    """Values of the site's metadata lines (``Số hiệu: … Loại văn bản: …``), keyed by folded label."""
    s = clean(text).lstrip("- ")
    f = fold(s)
    out: dict[str, str] = {}
    marks = list(_SITE_META.finditer(f))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(s)
        out[m.group(1)] = s[m.end() : end].strip(" -")
    return out


_NATIONAL = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-\s*tu do\s*-\s*hanh phuc")
_RULE = re.compile(r"^[-_=*.\s]{3,}$")
_CLOSING = re.compile(
    r"^(tren day la|trong qua trinh (to chuc )?(trien khai )?(thuc hien|to chuc)|"
    r".*(nghiem tuc|to chuc) (trien khai,? )?(thuc hien|trien khai)[^.]*\./\.\s*$|.*\./\.\s*$)"
)


def is_boilerplate(text: str) -> str | None:
    """Official-form furniture: the national motto, rules, closing formulas. Returns a role."""
    f = fold(text)
    if _NATIONAL.search(f) or _RULE.match(text):
        return "header"
    return "closing" if _CLOSING.match(f) else None


# --- units ---------------------------------------------------------------------------------

# words that start like a unit but are verbs/nouns: "Ban hành …", "Số hóa …", "Báo cáo …"
_NOT_UNIT = (
    r"(?!ban hanh|so hoa|so luong|so lieu|bao cao|bao dam|bao ve|phong chong|phong ngua|quan ly|"
    r"quan tam|xa hoi|hoi nghi|hoi thao|vien chuc|phuong an|phuong thuc|phuong phap|phuong tien|"
    r"phuong cham|dai dien|dai hoi|truong hop)"
)
_UNIT_START = re.compile(
    r"^(cac |moi |tung )?"
    + _NOT_UNIT
    + r"(so|ban|phong|van phong|uy ban|ubnd|ub|cuc|chi cuc|trung tam|dai|bao|"
    r"cong an|bo chi huy|vien|hoi dong|hoi|doan|thanh doan|mat tran|quan|huyen|thi xa|xa|phuong|"
    r"co quan|don vi|benh vien|truong|kho bac|ngan hang|thanh tra|tong cong ty|cong ty|"
    r"dia phuong|nganh|hiep hoi|lien doan|cong doan|lien minh)\b"
)
_UNIT_PREFIX = re.compile(
    r"^(trach nhiem( chung| cu the)?( cua)?( cac| mot so)?|de nghi|giao|thu truong|nguoi dung dau|"
    r"chu tich|giam doc|truong)\s+",
)


def strip_unit_prefix(text: str) -> str:
    """``Trách nhiệm của Sở Tư pháp`` → ``Sở Tư pháp``; ``Đề nghị Ủy ban …`` → ``Ủy ban …``."""
    s = clean(text)
    for _ in range(3):
        m = _UNIT_PREFIX.match(fold(s))
        if not m:
            break
        s = s[len(m.group(0)) :].strip()
    return s


@lru_cache(maxsize=65536)
def looks_like_unit(text: str) -> bool:
    """Whether a short text names one or more units (``Sở Tư pháp``, ``Các Sở, ban, ngành``)."""
    s = strip_unit_prefix(text)
    f = fold(s)
    if _ASSIGNED_REF.search(f):
        return False  # "Các đơn vị được giao nhiệm vụ tại Kế hoạch": whoever was assigned above
    return bool(f) and len(f) <= 260 and bool(_UNIT_START.match(f))


_ASSIGNED_REF = re.compile(r"^(cac |moi |tung )?(co quan|don vi)[^,;:]{0,20}\bduoc (giao|phan cong)\b")


# --- areas ---------------------------------------------------------------------------------

_AREA_NOISE = re.compile(r"\([^)]*\)|[^a-z0-9 ]")


def standard_area(title: str) -> str | None:
    """Map a heading to a standard reform area code, accent-insensitively and fuzzily."""
    f = " ".join(_AREA_NOISE.sub(" ", fold(title)).split())
    if not f or len(f) > 160:
        return None
    best, best_score = None, 0.0
    for code, phrases in STANDARD_AREAS.items():
        for p in phrases:
            if p in f:
                score = 100.0 + len(p)
            else:
                score = fuzz.partial_ratio(p, f) if len(p) >= 12 else 0
            if score > best_score:
                best, best_score = code, score
    return best if best_score >= 88 else None


def is_area_heading(title: str) -> bool:
    f = fold(title)
    return len(f) <= 160 and standard_area(title) is not None and not looks_like_unit(title)


# --- pipes ---------------------------------------------------------------------------------


def pipe_cells(text: str) -> list[str] | None:
    """Cells of a ``a | b | c |`` line, or ``None`` when the line is not pipe-separated."""
    if text.count("|") < 1 or "|" not in text:
        return None
    parts = [clean(p) for p in text.split("|")]
    if parts and parts[0] == "":
        parts = parts[1:]
    if parts and parts[-1] == "":
        parts = parts[:-1]
    return parts


_SECTION_HEADING = re.compile(r"^(?=[IVX])X{0,3}(IX|IV|V?I{0,3})\s*[.:)]\s+\S")


def ends_table(text: str) -> bool:
    """A document heading after a table (``IV. TỔ CHỨC THỰC HIỆN``: the section rows inside a
    table are a bare numeral cell), the recipients or the closing formula."""
    f = fold(text)
    if f.startswith(("noi nhan", "tren day la")):
        return True
    return bool(_SECTION_HEADING.match(text.strip())) and is_upper_heading(text)
