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
