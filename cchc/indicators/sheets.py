"""The XLSX sheet of one indicator's values for one period: one row per unit.

Columns: ``Mã đơn vị``, ``Tên đơn vị`` (for the reader), ``Giá trị``, ``Tử số``, ``Mẫu số``,
``Ghi chú``. :func:`value_template` writes it (through ``core.spreadsheet``) with the units the
user reports for; :func:`read_value_sheet` reads it back into rows for ``do_save_values``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.core.spreadsheet import StreamingWorkbook, uploaded_sheet_rows
from cchc.domain.text import fold

HEADER = ["Mã đơn vị", "Tên đơn vị", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"]
_KEYS = {
    fold(h): k
    for h, k in zip(HEADER, ["unit", "name", "value", "numerator", "denominator", "comment"], strict=True)
}
MAX_ROWS = 5000


def value_template(indicator, period_key: str, units) -> bytes:
    book = StreamingWorkbook()
    book.add_sheet(f"{indicator.code} {period_key}", HEADER, widths=[20, 50, 12, 12, 12, 40])
    for u in units:
        book.append([u.code, u.name, None, None, None, ""])
    return book.to_bytes()


def read_value_sheet(data: bytes, indicator_code: str, period_key: str) -> list[dict]:
    from cchc.domain.sheetlimits import INDICATOR_UPLOAD

    with uploaded_sheet_rows(data, INDICATOR_UPLOAD) as rows:
        return _read_rows(rows, indicator_code, period_key)


def _read_rows(it, indicator_code: str, period_key: str) -> list[dict]:
    header = next(it, None)
    if header is None:
        raise DomainError(_("Trang tính trống."), code="empty")
    cols = {i: _KEYS.get(fold(str(h or "")).strip()) for i, h in enumerate(header)}
    if "unit" not in cols.values() or "value" not in cols.values():
        raise DomainError(_("Thiếu cột “Mã đơn vị” hoặc “Giá trị” ở dòng đầu."), code="columns")
    rows = []
    for n, r in enumerate(it, 2):
        if n > MAX_ROWS + 1:
            raise DomainError(_("Trang tính có quá %(n)s dòng.") % {"n": MAX_ROWS}, code="size")
        item = {cols[i]: v for i, v in enumerate(r) if cols.get(i)}
        if not any(item.get(k) not in (None, "") for k in ("unit", "value", "numerator", "denominator")):
            continue
        if item.get("value") in (None, ""):
            continue  # a unit left blank on the sheet: nothing to save for it
        item.update(indicator=indicator_code, period=period_key, row=n)
        item["unit"] = str(item.get("unit") or "").strip()
        rows.append(item)
    return rows
