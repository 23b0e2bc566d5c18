"""Results: index, bands, ranking per block, last year by lineage, lost points, exports, CLI, snapshot."""

from __future__ import annotations

import io
import json
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from cchc.parindex import actions, documents, exports, queries
from cchc.parindex.results import campaign_results, sheet_result
from cchc.parindex.tests.conftest import score_of, self_assess, sheet_of
from cchc.testing.factories import make_unit
from cchc.testing.parindex import issued_set, open_campaign

FULL = {"1.1": "2", "1.2.1": "2", "1.2.2": "2", "2.2": "1", "T.1": "0", "T.2": "0"}


def _appraise(campaign, users, code, points: dict, survey="3", bonus="0", final=True):
    sheet = sheet_of(campaign, code)
    self_assess(sheet, users["admin"], {**FULL, "T.1": bonus}, head=users["admin"])
    sheet.refresh_from_db()
    for c, p in points.items():
        s = score_of(sheet, c)
        actions.do_appraise(actor=users["council"], score=s, round=1, points=p, expected_version=s.version)
    actions.do_close_round(actor=users["council"], sheet=sheet, round=1)
    actions.do_enter_survey_points(actor=users["officer"], score=score_of(sheet, "2.1"), points=survey)
    if final:
        sheet.refresh_from_db()
        actions.do_close_round(actor=users["council"], sheet=sheet, round=2)
    sheet.refresh_from_db()
    return sheet


@pytest.fixture
def appraised(campaign, users):
    _appraise(
        campaign, users, "HP-STP", {"1.1": "1", "1.2.2": "1.5"}, survey="2.5", bonus="1", final=False
    )  # 5.5 + 2.5 + 1, round 2 still open
    _appraise(campaign, users, "HP-STTTT", {"1.2.1": "1"}, survey="2")  # 8
    _appraise(campaign, users, "HP-Q-HONGBANG", {}, survey="3")  # 10
    return campaign


def test_index_band_rank_per_block(appraised):
    res = campaign_results(appraised)
    dep = {r.unit.code: r for r in res.blocks["department"]}
    stp = dep["HP-STP"]
    assert (stp.appraised, stp.survey, stp.bonus, stp.total) == (D("5.5"), D("2.5"), D("1"), D("9"))
    # ranked once appraised, but a band only on the final result (round 2 closed, survey points in)
    assert stp.index == D("90.00") and stp.band == "" and not stp.final and stp.rank == 1
    assert dep["HP-STTTT"].index == D("80.00") and dep["HP-STTTT"].band == "Khá" and dep["HP-STTTT"].rank == 2
    assert stp.by_area == {"1": D("4.5"), "2": D("3.5")}
    dist = {r.unit.code: r for r in res.blocks["district"]}
    assert dist["HP-Q-HONGBANG"].rank == 1 and dist["HP-Q-HONGBANG"].index == D("100.00")
    assert dist["HP-H-ANLAO"].provisional and dist["HP-H-ANLAO"].rank is None  # not self-assessed: not ranked
    lost = [(c.code, p) for c, p in dep["HP-STTTT"].lost]
    assert lost == [("1.2.1", D("1")), ("2.1", D("1"))]


def test_bonus_is_capped_by_the_bonus_node(appraised, users):
    # T (max 1) caps the bonus of T.1 + T.2: Sở Tư pháp's 5.5 + 2.5 + min(1 + 1, 1) = 9
    sheet = sheet_of(appraised, "HP-STP")
    s = score_of(sheet, "T.2")
    actions.do_appraise(actor=users["council"], score=s, round=2, points="1", expected_version=s.version)
    assert sheet_result(sheet).bonus == D("1")  # an open round's draft does not count yet
    actions.do_close_round(actor=users["council"], sheet=sheet, round=2)
    sheet.refresh_from_db()
    r = sheet_result(sheet)
    assert r.bonus == D("2") and r.total == D("9") and r.index == D("90.00")


def test_comparison_with_last_year_follows_the_lineage(appraised, users, org_tree):
    from cchc.orgs.models import UnitSuccession

    new = make_unit(org_tree["HP"], "HP-SKHCN", "Sở Khoa học và Công nghệ")
    UnitSuccession.objects.create(predecessor=org_tree["HP-STTTT"], successor=new)
    nxt = open_campaign(
        org_tree,
        {"department": issued_set(org_tree, "department", 2023)},
        [new, org_tree["HP-STP"]],
        year=2023,
        title="Chỉ số CCHC 2023",
    )
    res = {r.unit.code: r for r in campaign_results(nxt).blocks["department"]}
    assert res["HP-SKHCN"].last_index == D("80.00") and res["HP-STP"].last_index == D("90.00")
    assert res["HP-SKHCN"].last_by_area["1"] == D("5")


