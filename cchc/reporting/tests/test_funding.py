"""The CCHC budget in the reports: the unit report's funding section pre-filled from the budget of
its period, and the province report's "Kinh phí thực hiện" table (page, DOCX)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from docx import Document

from cchc.budget.models import BudgetLine, BudgetSpending
from cchc.domain.money import format_million, format_vnd
from cchc.reporting.consolidation import build_consolidation
from cchc.reporting.documents import consolidation_document
from cchc.reporting.funding import unit_funding
from cchc.reporting.models import UnitReport
from cchc.reporting.schedule import check_period
from cchc.testing.budget_flows import M, demo_budget, small_budget

pytestmark = pytest.mark.django_db


def _section(sections, key):
    for s in sections:
        if s.key == key:
            return s
        found = _section(s.subsections, key)
        if found:
            return found
    return None


def _docx_text(doc) -> str:
    from cchc.core.documents import render_docx

    d = Document(io.BytesIO(render_docx(doc)))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_demo_2022_report_funding_table_totals_equal_the_approved_lines(hp_plan, client):
    """The issue's check: the consolidated 2022 report of the demo shows the funding table, its
    totals equal to the sum of the approved lines."""
    from cchc.reporting.outline import sections

    rnd = demo_budget(hp_plan)
    c = build_consolidation(hp_plan, "2022-Y", today=dt.date(2023, 1, 10))
    lines = BudgetLine.objects.filter(estimate__round=rnd)
    approved = lines.filter(approved__isnull=False).aggregate(s=Sum("approved"))["s"]
    sent = lines.filter(estimate__status__in=["submitted", "appraised"])
    disbursed = BudgetSpending.objects.filter(
        line__estimate__round=rnd, kind="disbursed", spent_on__lte=c.info.as_of
    ).aggregate(s=Sum("amount"))["s"]
    assert approved > 0 and disbursed > 0
    sec = _section(sections(c), "funding")
    assert sec.heading == "9. Kinh phí thực hiện"
    table = sec.tables[0]
    total = table.rows[-1]
    assert total[1] == "Tổng cộng"
    assert total[3:7] == [
        format_million(sent.aggregate(s=Sum("requested"))["s"]),
        format_million(approved),
        format_million(disbursed),
        format_million(
            BudgetSpending.objects.filter(
                line__estimate__round=rnd, kind="settled", spent_on__lte=c.info.as_of
            ).aggregate(s=Sum("amount"))["s"]
        ),
    ]
    # one row per unit and source of the estimates sent; the units numbered once
    pairs = set(sent.values_list("estimate__unit_id", "source"))
    assert len(table.rows) - 1 == len(pairs)
    assert max(int(r[0]) for r in table.rows if r[0]) == len({u for u, _s in pairs})
    assert format_vnd(approved) in sec.paragraphs[0]
    text = _docx_text(consolidation_document(c))
    assert "9. Kinh phí thực hiện" in text and format_million(approved) in text
    # the standing agency's page shows the same table
    from cchc.accounts.models import User

    client.force_login(User.objects.get(username="snv.haiphong"))
    html = client.get(f"/bao-cao/tong-hop/{hp_plan.pk}/2022-Y/").content.decode()
    assert (
        "9. Kinh phí thực hiện" in html and "Dự toán được giao" in html and format_million(approved) in html
    )


def test_the_report_says_when_the_year_has_no_budget_round(plan_setup):
    c = build_consolidation(plan_setup["plan"], "2022-Y", today=dt.date(2023, 1, 10))
    from cchc.reporting.outline import sections

    sec = _section(sections(c), "funding")
    assert sec.tables == [] and "Chưa có kỳ lập dự toán kinh phí CCHC năm 2022" in sec.paragraphs[0]


def test_unit_report_funding_is_prefilled_from_the_budget_up_to_the_cutoff(plan_setup, login):
    b = small_budget(plan_setup)
    plan, stp = b["plan"], b["units"]["HP-STP"]
    info = check_period("2022-H1", plan=plan, province=stp.province_root, today=dt.date(2022, 8, 1))
    f = unit_funding(unit=stp, plan=plan, info=info)
    # the figures are the database's, as of the half-year's cut-off (the August payment is later)
    lines = BudgetLine.objects.filter(estimate__unit=stp)
    assert f.total.approved == lines.aggregate(s=Sum("approved"))["s"] == 290 * M
    spent = BudgetSpending.objects.filter(line__in=lines, kind="disbursed", spent_on__lte=info.as_of)
    assert f.total.disbursed == spent.aggregate(s=Sum("amount"))["s"] == 160 * M
    assert [label for label, _r in f.rows] == ["Ngân sách trung ương", "Ngân sách cấp tỉnh"]
    text = f.text()
    assert "được giao 290.000.000 đ" in text and "Ngân sách cấp tỉnh: 190.000.000 đ" in text
    assert "đã giải ngân" in text and "160.000.000 đ (55,17%" in text

    # the edit page shows the figures and the editable text; what the unit writes is kept
    c = login(b["users"]["reporter"])
    url = f"/bao-cao/don-vi/{stp.pk}/2022-H1/?plan={plan.pk}"
    page = c.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "290.000.000 đ" in html and "55,17%" in html and 'name="funding"' in html
    resp = c.post(url, {"op": "save", "funding": "Kinh phí được giao 290 triệu đồng; đã giải ngân 55%."})
    assert resp.status_code == 302
    version = UnitReport.objects.get(unit=stp, plan=plan, period_code="2022-H1").current_version
    assert version.narrative["funding"] == "Kinh phí được giao 290 triệu đồng; đã giải ngân 55%."
    # a version saved before reports had a funding section: the page fills it from the data
    version.narrative = {k: v for k, v in version.narrative.items() if k != "funding"}
    version.save()
    html = c.get(url).content.decode()
    assert "Kinh phí CCHC năm 2022 được giao 290.000.000 đ" in html


def test_a_unit_without_estimate_gets_a_sentence_not_figures(plan_setup):
    b = small_budget(plan_setup)
    dn = b["units"]["HP-Q-HONGBANG"]
    info = check_period("2022-Y", plan=b["plan"], province=dn.province_root, today=dt.date(2023, 1, 10))
    f = unit_funding(unit=dn, plan=b["plan"], info=info)
    assert not f.has_budget and f.text() == "Đơn vị chưa có dự toán kinh phí CCHC năm 2022 trên hệ thống."
    assert Decimal(0) == sum(r.approved or 0 for _l, r in f.rows)


def test_before_any_payment_the_text_says_not_yet_disbursed(plan_setup):
    b = small_budget(plan_setup)
    plan, stp = b["plan"], b["units"]["HP-STP"]
    info = check_period("2022-Q1", plan=plan, province=stp.province_root, today=dt.date(2022, 5, 1))
    assert info.as_of < dt.date(2022, 3, 20)  # the first payment comes after the quarter's cut-off
    text = unit_funding(unit=stp, plan=plan, info=info).text()
    assert text.startswith("Kinh phí CCHC năm 2022 được giao 290.000.000 đ") and "chưa giải ngân" in text
