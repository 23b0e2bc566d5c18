"""Prose sections: headings (roman / arabic / ``1.1.`` / ``a)`` / bullets), what each section is
for (purpose, targets, tasks, responsibilities, funding…), reform areas, targets, and tasks
written as items, with their lead taken from the unit heading or intro they sit under."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cchc.domain.planparse.model import Ledger, Line
from cchc.domain.planparse.structure import (
    is_boilerplate,
    is_chrome,
    is_upper_heading,
    looks_like_unit,
    numbering,
    standard_area,
    strip_unit_prefix,
)
from cchc.domain.text import clean, fold

CONTEXT_KINDS = {"purpose", "objectives", "funding", "preamble", "annex", "decision"}
TASK_KINDS = {"tasks", "organisation", "solutions"}


def section_kind(text: str) -> str | None:
    """What a heading announces. ``None``: nothing new (the parent's kind continues)."""
    f = fold(text)
    if len(f) > 200:
        return None
    if not is_upper_heading(text) and len(f) > 60:
        f = f[:45]  # a long sentence-case heading names its section in its first words
    if "muc tieu chung" in f and "nhiem vu" not in f:
        return "objectives"
    if "nhiem vu" in f:
        return "tasks"
    if re.match(r"^(\w+ )?to chuc thuc hien", f) or f.startswith("trach nhiem") or f.startswith("phan cong"):
        return "organisation"
    if "chi tieu" in f or "muc tieu cu the" in f:
        return "targets"
    if "kinh phi" in f or "nguon luc tai chinh" in f:
        return "funding"
    if "giai phap" in f:
        return "solutions"
    if "muc dich" in f or "yeu cau" in f or "quan diem" in f or "su can thiet" in f or "can cu" in f:
        return "purpose"
    if re.match(r"^(\w+ )?muc tieu\b", f):
        return "objectives"
    if re.search(r"\bnoi dung\b", f) and len(f) < 60:
        return "tasks"
    return None


_PREAMBLE = re.compile(
    r"^(can cu|thuc hien|xet de nghi|dieu \d+\.|\(?ban hanh kem theo|theo de nghi|de (trien khai|thuc hien|cu the hoa|nang cao)|"
    r"nham |trien khai (thuc hien )?(nghi quyet|quyet dinh|ke hoach|chi thi|chuong trinh)|"
    r"(uy ban nhan dan|ubnd)\b.{0,80}\bban hanh\b)"
)
_INTRO = re.compile(r"\b(chu tri|la dau moi|la co quan|co trach nhiem|chiu trach nhiem)\b")
_SUPPORT = re.compile(
    r"phoi hop(?: chat che)?(?: voi)?\s+(?P<who>.+?)(?=\s+(?:tham muu|trien khai|thuc hien|to chuc|de |nham|"
    r"trong |giup|theo doi|xay dung|huong dan|danh gia|kiem tra|lap |tong hop|cap nhat|ra soat|thuong xuyen|"
    r"tu van|ho tro|chi dao|bao cao|de xuat|nghien cuu|dam bao|cung cap)|[:;.(]|$)"
)
_CUT = re.compile(r"\s*(:|\bla\b|\bchu tri\b|\bco trach nhiem\b|\bchiu trach nhiem\b|\bthuong xuyen\b)")
_DISTRIBUTIVE_END = re.compile(r"\b(?:cac )?(?:so|phong|ban|co quan|don vi)(?:,? (?:ban,? )?nganh)?\s*$")
_ANNEX_REF = re.compile(r"^\(?\s*(co |kem theo |xem )?(cac )?phu luc|kem theo ke hoach|dinh kem")
_YEAR = re.compile(r"\b(?:den|trong|nam|cuoi)\s+(?:nam\s+)?(\d{4})\b")


def unit_phrase(text: str) -> tuple[str | None, str]:
    """``Sở Nội vụ: Là cơ quan …`` → (``Sở Nội vụ``, rest); (None, text) when not a unit."""
    s = strip_unit_prefix(text)
    m = _CUT.search(fold(s))
    if m and m.group(1) == ":" and _DISTRIBUTIVE_END.search(fold(s[: m.start()])):
        # "Văn phòng UBND, các Sở: Tài chính, Tư pháp": the names after the colon belong to the
        # heading (the resolver distributes "Sở" over them), unless a sentence follows
        after = s[m.end() :]
        if len(after) < 220 and not _LEAD_VERB.search(" " + fold(after)):
            m = None
    if m and m.start() > 2:
        head, rest = clean(s[: m.start()]).strip(" ,"), clean(s[m.end() :])
    else:
        head, rest = clean(s).strip(" :,"), ""
    if len(head) > 220 or not looks_like_unit(head):
        return None, text
    return head, rest


def support_phrase(text: str) -> str | None:
    f = fold(text)
    m = _SUPPORT.search(f)
    if not m:
        return None
    who = clean(text[m.start("who") : m.end("who")]).strip(" ,")
    if not who or not looks_like_unit(who):
        return None
    return who


# "(Sở Nội vụ chủ trì, phối hợp với …; thời gian: Quý II/2023)" at the end of an item
_TRAILER = re.compile(r"\(([^()]{4,400})\)\s*[.;,]?\s*$")
_LABEL = re.compile(
    r"^\W*(?:(?:co quan|don vi|co quan, don vi|bo phan)\s+)?"
    r"(?P<key>chu tri(?: thuc hien)?|thuc hien|phoi hop(?: thuc hien)?|"
    r"thoi gian(?: hoan thanh| thuc hien)?|thoi han(?: hoan thanh)?|tien do|"
    r"san pham(?: du kien| dau ra)?|ket qua(?: du kien| dau ra)?)\s*:\s*(?P<value>\S.*)$"
)
_TIME_START = re.compile(
    r"^\W*(?:hoan thanh|truoc|trong|quy|thang|nam \d|\d{4}|dinh ky|hang|thuong xuyen|lien tuc|tu nam|"
    r"giai doan|sau khi|cham nhat)\b"
)
_LEAD_VERB = re.compile(
    r"\s(?:can cu|xay dung|thuc hien|trien khai|to chuc|chu dong|phoi hop|theo doi|tham muu|bao cao|"
    r"huong dan|kiem tra|tong hop|ra soat|chi dao|dam bao|bao dam|tiep tuc|nghien cuu|cap nhat|"
    r"day manh|tang cuong|ban hanh|gui|co trach nhiem|chiu trach nhiem|la co quan|nghiem tuc|"
    r"quan tam|de xuat|bo tri|phan cong|thuong xuyen|duy tri|theo chuc nang|chu tri)\b"
)


def _label_key(key: str) -> str:
    if key.startswith(("chu tri", "thuc hien")):
        return "lead"
    if key.startswith("phoi hop"):
        return "support"
    if key.startswith(("san pham", "ket qua")):
        return "output"
    return "time"


def labelled_attribute(text: str) -> tuple[str, str] | None:
    """``Cơ quan chủ trì: Sở Tư pháp`` → ("lead", "Sở Tư pháp"); also support, time, output."""
    f = fold(text)
    m = _LABEL.match(f)
    if not m or len(f) > 300:
        return None
    return _label_key(m.group("key")), clean(text[m.start("value") :]).strip(" .;")


def inline_assignment(text: str) -> tuple[str, dict[str, str]] | None:
    """A trailer that assigns the item: ``… (Sở Nội vụ chủ trì, phối hợp với Sở Tài chính;
    thời gian: Quý II/2023)``. Returns (title without the trailer, {lead, support, time}); ``None``
    when the brackets do not name a lead."""
    m = _TRAILER.search(text)
    if not m:
        return None
    inner = m.group(1)
    out: dict[str, str] = {}
    for part in re.split(r";", inner):
        part = clean(part)
        f = fold(part)
        if not f:
            continue
        lab = labelled_attribute(part)
        if lab:
            out.setdefault(lab[0], lab[1])
            continue
        cm = re.search(r"\bchu tri\b", f)
        if cm and "lead" not in out:
            head = clean(part[: cm.start()]).strip(" ,:")
            if head and looks_like_unit(head):
                out["lead"] = head
                sup = support_phrase(part[cm.end() :])
                if sup:
                    out["support"] = sup
                continue
        if re.match(r"^\W*phoi hop(?: voi)?\s+", f) and "support" not in out:
            out["support"] = clean(re.sub(r"^\W*\S+\s+\S+(?:\s+với)?\s+", "", part, flags=re.I))
            continue
        if _TIME_START.match(f) and "time" not in out:
            out["time"] = part.strip(" .")
    if "lead" not in out:
        return None
    return clean(text[: m.start()]).rstrip(" ,;:"), out


# "… Giao Văn phòng HĐND và UBND phường chủ trì, phối hợp với …, hoàn thành trong Quý I/2026."
_ASSIGN_SENTENCE = re.compile(
    r"(?:^|(?<=[.;])\s+)(?:giao(?: cho)?|de nghi)\s*:?\s+(?P<who>[^.;]{3,200}?)\s+"
    r"(?P<verb>chu tri|thuc hien|tham muu|trien khai|theo doi)\b(?P<rest>[^;]*?)\.?\s*$"
)
_TIME_IN = re.compile(
    r"\b(?:hoan thanh|truoc ngay|truoc|trong (?:quy|thang|nam)|cham nhat|quy [ivx]+|thang \d|"
    r"dinh ky|hang (?:nam|quy|thang)|hàng (?:nam|quy|thang)|thuong xuyen|lien tuc)\b"
)


def assignment_sentence(text: str) -> tuple[str, dict[str, str]] | None:
    """A closing sentence that assigns the item, as commune and department plans write it:
    ``Rà soát … . Giao Phòng Kinh tế chủ trì, phối hợp với …, hoàn thành trước ngày 30/6/2026.``
    Returns (the item without that sentence, {lead, support, time}) or ``None``."""
    f = fold(text)
    m = _ASSIGN_SENTENCE.search(f)
    if not m or m.start() < 10:
        return None
    who = clean(text[m.start("who") : m.end("who")]).strip(" ,:")
    if not looks_like_unit(who):
        return None
    out = {"lead": who}
    rest = text[m.start("rest") : m.end("rest")]
    sup = support_phrase(rest)
    if sup:
        out["support"] = sup
    tm = _TIME_IN.search(f, m.start("rest"), m.end("rest"))
    if tm:
        out["time"] = clean(text[tm.start() : m.end("rest")]).strip(" .,;")
    return clean(text[: m.start()]).rstrip(" ,;:."), out


_INLINE_LABEL = re.compile(
    r"(?:[.;,(]\s*|\s[-–]\s*)(?=(?:co quan |don vi )?(?:chu tri|phoi hop|thoi gian(?: hoan thanh| thuc hien)?|"
    r"thoi han(?: hoan thanh)?|san pham(?: du kien)?|ket qua(?: du kien)?)\s*:)"
)


def labelled_inline(text: str) -> tuple[str, dict[str, str]] | None:
    """Labels written on the item's own line: ``Rà soát quy trình nội bộ. Chủ trì: Phòng Tư
    pháp; Phối hợp: …; Thời gian: Quý II/2025.`` Returns (title, {lead, support, time,
    output}) when a lead or a time is labelled, else ``None``."""
    f = fold(text)
    m = _INLINE_LABEL.search(f)
    if not m or m.start() < 10:
        return None
    out: dict[str, str] = {}
    for part in re.split(r"[;.]\s+(?=\S)|[;]", text[m.end() :].rstrip(" .)")):
        lab = labelled_attribute(part.strip(" -–,"))
        if lab:
            out.setdefault(lab[0], lab[1].strip(" .)"))
    if not ({"lead", "time"} & set(out)):
        return None
    return clean(text[: m.start()]).rstrip(" ,;:.("), out


def leading_unit(text: str) -> str | None:
    """The unit an item starts with, cut before its first verb: ``Các sở, ban, ngành căn cứ …``
    → ``Các sở, ban, ngành``. ``None`` when the item does not start with a unit."""
    s = strip_unit_prefix(text)
    s = re.sub(r"([,;]\s*)(?:Thủ trưởng|Chủ tịch|Giám đốc|Người đứng đầu)\s+", r"\1", s)
    f = fold(s)
    if not clean(text)[:1].isupper() or not looks_like_unit(s):
        return None  # a lower-case start continues a broken paragraph
    for m in _LEAD_VERB.finditer(f):
        if len(f[: m.start()].split()) >= 2:
            head = clean(s[: m.start()]).strip(" ,:;")
            return head if looks_like_unit(head) and len(head) <= 160 else None
    return None


@dataclass
class Frame:
    level: float
    kind: str | None = None
    area: str | None = None
    lead: str | None = None
    support: str | None = None
    year: int | None = None
    parent: str | None = None
    line: int = 0


@dataclass
class ProseResult:
    targets: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)


