"""PAR index test data: a small criteria set (two lĩnh vực and a bonus, 10 points) with its bands,
the one catalogue indicator its pre-fill rule names, the set loaded and issued through the actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

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
    """The small set of Hải Phòng for ``block`` and ``year``, loaded and issued."""
    make_catalogue()
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


# The deadlines of the 2022 campaigns: self-assessment, explanations, appraisal.
DEADLINES_2022 = (dt.date(2022, 12, 15), dt.date(2023, 1, 10), dt.date(2023, 1, 31))


def open_campaign(org_tree, sets, units, *, actor=None, year=2022, title="C", council=(), deadlines=None):
    """Hải Phòng's campaign of ``year`` over ``units`` (deadlines: 1, 2 and 3 December of the
    year unless ``deadlines``), created through the action."""
    when = deadlines or (dt.date(year, 12, 1), dt.date(year, 12, 2), dt.date(year, 12, 3))
    kw = dict(zip(("self_deadline", "explanation_deadline", "appraisal_deadline"), when, strict=True))
    kw.update(actor=actor, province=org_tree["HP"], year=year, title=title, sets=sets)
    return actions.do_create_campaign(units=list(units), council=list(council), **kw)
