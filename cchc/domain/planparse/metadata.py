"""Document metadata from the Decree 30/2020/NĐ-CP form: number, kind, issuer, place and date,
title, signer and programme period; site chrome values are only a fallback."""

from __future__ import annotations

import re
from datetime import date

from cchc.domain.planparse.model import Ledger, Line
from cchc.domain.planparse.structure import is_boilerplate, is_chrome, is_upper_heading, numbering, site_meta
from cchc.domain.text import clean, fold, fold_aligned

KINDS = {
    "ke hoach": "plan",
    "quyet dinh": "decision",
    "bao cao": "report",
    "chuong trinh": "programme",
    "nghi quyet": "resolution",
    "chi thi": "directive",
    "cong van": "letter",
    "thong bao": "notice",
    "to trinh": "submission",
    "de an": "scheme",
}
SUFFIX_KINDS = {
    "kh": "plan",
    "qd": "decision",
    "bc": "report",
    "ctr": "programme",
    "nq": "resolution",
    "ct": "directive",
    "tb": "notice",
    "ttr": "submission",
    "da": "scheme",
}
_NUMBER = re.compile(
    r"^s[oố]\s*(?:hi[eệ]u)?\s*:?\s*(?P<num>\d*)\s*/\s*(?P<suffix>[\wĐđ]+(?:-[\wĐđ]+)*)", re.I
)
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,|]{2,40}),\s*ngay\s*(?P<d>\d{0,2})\s*thang\s*(?P<m>\d{0,2})\s*nam\s*(?P<y>\d{4})"
)
_SITE_TITLE = re.compile(r"^(ke hoach|quyet dinh|nghi quyet|chi thi|cong van|bao cao|chuong trinh)\s+\d+/")
_ADMIN = re.compile(r"\b(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\s+", re.I)
_PERSON = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){1,4}$")
_SIGN_BLOCK = re.compile(
    r"^(tm|kt|tl|ttl|q)\.\s|^(pho )?(chu tich|giam doc|truong ban|truong phong|chanh van phong|thu truong)$"
)
# a body under a UBND in the header block: "UBND TỈNH KHÁNH HÒA" over "SỞ Y TẾ"
_SUB_BODY = re.compile(r"^(so|ban|phong|van phong|trung tam|chi cuc|cuc|thanh tra)\s")
_BASIS = re.compile(
    r"^(can cu|xet de nghi|theo de nghi|thuc hien (nghi quyet|quyet dinh|ke hoach|chi thi|cong van|van ban|thong bao))"
)


def _body_case(text: str) -> str:
    """``ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG`` → ``Ủy ban nhân dân thành phố Hải Phòng``;
    ``SỞ KHOA HỌC VÀ CÔNG NGHỆ`` → ``Sở Khoa học và Công nghệ``."""
    s = clean(text)
    if not is_upper_heading(s):
        return s
    s = re.sub(r"^UBND\b", "ỦY BAN NHÂN DÂN", s)
    low = s.lower()
    if _SUB_BODY.match(fold(low)):
        noun = _SUB_BODY.match(fold(low)).group(1)  # type: ignore[union-attr]
        head, tail = low[: len(noun)], low[len(noun) :]
        # the first word of each name part is capitalised: "Văn hóa, Thể thao và Du lịch"
        tail = re.sub(r"(^\s+|\s+và\s+|\s*-\s*|,\s*)(\w)", lambda m: m.group(1) + m.group(2).upper(), tail)
        return head[:1].upper() + head[1:] + tail
    m = _ADMIN.search(fold(low))
    if m:
        head, tail = low[: m.end()], low[m.end() :]
        low = head + " ".join(w[:1].upper() + w[1:] for w in tail.split())
    return low[:1].upper() + low[1:]


def _kind_of(text: str) -> str | None:
    f = fold(text).strip(" :")
    for k, v in KINDS.items():
        if f == k or f.startswith(k + " tong the") or f == k + ":":
            return v
    return None


def _period(text: str) -> tuple[int | None, int | None]:
    f = fold(text)
    m = re.search(r"giai doan\s*(\d{4})\s*[-–]\s*(\d{4})", f) or re.search(r"(\d{4})\s*[-–]\s*(\d{4})", f)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"\bnam\s+(\d{4})\b", f)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None, None


