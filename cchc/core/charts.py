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

Numbers in labels follow the Vietnamese format (``88,54``), through ``domain.vnformat``.
Each bar or point may carry a link (``links``: one URL per category) so a figure drills down to
the list behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

from cchc.core.spreadsheet import table_xlsx
from cchc.domain.vnformat import format_number

PALETTE_SIZE = 6


@dataclass
class Series:
    name: str
    values: list[float | Decimal | int | None]


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

    # -- table view ---------------------------------------------------------------------------
    @property
    def header(self) -> list[str]:
        return [self.category_label or "", *[s.name for s in self.series]]

    @property
    def rows(self) -> list[list]:
        return [
            [category, *[_number(s.values[i]) if i < len(s.values) else None for s in self.series]]
            for i, category in enumerate(self.categories)
        ]

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
        top = max((float(v) for v in values), default=0.0)
        if self.unit == "%" and top <= 100:
            return 100.0
        return top or 1.0

    def svg(self) -> SafeString:
        if not self.categories or not self.series:
            return mark_safe("")
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
        return (
            f'<svg class="chart chart-{self.kind}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{title}" xmlns="http://www.w3.org/2000/svg"><title>{title}</title>'
        )

    def _legend(self, y: int) -> str:
        if len(self.series) < 2:
            return ""
        parts, x = [], 10
        for k, s in enumerate(self.series):
            parts.append(
                f'<rect class="chart-s{k % PALETTE_SIZE}" x="{x}" y="{y}" width="12" height="12"/>'
                f'<text class="chart-legend" x="{x + 16}" y="{y + 11}">{escape(s.name)}</text>'
            )
            x += 24 + 8 * len(s.name)
        return "".join(parts)

    def _hbars(self) -> str:
        label_w, bar_w, value_w = 260, 420, 90
        n_series = len(self.series)
        row_h = 8 + 16 * n_series
        legend_h = 22 if n_series > 1 else 0
        width = label_w + bar_w + value_w
        height = legend_h + row_h * len(self.categories) + 8
        top = self._axis_max()
        out = [self._open(width, height), self._legend(4)]
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
                    f'<rect class="chart-s{k % PALETTE_SIZE}" x="{label_w}" y="{y}" width="{w:.1f}" '
                    f'height="13"><title>{escape(category)} — {escape(s.name)}: {self.format(value)}'
                    f"</title></rect>"
                )
                out.append(self._link(i, bar))
                out.append(
                    f'<text class="chart-value" x="{label_w + w + 4:.1f}" y="{y + 11}">'
                    f"{self.format(value)}</text>"
                )
        out.append("</svg>")
        return "".join(out)

    def _bars(self) -> str:
        n_series = len(self.series)
        group_w = max(40, 18 * n_series + 16)
        left, bottom, plot_h = 50, 70, 220
        legend_h = 22 if n_series > 1 else 0
        width = left + group_w * len(self.categories) + 10
        height = legend_h + plot_h + bottom
        top = self._axis_max()
        out = [self._open(width, height), self._legend(4)]
        base_y = legend_h + plot_h
        out.append(self._grid(left, width - 10, legend_h, plot_h, top))
        for i, category in enumerate(self.categories):
            gx = left + i * group_w + 8
            for k, s in enumerate(self.series):
                value = s.values[i] if i < len(s.values) else None
                h = 0.0 if value is None else max(0.0, min(1.0, float(value) / top)) * plot_h
                x = gx + k * 18
                out.append(
                    self._link(
                        i,
                        f'<rect class="chart-s{k % PALETTE_SIZE}" x="{x}" y="{base_y - h:.1f}" '
                        f'width="16" height="{h:.1f}"><title>{escape(category)} — {escape(s.name)}: '
                        f"{self.format(value)}</title></rect>",
                    )
                )
            cx = gx + (18 * n_series) / 2
            out.append(
                f'<text class="chart-label" x="{cx:.1f}" y="{base_y + 14}" text-anchor="end" '
                f'transform="rotate(-35 {cx:.1f} {base_y + 14})">{escape(_shorten(category, 18))}</text>'
            )
        out.append("</svg>")
        return "".join(out)

    def _line(self) -> str:
        left, bottom, plot_h = 50, 60, 220
        n = len(self.categories)
        step = 70 if n > 1 else 1
        legend_h = 22 if len(self.series) > 1 else 0
        width = left + step * max(n - 1, 1) + 40
        height = legend_h + plot_h + bottom
        top = self._axis_max()
        base_y = legend_h + plot_h
        out = [
            self._open(width, height),
            self._legend(4),
            self._grid(left, width - 20, legend_h, plot_h, top),
        ]
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
                out.append(f'<polyline class="chart-line chart-s{k % PALETTE_SIZE}" points="{path}"/>')
            for i, x, y, value in points:
                out.append(
                    self._link(
                        i,
                        f'<circle class="chart-s{k % PALETTE_SIZE}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
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

    def _grid(self, x0: int, x1: int, top_y: int, plot_h: int, top: float) -> str:
        parts = []
        for j in range(5):
            y = top_y + plot_h - plot_h * j / 4
            value = top * j / 4
            parts.append(
                f'<line class="chart-grid" x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}"/>'
                f'<text class="chart-axis" x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end">'
                f"{format_number(Decimal(str(round(value, 1))), 0 if value >= 10 else 1)}</text>"
            )
        return "".join(parts)


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def _shorten(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
