"""The province's report for a period: one data object feeds the tables AND the narrative numbers.

Assembled from the system's task data as of the period's cut-off (tracking, via ``sources``) and
the accepted unit reports (their accepted version's annex and narrative).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from cchc.domain.vnformat import format_date, format_number, format_percent
from cchc.orgs.models import OrgUnit
from cchc.reporting import sources
from cchc.reporting.annex import AREA_LABELS, FIELDS
from cchc.reporting.models import ReportStatus, UnitReport
from cchc.reporting.prefill import area_key, task_counts
from cchc.reporting.schedule import PeriodInfo, check_period


def fmt_pct(value: Decimal | None) -> str:
    """88,54% / 100% (no trailing zeros), "—" when there is nothing to divide."""
    return "—" if value is None else format_percent(value.normalize())


def pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Line:
    """A row of completion: by area or by unit."""

    key: str
    label: str
    due: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    pending: int = 0  # claimed done, not yet approved ("chờ duyệt"): not counted as done
    in_progress: int = 0  # due in the period, not done and not overdue at the cut-off
    continuing: int = 0  # multi-year / continuous work under way (not counted in ``due``)

    @property
    def percent(self) -> Decimal | None:
        return pct(self.done, self.due)


@dataclass
class Consolidation:
    plan: object
    province: object
    info: PeriodInfo
    by_area: list[Line]
    by_unit: list[Line]
    total: Line
    overdue: list[tuple[object, list]]  # (unit, rows)
    targets: list
    annex_totals: list[tuple[object, int | None, int]]  # (field, total, reports counted)
    flags: list[tuple[object, object, dict]]  # (unit, field, cell)
    expected_units: list
    submitted: list[UnitReport]
    accepted: list[UnitReport]
    missing_units: list
    unit_narratives: dict[str, list[tuple[object, str]]] = field(default_factory=dict)
    # counts that say what they count (issue 20 point 7)
    plan_tasks_due: int = 0  # distinct plan tasks behind the lead shares due in the period
    plan_tasks_continuing: int = 0
    at_risk: int = 0  # due in the period, not done, at risk at the cut-off (part of in_progress)
    overdue_earlier: list = field(default_factory=list)  # rows overdue, due before the period
    due_rows: list = field(default_factory=list)
    continuing_rows: list = field(default_factory=list)
    next_rows: list = field(default_factory=list)  # not done, due in the following span
    next_span: tuple = ()
    # the platform's own figures for the province (dossiers, inspections), by annex key
    platform: dict = field(default_factory=dict)
    annex_rows: list = field(default_factory=list)  # AnnexRow
    measured: dict = field(default_factory=dict)  # target id -> attainment row (indicators app)
    rate_checks: list = field(default_factory=list)  # sentences: annex rate vs target table
    # the CCHC budget of the period's year (``reporting.funding``): rows by unit and source
    funding: list = field(default_factory=list)
    funding_units: dict = field(default_factory=dict)  # unit id -> name
    funding_round: bool = False  # a budget round of the year exists for the plan

    @property
    def overdue_in_period(self) -> int:
        return self.total.overdue

    def paragraphs(self) -> list[str]:
        """The narrative sentences, every number taken from this object's tables. Counts say what
        they count: a "lượt giao chủ trì" is one lead unit's share of one plan task (a task led by
        five districts is five shares), beside the number of plan tasks behind them."""
        t = self.total
        span_from, span_to = self.info.span
        dates = {
            "from": format_date(self.info.data_from),
            "to": format_date(self.info.data_to),
            "span_from": format_date(span_from),
            "span_to": format_date(span_to),
            "plan": self.plan.number,
        }
        if t.due:
            first = _(
                "Trong kỳ báo cáo (số liệu từ ngày %(from)s đến ngày %(to)s), Kế hoạch %(plan)s có %(tasks)s "
                "nhiệm vụ có hạn hoàn thành từ ngày %(span_from)s đến ngày %(span_to)s, giao cho các cơ quan, "
                "đơn vị chủ trì thành %(due)s lượt giao chủ trì đến hạn; đã hoàn thành %(done)s lượt (%(pct)s), "
                "trong đó %(late)s lượt hoàn thành sau hạn; %(in_progress)s lượt đang thực hiện (trong đó "
                "%(at_risk)s lượt có nguy cơ chậm tiến độ); %(overdue)s lượt quá hạn chưa hoàn thành."
            ) % {
                **dates,
                "tasks": format_number(self.plan_tasks_due),
                "due": format_number(t.due),
                "done": format_number(t.done),
                "pct": fmt_pct(t.percent),
                "late": format_number(t.done_late),
                "in_progress": format_number(t.in_progress),
                "at_risk": format_number(self.at_risk),
                "overdue": format_number(t.overdue),
            }
        else:
            first = (
                _(
                    "Trong kỳ báo cáo (số liệu từ ngày %(from)s đến ngày %(to)s), không có nhiệm vụ nào của "
                    "Kế hoạch %(plan)s có hạn hoàn thành từ ngày %(span_from)s đến ngày %(span_to)s."
                )
                % dates
            )
        out = [first]
        if self.info.as_of < self.info.data_to:
            out.append(
                _("Kỳ báo cáo chưa kết thúc: tình trạng nhiệm vụ tính đến ngày %(d)s.")
                % {"d": format_date(self.info.as_of)}
            )
        if t.continuing:
            out.append(
                _(
                    "Ngoài ra, %(n)s lượt giao chủ trì của %(tasks)s nhiệm vụ thực hiện nhiều năm hoặc thường xuyên "
                    "đang tiếp tục triển khai (chưa đến hạn hoàn thành, không tính vào tỷ lệ hoàn thành)."
                )
                % {"n": format_number(t.continuing), "tasks": format_number(self.plan_tasks_continuing)}
            )
        if t.pending:
            out.append(
                _(
                    "%(n)s lượt đơn vị báo cáo đã hoàn thành đang chờ duyệt (chưa được lãnh đạo đơn vị "
                    "duyệt hoặc cơ quan thường trực ghi nhận), chưa tính là hoàn thành."
                )
                % {"n": format_number(t.pending)}
            )
        if self.overdue_earlier:
            out.append(
                _(
                    "Nhiệm vụ có hạn trước kỳ báo cáo (các năm, kỳ trước) đến ngày %(d)s vẫn quá hạn chưa hoàn thành: "
                    "%(n)s lượt giao chủ trì của %(tasks)s nhiệm vụ (không tính vào số liệu đến hạn của kỳ này)."
                )
                % {
                    "d": format_date(self.info.as_of),
                    "n": format_number(len(self.overdue_earlier)),
                    "tasks": format_number(len({r.task.pk for r in self.overdue_earlier})),
                }
            )
        out.append(
            _(
                "Có %(expected)s cơ quan, đơn vị phải báo cáo; %(submitted)s đơn vị đã gửi báo cáo "
                "(%(on_time)s đúng hạn), %(accepted)s báo cáo đã được tiếp nhận; %(missing)s đơn vị chưa gửi báo cáo."
            )
            % {
                "expected": format_number(len(self.expected_units)),
                "submitted": format_number(len(self.submitted)),
                "on_time": format_number(sum(1 for r in self.submitted if r.on_time)),
                "accepted": format_number(len(self.accepted)),
                "missing": format_number(len(self.missing_units)),
            }
        )
        if self.flags:
            out.append(
                _(
                    "%(n)s số liệu do đơn vị báo cáo khác với dữ liệu của hệ thống (có nêu lý do), cần rà soát."
                )
                % {"n": format_number(len(self.flags))}
            )
        return out


@dataclass
class AnnexRow:
    """One annex figure of the province's report: the platform's figure for the whole province
    (when it holds one), the sum of the accepted unit reports, and whether the two differ."""

    field: object
    platform: int | None  # the platform's figure for the whole province
    source: str
    reported: int | None  # sum of the accepted unit reports
    reports: int
    reported_system: int | None = None  # sum of the platform's figures of those same units

    @property
    def value(self) -> int | None:
        """The figure the report states: the platform's where it has one."""
        return self.platform if self.platform is not None else self.reported

    @property
    def differs(self) -> bool:
        """The units' reported figures differ from the platform's figures for the same units
        (overrides with a reason): the sum of reports of some units is not compared with the
        whole province's figure."""
        return (
            self.reported is not None
            and self.reported_system is not None
            and self.reported != self.reported_system
        )