def _has_children(lines: list[Line], i: int, level: float) -> bool:
    t = lines[i].text.rstrip(" *")
    if t.endswith(":"):
        return True
    j = i + 1
    while j < len(lines) and (lines[j].role or is_chrome(lines[j].text)):
        j += 1
    if j >= len(lines):
        return False
    nxt = numbering(lines[j].text)
    if labelled_attribute(nxt.text):
        return False  # "- Cơ quan chủ trì: …" lines describe this item: it is a task
    nf = lines[j].folded
    if nxt.kind == "none" and (nf.startswith(("tren day la", "noi nhan")) or level >= 6):
        return False  # a closing formula, or plain prose after a bullet, is no child
    nlevel = nxt.level if nxt.kind != "none" else 8
    return nlevel > level and len(t) <= 220 and (len(t) <= 100 or not t.endswith((".", ";")))


def walk(
    lines: list[Line],
    ledger: Ledger,
    *,
    add_area: Callable[[str, str], str],
    make_task: Callable[..., dict],
    targets_of: Callable[[str, str | None, int | None, int], list[dict]],
    year_default: int | None,
) -> ProseResult:
    """Read the body's prose (numbered sections, items, bullets) into tasks and targets."""
    walker = _Walker(ledger, add_area, make_task, targets_of, year_default)
    for i, ln in enumerate(lines):
        if not ln.role:
            walker.line(lines, i, ln)
    return walker.res


