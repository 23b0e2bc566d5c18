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


# years that are not the plan's period: the issue year in a site headline ("Kế hoạch 45/KH-UBND
# năm 2025 về … năm 2026"), an issue date, "(Kèm theo Kế hoạch số … năm 2021)"
_NOT_PERIOD = re.compile(
    r"\d+\s*/\s*[a-z0-9-]+\s+(?:ngay\s+[\d/]+\s+)?nam\s+\d{4}|ngay\s+\d{1,2}\s*(?:thang|/)\s*\d{1,2}\s*(?:nam|/)\s*\d{4}"
)


def _period(text: str) -> tuple[int | None, int | None]:
    f = _NOT_PERIOD.sub(" ", fold(text))
    m = re.search(r"giai doan\s*(\d{4})\s*[-–]\s*(\d{4})", f) or re.search(r"(\d{4})\s*[-–]\s*(\d{4})", f)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"\bnam\s+(\d{4})\b", f)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None, None


# a site's metadata as label/value cells (``| Số hiệu | 45/KH-UBND |``) or lines (``Số ký hiệu`` over
# ``45/KH-UBND``): the folded label -> the key used below
_LABELS = {
    "so hieu": "so hieu",
    "so ky hieu": "so hieu",
    "ky hieu": "so hieu",
    "so van ban": "so hieu",
    "so, ky hieu": "so hieu",
    "ngay ban hanh": "ngay ban hanh",
    "ngay ky": "ngay ban hanh",
    "ngay van ban": "ngay ban hanh",
    "co quan ban hanh": "co quan ban hanh",
    "don vi ban hanh": "co quan ban hanh",
    "noi ban hanh": "noi ban hanh",
    "nguoi ky": "nguoi ky",
    "trich yeu": "trich yeu",
    "trich yeu noi dung": "trich yeu",
    "ten van ban": "trich yeu",
    "loai van ban": "loai van ban",
    "the loai": "loai van ban",
    "linh vuc": "",
    "ngay hieu luc": "",
    "ngay het hieu luc": "",
    "tinh trang": "",
    "tinh trang hieu luc": "",
    "hieu luc": "",
    "ngay cong bao": "",
    "so cong bao": "",
    "chuc vu": "",
    "cap ban hanh": "",
    "nguon thu thap": "",
    "ngay dang": "",
    "tep dinh kem": "",
    "van ban goc": "",
}


def _label(text: str) -> str | None:
    f = fold(text).strip(" :|*")
    return _LABELS.get(f) if f in _LABELS else None


def _label_pairs(lines: list[Line], ledger: Ledger) -> tuple[dict[str, str], set[int]]:
    """Label/value pairs of a site's metadata table or list in the first lines; their indices
    (site chrome, never issuer or title)."""
    meta: dict[str, str] = {}
    used: set[int] = set()
    for i, ln in enumerate(lines[:80]):
        if i in used:
            continue
        key = _label(ln.text)
        if key is None:
            continue
        used.add(i)
        ledger.mark(ln.line, "chrome")
        if i + 1 < len(lines) and _label(lines[i + 1].text) is None and len(lines[i + 1].text) <= 400:
            nxt = lines[i + 1]
            if key:
                meta.setdefault(key, clean(nxt.text))
            used.add(i + 1)
            ledger.mark(nxt.line, "chrome")
    # a table of pairs is the site's: only when two or more labels were found
    if len([k for k in meta if k]) < 2 and not any(k == "so hieu" for k in meta):
        return {}, set()
    return meta, used


# a news article's or portal summary's lead naming the plan: "Ngày 05/01/2026, Ủy ban nhân dân
# tỉnh Lâm Đồng ban hành Kế hoạch số 45/KH-UBND về cải cách hành chính …"
_LEAD = re.compile(
    r"(?:ngay\s+(?P<d>\d{1,2})\s*[/-]\s*(?P<m>\d{1,2})\s*[/-]\s*(?P<y>\d{4})\s*,\s*)?"
    r"(?P<issuer>(?:uy ban nhan dan|ubnd)\s+(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong)\s+[^,.;]{2,40}?)\s+"
    r"(?:da\s+)?ban hanh\s+(?P<kind>ke hoach|quyet dinh|chuong trinh)(?:\s+(?:so\s+)?(?P<num>\d+\s*/\s*[a-z0-9-]+))?"
    r"(?:\s+ngay\s+(?P<d2>\d{1,2})\s*[/-]\s*(?P<m2>\d{1,2})\s*[/-]\s*(?P<y2>\d{4}))?"
    r"\s+(?P<rest>(?:ve|thuc hien)\s+[^.]{5,300}|[^.:,]{5,300}?(?=,?\s*(?:cu the\s+)?(?:nhu sau|voi cac noi dung)|\.|$))"
)


