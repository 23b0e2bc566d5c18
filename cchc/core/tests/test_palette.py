"""One palette for states (issue 24): the colours are defined once, every chart and chip that
shows a state takes its colour from there, and a state chart prints its legend."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cchc.core.charts import STATES, Chart, Series

ROOT = Path(__file__).resolve().parents[2]  # cchc/
CSS = sorted((ROOT / "static").rglob("*.css")) + sorted(ROOT.glob("*/static/**/*.css"))
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")

# words that name a state: a series called so must say which state it draws
STATE_WORDS = {
    "Hoàn thành": "done",
    "Hoàn thành đúng hạn": "done",
    "Hoàn thành trễ hạn": "done_late",
    "Quá hạn": "overdue",
    "Nhiệm vụ quá hạn": "overdue",
    "Có nguy cơ chậm": "at_risk",
    "Đang thực hiện": "in_progress",
    "Chưa bắt đầu": "not_started",
    "Đạt": "done",
    "Chưa đạt": "overdue",
    "Chưa có số liệu": "not_started",
}


def _css_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in CSS)


def test_each_state_colour_is_defined_once_and_only_there():
    css = _css_text()
    for state in STATES:
        definitions = re.findall(rf"--state-{state}\s*:\s*(#[0-9a-fA-F]{{3,6}})", css)
        assert len(definitions) == 1, f"--state-{state} defined {len(definitions)} times"
        colour = definitions[0].lower()
        uses = [m for m in HEX.findall(css) if m.lower() == colour]
        assert len(uses) == 1, f"{colour} ({state}) written outside the palette"
        # the chart class and the chip class both draw from the variable
        assert re.search(rf"\.chart-state-{state}\s*\{{[^}}]*var\(--state-{state}\)", css)
        assert re.search(rf"\.state-{state}\s*\{{\s*--sc:var\(--state-{state}\)", css)


def test_state_colours_tell_apart():
    """No two states share a colour, and the neutral series colours are none of them."""
    css = _css_text()
    colours = [re.search(rf"--state-{s}\s*:\s*(#[0-9a-fA-F]{{6}})", css).group(1).lower() for s in STATES]
    assert len(set(colours)) == len(colours)
    neutral = {m.group(1).lower() for m in re.finditer(r"\.chart-s\d \{ fill:(#[0-9a-fA-F]{6})", css)}
    assert neutral and not neutral & set(colours)


def _series_calls():
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Series":
                yield path, node


def _literal_name(node: ast.Call) -> str | None:
    first = node.args[0] if node.args else None
    if isinstance(first, ast.Call) and first.args and isinstance(first.args[0], ast.Constant):
        return first.args[0].value  # _("…")
    if isinstance(first, ast.Constant):
        return first.value
    return None


def test_every_series_named_for_a_state_draws_that_state():
    calls = list(_series_calls())
    assert len(calls) > 10, "the scan finds the charts"
    wrong = []
    for path, node in calls:
        name = _literal_name(node)
        if name not in STATE_WORDS:
            continue
        state = next((k.value.value for k in node.keywords if k.arg == "state"), None)
        if state != STATE_WORDS[name]:
            wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {name!r} state={state!r}")
    assert not wrong, "series naming a state without its colour:\n" + "\n".join(wrong)


def test_no_chart_colours_outside_the_stylesheets():
    """Charts colour by class only: no fill/stroke colour in Python or templates."""
    offenders = []
    for path in list(ROOT.rglob("*.py")) + list(ROOT.rglob("*.html")):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"(fill|stroke)(=|:)\s*[\"']?#[0-9a-fA-F]{3,6}", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


def test_a_state_chart_prints_its_legend_and_single_period_does_not_stretch():
    chart = Chart(
        "Tiến độ",
        ["Năm 2022"],
        [Series("Hoàn thành đúng hạn", [3], state="done"), Series("Quá hạn", [1], state="overdue")],
        kind="line",
        target=4,
    )
    svg = str(chart.svg())
    assert 'class="chart-state-done"' in svg and 'class="chart-state-overdue"' in svg
    assert svg.count('class="chart-legend"') == 3  # two states and the target
    assert 'class="chart-target"' in svg
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    assert width <= 400, "one period: one narrow group of bars, at its own width"
    assert "<polyline" not in svg
    one = Chart("Một chuỗi", ["A", "B"], [Series("Số", [1, 2], state="overdue")], kind="hbar")
    assert 'class="chart-legend"' in str(one.svg()), "a state chart has a legend even with one series"
