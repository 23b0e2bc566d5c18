"""The CCHC budget (kinh phí) in the reports: a unit report's funding section and the province
report's funding table ("Kinh phí thực hiện"), both read from the budget app through
``sources.funding`` (one set of aggregate queries, however many units and lines).

Figures: requested (dự toán đã gửi), approved (dự toán được giao after the finance agency's
appraisal), disbursed (giải ngân) and settled (quyết toán) recorded with a spending date up to
the report's cut-off (``info.as_of``), for the budget round of the report's year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.core.documents import Table
from cchc.domain.money import format_million, format_vnd
from cchc.domain.vnformat import format_date, format_percent
from cchc.reporting import sources


def fmt_pct(value: Decimal | None) -> str:
    """Disbursed over approved: "40,25%", "80%"; "—" without an approved amount."""
    return "—" if value is None else format_percent(value.normalize())


def _year(info) -> int:
    return info.span[1].year


@dataclass
class UnitFunding:
    """A unit's budget for a report: per source, the total, and the sentence pre-filled."""

    year: int
    up_to: object
    rows: list = field(default_factory=list)  # (source label, FundingRow)
    total: object = None  # FundingRow

    @property
    def has_budget(self) -> bool:
        return bool(self.rows)

    def table(self) -> list[list[str]]:
        """Rows of the edit page's figures: source, requested, approved, disbursed, settled, %;
        the total last."""

        def cells(label, r):
            amounts = (r.requested, r.approved, r.disbursed, r.settled)
            return [label, *(format_vnd(v) for v in amounts), fmt_pct(r.disbursed_pct)]

        out = [cells(label, r) for label, r in self.rows]
        if len(self.rows) > 1:
            out.append(cells(_("Tổng cộng"), self.total))
        return out

    def text(self) -> str:
        """ "Kinh phí CCHC năm 2022 được giao 1.250.000.000 đ (…), đã giải ngân … (…%)"."""
        t = self.total
        d = {"year": self.year, "to": format_date(self.up_to)}
        if t is None:
            return _("Đơn vị chưa có dự toán kinh phí CCHC năm %(year)s trên hệ thống.") % d
        if not t.approved:
            return _(
                "Đơn vị đã gửi dự toán kinh phí CCHC năm %(year)s: %(req)s; dự toán chưa được thẩm định, giao."
            ) % {**d, "req": format_vnd(t.requested)}
        parts = "; ".join(f"{label}: {format_vnd(r.approved)}" for label, r in self.rows if r.approved)
        if not t.disbursed:
            return _(
                "Kinh phí CCHC năm %(year)s được giao %(approved)s (%(parts)s); đến ngày %(to)s chưa giải ngân."
            ) % {**d, "approved": format_vnd(t.approved), "parts": parts}
        text = _(
            "Kinh phí CCHC năm %(year)s được giao %(approved)s (%(parts)s); đã giải ngân đến ngày %(to)s: "
            "%(disbursed)s (%(pct)s dự toán được giao)"
        ) % {
            **d,
            "approved": format_vnd(t.approved),
            "parts": parts,
            "disbursed": format_vnd(t.disbursed),
            "pct": fmt_pct(t.disbursed_pct),
        }
        if t.settled:
            text += _(", đã quyết toán %(settled)s") % {"settled": format_vnd(t.settled)}
        return text + "."


def unit_funding(*, unit, plan, info) -> UnitFunding:
    """The unit's budget of the report's year (the plan's round, or every round of the
    province without a plan), spending up to the report's cut-off."""
    year = _year(info)
    rows = sources.funding(
        year=year,
        plan=plan,
        province=None if plan is not None else unit.province_root,
        unit_ids=[unit.pk],
        up_to=info.as_of,
        by=("source",),
    )
    labels = sources.budget_source_labels()
    by_source = {r.source: r for r in rows}
    out = UnitFunding(year=year, up_to=info.as_of)
    out.rows = [(labels[code], by_source[code]) for code in labels if code in by_source]
    if out.rows:
        out.total = sources.funding_total(rows)
    return out


# --------------------------------------------------------------------------- province report
HEADER = [
    "TT",
    "Cơ quan, đơn vị",
    "Nguồn kinh phí",
    "Dự toán đề nghị",
    "Dự toán được giao",
    "Đã giải ngân",
    "Đã quyết toán",
    "Tỷ lệ giải ngân",
]


def _m(value, digits: int) -> str:
    return "—" if value is None else format_million(value, digits)


def _digits(rows) -> int:
    """Whole millions shown without decimals; amounts with a smaller part get 3 (thousand đồng)."""
    million = Decimal(1_000_000)
    for r in rows:
        for v in (r.requested, r.approved, r.disbursed, r.settled):
            if v is not None and v % million:
                return 3
    return 0


def funding_table(c) -> Table:
    """Per unit and source: requested, approved, disbursed, settled (triệu đồng), % disbursed of
    approved; a totals row. ``c.funding``: rows by unit and source (``build_consolidation``)."""
    rows = c.funding
    labels = sources.budget_source_labels()
    names = c.funding_units
    ordered = sorted(rows, key=lambda r: (names.get(r.unit_id, ""), list(labels).index(r.source)))
    digits = _digits(rows)

    def cells(r):
        return [
            _m(r.requested, digits),
            _m(r.approved, digits),
            _m(r.disbursed, digits),
            _m(r.settled, digits),
            fmt_pct(r.disbursed_pct),
        ]

    out, seen, n = [], set(), 0
    for r in ordered:
        first = r.unit_id not in seen
        if first:
            n += 1
            seen.add(r.unit_id)
        out.append(
            [str(n) if first else "", names.get(r.unit_id, "") if first else "", labels[r.source], *cells(r)]
        )
    total = sources.funding_total(rows)
    out.append(["", "Tổng cộng", "", *cells(total)])
    return Table(HEADER, out, [11, 44, 26, 19, 19, 19, 18, 21])


def funding_section(c):
    """The outline content ``funding``: a sentence with the totals (by source), the table."""
    year = _year(c.info)
    if not c.funding:
        if c.funding_round:
            text = f"Chưa có cơ quan, đơn vị nào gửi dự toán kinh phí CCHC năm {year} theo Kế hoạch {c.plan.number}."
        else:
            text = (
                f"Chưa có kỳ lập dự toán kinh phí CCHC năm {year} cho Kế hoạch {c.plan.number} trên hệ thống."
            )
        return [text], []
    total = sources.funding_total(c.funding)
    labels = sources.budget_source_labels()
    per_source = {}
    for r in c.funding:
        per_source.setdefault(r.source, []).append(r)
    parts = "; ".join(
        f"{labels[s]}: {format_vnd(sources.funding_total(per_source[s]).approved or 0)}"
        for s in labels
        if s in per_source and sources.funding_total(per_source[s]).approved
    )
    units = len({r.unit_id for r in c.funding})
    paras = [
        f"Kinh phí thực hiện nhiệm vụ CCHC năm {year} theo Kế hoạch {c.plan.number}: {units} cơ quan, đơn vị "
        f"đã gửi dự toán, tổng số đề nghị {format_vnd(total.requested)}; dự toán được giao sau thẩm định "
        f"{format_vnd(total.approved or 0)}" + (f" ({parts})" if parts else "") + "; đã giải ngân đến ngày "
        f"{format_date(c.info.as_of)}: {format_vnd(total.disbursed)} ({fmt_pct(total.disbursed_pct)} dự toán "
        f"được giao), đã quyết toán {format_vnd(total.settled)}.",
        "Đơn vị tính trong bảng: triệu đồng.",
    ]
    return paras, [funding_table(c)]
