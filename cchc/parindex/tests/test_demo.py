"""The demo step: Hải Phòng's 2022 campaign from the Hà Nội 192 stand-in tree, closed by a decision
(round 2 closed, units that never submitted excluded), 3.4 pre-filled from TL_HS_DUNG_HAN, and a
2023 campaign in self-assessment."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_demo_campaign(monkeypatch):
    from cchc.accounts.demo import create_demo_users
    from cchc.domain import parindex as px
    from cchc.indicators.demo import load_demo_indicators
    from cchc.orgs.demo import load_orgs
    from cchc.parindex import sources
    from cchc.parindex.demo import load_demo_parindex
    from cchc.parindex.models import Campaign, CriteriaSet, Score, ScoreEvidence
    from cchc.parindex.queries import results_snapshot
    from cchc.parindex.results import campaign_results
    from cchc.plans.demo import load_seed_plans
    from cchc.plans.models import PlanImport

    monkeypatch.setattr("cchc.plans.demo.SEED_PLANS", [("003", "HN", None)])  # only Hà Nội 192 is needed
    load_orgs()
    create_demo_users()
    load_seed_plans()
    load_demo_indicators()
    load_demo_parindex()
    c = Campaign.objects.get(year=2022, province__code="HP")
    assert all(s.is_stand_in and s.max_points == 100 for s in CriteriaSet.objects.all())
    # closed by the decision: every sheet final or excluded with its reason
    assert c.approved_at is not None and c.decision_number.startswith("45/QĐ-UBND") and c.decision_date
    assert set(c.sheets.values_list("status", flat=True)) <= {"final", "draft"}
    assert all(s.excluded_reason for s in c.sheets.filter(status="draft"))
    res = campaign_results(c)
    ranked = [r for r in res.blocks["department"] if r.rank]
    assert len(ranked) == 3 and ranked[0].rank == 1 and all(r.band and r.final for r in ranked)
    assert {r.unit.code for r in res.blocks["district"] if r.rank} == {"HP-Q-HONGBANG", "HP-H-ANLAO"}
    snap = results_snapshot(c)
    assert [b["label"] for b in snap["blocks"]] == ["Sở, ban, ngành", "UBND cấp huyện"]
    listed = {u["unit_code"] for b in snap["blocks"] for u in b["units"] + b["not_assessed"]}
    assert listed == set(c.sheets.values_list("unit__code", flat=True))  # every unit of every block
    assert all(b["criteria_set"]["is_stand_in"] for b in snap["blocks"])
    assert ScoreEvidence.objects.exists()

    # 3.4 is pre-filled from the measured on-time rate by the set's rule, and kept
    scores = Score.objects.filter(sheet__campaign=c, criterion__code="3.4").select_related(
        "criterion", "sheet"
    )
    prefilled = 0
    for s in scores:
        value = sources.indicator_value("TL_HS_DUNG_HAN", s.sheet.unit_id, 2022)
        assert value is not None, s.sheet.unit.code
        expected = px.evaluate_rule(s.criterion.rule, value, s.criterion.max_points)
        assert s.prefill_points == expected
        if s.sheet.status == "final":
            assert s.self_points == expected
            prefilled += 1
    assert prefilled == 5
    # survey leaves name their source: 8.1 from SIPAS, the "Tác động" leaves from the officials' survey
    dept = c.sets.get(block="department").criteria_set
    assert dept.criteria.get(code="8.1").survey_source == "sipas"
    assert dept.criteria.get(code="2.4.1").survey_source == "officials"
    assert not dept.criteria.filter(survey=True, survey_source="").exists()

    c2023 = Campaign.objects.get(year=2023, province__code="HP")
    assert c2023.approved_at is None
    stttt = c2023.sheets.get(unit__code="HP-STTTT")  # still scoring: the browser test finishes it
    assert stttt.status == "draft"
    assert stttt.scores.filter(criterion__survey=False, self_points=None).count() == 5
    assert c2023.sheets.get(unit__code="HP-STP").status == "draft"
    assert c2023.sheets.get(unit__code="HP-SKHDT").status == "submitted"
    assert PlanImport.objects.filter(source_format="parindex").count() == 1
    load_demo_parindex()  # safe to run twice
    assert Campaign.objects.count() == 2