def parse_metadata(lines: list[Line], ledger: Ledger) -> dict:
    """Fill ``document`` from the header, title and signature blocks; mark their lines."""
    doc: dict = dict.fromkeys(
        ("number", "kind", "issuer", "place", "date", "signer", "title", "period_start", "period_end")
    )
    meta: dict[str, str] = {}
    site_title = None
    issuer_parts: list[str] = []
    suffix_kind = None
    title_lines: list[Line] = []
    head_done = False
    in_title = False
    for k, ln in enumerate(lines):
        if is_chrome(ln.text):
            meta.update(site_meta(ln.text))
        elif (k < 15 or k >= len(lines) - 15) and _SITE_TITLE.match(ln.folded) and site_title is None:
            site_title = ln.text
            ledger.mark(ln.line, "chrome")
    for i, ln in enumerate(lines):
        t, f = ln.text, ln.folded
        if is_chrome(t):
            meta.update(site_meta(t))
            ledger.mark(ln.line, "chrome")
            continue
        if not head_done and _SITE_TITLE.match(f) and doc["number"] is None and not issuer_parts:
            site_title = t
            ledger.mark(ln.line, "chrome")
            continue
        if head_done:
            break
        if is_boilerplate(t) == "header":
            ledger.mark(ln.line, "header")
            continue
        m = _NUMBER.match(t)
        if m and doc["number"] is None and len(t) < 60:
            suffix = m.group("suffix")
            doc["number"] = f"{m.group('num')}/{suffix}" if m.group("num") else None
            suffix_kind = SUFFIX_KINDS.get(fold(suffix.split("-")[0]))
            ledger.mark(ln.line, "header")
            doc["_number_seen"] = True
            continue
        m = _PLACE_DATE.match(f)
        if m and doc["place"] is None:
            doc["place"] = clean(t[: len(m.group("place"))])
            y, mo, d = int(m.group("y")), m.group("m"), m.group("d")
            if mo and d:
                try:
                    doc["date"] = date(y, int(mo), int(d)).isoformat()
                except ValueError:
                    ledger.warn(ln.line, f"invalid issue date: {t}")
            else:
                doc["_partial_date"] = (y, int(mo) if mo else None)
                ledger.warn(ln.line, f"issue date incomplete (draft): year {y}, month {mo or '?'}")
            ledger.mark(ln.line, "header")
            continue
        kind = _kind_of(t)
        if kind and doc["kind"] is None and is_upper_heading(t):
            doc["kind"] = kind
            ledger.mark(ln.line, "title")
            in_title = True
            continue
        if in_title:
            nb = numbering(t)
            if nb.kind in ("roman", "arabic") or _BASIS.match(f) or (title_lines and len(t) > 300):
                head_done = True
                continue
            if f.startswith("uy ban nhan dan") and is_upper_heading(t) and title_lines:
                issuer_parts = issuer_parts or [t]
                ledger.mark(ln.line, "header")
                continue
            if len(t) <= 400:
                title_lines.append(ln)
                ledger.mark(ln.line, "title")
                if not is_upper_heading(t) or len(title_lines) >= 3:
                    in_title = not (not is_upper_heading(t))
                    if not in_title:
                        head_done = True
                continue
            head_done = True
            continue
        if doc["kind"] is None and is_upper_heading(t) and len(t) < 80 and not doc.get("_number_seen"):
            # issuing body block above the number line
            issuer_parts.append(t)
            ledger.mark(ln.line, "header")
            continue
        if i > 80 or numbering(t).kind == "roman" or _BASIS.match(f):
            break
    _signature(lines, ledger, doc)
    # issuer
    if len(issuer_parts) >= 2 and _SUB_BODY.match(fold(issuer_parts[-1])):
        # a department's own plan: "Sở Y tế tỉnh Khánh Hòa", not the UBND above it
        above = _body_case(" ".join(issuer_parts[:-1]))
        m = _ADMIN.search(fold_aligned(above))
        doc["issuer"] = _body_case(issuer_parts[-1]) + (f" {above[m.start() :]}" if m else "")
    elif issuer_parts:
        doc["issuer"] = _body_case(" ".join(issuer_parts))
    if doc["issuer"] and fold(doc["issuer"]) in ("uy ban nhan dan", "ubnd"):
        doc["issuer"] = None
        issuer_parts = ["ỦY BAN NHÂN DÂN"]
    if not doc["issuer"]:
        where = meta.get("noi ban hanh")
        body = "Ủy ban nhân dân" if (issuer_parts or doc.get("_ubnd")) else None
        if body is None and (
            suffix_kind and "UBND" in (lines_text := " ".join(x.text[:40] for x in lines[:60]))
        ):
            body = "Ủy ban nhân dân" if "/KH-UBND" in lines_text or "-UBND" in lines_text else None
        if body and where:
            doc["issuer"] = (
                f"{body} {where[:1].lower()}{where[1:]}" if _ADMIN.match(fold(where)) else f"{body} {where}"
            )
        elif body and title_lines:
            m = re.search(
                r"\b(tỉnh|thành phố|huyện|quận|thị xã)\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?){1,3})",
                " ".join(x.text for x in title_lines),
            )
            if m:
                doc["issuer"] = f"{body} {m.group(1)} {m.group(2).strip()}"
    # title
    if title_lines:
        doc["title"] = clean(" ".join(x.text for x in title_lines))
    elif site_title:
        st = clean(site_title)
        m = re.search(r"\s(về|thực hiện|ban hành)\s", st)
        doc["title"] = st[m.end() :] if m and m.group(1) == "về" else (st[m.start() + 1 :] if m else st)
    doc["kind"] = doc["kind"] or suffix_kind
    if doc["number"] is None and not doc.get("_number_seen") and meta.get("so hieu"):
        doc["number"] = meta["so hieu"].split()[0]
    if not doc["signer"] and meta.get("nguoi ky"):
        doc["signer"] = meta["nguoi ky"]
    if not doc["date"] and not doc.get("_partial_date") and meta.get("ngay ban hanh"):
        m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", meta["ngay ban hanh"])
        if m:
            doc["date"] = date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    start, end = _period(doc["title"] or "")
    if start is None and doc.get("_partial_date"):
        start = end = None
    doc["period_start"], doc["period_end"] = start, end
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _signature(lines: list[Line], ledger: Ledger, doc: dict) -> None:
    """Recipients (``Nơi nhận``) and the signature block, wherever they sit."""
    n = len(lines)
    i = 0
    while i < n:
        ln = lines[i]
        f = ln.folded.strip("* |")
        if f.startswith("noi nhan"):
            ledger.mark(ln.line, "recipients")
            j = i + 1
            while j < n and lines[j].text.lstrip().startswith(("-", "+", "•")) and len(lines[j].text) < 200:
                ledger.mark(lines[j].line, "recipients")
                j += 1
            i = j
            continue
        if _SIGN_BLOCK.match(f) and len(f) < 60:
            ledger.mark(ln.line, "signature")
            j = i + 1
            while j < n and j <= i + 6:
                t = lines[j].text.strip("* |")
                g = fold(t)
                if _SIGN_BLOCK.match(g) or g in ("chu tich", "pho chu tich"):
                    ledger.mark(lines[j].line, "signature")
                elif _PERSON.match(t) and not is_upper_heading(t) and lines[j].line - ln.line <= 12:
                    ledger.mark(lines[j].line, "signature")
                    doc["signer"] = doc["signer"] or t
                    break
                else:
                    break
                j += 1
            if f.startswith("tm. uy ban nhan dan") or f.startswith("tm. ubnd"):
                doc["_ubnd"] = True
            i = j
            continue
        i += 1