def _news_lead(lines: list[Line], ledger: Ledger) -> dict:
    """Number, kind, date, issuer and title from a lead sentence in the first lines."""
    for ln in lines[:15]:
        f = fold_aligned(ln.text)
        m = _LEAD.search(f)
        if not m:
            continue
        t = ln.text
        out: dict = {"kind": KINDS.get(m.group("kind"))}
        if m.group("num"):  # the enacting formula of the plan itself names no number
            out["number"] = t[m.start("num") : m.end("num")].replace(" ", "")
        d, mo, y = (
            (m.group("d"), m.group("m"), m.group("y"))
            if m.group("y")
            else (m.group("d2"), m.group("m2"), m.group("y2"))
        )
        if y:
            try:
                out["date"] = date(int(y), int(mo), int(d)).isoformat()
            except ValueError:
                pass
        issuer = clean(t[m.start("issuer") : m.end("issuer")])
        out["issuer"] = re.sub(r"^UBND\b", "Ủy ban nhân dân", issuer)
        rest = clean(t[m.start("rest") : m.end("rest")]).rstrip(" ,.")
        rest = re.sub(r"^(về|thực hiện)\s+", "", rest) if rest.startswith("về") else rest
        out["title"] = rest[:1].upper() + rest[1:]
        ledger.mark(ln.line, "header")
        return out
    return {}


def parse_metadata(lines: list[Line], ledger: Ledger) -> dict:
    """Fill ``document`` from the header, title and signature blocks; mark their lines."""
    doc: dict = dict.fromkeys(
        ("number", "kind", "issuer", "place", "date", "signer", "title", "period_start", "period_end")
    )
    meta: dict[str, str] = {}
    issuer_parts: list[str] = []
    suffix_kind = None
    title_lines: list[Line] = []
    head_done = False
    in_title = False
    site_title = _site_facts(lines, meta, ledger)
    pairs, paired = _label_pairs(lines, ledger)
    meta.update({k: v for k, v in pairs.items() if k})
    for i, ln in enumerate(lines):
        t, f = ln.text, ln.folded
        if i in paired:
            continue
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
        rest = t[m.end() :].strip(" |\t") if m else ""
        # "Số: 45/KH-UBND Đà Lạt, ngày 05 tháng 01 năm 2026": a PDF's two header columns on one line
        glued_date = bool(rest) and bool(_PLACE_DATE.match(fold(rest)))
        if m and doc["number"] is None and (len(t) < 60 or glued_date):
            suffix_kind = _number_line(m, rest if glued_date else "", ln.line, doc, ledger)
            continue
        if _PLACE_DATE.match(f) and doc["place"] is None:
            _place_date(t, ln.line, doc, ledger)
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
                upper = is_upper_heading(t) or _short_upper(t)
                total = sum(len(x.text) for x in title_lines)
                if (
                    not upper
                    or (len(title_lines) >= 3 and not _short_upper(t) and total > 160)
                    or len(title_lines) >= 8
                ):
                    in_title = False
                    if not in_title:
                        head_done = True
                continue
            head_done = True
            continue
        if (
            doc["kind"] is None
            and is_upper_heading(t)
            and len(t) < 80
            and not doc.get("_number_seen")
            and not re.search(r"\d+\s*/\s*\w", t)  # a number cell ("45/KH-UBND") is no issuer
        ):
            # issuing body block above the number line
            issuer_parts.append(t)
            ledger.mark(ln.line, "header")
            continue
        if i > 80 or numbering(t).kind == "roman" or _BASIS.match(f):
            break
    _signature(lines, ledger, doc)
    _issuer(doc, issuer_parts, meta, lines, suffix_kind, title_lines)
    lead = _news_lead(lines, ledger) if not (doc["number"] and doc["issuer"] and title_lines) else {}
    for key in ("number", "date", "issuer"):
        if not doc[key] and lead.get(key) and not (key == "date" and doc.get("_partial_date")):
            doc[key] = lead[key]
    if not doc["kind"] and lead.get("kind"):
        doc["kind"] = lead["kind"]
    _title_and_facts(doc, meta, lead, title_lines, site_title, suffix_kind)
    start, end = _period(doc["title"] or "")
    if start is None and doc.get("_partial_date"):
        start = end = None
    doc["period_start"], doc["period_end"] = start, end
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _site_facts(lines: list[Line], meta: dict, ledger: Ledger) -> str | None:
    """A saved web page's labelled facts (into ``meta``) and its page title near the top or the
    bottom (marked as chrome)."""
    site_title = None
    for k, ln in enumerate(lines):
        if is_chrome(ln.text):
            meta.update(site_meta(ln.text))
        elif (k < 15 or k >= len(lines) - 15) and _SITE_TITLE.match(ln.folded) and site_title is None:
            site_title = ln.text
            ledger.mark(ln.line, "chrome")
    return site_title


