"""The report figures the platform computes (``cchc.core.figures``), registered in ``apps.py``.

- ``reporting.pakn_handled``: PAKN handled / PAKN received × 100 from the annexes of the units'
  annual reports (``YYYY-Y``) as accepted by the standing agency; for the province, summed over
  its units and only when every unit with a report of that period has an accepted one (else
  "Chưa đủ số liệu (n/N đơn vị)").
"""

from __future__ import annotations

from decimal import Decimal

from cchc.core.figures import Reading, no_data, province_of
from cchc.domain import attainment as att
from cchc.reporting.models import UnitReport

LABEL = "Phụ lục số liệu của báo cáo năm các đơn vị (đã được chấp nhận)"


def _annex_number(annex: dict, key: str) -> Decimal | None:
    cell = (annex or {}).get(key)
    value = cell.get("value") if isinstance(cell, dict) else cell
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def pakn_handled(unit, year: int) -> Reading:
    province = province_of(unit)
    reports = UnitReport.objects.filter(period_code=f"{year}-Y").select_related("unit", "accepted_version")
    if unit.pk == province.pk:
        reports = reports.filter(unit__province=province)
    else:
        reports = reports.filter(unit=unit)
    by_unit: dict[int, object] = {}
    for r in reports.order_by("unit_id", "-accepted_version_id"):
        by_unit.setdefault(r.unit_id, r)
    if not by_unit:
        return no_data(f"Chưa có báo cáo năm {year} của đơn vị")
    parts, inputs = [], []
    for r in sorted(by_unit.values(), key=lambda r: r.unit.name):
        annex = r.accepted_version.annex if r.accepted_version else {}
        rec, handled = _annex_number(annex, "pakn_received"), _annex_number(annex, "pakn_handled")
        ok = r.accepted_version is not None and rec is not None and handled is not None and rec > 0
        parts.append(
            att.Part(
                r.unit.name, handled / rec * 100 if ok else None, handled if ok else None, rec if ok else None
            )
        )
        detail = f"{handled}/{rec} PAKN đã xử lý" if ok else "chưa có báo cáo được chấp nhận có số liệu PAKN"
        inputs.append({"label": r.unit.name, "value": handled / rec * 100 if ok else None, "detail": detail})
    pooled = att.pool(parts, len(parts))
    num = sum((p.numerator for p in parts if p.numerator is not None), Decimal(0))
    den = sum((p.denominator for p in parts if p.denominator is not None), Decimal(0))
    return Reading(
        pooled.value,
        pooled.label,
        numerator=num if pooled.value is not None else None,
        denominator=den if pooled.value is not None else None,
        inputs=inputs,
    )
