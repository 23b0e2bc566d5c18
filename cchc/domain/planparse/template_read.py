"""Reading the XLSX plan template back into the ``cchc.plan/1`` interchange (see ``template.py``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..text import clean, fold
from ..timeframes import parse_timeframe
from ..vnformat import parse_date, parse_number, to_roman
from .errors import DocumentError
from .readers_xlsx import load_workbook
from .structure import standard_area
from .template_layout import (
    AREA_COLUMNS,
    COMPARATORS,
    DOCUMENT_FIELDS,
    FORMAT,
    KIND_LABELS,
    LEVEL_LABELS,
    SHEET_AREAS,
    SHEET_PLAN,
    SHEET_TARGETS,
    TARGET_COLUMNS,
    TASK_COLUMNS,
    UNIT_LABELS,
    _find_header,
    _plan_sheet,
    _sheet_by_name,
    _sheet_rows,
)

_COMPARATOR_WORDS = {
    "≥": ">=",
    "toi thieu": ">=",
    "it nhat": ">=",
    "khong duoi": ">=",
    "≤": "<=",
    "toi da": "<=",
    "khong qua": "<=",
    "tren": ">",
    "duoi": "<",
    "bang": "=",
    "khoang": "range",
    "tu den": "range",
}
_VAGUE = re.compile(r"^(cac|moi|tung)\b|lien quan|dia phuong|don vi|co quan")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_BULLET = re.compile(r"^[-+•*]\s+")


def read_template_workbook(data: bytes | Any, *, resolver: Any = None) -> dict:
    """Read a filled template (XLSX bytes or an openpyxl ``Workbook``) as a ``cchc.plan/1`` dict.

    Raises ``DocumentError`` (``code`` "not_template") when the workbook is not the template.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        workbook = load_workbook(bytes(data))
    else:
        workbook = data
    sheet = _plan_sheet(workbook)
    rows = _sheet_rows(sheet) if sheet is not None else []
    found = _find_header(rows)
    if sheet is None or found is None:
        raise DocumentError(
            "not_template",
            f"not the plan template: no sheet {SHEET_PLAN!r} with the header "
            + " | ".join(label for _, label, _ in TASK_COLUMNS),
        )
    offsets: dict[str, int] = {}
    offset = 0
    for ws in workbook.worksheets:
        offsets[ws.title] = offset
        offset += ws.max_row

    reader = _TemplateReader(resolver)
    areas_sheet = _sheet_by_name(workbook, SHEET_AREAS)
    if areas_sheet is not None:
        reader.read_areas(_sheet_rows(areas_sheet))
    header_index, columns = found
    document = reader.read_document_block(rows[:header_index], workbook)
    reader.period = (document["period_start"], document["period_end"])
    tasks = reader.read_tasks(rows, header_index, columns, offsets[sheet.title])
    targets_sheet = _sheet_by_name(workbook, SHEET_TARGETS)
    targets = []
    if targets_sheet is not None:
        targets = reader.read_targets(_sheet_rows(targets_sheet), offsets[targets_sheet.title])
    unresolved: list[str] = []
    for task in tasks:
        for mention in task["lead"] + task["support"]:
            if mention.get("unit") is None and mention.get("group") is None:
                if mention["text"] not in unresolved:
                    unresolved.append(mention["text"])
    used, content = reader.used_rows, reader.content_rows
    return {
        "format": FORMAT,
        "document": document,
        "areas": reader.areas,
        "targets": targets,
        "tasks": tasks,
        "index_criteria": [],
        "survey_targets": [],
        "warnings": reader.warnings,
        "coverage": round(used / content, 4) if content else 1.0,
        "unresolved": unresolved,
    }


