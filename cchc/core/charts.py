"""Server-rendered SVG charts with their table view and XLSX export (no chart script, no CDN).

A ``Chart`` holds categories (x labels: units, periods, criteria) and one or more ``Series`` of
numbers. The same object gives:

- ``chart.svg()``: the picture, as safe markup: ``kind="hbar"`` (horizontal bars, for rankings
  of units with long names), ``"bar"`` (vertical, grouped when there are several series),
  ``"line"`` (trends over periods). Colours come from CSS classes (``chart-s0`` … ``chart-s5``
  in ``static/cchc/app.css``), never inline styles, so the Content-Security-Policy holds;
- ``chart.header`` / ``chart.rows``: the table view (``{% include "core/chart.html" %}`` shows
  the SVG, then the table in a ``<details>``, and the XLSX link the page gives);
- ``chart.xlsx()``: the same table as a formula-safe XLSX (``core.spreadsheet``).

**One palette for states.** A series that counts work in a state (done on time, done late,
overdue, at risk, in progress, not started, waiting) names it (``Series(..., state="overdue")``)
and is drawn with the class ``chart-state-<state>``; chips and badges use ``state-<state>``. The
colours are defined once, as ``--state-*`` custom properties at the top of ``static/cchc/app.css``
(Okabe–Ito, readable with the common colour-vision deficiencies); a chart with states always
prints its legend. ``cchc/core/tests/test_palette.py`` holds every chart to it.

**Degrading well.** A chart with one category (one period, one unit) draws one bar per series with
its target, never a stretched axis; the SVG carries its natural ``width`` so it is never scaled up
beyond it. ``target`` draws the required value as a dashed line, named in the legend.

Numbers in labels follow the Vietnamese format (``88,54``), through ``domain.vnformat``.
Each bar or point may carry a link (``links``: one URL per category) so a figure drills down to
the list behind it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.spreadsheet import table_xlsx
from cchc.domain.vnformat import format_number

PALETTE_SIZE = 6

# The states work can be in, in legend order; colours: ``--state-*`` in static/cchc/app.css.
STATES: dict[str, object] = {
    "done": gettext_lazy("Hoàn thành đúng hạn"),
    "done_late": gettext_lazy("Hoàn thành trễ hạn"),
    "overdue": gettext_lazy("Quá hạn"),
    "at_risk": gettext_lazy("Có nguy cơ chậm"),
    "in_progress": gettext_lazy("Đang thực hiện"),
    "not_started": gettext_lazy("Chưa bắt đầu"),
    "waiting": gettext_lazy("Chờ duyệt, chờ số liệu"),
}


@dataclass
class Series:
    name: str
    values: list[float | Decimal | int | None]
    state: str = ""  # one of STATES: drawn in that state's colour

    def __post_init__(self):
        if self.state and self.state not in STATES:
            raise ValueError(f"unknown state {self.state!r}")


@dataclass
class Chart:
    title: str
    categories: list[str]
    series: list[Series]
    kind: str = "hbar"  # hbar | bar | line
    unit: str = ""  # shown after each number, e.g. "%"
    max_value: float | None = None  # the axis end; default: the largest value (100 for "%")
    links: list[str | None] = field(default_factory=list)
    category_label: str = ""  # the table's first column header
    places: int = 2
    target: float | Decimal | None = None  # the required value, drawn as a dashed line
    target_label: str = ""

    # -- table view ---------------------------------------------------------------------------
    @property
    def header(self) -> list[str]:
        extra = [self.target_name] if self.target is not None else []
        return [self.category_label or "", *[s.name for s in self.series], *extra]

    @property
    def rows(self) -> list[list]:
        extra = [_number(self.target)] if self.target is not None else []
        return [
            [category, *[_number(s.values[i]) if i < len(s.values) else None for s in self.series], *extra]
            for i, category in enumerate(self.categories)
        ]

    @property
    def target_name(self) -> str:
        return str(self.target_label or _("Chỉ tiêu"))

    @property
    def single(self) -> bool:
        """One category: drawn as one bar per series beside its target."""
        return len(self.categories) == 1 and self.kind in {"bar", "line"}

    def ends(self, n: int) -> Chart:
        """The first ``n`` and the last ``n`` categories (a ranking's best and worst), or the chart
        itself when it has no more than ``2n``: a page draws these and links to the full list; the
        XLSX of the full chart stays complete."""
        total = len(self.categories)
        if total <= 2 * n:
            return self
        keep = [*range(n), *range(total - n, total)]
        return replace(
            self,
            categories=[self.categories[i] for i in keep],
            series=[replace(s, values=[s.values[i] for i in keep]) for s in self.series],
            links=[self.links[i] for i in keep] if self.links else [],
        )

    def formatted_rows(self) -> list[list[str]]:
        return [[row[0], *[self.format(v) for v in row[1:]]] for row in self.rows]

    def xlsx(self) -> bytes:
        return table_xlsx(self.title, self.header, self.rows)

    def format(self, value) -> str:
        if value is None:
            return "—"
        text = format_number(Decimal(str(value)), self.places)
        return f"{text}{self.unit}" if self.unit else text

    # -- picture -------------------------------------------------------------------------------
    def _axis_max(self) -> float:
        if self.max_value is not None:
            return float(self.max_value) or 1.0
        values = [v for s in self.series for v in s.values if v is not None]
        if self.target is not None:
            values.append(self.target)
        top = max((float(v) for v in values), default=0.0)
        if self.unit == "%" and top <= 100:
            return 100.0
        return _nice(top)

    def svg(self) -> SafeString:
        if not self.categories or not self.series:
            return mark_safe("")
        if self.single:
            return mark_safe(self._bars())
        if self.kind == "line":
            return mark_safe(self._line())
        if self.kind == "bar":
            return mark_safe(self._bars())
        return mark_safe(self._hbars())

    def _link(self, index: int, inner: str) -> str:
        url = self.links[index] if index < len(self.links) else None
        return f'<a href="{escape(url)}">{inner}</a>' if url else inner

    def _open(self, width: int, height: int) -> str:
        title = escape(self.title)
        kind = "bar chart-single" if self.single else self.kind
        # the natural width: CSS may shrink the picture to its box, never blow it up
        return (
            f'<svg class="chart chart-{kind}" viewBox="0 0 {width} {height}" width="{width}" '
            f'role="img" aria-label="{title}" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
        )

    def series_class(self, k: int) -> str:
        state = self.series[k].state
        return f"chart-state-{state}" if state else f"chart-s{k % PALETTE_SIZE}"

    @property
    def has_legend(self) -> bool:
        return len(self.series) > 1 or any(s.state for s in self.series) or self.target is not None

    def _legend_rows(self, width: int) -> list[list[tuple[int, str, str]]]:
        """Legend entries (x, class, label) wrapped into rows that fit ``width``."""
        entries = [(self.series_class(k), s.name) for k, s in enumerate(self.series)]
        if self.target is not None:
            entries.append(("chart-target", f"{self.target_name}: {self.format(self.target)}"))
        rows, row, x = [], [], 10
        for cls, name in entries:
            w = 24 + 7 * len(str(name))
            if row and x + w > width:
                rows.append(row)
                row, x = [], 10
            row.append((x, cls, str(name)))
            x += w
        if row:
            rows.append(row)
        return rows

    def _legend_height(self, width: int) -> int:
        return 18 * len(self._legend_rows(width)) + 4 if self.has_legend else 0

    def _legend(self, y: int, width: int = 770) -> str:
        if not self.has_legend:
            return ""
        parts = []
        for r, row in enumerate(self._legend_rows(width)):
            yy = y + 18 * r
            for x, cls, name in row:
                if cls == "chart-target":
                    mark = f'<line class="chart-target" x1="{x}" y1="{yy + 6}" x2="{x + 12}" y2="{yy + 6}"/>'
                else:
                    mark = f'<rect class="{cls}" x="{x}" y="{yy}" width="12" height="12"/>'
                parts.append(
                    f'{mark}<text class="chart-legend" x="{x + 16}" y="{yy + 11}">{escape(name)}</text>'
                )
        return "".join(parts)

    def _hbars(self) -> str:
        label_w, bar_w, value_w = 260, 420, 90
        n_series = len(self.series)
        row_h = 8 + 16 * n_series
        width = label_w + bar_w + value_w
        legend_h = self._legend_height(width)
        height = legend_h + row_h * len(self.categories) + 8
        top = self._axis_max()
        out = [self._open(width, height), self._legend(4, width)]
        for i, category in enumerate(self.categories):
            y0 = legend_h + i * row_h + 4
            label = escape(_shorten(category, 40))
            out.append(
                self._link(
                    i,
                    f'<text class="chart-label" x="{label_w - 6}" y="{y0 + row_h / 2 + 4:.1f}" '
                    f'text-anchor="end"><title>{escape(category)}</title>{label}</text>',
                )
            )
            for k, s in enumerate(self.series):
                value = s.values[i] if i < len(s.values) else None
                y = y0 + 4 + k * 16
                w = 0.0 if value is None else max(0.0, min(1.0, float(value) / top)) * bar_w
                bar = (
                    f'<rect class="{self.series_class(k)}" x="{label_w}" y="{y}" width="{w:.1f}" '
                    f'height="13"><title>{escape(category)} — {escape(s.name)}: {self.format(value)}'
                    f"</title></rect>"
                )
                out.append(self._link(i, bar))
                out.append(
                    f'<text class="chart-value" x="{label_w + w + 4:.1f}" y="{y + 11}">'
                    f"{self.format(value)}</text>"
                )
        if self.target is not None:
            x = label_w + max(0.0, min(1.0, float(self.target) / top)) * bar_w
            out.append(
                f'<line class="chart-target" x1="{x:.1f}" y1="{legend_h}" x2="{x:.1f}" y2="{height - 4}">'
                f"<title>{escape(self.target_name)}: {self.format(self.target)}</title></line>"
            )
        out.append("</svg>")
        return "".join(out)

    def _bars(self) -> str:
        n_series = len(self.series)
        single = self.single
        bar_w = 56 if single else 16
        group_w = max(40, (bar_w + 2) * n_series + 16)
        left, bottom, plot_h = 50, 70, 220
        width = left + group_w * len(self.categories) + 10
        if single:
            width = max(width, 300)
            plot_h, bottom = 180, 40
        legend_h = self._legend_height(width) + (16 if single else 0)  # room for the value labels
        height = legend_h + plot_h + bottom
        top = self._axis_max()
        out = [self._open(width, height), self._legend(4, width)]
        base_y = legend_h + plot_h
        out.append(self._grid(left, width - 10, legend_h, plot_h, top))
        for i, category in enumerate(self.categories):
            gx = left + i * group_w + 8
            if single:
                gx = left + 20
            for k, s in enumerate(self.series):
                value = s.values[i] if i < len(s.values) else None
                h = 0.0 if value is None else max(0.0, min(1.0, float(value) / top)) * plot_h
                x = gx + k * (bar_w + 2)
                out.append(
                    self._link(
                        i,
                        f'<rect class="{self.series_class(k)}" x="{x}" y="{base_y - h:.1f}" '
                        f'width="{bar_w}" height="{h:.1f}"><title>{escape(category)} — {escape(s.name)}: '
                        f"{self.format(value)}</title></rect>",
                    )
                )
                if single:
                    out.append(
                        f'<text class="chart-value" x="{x + bar_w / 2:.1f}" y="{base_y - h - 4:.1f}" '
                        f'text-anchor="middle">{self.format(value)}</text>'
                    )
            cx = gx + ((bar_w + 2) * n_series) / 2
            if single:
                out.append(
                    f'<text class="chart-label" x="{cx:.1f}" y="{base_y + 16}" text-anchor="middle">'
                    f"{escape(_shorten(category, 30))}</text>"
                )
            else:
                out.append(
                    f'<text class="chart-label" x="{cx:.1f}" y="{base_y + 14}" text-anchor="end" '
                    f'transform="rotate(-35 {cx:.1f} {base_y + 14})">{escape(_shorten(category, 18))}</text>'
                )
        if self.target is not None:
            out.append(self._target_line(left, width - 10, base_y, plot_h, top))
        out.append("</svg>")
        return "".join(out)

    def _line(self) -> str:
        left, bottom, plot_h = 50, 60, 220
        n = len(self.categories)
        step = 70
        width = max(left + step * (n - 1) + 40, 300)
        legend_h = self._legend_height(width)
        height = legend_h + plot_h + bottom
        top = self._axis_max()
        base_y = legend_h + plot_h
        out = [
            self._open(width, height),
            self._legend(4, width),
            self._grid(left, width - 20, legend_h, plot_h, top),
        ]
        if self.target is not None:
            out.append(self._target_line(left, width - 20, base_y, plot_h, top))
        for k, s in enumerate(self.series):
            points = []
            for i in range(n):
                value = s.values[i] if i < len(s.values) else None
                if value is None:
                    continue
                x = left + 10 + i * step
                y = base_y - max(0.0, min(1.0, float(value) / top)) * plot_h
                points.append((i, x, y, value))
            if len(points) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for _, x, y, _ in points)
                out.append(f'<polyline class="chart-line {self.series_class(k)}" points="{path}"/>')
            for i, x, y, value in points:
                out.append(
                    self._link(
                        i,
                        f'<circle class="{self.series_class(k)}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                        f"<title>{escape(self.categories[i])} — {escape(s.name)}: {self.format(value)}"
                        f"</title></circle>",
                    )
                )
        for i, category in enumerate(self.categories):
            x = left + 10 + i * step
            out.append(
                f'<text class="chart-label" x="{x}" y="{base_y + 16}" text-anchor="middle">'
                f"{escape(_shorten(category, 12))}</text>"
            )
        out.append("</svg>")
        return "".join(out)

    def _target_line(self, x0: int, x1: int, base_y: float, plot_h: int, top: float) -> str:
        y = base_y - max(0.0, min(1.0, float(self.target) / top)) * plot_h
        return (
            f'<line class="chart-target" x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}">'
            f"<title>{escape(self.target_name)}: {self.format(self.target)}</title></line>"
        )

    def _grid(self, x0: int, x1: int, top_y: int, plot_h: int, top: float) -> str:
        parts = []
        for j in range(5):
            y = top_y + plot_h - plot_h * j / 4
            value = top * j / 4
            parts.append(
                f'<line class="chart-grid" x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}"/>'
                f'<text class="chart-axis" x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">'
                f"{format_number(Decimal(str(round(value, 1))), 0 if float(value).is_integer() or value >= 10 else 1)}"
                "</text>"
            )
        return "".join(parts)


def _nice(top: float) -> float:
    """The axis end: the first "round" number (1, 2, 2,5, 5 × 10^k) at or above ``top``, so the
    four grid steps read as whole numbers for counts (0, 3, 6, 9, 12 rather than 2,8 / 5,5)."""
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for m in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10):
        if m * magnitude >= top - 1e-9:
            return m * magnitude
    return 10 * magnitude


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _shorten(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
