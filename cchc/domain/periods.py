"""Reporting periods of the periodic CCHC reports and their data cut-off windows.

Sources (METHODOLOGY.md §3; confidence tags as there):

* Văn bản 581/BNV-CCHC [S]: provinces report on Q1, 6 months, Q3 and the year, **no later than
  the 20th of the last month of the period**, with cut-off windows Q1 15/12 (previous year) –
  14/3, 6 months 15/12 – 14/6, Q3 15/6 – 14/9, year 15/12 – 14/12.
* NĐ 09/2019/NĐ-CP as implemented by Khánh Hòa QĐ 01/2023/QĐ-UBND Điều 4 [S]: month 15th of the
  previous month – 14th; quarter 15th of the month before the quarter – 14th of its last month;
  9 months 15/12 – 14/9. That these windows are NĐ 09/2019 Điều 12 itself is **[U]
  (unverified)**, and so is the 9-month report; both are therefore configurable through
  :class:`ReportingRules`, never hard-coded in callers.
* A plan may set its own calendar: Vinh Yên's 2022 plan (seed 002) asks for quarterly and
  6-month reports "chậm nhất trước ngày: 25/2, 25/5, 25/8" and the annual one "chậm nhất trước
  ngày 15/11/2022": :func:`rules_from_text` reads such a sentence.

Period codes: ``2022-Q1``..``2022-Q4``, ``2022-H1`` (6 tháng đầu năm), ``2022-9M``,
``2022-Y``, ``2022-M07`` (a month). Ad hoc reports (đột xuất) are built with
:meth:`Period.adhoc` and carry their own window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from cchc.domain.text import clean, fold_aligned
from cchc.domain.vnformat import month_end, to_roman

__all__ = [
    "KINDS",
    "NATIONAL_RULES",
    "Period",
    "ReportingRules",
    "REPORT_CODES",
    "following_span",
    "format_due_overrides",
    "parse_due_overrides",
    "period_containing",
    "periods_in",
    "report_share",
    "rules_from_text",
]

QUARTERLY = "quarterly"
SIX_MONTHLY = "six_monthly"
NINE_MONTHLY = "nine_monthly"
ANNUAL = "annual"
MONTHLY = "monthly"
ADHOC = "adhoc"
KINDS = (QUARTERLY, SIX_MONTHLY, NINE_MONTHLY, ANNUAL, MONTHLY, ADHOC)

_SUFFIX = re.compile(r"Q[1-4]|H1|9M|Y|M(0[1-9]|1[0-2])")
_ADHOC = re.compile(r"\s*adhoc:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\s*", re.IGNORECASE)
_CODE = re.compile(r"\s*(\d{4})\s*-\s*(Q[1-4]|H1|9M|Y|M(?:0?[1-9]|1[0-2]))\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ReportingRules:
    """When data windows close and reports are due. Defaults: the national regime.

    ``cutoff_day``: a window opens on this day of the month *before* the period's first month
    and closes the day before it in the period's last month (15 -> 15/12 – 14/3 for Q1).
    ``None`` means calendar windows (1/1 – 31/3). Cumulative kinds (6 months, 9 months, year)
    open at the start of the year's first window: 15/12 of the previous year [S 581; U NĐ 09].

    ``due_day``: reports are due on this day of the period's last month (20: "chậm nhất ngày
    20 của tháng cuối kỳ", 581/BNV-CCHC [S]).

    ``due_overrides``: per period code suffix ("Q1", "H1", "Q3", "Y", "M07"…), a
    ``(month, day)`` in the period's year that replaces the default due date.

    ``reports``: which reports the regime asks for each year (581: Q1, 6 months, Q3, year).
    """

    cutoff_day: int | None = 15
    due_day: int = 20
    due_overrides: dict[str, tuple[int, int]] = field(default_factory=dict)
    reports: tuple[str, ...] = ("Q1", "H1", "Q3", "Y")
    source: str = (
        "Văn bản 581/BNV-CCHC của Bộ Nội vụ (kỳ báo cáo, hạn gửi ngày 20 tháng cuối kỳ); "
        "thời gian chốt số liệu theo Nghị định 09/2019/NĐ-CP (chưa đối chiếu văn bản gốc)"
    )

    def __post_init__(self) -> None:
        if self.cutoff_day is not None and not 1 <= self.cutoff_day <= 28:
            raise ValueError("cutoff_day must be 1..28 or None")
        if not 1 <= self.due_day <= 31:
            raise ValueError("due_day must be 1..31")
        for key, (month, day) in self.due_overrides.items():
            date(2000, month, day)  # raises ValueError on an impossible day (2000 is leap)
            if not _SUFFIX.fullmatch(key):
                raise ValueError(f"unknown period code {key!r}")


NATIONAL_RULES = ReportingRules()

# The codes a calendar may ask for each year, in calendar order.
REPORT_CODES = ("Q1", "Q2", "H1", "Q3", "9M", "Q4", "Y")


def parse_due_overrides(text: str) -> dict[str, tuple[int, int]]:
    """``"Q1=25/2; H1=25/5; Y=15/11"`` -> ``{"Q1": (2, 25), "H1": (5, 25), "Y": (11, 15)}``.

    Raises ``ValueError`` naming the part it cannot read (unknown code, impossible day)."""
    out: dict[str, tuple[int, int]] = {}
    for part in re.split(r"[;,\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"([0-9A-Za-z]+)\s*[=:]\s*(\d{1,2})\s*/\s*(\d{1,2})", part)
        if not m or not _SUFFIX.fullmatch(m[1].upper()):
            raise ValueError(part)
        day, month = int(m[2]), int(m[3])
        try:
            date(2000, month, day)
        except ValueError:
            raise ValueError(part) from None
        out[m[1].upper()] = (month, day)
    return out


def format_due_overrides(overrides: dict[str, tuple[int, int]]) -> str:
    """The inverse of :func:`parse_due_overrides`, in calendar order."""
    order = {k: i for i, k in enumerate(REPORT_CODES)}
    return "; ".join(
        f"{k}={d}/{m}" for k, (m, d) in sorted(overrides.items(), key=lambda kv: order.get(kv[0], 99))
    )


@dataclass(frozen=True, order=True)
class Period:
    """One report period. ``number`` is the quarter (1–4) or month (1–12); 1 otherwise."""

    year: int
    kind: str
    number: int = 1
    adhoc_from: date | None = None
    adhoc_to: date | None = None

    @classmethod
    def parse(cls, code: str) -> Period:
        """``"2022-Q2"``, ``"2022-H1"``, ``"2022-9M"``, ``"2022-Y"``, ``"2022-M07"``; raises
        ``ValueError`` otherwise. An ad hoc code (``"adhoc:2022-03-01..2022-05-31"``, see
        :attr:`code`) gives back its window."""
        a = _ADHOC.fullmatch(code or "")
        if a:
            return cls.adhoc(date.fromisoformat(a[1]), date.fromisoformat(a[2]))
        m = _CODE.fullmatch(code or "")
        if not m:
            raise ValueError(f"not a period code: {code!r}")
        year, suffix = int(m[1]), m[2].upper()
        if suffix.startswith("Q"):
            return cls(year, QUARTERLY, int(suffix[1]))
        if suffix.startswith("M"):
            return cls(year, MONTHLY, int(suffix[1:]))
        return cls(year, {"H1": SIX_MONTHLY, "9M": NINE_MONTHLY, "Y": ANNUAL}[suffix])

    @classmethod
    def adhoc(cls, data_from: date, data_to: date) -> Period:
        """An ad hoc (đột xuất) report over an explicit window."""
        if data_to < data_from:
            raise ValueError("an ad hoc window must not end before it starts")
        return cls(data_to.year, ADHOC, 1, data_from, data_to)

    @property
    def suffix(self) -> str:
        if self.kind == QUARTERLY:
            return f"Q{self.number}"
        if self.kind == MONTHLY:
            return f"M{self.number:02d}"
        return {SIX_MONTHLY: "H1", NINE_MONTHLY: "9M", ANNUAL: "Y", ADHOC: "adhoc"}[self.kind]

    @property
    def code(self) -> str:
        if self.kind == ADHOC:
            assert self.adhoc_from and self.adhoc_to
            return f"adhoc:{self.adhoc_from.isoformat()}..{self.adhoc_to.isoformat()}"
        return f"{self.year}-{self.suffix}"

    def __str__(self) -> str:
        return self.code

    @property
    def label_vi(self) -> str:
        """As in report titles: "Quý II năm 2022", "6 tháng đầu năm 2022", "9 tháng năm 2022",
        "năm 2022", "tháng 7 năm 2022", "đột xuất (01/03/2022 – 31/05/2022)"."""
        if self.kind == QUARTERLY:
            return f"Quý {to_roman(self.number)} năm {self.year}"
        if self.kind == SIX_MONTHLY:
            return f"6 tháng đầu năm {self.year}"
        if self.kind == NINE_MONTHLY:
            return f"9 tháng năm {self.year}"
        if self.kind == ANNUAL:
            return f"năm {self.year}"
        if self.kind == MONTHLY:
            return f"tháng {self.number} năm {self.year}"
        assert self.adhoc_from and self.adhoc_to
        return f"đột xuất ({self.adhoc_from.strftime('%d/%m/%Y')} – {self.adhoc_to.strftime('%d/%m/%Y')})"

    @property
    def first_month(self) -> int:
        if self.kind == QUARTERLY:
            return 3 * self.number - 2
        if self.kind == MONTHLY:
            return self.number
        return 1

    @property
    def last_month(self) -> int:
        if self.kind == QUARTERLY:
            return 3 * self.number
        if self.kind == MONTHLY:
            return self.number
        return {SIX_MONTHLY: 6, NINE_MONTHLY: 9, ANNUAL: 12, ADHOC: 12}[self.kind]

    def calendar_range(self) -> tuple[date, date]:
        """The calendar months the period names (1/4 – 30/6 for Q2)."""
        if self.kind == ADHOC:
            assert self.adhoc_from and self.adhoc_to
            return self.adhoc_from, self.adhoc_to
        return date(self.year, self.first_month, 1), month_end(self.year, self.last_month)

    def reported_span(self) -> tuple[date, date]:
        """The due dates the report answers for: the period's calendar months (1/1 – 31/12 for
        the annual report), not its data window. A task due 31/12/2022 belongs to the 2022
        report, reported as of the 14/12 cut-off (done, in progress or at risk), and not to the
        2023 one whose window happens to contain the day."""
        return self.calendar_range()

    def window(self, rules: ReportingRules = NATIONAL_RULES) -> tuple[date, date]:
        """``(data_from, data_to)``, both inclusive: the data the report counts.

        2022-Q1 -> 15/12/2021 – 14/3/2022; 2022-H1 -> 15/12/2021 – 14/6/2022;
        2022-Q3 -> 15/6 – 14/9; 2022-Y -> 15/12/2021 – 14/12/2022 (national defaults).
        """
        if self.kind == ADHOC:
            return self.calendar_range()
        if rules.cutoff_day is None:
            return self.calendar_range()
        cut = rules.cutoff_day
        y, m = (self.year - 1, 12) if self.first_month == 1 else (self.year, self.first_month - 1)
        start = date(y, m, cut)
        end = date(self.year, self.last_month, cut) - timedelta(days=1)
        return start, end

    def due_date(self, rules: ReportingRules = NATIONAL_RULES) -> date | None:
        """When the report is due: a plan's override for this period, else ``rules.due_day`` of
        the last month (20th, 581/BNV-CCHC [S]). Ad hoc reports have no regime due date."""
        if self.kind == ADHOC:
            return None
        if self.suffix in rules.due_overrides:
            month, day = rules.due_overrides[self.suffix]
            return date(self.year, month, min(day, month_end(self.year, month).day))
        last = month_end(self.year, self.last_month)
        return date(self.year, self.last_month, min(rules.due_day, last.day))


def periods_in(
    year: int, rules: ReportingRules = NATIONAL_RULES, *, kinds: tuple[str, ...] | None = None
) -> list[Period]:
    """The periods of ``year``: by default the reports ``rules`` asks for (Q1, H1, Q3, Y);
    with ``kinds``, every period of those kinds (``kinds=("quarterly",)`` -> Q1..Q4)."""
    if kinds is None:
        return sorted(
            (Period.parse(f"{year}-{s}") for s in rules.reports), key=lambda p: (p.last_month, p.kind)
        )
    out: list[Period] = []
    for kind in kinds:
        if kind == QUARTERLY:
            out.extend(Period(year, QUARTERLY, q) for q in range(1, 5))
        elif kind == MONTHLY:
            out.extend(Period(year, MONTHLY, m) for m in range(1, 13))
        elif kind in (SIX_MONTHLY, NINE_MONTHLY, ANNUAL):
            out.append(Period(year, kind))
        else:
            raise ValueError(f"no periods of kind {kind!r}")
    return out


def period_containing(d: date, kind: str, rules: ReportingRules = NATIONAL_RULES) -> Period | None:
    """The period of ``kind`` whose *data window* holds ``d``: with the national cut-off,
    20/12/2022 belongs to 2023-Q1 and to the 2023 annual report. ``None`` when no period of
    that kind covers the day (cumulative 6- and 9-month reports cover only part of a year)."""
    for year in (d.year, d.year + 1):
        for period in periods_in(year, rules, kinds=(kind,)):
            start, end = period.window(rules)
            if start <= d <= end:
                return period
    return None


def following_span(period: Period) -> tuple[date, date]:
    """The calendar months after ``period`` that its "phương hướng, nhiệm vụ kỳ tới" answers for:
    the next year for an annual report, the rest of the year for 6 and 9 months, the next
    quarter or month, and for an ad hoc window a window of the same length after it."""
    _from, end = period.calendar_range()
    start = end + timedelta(days=1)
    if period.kind == ANNUAL:
        return start, date(start.year, 12, 31)
    if period.kind in (SIX_MONTHLY, NINE_MONTHLY):
        return start, date(period.year, 12, 31)
    if period.kind == QUARTERLY:
        return start, month_end(start.year, start.month + 2)
    if period.kind == MONTHLY:
        return start, month_end(start.year, start.month)
    return start, start + (end - _from)


DUE = "due"
CONTINUING = "continuing"


def report_share(*, start: date | None, due: date | None, span_from: date, span_to: date) -> str | None:
    """Whether work running ``start`` – ``due`` is in a report answering for ``span_from`` –
    ``span_to`` (:meth:`Period.reported_span`), and how:

    * ``"due"``: due inside the span (``span_from <= due <= span_to``);
    * ``"continuing"``: started by the end of the span and due after it (multi-year work such as
      2021-2025, in every year's report), or continuous work without a due date that has
      started;
    * ``None``: due before the span (an earlier report's; still listed when overdue), or not
      started by its end.
    """
    if due is not None and span_from <= due <= span_to:
        return DUE
    if due is not None and due < span_from:
        return None
    if start is None:
        return CONTINUING if due is not None else None
    return CONTINUING if start <= span_to else None


# ---------------------------------------------------------------------------------------------
# A plan's own reporting calendar

_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")
_MENTIONS = {
    "H1": re.compile(r"\b(?:6|sau) thang\b"),
    "9M": re.compile(r"\b(?:9|chin) thang\b"),
    "Q": re.compile(r"\bquy\b"),
    "Y": re.compile(r"\bnam\b(?!\s*\d)"),
}


def rules_from_text(sentence: str, base: ReportingRules = NATIONAL_RULES) -> ReportingRules:
    """Read a plan's reporting calendar into ``ReportingRules`` (overriding ``base``).

    "Định kỳ hàng quý, 6 tháng (chậm nhất trước ngày: 25/2, 25/5, 25/8) và năm (chậm nhất
    trước ngày 15/11/2022)" (seed 002) gives Q1 -> 25/2, H1 -> 25/5, Q3 -> 25/8, Y -> 15/11.
    Each day/month goes to the report whose period ends first at or after that month, among
    the reports the sentence names: a mid-year date goes to the 6-month report when one is
    named (the regime has no Q2 report then), a date in Q4 to the annual report when named.
    "Trước ngày X" is read as due on X (see ``timeframes``). Unrecognised text returns ``base``.
    """
    f = fold_aligned(clean(sentence or ""))
    named = {key for key, rx in _MENTIONS.items() if rx.search(f)}
    overrides: dict[str, tuple[int, int]] = {}
    reports: set[str] = set()
    for m in _DAY_MONTH.finditer(f):
        day, month = int(m[1]), int(m[2])
        try:
            date(2000, month, day)
        except ValueError:
            continue
        quarter = (month - 1) // 3 + 1
        if quarter == 2 and "H1" in named:
            key = "H1"
        elif quarter == 3 and "9M" in named and "Q" not in named:
            key = "9M"
        elif quarter == 4 and "Y" in named:
            key = "Y"
        elif "Q" in named:
            key = f"Q{quarter}"
        elif "Y" in named:
            key = "Y"
        else:
            continue
        overrides.setdefault(key, (month, day))
        reports.add(key)
    if not overrides:
        return base
    order = ["Q1", "Q2", "H1", "Q3", "9M", "Q4", "Y"]
    return replace(
        base,
        due_overrides={**base.due_overrides, **overrides},
        reports=tuple(k for k in order if k in reports) or base.reports,
        source=f"{base.source}; theo văn bản kế hoạch: “{clean(sentence)}”",
    )