class _TemplateReader:
    def __init__(self, resolver: Any) -> None:
        self.resolver = resolver
        self.areas: list[dict] = []
        self.warnings: list[dict] = []
        self.period: tuple[int | None, int | None] = (None, None)
        self.used_rows = 0
        self.content_rows = 0

    # areas

    def read_areas(self, rows: list[list[str]]) -> None:
        header = [fold(v) for v in rows[0]] if rows else []
        col = {key: header.index(fold(label)) for key, label, _ in AREA_COLUMNS if fold(label) in header}
        if "title" not in col:
            return
        for row in rows[1:]:
            get = lambda key, row=row: row[col[key]] if key in col and col[key] < len(row) else ""  # noqa: E731
            if get("title"):
                self.area_code(get("title"), code=get("code"), standard=get("standard_area"))

    def area_code(self, title: str, *, code: str = "", standard: str = "") -> str | None:
        title = clean(title)
        if not title:
            return None
        key = fold(title)
        for area in self.areas:
            if fold(area["title"]) == key or fold(area["code"]) == key:
                return area["code"]
        if not standard:
            standard = standard_area(title) or ""
        codes = {a["code"] for a in self.areas}
        if not code or code in codes:
            code = next(to_roman(n) for n in range(1, 1000) if to_roman(n) not in codes)
        self.areas.append({"code": code, "title": title, "standard_area": standard or None})
        return code

    # document facts

    def read_document_block(self, rows: list[list[str]], workbook) -> dict:
        labels = {fold(label): key for key, label in DOCUMENT_FIELDS}
        values: dict[str, str] = {}
        for row in rows:
            for index, value in enumerate(row):
                key = labels.get(fold(value).strip(" :*"))
                if key and key not in values:
                    values[key] = next((v for v in row[index + 1 :] if v), "")
        document: dict[str, Any] = {
            "number": values.get("number") or None,
            "kind": None,
            "issuer": values.get("issuer") or None,
            "place": values.get("place") or None,
            "date": _iso_date(values.get("date", "")),
            "signer": values.get("signer") or None,
            "title": values.get("title") or None,
            "period_start": None,
            "period_end": None,
        }
        kind = values.get("kind", "")
        if kind:
            by_label = {fold(v): k for k, v in KIND_LABELS.items()}
            document["kind"] = by_label.get(fold(kind), kind if kind in KIND_LABELS else fold(kind))
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", values.get("period", ""))]
        if years:
            document["period_start"], document["period_end"] = min(years), max(years)
        return document

    # tasks

    def read_tasks(
        self, rows: list[list[str]], header: int, columns: dict[str, int], offset: int
    ) -> list[dict]:
        tasks: list[dict] = []
        current_area: str | None = None
        for index in range(header + 1, len(rows)):
            row = rows[index]
            line = offset + index + 1

            def get(key: str, row=row) -> str:
                col = columns.get(key)
                return row[col] if col is not None and col < len(row) else ""

            if not any(row):
                continue
            self.content_rows += 1
            task_text, activity = get("task"), get("activity")
            if not task_text and not activity:
                others = [get(k) for k in ("objective", "outputs", "lead", "support", "time")]
                if get("area") and not any(others):
                    current_area = self.area_code(get("area"))  # a section row
                    self.used_rows += 1
                else:
                    self.warnings.append(
                        {"line": line, "message": "row without Nhiệm vụ or Hoạt động; skipped"}
                    )
                continue
            self.used_rows += 1
            area = self.area_code(get("area")) if get("area") else current_area
            title, parent = (activity, task_text or None) if activity else (task_text, None)
            lead = self.mentions(get("lead"))
            if not lead:
                self.warnings.append({"line": line, "message": "task without a lead unit (Chủ trì)"})
            tasks.append(
                {
                    "area": area,
                    "objective": get("objective") or None,
                    "parent": parent,
                    "title": clean(title),
                    "outputs": [_BULLET.sub("", line_) for line_ in get("outputs").split("\n") if line_],
                    "lead": lead,
                    "support": self.mentions(get("support")),
                    "timeframe": self.timeframe(get("time"), line),
                    "source": {"line_start": line, "line_end": line},
                }
            )
        return tasks

    def mentions(self, text: str) -> list[dict]:
        out: list[dict] = []
        for piece in re.split(r"[\n;]", text):
            piece = clean(_BULLET.sub("", piece.strip()))
            if not piece:
                continue
            if self.resolver is not None:
                from .units import unit_mentions

                out.extend(unit_mentions(piece, self.resolver))
                continue
            out.append(
                {
                    "text": piece,
                    "unit": None,
                    "unit_code": None,
                    "group": None,
                    "group_key": None,
                    "confidence": 0.0,
                    "vague": bool(_VAGUE.search(fold(piece))),
                }
            )
        return out

    def timeframe(self, text: str, line: int) -> dict | None:
        text = clean(text)
        if not text:
            return None
        start, end = self.period
        annual = start is not None and start == end
        period = (start, end) if start is not None and end is not None else None
        result = parse_timeframe(text, default_year=start if annual else None, period=period).to_dict()
        if not any(
            result.get(k) is not None for k in ("start_year", "end_year", "due_date", "recurrence", "event")
        ):
            self.warnings.append({"line": line, "message": f"timeframe not understood: {text!r}"})
        return result

    # targets

    def read_targets(self, rows: list[list[str]], offset: int) -> list[dict]:
        if not rows:
            return []
        header = [fold(v).strip(" :*") for v in rows[0]]
        col = {key: header.index(fold(label)) for key, label, _ in TARGET_COLUMNS if fold(label) in header}
        if "text" not in col:
            self.warnings.append(
                {"line": offset + 1, "message": "sheet Chỉ tiêu has no column Chỉ tiêu; skipped"}
            )
            return []
        targets = []
        units = {fold(v): k for k, v in UNIT_LABELS.items()}
        levels = {fold(v): k for k, v in LEVEL_LABELS.items()}
        for index, row in enumerate(rows[1:], start=2):
            line = offset + index

            def get(key: str, row=row) -> str:
                return row[col[key]] if key in col and col[key] < len(row) else ""

            if not any(row):
                continue
            self.content_rows += 1
            if not get("text"):
                self.warnings.append({"line": line, "message": "target row without Chỉ tiêu; skipped"})
                continue
            self.used_rows += 1
            year = re.search(r"\b(?:19|20)\d{2}\b", get("year"))
            unit = get("unit")
            level = get("level")
            targets.append(
                {
                    "area": self.area_code(get("area")) if get("area") else None,
                    "text": get("text"),
                    "comparator": _comparator(get("comparator")),
                    "value": self.number(get("value"), line),
                    "value_max": self.number(get("value_max"), line),
                    "unit": units.get(fold(unit), unit) if unit else "%",
                    "level": levels.get(fold(level), level) if level else None,
                    "year": int(year.group(0)) if year else None,
                    "subject": get("subject"),
                    "source": {"line_start": line, "line_end": line},
                }
            )
        return targets

    def number(self, text: str, line: int) -> str | None:
        text = text.strip().rstrip("%").strip()
        if not text:
            return None
        if _PLAIN_NUMBER.match(text):
            return text
        try:
            return str(parse_number(text))
        except (ValueError, ArithmeticError):
            self.warnings.append({"line": line, "message": f"not a number: {text!r}"})
            return None


def _comparator(text: str) -> str:
    text = clean(text)
    if text in COMPARATORS or not text:
        return text or ">="
    folded = fold(text)
    for word, comparator in _COMPARATOR_WORDS.items():
        if word in folded or word == text:
            return comparator
    return text


def _iso_date(text: str) -> str | None:
    text = clean(text)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    found = parse_date(text)
    return found.isoformat() if found else text
