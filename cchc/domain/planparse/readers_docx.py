"""DOCX reader: body paragraphs and tables in reading order, with list numbers rendered.

python-docx gives us the package and parts; the body is walked as XML because python-docx
neither interleaves paragraphs and tables, nor renders automatic numbering, nor exposes
vertical merges as data. Headers, footers, footnotes and comments are ignored.

Line numbers are a running counter in reading order: every paragraph (empty ones too) and
every table cell (merge continuations too) counts 1. A cell with several paragraphs keeps
them as lines joined by ``"\\n"``, each cleaned.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from ..text import clean
from ..vnformat import to_roman
from .blocks import Block, Cell, Paragraph, SourceDocument, Table
from .errors import DocumentError, check_zip_size

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, T, SDT, SDT_CONTENT, CUSTOM_XML = (
    _w(t) for t in ("p", "tbl", "tr", "tc", "t", "sdt", "sdtContent", "customXml")
)
VAL = _w("val")
# Wrappers whose children belong to the parent's flow (content controls, custom XML).
_WRAPPERS = {SDT, SDT_CONTENT, CUSTOM_XML}
# Subtrees of a paragraph that carry no visible body text.
_SKIP_IN_PARAGRAPH = {
    _w(t)
    for t in (
        "pPr",
        "rPr",
        "del",
        "moveFrom",
        "instrText",
        "delText",
        "fldData",
        "drawing",
        "pict",
        "object",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "sdtPr",
    )
} | {f"{{{MC}}}AlternateContent"}
_TEXT_TAGS = {_w("t"): None, _w("tab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}


def read_docx(data: bytes) -> SourceDocument:
    import docx
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip_size(zf)
    except zipfile.BadZipFile as exc:
        raise DocumentError("corrupt", f"the Word document is damaged ({exc})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except DocumentError:
        raise
    except ValueError as exc:  # python-docx: "not a Word file, content type is ..."
        raise DocumentError(
            "unsupported", f"this Word file type is not supported, save it as .docx ({exc})"
        ) from None
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, EOFError, OSError) as exc:
        raise DocumentError(
            "corrupt", f"the Word document is damaged ({type(exc).__name__}: {exc})"
        ) from None
    try:
        walker = _BodyWalker(_Numbering.from_document(document), _Styles.from_document(document))
        walker.walk(document.element.body)
    except DocumentError:
        raise
    except (etree.XMLSyntaxError, KeyError, ValueError, AttributeError) as exc:
        raise DocumentError(
            "corrupt", f"the Word document has invalid content ({type(exc).__name__}: {exc})"
        ) from None
    return SourceDocument(
        blocks=walker.blocks, format="docx", total_lines=walker.line, warnings=walker.warnings
    )


# --- styles ----------------------------------------------------------------------------


@dataclass
class _Styles:
    names: dict[str, str] = field(default_factory=dict)
    numbering: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    default: str = ""

    @classmethod
    def from_document(cls, document) -> _Styles:
        from docx.styles import BabelFish

        styles = cls()
        try:
            root = document.styles.element
        except (KeyError, AttributeError):
            return styles
        for style in root.iterchildren(_w("style")):
            style_id = style.get(_w("styleId")) or ""
            name_el = style.find(_w("name"))
            name = name_el.get(VAL) if name_el is not None else style_id
            styles.names[style_id] = BabelFish.internal2ui(name or style_id)
            based = style.find(_w("basedOn"))
            if based is not None:
                styles.based_on[style_id] = based.get(VAL) or ""
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                styles.numbering[style_id] = _num_pr(num_pr)
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1", "true"):
                styles.default = styles.names[style_id]
        return styles

    def name(self, style_id: str | None) -> str:
        if not style_id:
            return self.default
        return self.names.get(style_id, style_id)

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.numbering:
                return self.numbering[style_id]
            style_id = self.based_on.get(style_id)
        return None, None


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    num_id_el = num_pr.find(_w("numId"))
    ilvl_el = num_pr.find(_w("ilvl"))
    num_id = num_id_el.get(VAL) if num_id_el is not None else None
    ilvl = _int(ilvl_el.get(VAL)) if ilvl_el is not None else None
    return num_id, ilvl


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- automatic numbering ---------------------------------------------------------------


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Renders list labels ("1.", "a)", "-") the way Word shows them, for the common cases.

    Lists that share an abstract definition continue one another unless a ``num`` restarts
    them with ``startOverride``, which is how Word implements "Restart numbering".
    """

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, _Level], set[int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_document(cls, document) -> _Numbering:
        numbering = cls()
        try:
            part = document.part.part_related_by(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
            )
        except KeyError:
            return numbering
        root = part.element
        for abstract in root.iterchildren(_w("abstractNum")):
            levels = {}
            for lvl in abstract.iterchildren(_w("lvl")):
                levels[_int(lvl.get(_w("ilvl")))] = _parse_level(lvl)
            numbering.abstract[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iterchildren(_w("num")):
            abstract_el = num.find(_w("abstractNumId"))
            abstract_id = abstract_el.get(VAL) if abstract_el is not None else ""
            overrides: dict[int, _Level] = {}
            restarts: set[int] = set()
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")))
                base = numbering.abstract.get(abstract_id or "", {}).get(ilvl, _Level())
                lvl = override.find(_w("lvl"))
                level = _parse_level(lvl) if lvl is not None else _Level(base.fmt, base.text, base.start)
                start = override.find(_w("startOverride"))
                if start is not None:
                    level.start = _int(start.get(VAL), 1)
                    restarts.add(ilvl)
                overrides[ilvl] = level
            numbering.nums[num.get(_w("numId")) or ""] = (abstract_id or "", overrides, restarts)
        return numbering

    def label(self, num_id: str | None, ilvl: int | None) -> str:
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        abstract_id, overrides, restarts = self.nums[num_id]
        levels = dict(self.abstract.get(abstract_id, {}))
        levels.update(overrides)
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level in restarts:
                counters.pop(level, None)
        level = levels.get(ilvl, _Level())
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return _bullet(level.text)
        text = level.text
        for k in range(9, 0, -1):
            token = f"%{k}"
            if token in text:
                lvl = levels.get(k - 1, _Level())
                value = counters.get(k - 1, lvl.start)
                text = text.replace(token, _format_number(value, lvl.fmt if k - 1 != ilvl else level.fmt))
        return text.strip()


def _parse_level(lvl) -> _Level:
    level = _Level()
    fmt = lvl.find(_w("numFmt"))
    if fmt is not None:
        level.fmt = fmt.get(VAL) or "decimal"
    text = lvl.find(_w("lvlText"))
    if text is not None:
        level.text = text.get(VAL) or ""
    start = lvl.find(_w("start"))
    if start is not None:
        level.start = _int(start.get(VAL), 1)
    return level


def _bullet(char: str) -> str:
    char = char.strip()
    if char in ("-", "+", "*"):
        return char
    if char in ("\u2013", "\u2014", "\u2212"):
        return "-"
    return "-" if char else ""


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = to_roman(value) if 0 < value <= 3999 else ""
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


# --- body ------------------------------------------------------------------------------


def _children(element, wanted: set[str]):
    """Children with a tag in ``wanted``, looking through content-control wrappers."""
    for child in element.iterchildren():
        if child.tag in wanted:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, wanted)


def _paragraph_text(p) -> str:
    parts: list[str] = []

    def walk(element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_IN_PARAGRAPH:
                continue
            if tag in _TEXT_TAGS:
                replacement = _TEXT_TAGS[tag]
                parts.append(child.text or "" if replacement is None else replacement)
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _textbox_paragraphs(p) -> list:
    """Paragraphs inside text boxes anchored in ``p`` (not the legacy VML fallback copy)."""
    found = []
    for box in p.iter(_w("txbxContent")):
        if any(anc.tag == f"{{{MC}}}Fallback" for anc in box.iterancestors()):
            continue
        found.extend(box.iterchildren(P))
    return found


class _BodyWalker:
    def __init__(self, numbering: _Numbering, styles: _Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.line = 0

    def walk(self, body) -> None:
        for child in _children(body, {P, TBL, _w("altChunk")}):
            if child.tag == P:
                self.paragraph(child)
            elif child.tag == TBL:
                if self.is_layout_wrapper(child):
                    # a 1×1 (or small) layout table holding the real table: read its cells'
                    # content as body, in order
                    for tr in _children(child, {TR}):
                        for tc in _children(tr, {TC}):
                            self.walk(tc)
                    continue
                table = self.table(child)
                if table is not None:
                    self.blocks.append(table)
            else:
                self.warnings.append("embedded document (altChunk) ignored")

    @staticmethod
    def is_layout_wrapper(tbl) -> bool:
        """A table used for layout around a real table: at most three rows of at most two
        cells, one cell holding a table of two or more rows."""
        rows = list(_children(tbl, {TR}))
        if not rows or len(rows) > 3:
            return False
        found = False
        for tr in rows:
            cells = list(_children(tr, {TC}))
            if len(cells) > 2:
                return False
            for tc in cells:
                for inner in _children(tc, {TBL}):
                    if len(list(_children(inner, {TR}))) >= 2:
                        found = True
        return found

    def paragraph(self, p) -> None:
        self.line += 1
        text, style = self.labelled_text(p)
        if text:
            self.blocks.append(Paragraph(text=text, line=self.line, style=style))
        for inner in _textbox_paragraphs(p):
            self.paragraph(inner)

    def labelled_text(self, p) -> tuple[str, str]:
        """The paragraph's cleaned text with its list label in front, and its style name."""
        style_id = None
        num_id: str | None = None
        ilvl: int | None = None
        ppr = p.find(_w("pPr"))
        if ppr is not None:
            pstyle = ppr.find(_w("pStyle"))
            if pstyle is not None:
                style_id = pstyle.get(VAL)
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
        if num_id is None or ilvl is None:
            style_num, style_ilvl = self.styles.num_pr(style_id)
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        text = clean(_paragraph_text(p))
        # Word numbers empty list paragraphs too, so the counter moves even when text is "".
        label = self.numbering.label(num_id, ilvl) if num_id else ""
        if text and label:
            text = f"{label} {text}"
        return text, self.styles.name(style_id)

    def cell_text(self, tc) -> str:
        lines: list[str] = []
        for child in _children(tc, {P, TBL}):
            if child.tag == P:
                text, _ = self.labelled_text(child)
                raw = _paragraph_text(child)
                if "\n" in raw.strip() and text == clean(raw):
                    # line breaks (Shift+Enter) inside a cell separate its lines like paragraphs:
                    # "- Văn phòng Sở" / "- Thanh tra Sở" in one unit cell
                    lines.extend(clean(x) for x in raw.split("\n"))
                else:
                    lines.append(text)
                lines.extend(self.labelled_text(inner)[0] for inner in _textbox_paragraphs(child))
            else:
                lines.extend(self.flatten(child))
        return "\n".join(line for line in lines if line)

    def flatten(self, tbl) -> list[str]:
        """A nested table as text lines, one per row, cells joined by " | "."""
        rows = []
        for tr in _children(tbl, {TR}):
            cells = [self.cell_text(tc).replace("\n", " ") for tc in _children(tr, {TC})]
            if any(cells):
                rows.append(" | ".join(cells))
        return rows

    def table(self, tbl) -> Table | None:
        raw_rows: list[list[dict]] = []
        origin_by_col: dict[int, dict] = {}
        for tr in _children(tbl, {TR}):
            row: list[dict] = []
            trpr = tr.find(_w("trPr"))
            col = 0
            if trpr is not None and (before := trpr.find(_w("gridBefore"))) is not None:
                col = _int(before.get(VAL))
            for tc in _children(tr, {TC}):
                span, vmerge, hmerge = 1, None, None
                tcpr = tc.find(_w("tcPr"))
                if tcpr is not None:
                    if (grid_span := tcpr.find(_w("gridSpan"))) is not None:
                        span = max(1, _int(grid_span.get(VAL), 1))
                    if (vm := tcpr.find(_w("vMerge"))) is not None:
                        vmerge = vm.get(VAL) or "continue"
                    if (hm := tcpr.find(_w("hMerge"))) is not None:
                        hmerge = hm.get(VAL) or "continue"
                text = self.cell_text(tc)
                if hmerge == "continue" and row:  # legacy horizontal merge
                    row[-1]["col_span"] += span
                    col += span
                    continue
                entry = {"text": text, "col": col, "col_span": span, "row_span": 1, "from_above": False}
                origin = origin_by_col.get(col)
                if vmerge == "continue" and origin is not None:
                    entry["text"] = origin["text"]
                    entry["from_above"] = True
                    origin["row_span"] += 1
                else:
                    origin_by_col[col] = entry
                row.append(entry)
                col += span
            if row:
                raw_rows.append(row)
        if not raw_rows:
            return None
        rows = []
        first = self.line + 1
        for raw in raw_rows:
            cells = []
            for entry in raw:
                self.line += 1
                cells.append(
                    Cell(
                        text=entry["text"],
                        line=self.line,
                        row_span=entry["row_span"] if not entry["from_above"] else 1,
                        col_span=entry["col_span"],
                        merged_from_above=entry["from_above"],
                    )
                )
            rows.append(tuple(cells))
        return Table(rows=tuple(rows), line=first, line_end=self.line)