def test_results_snapshot_is_json(appraised):
    snap = queries.results_snapshot(appraised)
    json.dumps(snap)
    dep = next(b for b in snap["blocks"] if b["block"] == "department")
    assert [(u["unit_code"], u["rank"], u["index"], u["band"]) for u in dep["units"]] == [
        ("HP-STP", 1, "90.00", ""),
        ("HP-STTTT", 2, "80.00", "Khá"),
    ]
    # units without results are listed as such, with why
    dist = next(b for b in snap["blocks"] if b["block"] == "district")
    assert [(u["unit_code"], u["excluded"]) for u in dist["not_assessed"]] == [("HP-H-ANLAO", False)]
    assert dep["label"] == "Sở, ban, ngành" and dep["criteria_set"]["title"] == "Bộ chỉ số department 2022"
    assert dep["units"][0]["by_area"] == {"1": "4.5", "2": "3.5"}


def test_cli_prints_the_ranking_as_json(appraised):
    out = io.StringIO()
    call_command("par", "results", "--campaign", str(appraised.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2022 and data["blocks"][0]["units"][0]["unit"] == "Sở Tư pháp"
    out = io.StringIO()
    call_command("par", "results", "--campaign", str(appraised.pk), stdout=out)
    assert "Sở Thông tin và Truyền thông" in out.getvalue()


def test_exports_are_real_documents(appraised, users):
    import docx
    import openpyxl

    res = campaign_results(appraised)
    wb = openpyxl.load_workbook(io.BytesIO(exports.results_xlsx(res)))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][1] == "Sở Tư pháp" and rows[1][0] == 1 and "Khá" in rows[2]
    d = docx.Document(io.BytesIO(documents.results_docx(res)))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "PHỤ LỤC" in text and "năm 2022" in text
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in " ".join(cells) and "90,00" in cells
    sheet = sheet_of(appraised, "HP-STP")
    rows = {r["criterion"].code: r for r in queries.visible_scores(users["officer"], sheet)}
    crit = list(sheet.criteria_set.criteria.order_by("order"))
    data = exports.sheet_xlsx(sheet, crit, sheet_result(sheet), rows)
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    assert ("1.1", "Kế hoạch CCHC năm", 2, 2, 1, None, 1) == values[2]
    assert documents.sheet_docx(sheet, crit, sheet_result(sheet), rows)[:2] == b"PK"


def test_publish_needs_a_decision_and_every_sheet_appraised(appraised, users):
    from cchc.core.errors import DomainError

    with pytest.raises(DomainError):
        actions.do_advance_campaign(
            actor=users["officer"], campaign=appraised, stage="published", decision_number=""
        )
    with pytest.raises(DomainError) as exc:
        actions.do_advance_campaign(
            actor=users["officer"], campaign=appraised, stage="published", decision_number="15/QĐ-UBND"
        )
    assert exc.value.code == "not_approved"  # no decision approving the results
    assert any("An Lão" in d for d in exc.value.details)  # An Lão has not submitted


def test_sheet_page_compares_each_area_with_last_year(appraised, users, org_tree, login):
    nxt = open_campaign(
        org_tree,
        {"department": issued_set(org_tree, "department", 2023)},
        [org_tree["HP-STTTT"]],
        year=2023,
        title="Chỉ số CCHC 2023",
    )
    sheet = nxt.sheets.get()
    body = login(users["other_reporter"]).get(f"/chi-so-cchc/phieu/{sheet.pk}/").content.decode()
    assert "năm trước 5,00" in body and "năm trước 80%" in body  # lĩnh vực 1 and the index


def test_the_dashboard_and_disclosure_read_the_real_results(appraised):
    """oversight.sources normalises the real snapshot (blocks of ranked units) for the leaders'
    dashboard, the inspection proposal and the published ranking."""
    from cchc.oversight import sources

    snap = queries.results_snapshot(appraised)
    rows = sources.ranking_rows(snap)
    assert [r["name"] for r in rows if r["block"] == rows[0]["block"]][0]
    by_code = {r["unit_id"]: r for r in rows}
    ranked = [u for b in snap["blocks"] for u in b["units"]]
    assert len(rows) == len(ranked) >= 3
    for u in ranked:
        assert by_code[u["unit_id"]]["score"] == u["index"] and by_code[u["unit_id"]]["rank"] == u["rank"]
    scores = sources.par_scores(appraised.province, appraised.year)
    assert scores and all(isinstance(v, D) for v in scores.values())