# annex rates compared with the target table: (indicator code, label, numerator keys, denominator key)
# numerators in the indicators' own terms (QĐ 766 formula, docs/indicators.md)
RATE_CHECKS = [
    ("TL_HS_TRUC_TUYEN", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", ("online",), (), "received"),
    (
        "TL_HS_DUNG_HAN",
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
        ("early", "on_time", "in_progress"),
        ("in_progress_past_due",),
        "received",
    ),
]


def _rate_checks(counts, measured) -> tuple[list, list]:
    """``(rates, sentences)``: the dossier rates computed from the annex's own statistics
    (``counts``, the province's summed dossier statistics), and a sentence for each target whose
    measured value (target table) differs from them."""
    if counts is None:
        return [], []
    rates, notes = [], []
    for code, label, plus, minus, den in RATE_CHECKS:
        num = sum(counts[k] for k in plus) - sum(counts[k] for k in minus)
        value = pct(num, counts[den])
        rates.append((code, label, value))
        for row in measured.values():
            if row.get("indicator") != code or row.get("level") or row.get("value") is None or value is None:
                continue
            if Decimal(row["value"]).quantize(Decimal("0.01")) != value:
                notes.append(
                    _(
                        "%(label)s trong phụ lục (%(a)s) khác giá trị của chỉ tiêu “%(t)s” trong bảng chỉ tiêu (%(b)s)."
                    )
                    % {
                        "label": label,
                        "a": fmt_pct(value),
                        "t": row["text"][:80],
                        "b": fmt_pct(Decimal(row["value"])),
                    }
                )
    return rates, notes


def _pending(rows) -> int:
    return sum(1 for r in rows if r.state in sources.PENDING_STATES)


def _task_lines(rs) -> tuple[list[Line], list[Line], Line]:
    """The task counts of the report set by area, by unit and in total."""
    continuing_ids = {id(r) for r in rs.continuing}

    def counts_line(key, label, rs_rows):
        due = [r for r in rs_rows if id(r) not in continuing_ids]
        c = task_counts(due, [r for r in rs_rows if id(r) in continuing_ids])
        return Line(
            str(key),
            label,
            c["tasks_due"],
            c["tasks_done"],
            c["tasks_done_late"],
            c["tasks_overdue"],
            pending=_pending(due),
            in_progress=c["tasks_in_progress"],
            continuing=c["tasks_continuing"],
        )

    def lines(keyfunc, labelfunc):
        groups = defaultdict(list)
        labels = {}
        for r in rs.rows:
            k = keyfunc(r)
            groups[k].append(r)
            labels[k] = labelfunc(r)
        return [counts_line(k, labels[k], group) for k, group in groups.items()]

    area_order = {k: i for i, k in enumerate(AREA_LABELS)}
    by_area = sorted(
        lines(lambda r: area_key(r.area), lambda r: str(AREA_LABELS[area_key(r.area)])),
        key=lambda line: area_order.get(line.key, 99),
    )
    by_unit = sorted(lines(lambda r: r.unit.pk, lambda r: r.unit.name), key=lambda line: line.label)
    total = counts_line("total", _("Tổng cộng"), rs.rows)
    return by_area, by_unit, total


def _unit_reports(plan, info, rs):
    """``(expected units by pk, submitted, accepted, missing units)`` of the period's unit reports."""
    expected = {r.unit.pk: r.unit for r in rs.rows}
    reports = list(
        UnitReport.objects.filter(plan=plan, period_code=info.code)
        .select_related("unit", "accepted_version", "current_version")
        .order_by("unit__name")
    )
    for rep in reports:
        expected.setdefault(rep.unit.pk, rep.unit)
    sent_states = {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED}
    submitted = [
        r for r in reports if r.submitted_at is not None and (r.status in sent_states or r.accepted_version)
    ]
    accepted = [r for r in reports if r.accepted_version_id]
    sent_ids = {r.unit_id for r in submitted}
    missing = sorted((u for pk, u in expected.items() if pk not in sent_ids), key=lambda u: u.name)
    return expected, submitted, accepted, missing


def _annex(accepted, platform, total: Line):
    """``(annex_totals, flags, annex_rows)``: the accepted reports' annex figures summed per field,
    beside the platform's own figures, and the cells whose value differs from the system's."""
    province_counts = {  # task figures of the whole plan (the tables above), not a sum of reports
        "tasks_due": total.due,
        "tasks_done": total.done,
        "tasks_done_late": total.done_late,
        "tasks_overdue": total.overdue,
        "tasks_in_progress": total.in_progress,
        "tasks_continuing": total.continuing,
    }
    annex_totals, flags, annex_rows = [], [], []
    for f in FIELDS:
        values = [(r, (r.accepted_version.annex or {}).get(f.key) or {}) for r in accepted]
        counted = [cell["value"] for _r, cell in values if cell.get("value") is not None]
        annex_totals.append((f, sum(counted) if counted else None, len(counted)))
        cell = platform.get(f.key)
        systems = [
            c["system"] for _r, c in values if c.get("system") is not None and c.get("value") is not None
        ]
        annex_rows.append(
            AnnexRow(
                reported_system=sum(systems) if systems else None,
                field=f,
                platform=cell["system"] if cell else province_counts.get(f.key),
                source=cell["source"]
                if cell
                else (_("Bảng kết quả thực hiện nhiệm vụ ở trên") if f.key in province_counts else ""),
                reported=sum(counted) if counted else None,
                reports=len(counted),
            )
        )
        for r, cell in values:
            if (
                cell.get("system") is not None
                and cell.get("value") is not None
                and cell["value"] != cell["system"]
            ):
                flags.append((r.unit, f, cell))
    return annex_totals, flags, annex_rows


def _narratives(accepted) -> dict:
    """``{section key: [(unit, text)]}`` of the accepted reports' narratives."""
    narratives = defaultdict(list)
    for r in accepted:
        for k, text in (r.accepted_version.narrative or {}).items():
            if text:
                narratives[k].append((r.unit, text))
    return narratives


def build_consolidation(plan, period_code: str, *, today: dt.date | None = None) -> Consolidation:
    """Unscoped: callers check ``can_read_consolidation`` first. Refuses (``DomainError``) an
    unknown period code or a period not started yet; a running period counts as of today."""
    province = plan.province
    info = check_period(period_code, plan=plan, province=province, today=today)
    all_rows = sources.task_rows(plan=plan, as_of=info.as_of)
    rs = sources.report_set(all_rows, info)
    by_area, by_unit, total = _task_lines(rs)

    overdue_by_unit = defaultdict(list)
    for r in all_rows:
        if r.state == "overdue":
            overdue_by_unit[r.unit].append(r)
    overdue = sorted(overdue_by_unit.items(), key=lambda kv: kv[0].name)

    expected, submitted, accepted, missing = _unit_reports(plan, info, rs)

    from cchc.domain.periods import following_span
    from cchc.reporting.prefill import platform_figures

    counts = (
        sources.dossier_counts(sources.unit_subtree_ids(province), info.code)
        if province is not None
        else None
    )
    platform = (
        platform_figures(unit=province, info=info, province_wide=True, counts=counts)
        if province is not None
        else {}
    )
    annex_totals, flags, annex_rows = _annex(accepted, platform, total)
    narratives = _narratives(accepted)
    span_from, _span_to = info.span
    overdue_earlier = [r for r in all_rows if r.state == "overdue" and r.due_date and r.due_date < span_from]
    nxt = following_span(info.period)
    next_rows = [
        r
        for r in all_rows
        if r.due_date is not None
        and nxt[0] <= r.due_date <= nxt[1]
        and r.state not in sources.DONE_STATES | {"cancelled"}
    ]
    measured = sources.target_attainment(plan, info.code)
    _rates, rate_notes = _rate_checks(counts, measured)
    year = info.span[1].year
    funding = sources.funding(year=year, plan=plan, up_to=info.as_of, by=("unit", "source"))
    return Consolidation(
        funding=funding,
        funding_units=dict(
            OrgUnit.objects.filter(pk__in={r.unit_id for r in funding}).values_list("pk", "name")
        ),
        funding_round=bool(funding) or sources.budget_rounds_exist(year=year, plan=plan),
        plan_tasks_due=len({r.task.pk for r in rs.due}),
        plan_tasks_continuing=len({r.task.pk for r in rs.continuing}),
        at_risk=sum(1 for r in rs.due if r.state == "at_risk"),
        overdue_earlier=overdue_earlier,
        due_rows=rs.due,
        continuing_rows=rs.continuing,
        next_rows=next_rows,
        next_span=nxt,
        platform=platform,
        annex_rows=annex_rows,
        measured=measured,
        rate_checks=rate_notes,
        plan=plan,
        province=province,
        info=info,
        by_area=by_area,
        by_unit=by_unit,
        total=total,
        overdue=overdue,
        targets=sources.plan_targets(plan),
        annex_totals=annex_totals,
        flags=flags,
        expected_units=sorted(expected.values(), key=lambda u: u.name),
        submitted=submitted,
        accepted=accepted,
        missing_units=missing,
        unit_narratives=dict(narratives),
    )
