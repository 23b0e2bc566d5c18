"""Indicator-set files (``cchc.indicators/1``, JSON or XLSX) read and validated without the database.

JSON: ``{"format": "cchc.indicators/1", "code", "version", "name", "source", "confidence",
"indicators": [{"code", "name", "unit_of_measure", "direction", "level", "period_type", "kind",
"numerator", "denominator", "factor", "min", "max", "keywords", "source", "confidence",
"description"}]}``.

XLSX: a sheet ``Bộ chỉ số`` of key / value rows (code, version, name, source, confidence) and a
sheet ``Chỉ số`` with one indicator per row under those column names (``keywords`` separated by
``;``). A ``cchc.766/1`` JSON file (a 766 definition) is recognised and returned as such.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

from cchc.domain.indicators import UNITS_OF_MEASURE, Formula, FormulaError, parse_decimal
from cchc.domain.text import fold

FORMAT = "cchc.indicators/1"
MAX_BYTES = 5 * 1024 * 1024
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_DIRECTIONS = ("higher", "lower")
_PERIOD_TYPES = ("annual", "six_monthly", "quarterly", "monthly")
_KINDS = ("manual", "formula", "computed")
# what the platform itself measures (kind "computed"; cchc.indicators.platform implements them)
COMPUTED_SOURCES = (
    "sipas.index",
    "par.index",
    "par.rank",
    "inspection.inspected_share",
    "inspection.findings_remedied",
    "tracking.unit_plans_on_time",
    "reporting.pakn_handled",
    "budget.estimates_on_time",
)
_CONFIDENCE = ("V", "S", "O", "U")
_LEVELS = ("", "province", "department", "district", "commune")


def is_unit_plan_task(title: str) -> bool:
    """A task asking units to issue their own plan: "Cụ thể hóa … thành Kế hoạch …" (what the
    computed source ``tracking.unit_plans_on_time`` counts)."""
    f = fold(title or "")
    return f.startswith("cu the hoa") and "ke hoach" in f


class IndicatorSetError(ValueError):
    """The file is not a valid indicator set; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def read_file(data: bytes, filename: str = "") -> dict:
    """The set (or 766 definition) in ``data``, as a dict; raises :class:`IndicatorSetError`."""
    if len(data) > MAX_BYTES:
        raise IndicatorSetError([f"tệp quá lớn ({len(data) // 1024} KB; tối đa {MAX_BYTES // 1024} KB)"])
    if not data.strip():
        raise IndicatorSetError(["tệp trống"])
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndicatorSetError(
            [f"không phải JSON UTF-8 hay tệp Excel hợp lệ ({exc.__class__.__name__})"]
        ) from None
    if isinstance(parsed, dict) and parsed.get("format") == "cchc.766/1":
        return parsed
    return validate(parsed)


def _read_xlsx(data: bytes) -> dict:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise IndicatorSetError([f"không đọc được tệp Excel ({exc.__class__.__name__})"]) from None
    names = {n.strip().lower(): n for n in wb.sheetnames}
    meta_name = names.get("bộ chỉ số") or names.get("set")
    rows_name = names.get("chỉ số") or names.get("indicators")
    if not meta_name or not rows_name:
        raise IndicatorSetError(["tệp Excel cần hai trang “Bộ chỉ số” và “Chỉ số”"])
    out: dict = {"format": FORMAT}
    for row in wb[meta_name].iter_rows(values_only=True):
        if row and row[0]:
            out[str(row[0]).strip()] = "" if len(row) < 2 or row[1] is None else str(row[1]).strip()
    rows = list(wb[rows_name].iter_rows(values_only=True))
    wb.close()
    if not rows:
        raise IndicatorSetError(["trang “Chỉ số” trống"])
    header = [str(h or "").strip() for h in rows[0]]
    items = []
    for r in rows[1:]:
        if not any(v not in (None, "") for v in r):
            continue
        item = {h: v for h, v in zip(header, r, strict=False) if h and v not in (None, "")}
        if isinstance(item.get("keywords"), str):
            item["keywords"] = [k.strip() for k in item["keywords"].split(";") if k.strip()]
        items.append(item)
    out["indicators"] = items
    return validate(out)


