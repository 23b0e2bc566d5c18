"""The last steps of ``parse_plan``: what a refused document looks like, leads an organisation
section gives to whole areas, where the annex begins, the import report and file-line provenance."""

from __future__ import annotations

import re

from cchc.domain.planparse.coverage import UNREAD
from cchc.domain.planparse.model import Ledger, Line
from cchc.domain.planparse.structure import standard_area
from cchc.domain.text import fold, fold_aligned

_NEWS = re.compile(
    r"^\(?(cong ttdt|ttdt|baotintuc|ttxvn|bao [a-z ]{2,30}|cong thong tin[a-z ]{0,40})\)?\s*[-–]|"
    r"\b(theo do|phong vien|tin,? anh|nguon:|bai va anh)\b|^ngay \d{1,2}[/-]\d{1,2}(?:[/-]\d{4})?,"
)
_MENTIONS_PLAN = re.compile(r"\b(ke hoach|quyet dinh|chuong trinh)\s+(so\s+)?\d+\s*/")


def looks_like(document: dict, stream: list[Line]) -> str | None:
    """What a document the importer cannot take as a plan looks like (see NotAPlanError)."""
    kind = document.get("kind")
    if kind in ("report", "letter", "notice", "submission"):
        return kind
    head = [ln.folded for ln in stream[:30]]
    if any(_NEWS.search(f) for f in head):
        return "news"
    if any(_MENTIONS_PLAN.search(f) for f in head) and len(stream) < 80:
        return "summary"
    return None


def import_report(doc, lines, table_lines, ledger, cell_text, areas, tasks) -> dict:
    """The import report: tasks per area and per origin, every line not understood with its
    text, and where every line of the file went (``lines``: each non-blank line of the file is
    counted once, as read, layout only, or not understood: nothing vanishes)."""
    text_of = dict(cell_text)
    text_of.update({ln.line: ln.text for ln in lines})
    per_area: dict = {a["code"]: 0 for a in areas}
    none = 0
    origins: dict[str, int] = {}
    for t in tasks:
        if t["area"] in per_area:
            per_area[t["area"]] += 1
        else:
            none += 1
        origins[t["origin"]] = origins.get(t["origin"], 0) + 1
    not_understood = []
    for n, why in ledger.unread:
        a, b = ledger.first(n), ledger.last(n)
        not_understood.append({"line": a, "line_end": b, "text": text_of.get(n, ""), "why": why})
    # every non-blank line of the file, by what became of it
    unread = {n for n, _ in ledger.unread}
    counted = sorted({ln.line for ln in lines} | table_lines)
    read_lines: set[int] = set()
    unread_lines: set[int] = set()
    for n in counted:
        span = range(ledger.first(n), ledger.last(n) + 1)
        role = ledger.roles.get(n)
        if n in unread or not role or role in UNREAD:
            unread_lines.update(span)
        else:
            read_lines.update(span)
    layout = doc.layout
    separators = set(layout.separators) if layout is not None else set()
    total = doc.total_lines if layout is not None else len(counted)
    blank = len(set(layout.blank) - read_lines - unread_lines) if layout is not None else 0
    return {
        "areas": [{"code": a["code"], "title": a["title"], "tasks": per_area[a["code"]]} for a in areas],
        "tasks_without_area": none,
        "origins": origins,
        "not_understood": not_understood,
        "lines": {
            "total": total,
            "read": len(read_lines),
            "not_understood": len(unread_lines - read_lines),
            "layout": len(separators - read_lines - unread_lines),
            "blank": blank,
        },
        "layout": list(layout.notes) if layout is not None else [],
    }


