"""Metadata from the openings sites and portals give a plan (``openings.py``): the number, date,
issuer, title and period come out the same whatever the opening; documents that are not a plan
say what they look like."""

from __future__ import annotations

import pytest

from cchc.domain.planparse.api import NotAPlanError, parse_text
from cchc.domain.planparse.tests import openings as o
from cchc.domain.testing.not_plans import NOT_PLANS
from cchc.domain.text import fold


@pytest.mark.parametrize("name", list(o.OPENINGS))
def test_every_opening_gives_the_same_metadata(name):
    d = parse_text(o.opening(name))["document"]
    for key, value in o.EXPECTED.items():
        got = fold(d[key]) if key == "title" and d[key] else d[key]
        want = fold(value) if key == "title" else value
        assert got == want, (key, d[key])
    assert d["kind"] == "plan"


def test_metadata_table_cells_are_never_the_issuer():
    d = parse_text(o.opening("metadata_table_and_header"))["document"]
    assert "kh-ubnd" not in d["issuer"].lower()


def test_annual_plan_issued_in_december_has_the_title_year_as_period():
    p = parse_text(o.DECEMBER + "\n" + o.body())
    d = p["document"]
    assert d["date"] == "2025-12-26"
    assert (d["period_start"], d["period_end"]) == (2026, 2026)


def test_a_plan_with_a_news_lead_still_gives_its_tasks():
    p = parse_text(o.opening("news_lead"))
    assert len(p["tasks"]) == len(parse_text(o.SOURCE.read_text(encoding="utf-8"))["tasks"]) > 0


@pytest.mark.parametrize("looks", list(NOT_PLANS))
def test_a_document_that_is_not_a_plan_says_what_it_looks_like(looks):
    with pytest.raises(NotAPlanError) as e:
        parse_text(NOT_PLANS[looks])
    assert e.value.looks_like == looks


def test_a_page_with_its_header_stripped_takes_metadata_from_the_enacting_formula():
    """ "Ủy ban nhân dân tỉnh Lâm Đồng ban hành Kế hoạch cải cách hành chính nhà nước năm 2026,
    cụ thể như sau:" gives issuer, kind, title and period when the page kept no header."""
    p = parse_text(o.body())
    d = p["document"]
    assert (d["issuer"], d["kind"]) == ("Ủy ban nhân dân tỉnh Lâm Đồng", "plan")
    assert d["title"] == "Cải cách hành chính nhà nước năm 2026"
    assert (d["period_start"], d["period_end"]) == (2026, 2026)
    assert d["number"] is None and p["tasks"]
