"""Fixtures: a small issued criteria set, a 2022 campaign of Hải Phòng's departments and districts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from cchc.domain import parindex as px
from cchc.parindex import actions

BANDS = [
    {"min": "90", "label": "Tốt"},
    {"min": "80", "label": "Khá"},
    {"min": "70", "label": "Trung bình"},
    {"min": "0", "label": "Yếu"},
]


def make_catalogue() -> None:
    """The indicator the small set's rule names (loading a set checks its rules' codes)."""
    from cchc.indicators.models import Indicator, IndicatorSet

    if Indicator.objects.filter(code="kiem_tra_cchc").exists():
        return
    iset = IndicatorSet.objects.create(code="TEST", version="1", name="Chỉ tiêu thử")
    Indicator.objects.create(
        code="kiem_tra_cchc",
        name="Tỷ lệ đơn vị được kiểm tra CCHC",
        indicator_set=iset,
        unit_of_measure="percent",
        kind="manual",
    )


@pytest.fixture(autouse=True)
def _catalogue(db):
    make_catalogue()


def small_rows():
    """Two lĩnh vực (10 points): 1 = 1.1 (2) + 1.2 (4 = 1.2.1 + 1.2.2), 2 = 2.1 (3, survey) + 2.2 (1)."""
    n = px.Node
    return [
        n(code="1", title="Công tác chỉ đạo, điều hành CCHC", max_points=D("6")),
        n(code="1.1", title="Kế hoạch CCHC năm", max_points=D("2"), guidance="Ban hành đúng hạn: 2 điểm"),
        n(code="1.2", title="Kiểm tra CCHC", max_points=D("4")),
        n(
            code="1.2.1",
            title="Tỷ lệ đơn vị được kiểm tra",
            max_points=D("2"),
            rule={
                "indicator": "kiem_tra_cchc",
                "method": "thresholds",
                "thresholds": [{"min": "30", "points": "2"}, {"min": "20", "points": "1"}],
                "otherwise": "0",
            },
        ),
        n(code="1.2.2", title="Xử lý sau kiểm tra", max_points=D("2"), evidence_required=False),
        n(code="2", title="Tác động của CCHC", max_points=D("4")),
        n(code="2.1", title="Mức độ hài lòng (SIPAS)", max_points=D("3"), survey=True, survey_source="sipas"),
        n(code="2.2", title="Thu hút đầu tư", max_points=D("1")),
        n(code="T", title="Điểm thưởng", max_points=D("1"), kind="bonus"),
        n(
            code="T.1",
            title="Sáng kiến được công nhận",
            max_points=D("1"),
            kind="bonus",
            evidence_required=False,
        ),
        n(code="T.2", title="Giải thưởng CCHC", max_points=D("1"), kind="bonus", evidence_required=False),
    ]


def issued_set(org_tree, block, year=2022):
    cset = actions.do_load_criteria_set(
        actor=None,
        province=org_tree["HP"],
        year=year,
        block=block,
        title=f"Bộ chỉ số {block} {year}",
        rows=small_rows(),
        bands=BANDS,
    )
    return actions.do_issue_criteria_set(actor=None, criteria_set=cset, decision_number="01/QĐ-UBND")


@pytest.fixture
def campaign(org_tree, users):
    sets = {"department": issued_set(org_tree, "department"), "district": issued_set(org_tree, "district")}
    return actions.do_create_campaign(
        actor=users["officer"],
        province=org_tree["HP"],
        year=2022,
        title="Xác định Chỉ số CCHC năm 2022",
        sets=sets,
        units=[org_tree[c] for c in ("HP-STP", "HP-STTTT", "HP-Q-HONGBANG", "HP-H-ANLAO")],
        self_deadline=dt.date(2022, 12, 15),
        explanation_deadline=dt.date(2023, 1, 10),
        appraisal_deadline=dt.date(2023, 1, 31),
        council=[users["council"]],
    )


def sheet_of(campaign, code):
    return campaign.sheets.get(unit__code=code)


def score_of(sheet, code):
    return sheet.scores.select_related("criterion", "sheet", "sheet__campaign").get(criterion__code=code)


def self_assess(sheet, user, points: dict, head=None, evidence=True):
    """Score every non-survey leaf (``points`` by code), add a link as evidence, submit."""
    for code, value in points.items():
        s = score_of(sheet, code)
        actions.do_self_score(
            actor=user,
            score=s,
            points=value,
            note="",
            expected_version=s.version,
            override_reason="Số liệu của đơn vị" if s.prefill_points is not None else "",
        )
        if evidence and s.criterion.evidence_required and D(str(value)) > 0:
            actions.do_add_evidence(actor=user, score=s, url="https://example.org/bc.pdf", doc_number="12/BC")
    if head is not None:
        sheet.refresh_from_db()
        actions.do_submit_sheet(actor=head, sheet=sheet)
