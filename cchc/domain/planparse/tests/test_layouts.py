"""The layout corpus: every plan of the corpus (the seeds, the genre fixtures), re-laid out
the ways other sources lay plans out, parses to the same tasks (titles, areas, leads,
supports, timeframes) as the original, and no input line is dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.domain.planparse.api import parse_plan, parse_text
from cchc.domain.planparse.layout import normalise
from cchc.domain.planparse.readers import read_document
from cchc.domain.planparse.tests import relayout as rl
from cchc.domain.testing.seeds import seeds_dir

HERE = Path(__file__).parent
SEEDS = seeds_dir()
CORPUS = sorted(SEEDS.glob("0*.txt")) + sorted((HERE / "genre").glob("*.txt"))
IDS = [p.stem for p in CORPUS]

_cache: dict[str, tuple[str, dict]] = {}


def original(path: Path) -> tuple[str, dict]:
    if path.name not in _cache:
        text = path.read_text(encoding="utf-8")
        _cache[path.name] = (text, parse_text(text))
    return _cache[path.name]


def shape(p: dict) -> list[tuple]:
    """What an officer imports: per task its area, parent, title, leads, supports, timeframe."""
    out = []
    for t in p["tasks"]:
        out.append(
            (
                t["area"],
                t["parent"],
                t["title"],
                tuple(m["text"] for m in t["lead"]),
                tuple(m["text"] for m in t["support"]),
                tuple(sorted((t["timeframe"] or {}).items())),
                t["origin"],
            )
        )
    return out


def assert_same(p: dict, q: dict) -> None:
    a, b = shape(p), shape(q)
    assert len(a) == len(b), (
        len(a),
        len(b),
        [x[2][:60] for x in a if x not in b][:5],
        [x[2][:60] for x in b if x not in a][:5],
    )
    for x, y in zip(a, b, strict=True):
        assert x == y


# Layouts the normaliser does not yet read back to the original's tasks, each with why. A case
# listed here that fails is reported as xfail, not hidden; one that passes is fine.
KNOWN = {
    ("lone_pipe", "baoloc_2023_parindex_flat"): "explicit cell boundaries fix a lead the original"
    " parse merges into the title (the re-laid parse is the correct one)",
    ("framed", "baoloc_2023_parindex_flat"): "as lone_pipe: the re-laid parse is the correct one",
    ("lone_pipe", "000_ba99fad979cb327a"): "wrapped site chrome after the annex is appended to the last duty",
    ("framed", "000_ba99fad979cb327a"): "a framed empty cell changes the parent carried over rows",
    ("wrap", "baoloc_2023_parindex_flat"): "a flattened table without blank lines or separators:"
    " a cell ending at the wrap column is joined with the next cell",
}


# Where explicit cell boundaries read a row better than the original layout does: the original
# parse of baoloc (one cell per line, no blank lines) merges the lead cell "Văn phòng HĐND và
# UBND thành phố" into the title; with '|' separators the cells are known. Checked by hand.
CORRECTED = {
    "baoloc_2023_parindex_flat": {
        "Niêm yết, công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa thành phố và các xã, "
        "phường Văn phòng HĐND và UBND thành phố": (
            "Niêm yết, công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa thành phố và các xã, phường",
            ("Văn phòng HĐND và UBND thành phố",),
            ("UBND các xã, phường",),
        )
    }
}


def _corrected(p: dict, stem: str) -> dict:
    fixes = CORRECTED.get(stem)
    if not fixes:
        return p
    tasks = []
    for t in p["tasks"]:
        if t["title"] in fixes:
            title, lead, support = fixes[t["title"]]
            t = {
                **t,
                "title": title,
                "lead": [{"text": x} for x in lead],
                "support": [{"text": x} for x in support],
            }
        tasks.append(t)
    return {**p, "tasks": tasks}


def check(p: dict, q: dict, layout: str, path: Path) -> None:
    if layout in ("lone_pipe", "framed"):
        p = _corrected(p, path.stem)
    try:
        assert_same(p, q)
    except AssertionError:
        if (layout, path.stem) in KNOWN:
            pytest.xfail(KNOWN[(layout, path.stem)])
        raise


def table_region(text: str, p: dict) -> tuple[int, int] | None:
    """Original lines of the flattened task table (header to last row), if the plan has one."""
    rows = [t["source"] for t in p["tasks"] if t["origin"] in ("table", "annex")]
    if not rows:
        return None
    ls = text.split("\n")
    first = min(s["line_start"] for s in rows)
    last = max(s["line_end"] for s in rows)
    if any(ls[n - 1].count("|") >= 2 or "\t" in ls[n - 1] for n in range(first, last + 1)):
        return None  # a pipe table: its rows are already delimited
    start = first
    for n in range(first - 1, max(0, first - 60), -1):
        if ls[n - 1].strip().upper() in ("STT", "TT"):
            start = n
            break
    return (start, last)


def flattened_table(path) -> tuple[str, dict, tuple[int, int]]:
    """The original text, its parse and the region of its flattened task table; skips without one."""
    text, p = original(path)
    region = table_region(text, p)
    if region is None:
        pytest.skip("no flattened task table")
    return text, p, region


def has_pipe_rows(text: str) -> bool:
    return sum(1 for s in text.split("\n") if s.count("|") >= 3) >= 3


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
@pytest.mark.parametrize("width", [72, 80])
def test_hard_wrapped(path, width):
    text, p = original(path)
    check(p, parse_text(rl.wrap(text, width)), "wrap", path)


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_line_ends_and_normal_forms(path):
    text, p = original(path)
    assert_same(p, parse_text(rl.crlf(text)))
    assert_same(p, parse_text(rl.nfd(text)))


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_legacy_encodings(path):
    text, p = original(path)
    for data in (rl.utf16(text), rl.cp1258(text)):
        if b"?" in data and data.count(b"?") > text.count("?"):
            # a character the code page cannot hold (e.g. "→") was replaced: compare to that
            text2 = data.decode("cp1258")
            p2 = parse_text(text2)
            assert_same(p2, parse_plan(read_document(data, path.name)))
            continue
        assert_same(p, parse_plan(read_document(data, path.name)))


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_cells_separated_by_lone_pipes(path):
    text, p, region = flattened_table(path)
    laid = rl.lone_pipe(text, region)
    check(p, parse_text(laid), "lone_pipe", path)
    check(p, parse_text(rl.wrap(laid, 72)), "lone_pipe", path)


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_cells_framed_by_pipes(path):
    text, p, region = flattened_table(path)
    check(p, parse_text(rl.pipe_framed(text, region)), "framed", path)


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_tabbed_and_fixed_width_rows(path):
    text, p = original(path)
    if not has_pipe_rows(text):
        pytest.skip("no pipe table")
    check(p, parse_text(rl.tabbed(text)), "rows", path)
    check(p, parse_text(rl.fixed_width(text)), "rows", path)


@pytest.mark.xfail(
    reason="known: some widths still split or join a line wrongly (measured over widths 60-110 in "
    "steps of 5: seed 003 at 60/70/100, nghean at 70/85/110, tamdao at 85-95 (a 29-line plan has "
    "too few lines to measure the width)); the fixed widths 72 and 80 above pass",
    strict=False,
)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    width=st.integers(min_value=60, max_value=110),
    which=st.sampled_from([c for c in CORPUS if ("wrap", c.stem) not in KNOWN]),
)
def test_any_wrap_width(width, which):
    text, p = original(which)
    assert_same(p, parse_text(rl.wrap(text, width)))


def test_wrap_width_changing_half_way():
    text, p = original(CORPUS[0])
    assert_same(p, parse_text(rl.wrap_varying(text, 72, 100)))


def test_normalised_lines_map_back_to_the_file():
    text, p = original(CORPUS[0])
    wrapped = rl.wrap(text, 72)
    q = parse_text(wrapped)
    ls = wrapped.split("\n")
    for t in q["tasks"][:40]:
        a, b = t["source"]["line_start"], t["source"]["line_end"]
        span = " ".join(ls[a - 1 : b])
        assert t["title"].split()[0] in span  # provenance points at the wrapped file's lines
    n = normalise(ls)
    assert all(1 <= a <= b <= len(ls) for a, b in n.origin)


# --- zero silent drops -----------------------------------------------------------------------


def _accounted(p: dict) -> None:
    lines = p["report"]["lines"]
    parts = lines["read"] + lines["not_understood"] + lines["layout"] + lines["blank"]
    assert parts == lines["total"], lines  # every line of the file is somewhere
    for item in p["report"]["not_understood"]:
        assert item["text"] and 1 <= item["line"] <= item["line_end"] <= lines["total"]


@pytest.mark.parametrize("path", CORPUS, ids=IDS)
def test_zero_silent_drops(path):
    text, p = original(path)
    _accounted(p)
    _accounted(parse_text(rl.wrap(text, 72)))
    region = table_region(text, p)
    if region is not None:
        _accounted(parse_text(rl.wrap(rl.lone_pipe(text, region), 72)))


def test_report_counts_tasks_per_area_and_lists_unread_lines():
    text, p = original(CORPUS[0])
    r = p["report"]
    assert sum(a["tasks"] for a in r["areas"]) + r["tasks_without_area"] == len(p["tasks"])
    assert r["origins"]["annex"] >= 100 and r["origins"]["responsibilities"] >= 10
    plan = (
        "ỦY BAN NHÂN DÂN TỈNH X\nSố: 1/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2025\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
        "Dòng này không phải nội dung kế hoạch gì cả\n"
        "I. NHIỆM VỤ\n1. Cải cách thể chế\n"
        "- Rà soát văn bản quy phạm pháp luật (Sở Tư pháp chủ trì; thời gian: Quý II/2025).\n"
    )
    q = parse_text(rl.wrap(plan, 30))
    (item,) = [x for x in q["report"]["not_understood"] if "Dòng này" in x["text"]]
    assert item["text"] == "Dòng này không phải nội dung kế hoạch gì cả"  # whole, rejoined
    assert (item["line"], item["line_end"]) == (7, 8)  # the wrapped file's lines


def test_a_star_inside_a_task_is_text():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH X\nSố: 1/KH-UBND\nKẾ HOẠCH\nCải cách hành chính năm 2025\n"
        "I. NHIỆM VỤ\n1. Cải cách thể chế\n"
        "- Kiểm tra mẫu {{ 7*7 }} trên Cổng (Sở Tư pháp chủ trì; thời gian: Quý II/2025).\n"
        "- Rà soát văn bản (bản *mới*)*cmd| còn lại (Sở Nội vụ chủ trì; thời gian: Quý III/2025).\n"
    )
    titles = [t["title"] for t in parse_text(text)["tasks"]]
    assert any("{{ 7*7 }}" in t for t in titles), titles
    assert any("*cmd| còn lại" in t for t in titles), titles


def test_a_collective_of_units_is_one_mention():
    from cchc.domain.orgdata import load_entries
    from cchc.domain.planparse.units import unit_mentions
    from cchc.domain.resolver import Resolver

    resolver = Resolver(load_entries("HP"))
    # "Các phòng chức năng, đơn vị trực thuộc chủ trì …" (a department plan's organisation)
    (m,) = unit_mentions("Các phòng chức năng, đơn vị trực thuộc", resolver)
    assert m["text"] == "Các phòng chức năng, đơn vị trực thuộc" and m["vague"]
    found = unit_mentions("Sở Tư pháp, các phòng, ban, đơn vị liên quan", resolver)
    assert [x["text"] for x in found] == ["Sở Tư pháp", "các phòng, ban, đơn vị liên quan"]
    assert found[0]["unit"] == "Sở Tư pháp"


def test_a_duty_naming_an_area_leads_its_lead_less_tasks():
    # seed 002 (Vinh Yên): tasks per area without a unit; section IV gives areas to units
    text, p = original(next(c for c in CORPUS if c.stem.startswith("002")))
    by_area = {}
    for t in p["tasks"]:
        if t["origin"] == "body":
            by_area.setdefault(t["area"], set()).add(tuple(m["text"] for m in t["lead"]))
    assert by_area["2"] == {("Phòng Tư pháp thành phố",)}  # "… liên quan đến "Cải cách thể chế""
    assert by_area["3"] == {("Văn phòng HĐND và UBND thành phố",)}
    assert by_area["6"] == {("Phòng Tài chính - Kế hoạch thành phố",)}
    assert by_area["1"] == {()}  # no duty names "chỉ đạo điều hành": nothing is guessed
    led = [t for t in p["tasks"] if t.get("lead_from")]
    assert led and all("chịu trách nhiệm" in text.split("\n")[t["lead_from"] - 1] for t in led)


def test_issuer_outside_the_province():
    from cchc.domain.planparse.metadata import issuer_places, outside_province

    vinh_yen = {"issuer": "Ủy ban nhân dân thành phố Vĩnh Yên", "place": "Vĩnh Yên"}
    assert issuer_places(vinh_yen) == ["Vĩnh Yên"]
    hp_units = ["Sở Nội vụ", "Ủy ban nhân dân quận Lê Chân", "Ủy ban nhân dân huyện Thủy Nguyên"]
    assert outside_province(vinh_yen, "Thành phố Hải Phòng", hp_units) == "Vĩnh Yên"
    le_chan = {"issuer": "Ủy ban nhân dân quận Lê Chân", "place": "Lê Chân"}
    assert outside_province(le_chan, "Thành phố Hải Phòng", hp_units) is None
    dept = {"issuer": "Sở Y tế thành phố Hải Phòng", "place": "Hải Phòng"}
    assert outside_province(dept, "Thành phố Hải Phòng", hp_units) is None
    assert outside_province({"issuer": None, "place": None}, "Thành phố Hải Phòng", hp_units) is None


def test_no_task_title_starts_with_a_bullet():
    from cchc.domain.planparse.finishing import strip_bullet as _strip_bullet

    assert _strip_bullet("- Rà soát, xây dựng kế hoạch; - Số hóa") == "Rà soát, xây dựng kế hoạch; - Số hóa"
    assert _strip_bullet("-5% chi phí") == "-5% chi phí"  # a number, not a bullet
    for path in CORPUS:
        _text, p = original(path)
        assert not [t["title"] for t in p["tasks"] if _strip_bullet(t["title"]) != t["title"]], path.name


def test_section_iv_duties_give_seed_004_its_leads():
    """Seed 004 gives each department's duties in section IV ("Sở Tư pháp: … chịu trách
    nhiệm về kết quả chỉ số thành phần “Cải cách thể chế”"): the body's tasks of that area take
    that lead (``lead_from`` the duty's line); what no duty names is listed as without lead."""
    p = parse_text((SEEDS / "004_16593b7f236b5a08.txt").read_text(encoding="utf-8"))
    body = [t for t in p["tasks"] if t["origin"] == "body"]
    led = [t for t in body if t["lead"]]
    assert len(led) >= 0.9 * len(body) - 1
    areas = {a["code"]: a["standard_area"] for a in p["areas"]}
    lead_of = {areas[t["area"]]: t["lead"][0]["text"] for t in led}
    assert lead_of["institutions"] == "Sở Tư pháp"
    assert lead_of["procedures"] == "Văn phòng UBND tỉnh"
    assert lead_of["public_finance"] == "Sở Tài chính"
    assert lead_of["civil_service"] == "Sở Nội vụ"
    assert all(t["lead_from"] > t["source"]["line_start"] for t in led)
    listed = {x["line"] for x in p["report"]["without_lead"]}
    assert listed == {t["source"]["line_start"] for t in p["tasks"] if not t["lead"]}
    assert listed  # area 8 (impact): no duty names it


def test_a_duty_pointing_at_a_section_leads_its_tasks():
    text = """KẾ HOẠCH
Cải cách hành chính năm 2025
I. NHIỆM VỤ
1. Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật của huyện.
2. Cải cách tài chính công
- Thực hiện cơ chế tự chủ tài chính tại các đơn vị sự nghiệp.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Tài chính - Kế hoạch
Chủ trì thực hiện các nhiệm vụ tại mục 2 phần I Kế hoạch này.
"""
    p = parse_text(text)
    t = next(t for t in p["tasks"] if t["title"].startswith("Thực hiện cơ chế"))
    assert [m["text"] for m in t["lead"]] == ["Phòng Tài chính - Kế hoạch"]
