"""Fixtures: a 2022 campaign of Hải Phòng's departments and districts on the small criteria sets of
``cchc.testing.parindex``; helpers to score and submit a sheet."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cchc.parindex import actions
from cchc.testing.parindex import DEADLINES_2022, issued_set, make_catalogue, open_campaign


@pytest.fixture(autouse=True)
def _catalogue(db):
    make_catalogue()


@pytest.fixture
def campaign(org_tree, users):
    sets = {"department": issued_set(org_tree, "department"), "district": issued_set(org_tree, "district")}
    return open_campaign(
        org_tree,
        sets,
        [org_tree[c] for c in ("HP-STP", "HP-STTTT", "HP-Q-HONGBANG", "HP-H-ANLAO")],
        actor=users["officer"],
        title="Xác định Chỉ số CCHC năm 2022",
        council=[users["council"]],
        deadlines=DEADLINES_2022,
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