class _Walker:
    """The walk's state: the stack of open sections (their kind, area, lead, year…) and what
    the last lines made (the last task and the arguments it was built from)."""

    def __init__(self, ledger, add_area, make_task, targets_of, year_default) -> None:
        self.ledger = ledger
        self.add_area = add_area
        self.make_task = make_task
        self.targets_of = targets_of
        self.year_default = year_default
        self.res = ProseResult()
        self.stack: list[Frame] = [Frame(level=-1, kind="preamble")]
        self.last_arabic = 0
        self.last_raw: dict | None = None
        self.last_task: dict | None = None
        self.seen_numbered = False
        self.title_lines = 0
        self.prev_line = -1

    def ctx(self, attr: str):
        for fr in reversed(self.stack):
            v = getattr(fr, attr)
            if v is not None:
                return v
        return None

    def line(self, lines: list[Line], i: int, ln: Line) -> None:
        t = ln.text
        nb = numbering(t)
        if self._layout(ln, nb):
            return
        level = float(nb.level) if nb.kind != "none" else 8.0
        self._open(ln, nb, level)
        body = re.sub(r"^(?:[-+•]\s+)+", "", nb.text)
        header = nb.kind != "none" and _has_children(lines, i, level)
        # intro line: "Sở X chủ trì, phối hợp với …:" sets the lead of the lines below
        if t.rstrip(" *").endswith(":") and nb.kind in ("none", "bullet"):
            unit, _rest = unit_phrase(body)
            if unit and _INTRO.search(fold(body)):
                self.stack.append(
                    Frame(
                        level=self.stack[-1].level + 0.5,
                        lead=unit,
                        support=support_phrase(body),
                        line=ln.line,
                    )
                )
                self.ledger.mark(ln.line, "heading")
                return
        if header or (nb.kind in ("roman", "upper") and len(body) < 200):
            self._heading(ln, nb, level, body)
        else:
            self._leaf(ln, nb, body)

    def _layout(self, ln: Line, nb) -> bool:
        """Chrome, boilerplate, title blocks, the preamble and references: marked, not read."""
        t, f, ledger = ln.text, ln.folded, self.ledger
        if is_chrome(t):
            ledger.mark(ln.line, "chrome")
            return True
        bp = is_boilerplate(t)
        if bp:
            ledger.mark(ln.line, bp)
            return True
        if nb.kind == "none" and is_upper_heading(t) and len(t) < 250:
            # annex / title block heading: a new top-level context
            self.stack = [Frame(level=-1, kind="annex", line=ln.line)]
            ledger.mark(ln.line, "heading")
            self.title_lines = 2  # the sentence-case title under "KẾ HOẠCH" / "PHỤ LỤC"
            return True
        if self.title_lines and nb.kind == "none" and len(t) < 250:
            self.title_lines -= 1
            ledger.mark(ln.line, "title")
            return True
        self.title_lines = 0
        if not self.seen_numbered and nb.kind == "none":
            # before the first numbered heading: the legal basis ("Căn cứ …", "Thực hiện …") and
            # the enacting formula ("… như sau:") are boilerplate; other prose is not content read
            ok = _PREAMBLE.match(f) or f.rstrip(" .").endswith(("nhu sau:", "nhu sau"))
            ledger.mark(ln.line, "preamble" if ok else "unread_preamble")
            return True
        if (
            _ANNEX_REF.match(f)
            or ("phu luc" in f and nb.kind == "none")
            or f.startswith("quyet dinh:")
            or re.match(r"^dieu \d+\.", f)
        ):
            ledger.mark(ln.line, "context")
            return True
        return False

    def _open(self, ln: Line, nb, level: float) -> None:
        """Close the sections this line's numbering ends (numbering restarting at 1 without a
        roman heading: an implicit new top section)."""
        if nb.kind in ("roman", "arabic", "multi", "letter", "upper"):
            self.seen_numbered = True
        if nb.kind == "arabic":
            n = int(nb.label)
            if n == 1 and self.last_arabic >= 1:
                self.stack = [self.stack[0], Frame(level=1, kind="tasks", line=ln.line)]
            self.last_arabic = n
        if nb.kind == "roman":
            self.last_arabic = 0
        while len(self.stack) > 1 and self.stack[-1].level >= level:
            self.stack.pop()

    def _heading(self, ln: Line, nb, level: float, body: str) -> None:
        """A heading opens a section: its kind, year, area, lead or parent task."""
        t = ln.text
        kind_here = self.ctx("kind")
        fr = Frame(level=level, line=ln.line)
        k = section_kind(body)
        m = re.match(r"^\*?\s*(?:den|trong|nam|giai doan)\s+(?:nam\s+)?(\d{4})", fold(body).strip("* "))
        if nb.kind == "star" or m:
            if m:
                fr.year = int(m.group(1))
            self.stack.append(fr)
            self.ledger.mark(ln.line, "heading")
            return
        area_std = standard_area(body) if len(body) <= 160 else None
        unit, rest = unit_phrase(body) if kind_here in TASK_KINDS or k is None else (None, body)
        same_kind = k is not None and k == kind_here
        if same_kind:
            k = None  # "Nội dung …" inside a task section: a grouping, not a new section
        if k == "organisation":
            unit, rest = unit_phrase(body)
            fr.lead = unit
        if k and not (area_std and k == "tasks" and "nhiem vu" not in fold(body)):
            fr.kind = k
            ym = _YEAR.search(fold(body))
            if ym and k == "targets":
                fr.year = int(ym.group(1))
        elif area_std or (
            nb.kind in ("roman", "arabic", "multi")
            and (kind_here in ("tasks", "organisation"))
            and unit is None
            and (section_kind(body) is None or len(fold(body)) > 15)
        ):
            if kind_here in ("tasks", "organisation", "targets") or area_std:
                fr.area = self.add_area(nb.label, body.rstrip(" .:"))
        elif unit and (kind_here in TASK_KINDS):
            fr.lead = leading_unit(body) or unit
            fr.support = support_phrase(rest) if rest else None
            if rest and len(rest) > 30 and not t.rstrip(" *").endswith(":"):
                self.res.tasks.append(
                    _task(
                        self.make_task,
                        self.ctx,
                        body,
                        ln.line,
                        lead=unit,
                        support=fr.support,
                        year=self.year_default,
                    )
                )
                self.prev_line = ln.line
        elif not (same_kind and len(fold(body)) <= 15):  # "b) Nhiệm vụ" is a label, not a parent
            fr.parent = body.rstrip(" :")
        self.stack.append(fr)
        self.ledger.mark(ln.line, "heading")

    def _leaf(self, ln: Line, nb, body: str) -> None:
        """A leaf item; a line starting in lower case continues the item above (a broken
        paragraph)."""
        t, res, ledger = ln.text, self.res, self.ledger
        kind = self.ctx("kind")
        if (
            nb.kind == "none"
            and t[:1].islower()
            and res.tasks
            and res.tasks[-1]["source"]["line_end"] == self.prev_line
            and len(res.tasks[-1]["title"]) < 4000  # hostile input: no title grows without end
        ):
            last = res.tasks[-1]
            last["title"] = clean(last["title"] + " " + t)
            last["source"]["line_end"] = ln.line
            ledger.mark(ln.line, "task")
            self.prev_line = ln.line
            return
        if kind == "targets":
            found = self.targets_of(body, self.ctx("area"), self.ctx("year") or self.year_default, ln.line)
            res.targets.extend(found)
            # a line of a target section with no measurable target is not accounted for
            ledger.mark(ln.line, "target" if found else "unmeasured_target")
            return
        if kind in TASK_KINDS:
            self._task_item(ln, nb, body, kind)
            return
        if kind == "objectives":
            # "II. MỤC TIÊU" without a separate "Chỉ tiêu": its measurable sentences are targets
            found = self.targets_of(body, self.ctx("area"), self.ctx("year") or self.year_default, ln.line)
            if found:
                res.targets.extend(found)
                ledger.mark(ln.line, "target")
                return
        if kind in CONTEXT_KINDS:
            ledger.mark(ln.line, "context")
        # kind "other"/None: left unaccounted (reported by coverage)

    def _task_item(self, ln: Line, nb, body: str, kind: str) -> None:
        """An item of a task section: a task, or an attribute of the task above it."""
        res, ledger = self.res, self.ledger
        attr = labelled_attribute(body)
        if attr and self.last_raw is not None and res.tasks and res.tasks[-1] is self.last_task:
            # "- Cơ quan chủ trì: Sở Tư pháp" under the item it belongs to
            key, value = attr
            if key == "output":
                self.last_raw["outputs"] = [*self.last_raw["outputs"], value]
            else:
                self.last_raw[key] = value
            self.last_raw["line_end"] = ln.line
            res.tasks[-1] = self.last_task = self.make_task(**self.last_raw)
            ledger.mark(ln.line, "task")
            self.prev_line = ln.line
            return
        lead = self.ctx("lead")
        support = self.ctx("support")
        time = None
        inline = inline_assignment(body) or assignment_sentence(body) or labelled_inline(body)
        if inline:
            body, found = inline
            support = found.get("support") if "lead" in found else found.get("support", support)
            lead = found.get("lead", lead)
            time = found.get("time")
        unit, rest = unit_phrase(body)
        if (
            unit
            and re.match(r"^\W*chu tri\b", fold(rest))
            or (unit and lead is None and _INTRO.search(fold(body)))
        ):
            lead, support = unit, support_phrase(body)
            if nb.kind == "none":
                # "Sở X chủ trì, phối hợp …" opens the lines below it as well
                self.stack.append(
                    Frame(level=self.stack[-1].level + 0.5, lead=unit, support=support, line=ln.line)
                )
        if kind == "solutions" and lead is None:
            # general solutions of a programme are context; a solution with a lead is work
            ledger.mark(ln.line, "context")
            return
        if kind == "organisation" and not inline:
            # "Thủ trưởng các cơ quan … căn cứ …": the item names its own unit
            lead = leading_unit(body) or lead
        own_support = support_phrase(body)
        if own_support and (lead is not None or support is None) and not inline:
            support = own_support if lead else support
        raw = _raw(self.ctx, body, ln.line, lead=lead, support=support, time=time)
        if inline and inline[1].get("output"):
            raw["outputs"] = [inline[1]["output"]]
        task = self.make_task(**raw)
        res.tasks.append(task)
        self.last_raw, self.last_task = raw, task
        ledger.mark(ln.line, "task")
        self.prev_line = ln.line


def _raw(ctx, text: str, line: int, *, lead, support, time) -> dict:
    return dict(
        area=ctx("area"),
        objective=None,
        parent=ctx("parent"),
        title=clean(text).strip(" *"),
        outputs=[],
        lead=lead,
        support=support,
        time=time,
        line_start=line,
        line_end=line,
        framework=False,
        prose=True,
        section=ctx("kind"),
    )


def _task(make_task, ctx, text: str, line: int, *, lead, support, year) -> dict:
    return make_task(**_raw(ctx, text, line, lead=lead, support=support, time=None))
