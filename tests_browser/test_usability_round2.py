"""Everyday usability, round 2 (issue 24), at 1366×768 and on a 390×844 phone: the grouped menu
and the favicon, one palette for states on the dashboard, charts that degrade with one period,
unit-plan copies told apart, words instead of codes. Screenshots in var/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests_browser.support import login, screenshot

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def laptop(new_page):
    return new_page(viewport=LAPTOP)


@pytest.fixture
def phone(new_page):
    return new_page(viewport=PHONE)


def test_menu_is_one_row_of_groups_with_one_active_item_and_a_favicon(live_app, laptop, phone):
    page = laptop
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/dieu-hanh/cong-bo/"))
    nav = page.locator("nav.main")
    tops = {
        round(b["y"])
        for b in nav.locator(":scope > a, :scope > details > summary").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => ({y: r.top}))"
        )
    }
    assert len(tops) == 1, f"the menu fits one row at 1366 px: {tops}"
    labels = nav.locator(":scope > a, :scope > details > summary").all_inner_texts()
    assert len(labels) <= 8 and len(set(labels)) == len(labels), labels
    assert nav.locator("[aria-current=page]").count() == 1, "one active item"
    assert nav.locator(".active").count() <= 2  # the item and its group's heading
    items = nav.locator("a").evaluate_all("els => els.map(e => e.textContent.trim())")
    assert len(items) == len(set(items)), "no twin labels"
    screenshot(page, "r2-menu-desktop")
    page.locator("details.nav-group[data-nav-group=work] > summary").click()
    assert page.locator("details.nav-group[data-nav-group=work] a").first.is_visible()
    screenshot(page, "r2-menu-desktop-group-open")
    page.locator("details.nav-group[data-nav-group=results] > summary").click()
    # one group open at a time (app.js closes the others on the toggle event)
    expect(page.locator("details.nav-group[data-nav-group=work]")).not_to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(page.locator("details.nav-group[open]")).to_have_count(0)
    assert not [u for u in missing if "favicon" in u], missing
    assert page.evaluate("fetch('/favicon.ico').then(r => r.status)") == 200
    # a reporter sees only the groups of their work
    login(phone, live_app, "baocao.stp")
    phone.goto(live_app.url("/"))
    assert not phone.locator("nav.main").is_visible(), "folded on a phone"
    phone.locator("label.nav-toggle-label").click()
    groups = phone.locator("nav.main > details > summary, nav.main > a").all_inner_texts()
    assert not any("Quản trị" in g or "Kiểm tra" in g or "Công khai" in g for g in groups), groups
    phone.locator("details.nav-group[data-nav-group=work] > summary").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(phone, "r2-menu-phone-open")


def test_dashboard_one_palette_latest_year_blocks_and_year_on_year(live_app, laptop, phone):
    page = laptop
    login(page, live_app, "lanhdao.haiphong")
    page.goto(live_app.url("/dieu-hanh/"))
    year = page.locator("#year option[selected]").inner_text()
    assert re.fullmatch(r"20\d\d", year), "opens on a year with results, not all work"
    # the same state has the same colour in every chart
    colours = page.evaluate(
        """() => {
        const out = {};
        for (const el of document.querySelectorAll('svg.chart [class*="chart-state-"]')) {
          const state = [...el.classList].find(c => c.startsWith('chart-state-'));
          const style = getComputedStyle(el);
          (out[state] = out[state] || new Set()).add(el.tagName === 'polyline' ? style.stroke : style.fill);
        }
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]));
      }"""
    )
    assert colours.get("chart-state-overdue") and all(len(v) == 1 for v in colours.values()), colours
    assert len({v[0] for v in colours.values()}) == len(colours), "states have distinct colours"
    assert page.locator("svg.chart .chart-legend", has_text="Quá hạn").count() >= 1, "legend printed"
    par = page.locator("[data-panel=parindex]")
    assert par.locator("h3.par-block").count() >= 2, "the ranking block by block, with headings"
    compare = page.locator("[data-panel=compare]")
    assert compare.locator("tbody tr").count() == 4
    assert "Chỉ số CCHC" in compare.inner_text() and "SIPAS" in compare.inner_text()
    screenshot(page, "r2-dashboard-desktop")
    login(phone, live_app, "lanhdao.haiphong")
    phone.goto(live_app.url("/dieu-hanh/"))
    screenshot(phone, "r2-dashboard-phone")


def test_indicator_with_one_period_draws_one_bar_and_words_not_formulas(live_app, laptop, phone):
    login(laptop, live_app, "snv.haiphong")
    laptop.goto(live_app.url("/chi-so/TL_HS_DUNG_HAN/"))
    svg = laptop.locator("svg.chart").first
    box = svg.bounding_box()
    assert box and box["height"] < 500 and box["width"] < 700, f"no stretched chart: {box}"
    assert laptop.locator("svg.chart .chart-target").count() >= 1, "the target drawn beside the value"
    main = laptop.locator("main").inner_text()
    assert "METHODOLOGY" not in main and "ds.early" not in main and "TL_HS_DUNG_HAN" not in main
    laptop.locator("details.formula summary").click()
    assert "số hồ sơ giải quyết đúng hạn" in laptop.locator("details.formula").inner_text()
    assert "Năm 2022" in main and "2022-Y" not in main
    screenshot(laptop, "r2-indicator-one-period-desktop")
    login(phone, live_app, "snv.haiphong")
    phone.goto(live_app.url("/chi-so/TL_HS_DUNG_HAN/"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(phone, "r2-indicator-one-period-phone")


def test_unit_plan_copies_are_marked_with_their_plan(live_app, laptop, phone):
    login(laptop, live_app, "baocao.stp")
    laptop.goto(live_app.url("/nhiem-vu/?size=100"))
    copies = laptop.locator("#task-table .badge.unit-copy")
    assert copies.count() >= 1, "the unit plan's copies say what they are"
    row = copies.first.locator("xpath=ancestor::tr")
    assert row.locator(".row-plan").inner_text().strip(), "with their plan"
    screenshot(laptop, "r2-unit-copy-list-desktop")
    row.locator("a").first.click()
    assert laptop.locator("#unit-copy").is_visible()
    copy_percent = laptop.locator("#percent").inner_text()
    laptop.locator("#unit-copy a").click()
    assert laptop.locator("#percent").inner_text() == copy_percent, "one progress figure"
    login(phone, live_app, "baocao.stp")
    phone.goto(live_app.url("/nhiem-vu/?size=100"))
    screenshot(phone, "r2-unit-copy-list-phone")


def test_staff_on_a_phone_queue_cards_task_form_first_and_unit_pickers(live_app, phone, laptop, new_page):
    login(phone, live_app, "lanhdao.stp")
    phone.goto(live_app.url("/nhiem-vu/cho-duyet/"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400, "cards, not a squeezed table"
    phone.locator("#select-all").check()
    boxes = phone.locator("input[name=update]")
    assert boxes.count() >= 1 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert phone.locator("#bulk-approve").is_visible()
    screenshot(phone, "r2-queue-phone")
    # the reporter's task page: the form before the rest, the title short
    phone = new_page(viewport=PHONE)
    login(phone, live_app, "baocao.stp")
    phone.goto(live_app.url("/nhiem-vu/"))
    phone.locator("#task-table tbody tr a").first.click()
    form = phone.locator("#update-form")
    assert form.count() == 1
    assert form.bounding_box()["y"] < phone.locator("#summary").bounding_box()["y"], "form first"
    assert form.bounding_box()["y"] < 844, "the form starts on the first screen"
    screenshot(phone, "r2-task-phone-form-first")
    # assigning units: ticks and a search, no Ctrl-click multi-select
    login(laptop, live_app, "snv.haiphong")
    laptop.goto(live_app.url("/ke-hoach/"))
    assert laptop.locator("select[multiple]").count() == 0
    laptop.goto(live_app.url("/khao-sat/"))
    create = laptop.locator("a[href$='/khao-sat/dot/moi/'], a[href*='tao']").first
    if create.count():
        create.click()
        assert laptop.locator("select[multiple]").count() == 0
        picker = laptop.locator("[data-unit-picker]")
        if picker.locator("input[type=checkbox]").count() >= 6:
            picker.locator(".unit-picker-search").fill("tu phap")
            visible = picker.locator("label:visible").all_inner_texts()
            assert visible and all("Tư pháp" in v for v in visible), visible
        screenshot(laptop, "r2-unit-picker-desktop")


def test_dates_read_dd_mm_yyyy_in_an_english_browser(live_app, new_page):
    page = new_page(viewport=LAPTOP, locale="en-US")
    login(page, live_app, "snv.haiphong")
    page.goto(live_app.url("/nhiem-vu/danh-sach/?as_of=2022-12-31"))
    field = page.locator("input[name=as_of]")
    assert field.input_value() == "31/12/2022"
    field.fill("15/06/2022")
    with page.expect_navigation():
        page.locator("#task-table").evaluate("t => t.closest('main').querySelector('form').submit()")
    assert page.locator("input[name=as_of]").input_value() == "15/06/2022"
    screenshot(page, "r2-dates-english-browser")


def test_plan_timeline_by_quarter_with_table_and_export(live_app, laptop, phone):
    login(laptop, live_app, "snv.haiphong")
    laptop.goto(live_app.url("/nhiem-vu/tien-do/"))
    assert laptop.locator("#timeline th.tl-year").count() >= 2
    assert laptop.locator("#timeline .tl-bar").count() >= 1
    assert laptop.locator("#timeline tbody tr").count() <= 40, "paginated"
    assert laptop.locator("nav.main [aria-current=page]").text_content().strip() == "Tiến độ theo quý"
    screenshot(laptop, "r2-timeline-desktop")
    with laptop.expect_download() as download:
        laptop.locator("#timeline-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    laptop.locator("#table-view").click()
    assert laptop.locator("#timeline-table tbody tr").count() >= 1
    login(phone, live_app, "snv.haiphong")
    phone.goto(live_app.url("/nhiem-vu/tien-do/?view=table"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    screenshot(phone, "r2-timeline-table-phone")


ENGLISH_PAGES = [
    "/",
    "/nhiem-vu/danh-sach/",
    "/nhiem-vu/tien-do/",
    "/nhiem-vu/cho-duyet/",
    "/dieu-hanh/",
    "/chi-so/",
    "/chi-so/TL_HS_DUNG_HAN/",
    "/nhat-ky/",
    "/bao-cao/",
    "/chi-so-cchc/",
    "/khao-sat/",
    "/dieu-hanh/kiem-tra/",
    "/dieu-hanh/cong-bo/",
]


def _catalog_msgids() -> list[str]:
    """Vietnamese interface strings of the catalog (long enough not to be a unit's name)."""
    from pathlib import Path

    po = Path(__file__).resolve().parents[1] / "cchc/locale/en/LC_MESSAGES/django.po"
    ids = re.findall(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), flags=re.M)
    return sorted(
        {
            m.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            for m in ids
            if "%(" not in m
            and "{" not in m
            and len(m) >= 16
            and " " in m
            and re.search(r"[ạảãàáâậầấẩẫăắằặẳẵđẹẻẽèéêềếểễệọỏõòóôồốổỗộơờớởỡợụủũùúưừứửữựịỉĩìíỳýỷỹỵ]", m)
        }
    )