# "Phòng Tư pháp thành phố chịu trách nhiệm tham mưu nội dung chính liên quan đến "Cải cách thể
# chế"": the organisation section names the unit answering for a whole area
_DUTY = re.compile(
    r"\b(?:chiu trach nhiem|chu tri|giup|tham muu)\b[^.;]{0,120}?\b(?:lien quan den|ve linh vuc|linh vuc|noi dung|"
    r"chi so thanh phan|cong tac|cac nhiem vu ve|nhiem vu ve)\s+"
)
# "thực hiện các nhiệm vụ tại mục 2, phần III": the tasks of the area numbered 2
_SECTION_REF = re.compile(
    r"\bnhiem vu (?:tai|o|thuoc|neu tai|quy dinh tai) (?:muc|diem|tieu muc)\s+((?:\d{1,2}|[ivx]{1,4})(?:\s*,\s*(?:\d{1,2}|[ivx]{1,4}))*)"
)
_QUOTED = re.compile(r"[\"“”«»]\s*\*?([^\"“”«»*]{4,160}?)\*?\s*[\"“”«»]")


# A title that is a list of activities keeps its inner "; - " separators but not a leading bullet
# ("- Rà soát, xây dựng kế hoạch; - Số hóa …" -> "Rà soát, xây dựng kế hoạch; - Số hóa …").
_LEADING_BULLET = re.compile(r"^\s*[-+•–—]\s+(?=\S)")


def strip_bullet(title: str) -> str:
    return _LEADING_BULLET.sub("", title, count=1) if title else title


def leads_from_duties(tasks: list[dict], areas: list[dict]) -> None:
    """A body task without a lead, in an area the organisation section gives to a unit, is led
    by that unit (``lead_from``: the line of that duty). Only what the plan writes: an area
    named in the duty (quoted, or the phrase after "liên quan đến"), mapped by its standard
    area; nothing is assumed about areas no duty names."""
    by_std = {a["standard_area"]: a["code"] for a in areas if a.get("standard_area")}
    codes = {fold(a["code"]).strip(" ."): a["code"] for a in areas}
    owners: dict[str, dict] = {}
    for t in tasks:
        if t.get("origin") != "responsibilities" or not t["lead"] or any(m.get("vague") for m in t["lead"]):
            continue
        title = t["title"]
        folded = fold_aligned(title)
        for ref in _SECTION_REF.finditer(folded):
            for code in re.split(r"\s*,\s*", ref.group(1)):
                area = codes.get(code.strip())
                if area is not None and area not in owners:
                    owners[area] = t
        for m in _DUTY.finditer(folded):
            rest = title[m.end() :]
            stop = min([k for k in (rest.find(";"), rest.find(". ")) if k >= 0] or [len(rest)])
            quoted = _QUOTED.findall(rest[: stop + 1]) or [rest[:stop]]
            for phrase in quoted:
                std = standard_area(phrase.strip(' .,:*"')) if len(phrase) <= 160 else None
                code = by_std.get(std)
                if code is not None and code not in owners:
                    owners[code] = t
    if not owners:
        return
    for t in tasks:
        owner = owners.get(t["area"])
        if owner is not None and t.get("origin") == "body" and not t["lead"]:
            t["lead"] = [dict(m) for m in owner["lead"]]
            t["lead_from"] = owner["source"]["line_start"]


_ANNEX = re.compile(r"^(phu luc|khung ke hoach|danh muc (cac )?(nhiem vu|de an))\b")


def annex_start(stream: list[Line], ledger: Ledger) -> int:
    """The (normalised) line where the annex begins: the first signature or recipients block,
    or a heading ``PHỤ LỤC`` / ``KHUNG KẾ HOẠCH``; a very large number when there is none."""
    for ln in stream:
        role = ln.role or ledger.roles.get(ln.line, "")
        if role in ("signature", "recipients") or (len(ln.text) < 200 and _ANNEX.match(ln.folded)):
            return ln.line
    return 1 << 60


def to_source_lines(groups: list[list[dict]], ledger: Ledger) -> None:
    """Provenance in normalised lines -> lines of the file the officer has."""
    for items in groups:
        for item in items:
            src = item.get("source")
            if isinstance(src, dict) and src.get("line_start") is not None:
                end = src.get("line_end") or src["line_start"]
                src["line_start"] = ledger.first(src["line_start"])
                src["line_end"] = ledger.last(end)