def _number_line(m: re.Match, glued: str, line: int, doc: dict, ledger: Ledger) -> str | None:
    """ "Số: 45/KH-UBND" (with the place and date ``glued`` after it, if any): the number, and the
    kind its suffix names."""
    suffix = m.group("suffix")
    doc["number"] = f"{m.group('num')}/{suffix}" if m.group("num") else None
    ledger.mark(line, "header")
    doc["_number_seen"] = True
    if glued and doc["place"] is None:
        _place_date(glued, line, doc, ledger)
    return SUFFIX_KINDS.get(fold(suffix.split("-")[0]))


def _issuer(
    doc: dict,
    issuer_parts: list[str],
    meta: dict,
    lines: list[Line],
    suffix_kind: str | None,
    title_lines: list[Line],
) -> None:
    """The issuing body: from the header block above the number, else the place of issue or the
    "UBND" in the number with the province in the title, else the site's "Cơ quan ban hành"."""
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
    if not doc["issuer"] and meta.get("co quan ban hanh"):
        doc["issuer"] = _body_case(re.sub(r"^UBND\b", "Ủy ban nhân dân", meta["co quan ban hanh"]))
        if doc["issuer"].startswith("UBND"):
            doc["issuer"] = "Ủy ban nhân dân" + doc["issuer"][4:]


def _title_and_facts(
    doc: dict,
    meta: dict,
    lead: dict,
    title_lines: list[Line],
    site_title: str | None,
    suffix_kind: str | None,
) -> None:
    """The title (the title block, else the site's excerpt, a news lead or the page title), and
    the facts the header left empty from the site's labelled facts and the number's suffix."""
    if title_lines:
        doc["title"] = clean(" ".join(x.text for x in title_lines))
    elif meta.get("trich yeu"):
        doc["title"] = _headline_title(meta["trich yeu"])
    elif lead.get("title"):
        doc["title"] = lead["title"]
    elif site_title:
        st = clean(site_title)
        m = re.search(r"\s(về|thực hiện|ban hành)\s", st)
        doc["title"] = st[m.end() :] if m and m.group(1) == "về" else (st[m.start() + 1 :] if m else st)
    doc["kind"] = doc["kind"] or suffix_kind
    if doc["number"] is None and not doc.get("_number_seen") and meta.get("so hieu"):
        doc["number"] = meta["so hieu"].split()[0]
    if doc["kind"] is None and meta.get("loai van ban"):
        doc["kind"] = _kind_of(meta["loai van ban"])
    if doc["kind"] is None and doc["number"]:
        doc["kind"] = SUFFIX_KINDS.get(fold(doc["number"].split("/")[-1].split("-")[0]))
    if not doc["signer"] and meta.get("nguoi ky"):
        doc["signer"] = meta["nguoi ky"]
    if not doc["date"] and not doc.get("_partial_date") and meta.get("ngay ban hanh"):
        m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", meta["ngay ban hanh"])
        if m:
            doc["date"] = date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()


def _place_date(t: str, line: int, doc: dict, ledger: Ledger) -> None:
    """``Đà Lạt, ngày 05 tháng 01 năm 2026``: place and issue date (a draft's blank day or month
    leaves a partial date and a warning)."""
    m = _PLACE_DATE.match(fold(t))
    if not m:
        return
    doc["place"] = clean(t[: len(m.group("place"))])
    y, mo, d = int(m.group("y")), m.group("m"), m.group("d")
    if mo and d:
        try:
            doc["date"] = date(y, int(mo), int(d)).isoformat()
        except ValueError:
            ledger.warn(line, f"invalid issue date: {t}")
    else:
        doc["_partial_date"] = (y, int(mo) if mo else None)
        ledger.warn(line, f"issue date incomplete (draft): year {y}, month {mo or '?'}")
    ledger.mark(line, "header")


def _short_upper(text: str) -> bool:
    """A short line in capitals ("CẢI", "VỀ", "NĂM 2026"): part of a hard-wrapped title."""
    letters = [c for c in text if c.isalpha()]
    return 0 < len(letters) < 4 and all(c.isupper() for c in letters) and len(text) <= 12


_HEADLINE_KIND = re.compile(
    r"^(kế hoạch|quyết định|chương trình)(\s+(số\s+)?\d+\s*/\s*[\wĐđ-]+)?(\s+năm\s+\d{4})?(\s+(về|của))?\s+",
    re.I,
)


def _headline_title(text: str) -> str:
    """ "Kế hoạch cải cách hành chính … năm 2026" -> "Cải cách hành chính … năm 2026"."""
    s = clean(text)
    m = _HEADLINE_KIND.match(s)
    if m and m.end() < len(s):
        s = s[m.end() :]
    return s[:1].upper() + s[1:]


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
