"""The dashboard's CCHC budget panel: allocation (dự toán được giao) against disbursement per plan
area and per unit, for the scope's province (or unit subtree), plan and year, disbursement up to
the dashboard's date. The unit chart is bounded: the units with the largest allocation, the rest
summed in one row (a province has hundreds of units); every figure comes from one aggregate
query per grouping (``sources.budget_funding``), however many units and lines.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.core.charts import Chart, Series
from cchc.domain.money import format_vnd
from cchc.domain.vnformat import format_percent
from cchc.orgs.models import OrgUnit
from cchc.oversight import sources

TOP_UNITS = 15
MILLION = Decimal(1_000_000)


def _m(value) -> Decimal | None:
    return None if value is None else (Decimal(value) / MILLION).quantize(Decimal("0.1"))


def _chart(title: str, label: str, names: list[str], rows: list) -> Chart:
    return Chart(
        title=title,
        categories=names,
        series=[
            Series(_("Dự toán được giao (triệu đồng)"), [_m(r.approved) for r in rows]),
            Series(_("Đã giải ngân (triệu đồng)"), [_m(r.disbursed) for r in rows]),
        ],
        kind="hbar",
        category_label=label,
        places=1,
    )


def _merge(label_rows: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Rows with the same label (areas of the same name in several plans) summed, first-seen order."""
    groups: dict[str, list] = {}
    for label, r in label_rows:
        groups.setdefault(label, []).append(r)
    return [(label, sources.budget_total(rs)) for label, rs in groups.items()]


def budget_panel(scope) -> dict | None:
    """``{"year", "approved", "disbursed", "percent", "units", "units_more", "charts": {key: Chart}}``
    (amounts formatted); ``None`` when the
    scope has no sent estimate for the year."""
    year = scope.year or scope.as_of.year
    common = {
        "province": scope.province,
        "year": year,
        "plan": scope.plan,
        "unit_ids": scope.unit_ids,
        "up_to": scope.as_of,
    }
    by_unit = sources.budget_funding(**common, by=("unit",))
    if not by_unit:
        return None
    by_area = sources.budget_funding(**common, by=("area",))
    titles = sources.area_titles({r.area_id for r in by_area if r.area_id})
    other = _("Nhiệm vụ CCHC khác")
    areas = _merge(
        sorted(
            ((titles.get(r.area_id, other) if r.area_id else other, r) for r in by_area),
            key=lambda lr: (lr[0] == other, -(lr[1].approved or 0), lr[0]),
        )
    )
    ranked = sorted(by_unit, key=lambda r: (-(r.approved or 0), -r.requested, r.unit_id))
    top, rest = ranked[:TOP_UNITS], ranked[TOP_UNITS:]
    names = dict(OrgUnit.objects.filter(pk__in=[r.unit_id for r in top]).values_list("pk", "name"))
    unit_rows = [(names.get(r.unit_id, ""), r) for r in top]
    if rest:
        unit_rows.append((_("Các đơn vị khác (%(n)s đơn vị)") % {"n": len(rest)}, sources.budget_total(rest)))
    total = sources.budget_total(by_unit)
    return {
        "year": year,
        "approved": format_vnd(total.approved or 0),
        "disbursed": format_vnd(total.disbursed),
        "percent": "—" if total.disbursed_pct is None else format_percent(total.disbursed_pct, 2),
        "units": len(by_unit),
        "units_more": len(rest),
        "charts": {
            "budget_areas": _chart(
                _("Kinh phí CCHC năm %(year)s theo lĩnh vực: được giao và đã giải ngân") % {"year": year},
                _("Lĩnh vực"),
                [label for label, _r in areas],
                [r for _label, r in areas],
            ),
            "budget_units": _chart(
                _("Kinh phí CCHC năm %(year)s theo đơn vị: được giao và đã giải ngân") % {"year": year},
                _("Đơn vị"),
                [label for label, _r in unit_rows],
                [r for _label, r in unit_rows],
            ),
        },
    }