def validate(data) -> dict:
    """A normalised copy of the set; raises :class:`IndicatorSetError` listing every problem."""
    errors: list[str] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise IndicatorSetError([f"không phải tệp bộ chỉ số {FORMAT} (thiếu hoặc sai trường “format”)"])
    for key in ("code", "version", "name"):
        if not str(data.get(key) or "").strip():
            errors.append(f"thiếu “{key}” của bộ chỉ số")
    if str(data.get("confidence") or "U") not in _CONFIDENCE:
        errors.append("“confidence” phải là V, S, O hoặc U")
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        errors.append("bộ chỉ số không có chỉ số nào")
        items = []
    seen: set[str] = set()
    out_items = []
    for n, raw in enumerate(items, 1):
        if not isinstance(raw, dict):
            errors.append(f"chỉ số thứ {n}: không phải một bản ghi")
            continue
        code = str(raw.get("code") or "").strip()
        where = f"chỉ số {code or f'thứ {n}'}"
        if not _CODE.fullmatch(code):
            errors.append(f"{where}: mã phải gồm chữ in hoa, số và “_”, bắt đầu bằng chữ")
        if code in seen:
            errors.append(f"{where}: mã trùng")
        seen.add(code)
        item = _normalised(raw, data, code)
        if not item["name"]:
            errors.append(f"{where}: thiếu tên")
        if item["unit_of_measure"] not in UNITS_OF_MEASURE:
            errors.append(f"{where}: đơn vị tính “{item['unit_of_measure']}” không hợp lệ")
        for key, allowed in (
            ("direction", _DIRECTIONS),
            ("period_type", _PERIOD_TYPES),
            ("kind", _KINDS),
            ("confidence", _CONFIDENCE),
            ("level", _LEVELS),
        ):
            if item[key] not in allowed:
                errors.append(
                    f"{where}: “{key}” = “{item[key]}” không hợp lệ ({', '.join(a or '—' for a in allowed)})"
                )
        for key in ("factor", "min", "max"):
            try:
                value = parse_decimal(raw.get(key))
            except ValueError:
                errors.append(f"{where}: “{key}” không phải số")
                value = None
            item[key] = None if value is None else str(value)
        _check_kind(item, code, where, errors)
        if (
            item["min"] is not None
            and item["max"] is not None
            and Decimal(item["min"]) > Decimal(item["max"])
        ):
            errors.append(f"{where}: tối thiểu lớn hơn tối đa")
        out_items.append(item)
    if errors:
        raise IndicatorSetError(errors)
    return {
        "format": FORMAT,
        "code": str(data["code"]).strip(),
        "version": str(data["version"]).strip(),
        "name": str(data["name"]).strip(),
        "source": str(data.get("source") or "").strip(),
        "confidence": str(data.get("confidence") or "U"),
        "indicators": out_items,
    }


def _normalised(raw: dict, data: dict, code: str) -> dict:
    """An indicator's fields as texts, with the defaults (and the set's source and confidence)."""
    return {
        "code": code,
        "name": str(raw.get("name") or "").strip(),
        "unit_of_measure": str(raw.get("unit_of_measure") or "").strip(),
        "direction": str(raw.get("direction") or "higher").strip(),
        "level": str(raw.get("level") or "").strip(),
        "period_type": str(raw.get("period_type") or "annual").strip(),
        "kind": str(raw.get("kind") or "manual").strip(),
        "numerator": str(raw.get("numerator") or "").strip(),
        "denominator": str(raw.get("denominator") or "").strip(),
        "computed_source": str(raw.get("computed_source") or "").strip(),
        "keywords": [str(k) for k in raw.get("keywords") or []],
        "source": str(raw.get("source") or data.get("source") or "").strip(),
        "confidence": str(raw.get("confidence") or data.get("confidence") or "U").strip(),
        "description": str(raw.get("description") or "").strip(),
    }


def _check_kind(item: dict, code: str, where: str, errors: list[str]) -> None:
    """A formula indicator needs a valid formula (its factor defaulted), a computed one a known
    source; neither a computed nor a manual one has a formula."""
    if item["kind"] == "formula":
        if not item["numerator"]:
            errors.append(f"{where}: chỉ số tính theo công thức cần tử số")
        if item["factor"] is None:
            item["factor"] = "100" if item["unit_of_measure"] == "percent" and item["denominator"] else "1"
        for key in ("numerator", "denominator"):
            if item[key]:
                try:
                    names = Formula.parse(item[key]).names()
                except FormulaError as exc:
                    errors.append(f"{where}: {key}: {exc}")
                    continue
                if code in names:
                    errors.append(f"{where}: công thức tham chiếu chính nó")
    elif item["kind"] == "computed":
        if item["computed_source"] not in COMPUTED_SOURCES:
            errors.append(
                f"{where}: chỉ số tính từ dữ liệu của nền tảng cần “computed_source” là một trong "
                f"{', '.join(COMPUTED_SOURCES)}"
            )
        if item["numerator"] or item["denominator"]:
            errors.append(f"{where}: chỉ số tính từ dữ liệu của nền tảng không có công thức")
    elif item["numerator"] or item["denominator"]:
        errors.append(f"{where}: chỉ số nhập số liệu không có công thức (kind = formula nếu cần)")
