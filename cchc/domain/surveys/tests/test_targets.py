"""Matching a plan's SIPAS table rows to a questionnaire's indices (accents, case, typos)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from cchc.domain.surveys import load_questionnaire
from cchc.domain.surveys.targets import TargetRow, match_targets
from cchc.domain.surveys.workbook import read_sheets

DATA = Path(__file__).resolve().parents[3] / "surveys" / "data"


def test_rows_match_by_folded_title_and_tolerate_a_typo():
    q = load_questionnaire(read_sheets((DATA / "sipas-2017-2020.xlsx").read_bytes()))
    rows = [
        TargetRow("CHỈ SỐ CHUNG", Decimal("88"), Decimal("87.11")),
        TargetRow("tiep can dich vu", Decimal("91")),
        TargetRow("Quy định TTHC được niêm vết công khai dễ thấy", Decimal("90")),  # typo in seed 003
        TargetRow("Một dòng không liên quan", Decimal("50")),
    ]
    matched = match_targets(q, rows)
    assert matched["SIPAS"].target == Decimal("88")
    assert matched["YT1"].target == Decimal("91")
    assert matched["TT1"].target == Decimal("90")
    assert "TT2" not in matched  # "niêm yết công khai đầy đủ, dễ hiểu" is a different indicator
    assert all(r.title != "Một dòng không liên quan" for r in matched.values())