_ISSUER_PLACE = re.compile(r"\b(?:tinh|thanh pho|huyen|quan|thi xa|thi tran|xa|phuong|dac khu)\s+(.+)$")


def issuer_places(document: dict) -> list[str]:
    """The place names a plan says it comes from: the locality of its issuer (``Ủy ban nhân
    dân thành phố Vĩnh Yên`` -> ``Vĩnh Yên``, ``Sở Y tế tỉnh Khánh Hòa`` -> ``Khánh Hòa``) and
    its place of issue, folded-distinct, in that order."""
    out: list[str] = []
    issuer = clean(document.get("issuer") or "")
    if issuer:
        folded = fold_aligned(issuer)
        m = _ISSUER_PLACE.search(folded)
        if m:
            out.append(issuer[m.start(1) :].strip(" .,"))
    place = clean(document.get("place") or "")
    if place:
        out.append(place)
    seen: set[str] = set()
    return [p for p in out if p and not (fold(p) in seen or seen.add(fold(p)))]


def outside_province(document: dict, province_name: str, unit_names: list[str]) -> str | None:
    """The issuer's place when it is neither the province nor a unit of it (a plan from another
    province about to be filed under this one), else None. ``unit_names``: every unit of the
    province, past and present (a plan names the units of its own day)."""
    places = issuer_places(document)
    if not places:
        return None
    names = [fold(n) for n in unit_names] + [fold(province_name)]
    for p in places:
        f = fold(p)
        if any(re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", n) for n in names if n):
            return None
    return places[0]