def test_english_pages_have_no_untranslated_interface_strings(live_app, new_page):
    """Walks the main pages in English: no interface string of the catalog is left in Vietnamese,
    and no heading, label, button, menu or table header is in Vietnamese (data may be)."""
    page = new_page(viewport=LAPTOP, locale="en-US")
    login(page, live_app, "snv.haiphong")
    if page.locator("html").get_attribute("lang") != "en":  # an English browser gets English
        with page.expect_navigation():
            page.locator("header button[name=language][value=en]").click()
    assert page.locator("html").get_attribute("lang") == "en"
    msgids = _catalog_msgids()
    viet = re.compile(r"[ạảãàáâậầấẩẫăắằặẳẵđẹẻẽèéêềếểễệọỏõòóôồốổỗộơờớởỡợụủũùúưừứửữựịỉĩìíỳýỷỹỵ]", re.I)
    failures = []
    for path in ENGLISH_PAGES:
        page.goto(live_app.url(path))
        # the interface's own words (labels without their choices: unit and plan names are data)
        chrome = page.evaluate(
            """() => [...document.querySelectorAll(
                  'nav.main a, nav.main summary, thead th, label, button:not([name=language]), summary,'
                  + ' legend, .chip, .tile-label')]
                .filter(e => !e.closest('.chart-table'))  // a chart's series are data (units)
                .map(e => { const c = e.cloneNode(true); c.querySelectorAll('select, option').forEach(o => o.remove());
                            return c.textContent.trim(); })
                .filter(Boolean)"""
        )
        failures += [f"{path}: {c[:80]!r}" for c in chrome if viet.search(c)]
        # headings and the home panels' lists: no catalog string left untranslated
        shown = page.evaluate(
            """() => [...document.querySelectorAll('h1, h2, h3, .card li a, dt, figcaption')]
                .map(e => e.textContent.trim()).join('\\n')"""
        )
        failures += [f"{path}: {m!r}" for m in msgids if m in shown]
        if path == "/dieu-hanh/":
            screenshot(page, "r2-english-dashboard")
    assert not failures, "\n".join(sorted(set(failures))[:80])
