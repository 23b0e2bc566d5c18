"""The 766 index against hand-computed examples from the rules (METHODOLOGY.md §5.3–5.4)."""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from cchc.domain import q766

DEFINITION = json.loads(
    (Path(__file__).resolve().parents[2] / "indicators" / "data" / "qd766-dvcqg-2025.json").read_text("utf-8")
)

# 1000 dossiers: 300 early, 600 on time, 50 late, 30 in progress within time, 20 past due;
# 400 online; 300 with a fee of which 150 paid online; 700 digitised.
DS = {
    "ds.received": D(1000), "ds.early": D(300), "ds.on_time": D(600), "ds.late": D(50),
    "ds.in_progress": D(50), "ds.in_progress_past_due": D(20), "ds.online": D(400),
    "ds.fee_dossiers": D(300), "ds.paid_online": D(150), "ds.digitised": D(700),
}  # fmt: skip


def items(result):
    return {i.code: i for g in result.groups for i in g.items}


def test_definition_is_100_points_in_six_groups():
    q766.validate_definition(DEFINITION)
    assert sum(D(str(g["max"])) for g in DEFINITION["groups"]) == 100


def test_hand_computed_dossier_items():
    r = items(q766.compute(DEFINITION, DS))
    # 2.1: (300 + 600 + 30) / 1000 = 0.93 -> 20 × 0.93 = 18.60
    assert (r["2.1"].rate, r["2.1"].points) == (D("0.9300"), D("18.60"))
    # 3.1: 400 / 1000 = 0.4, full at 50% -> 12 × 0.4 / 0.5 = 9.60
    assert r["3.1"].points == D("9.60")
    # 4.2: 700 / 1000 -> 4 × 0.7 = 2.80
    assert r["4.2"].points == D("2.80")
    # 5.4: (1000 − 50 − 20) / 1000 = 0.93 ≥ 0.9 -> full 6
    assert r["5.4"].points == D("6.00")
    # 6.1 (A): 150 / 300 -> 6 × 0.5 = 3.00
    assert r["6.1"].points == D("3.00")


def test_manual_items_pakn_without_pakn_and_totals():
    values = {
        **DS,
        "TL_TTHC_CONG_BO_DUNG_HAN": D(90),
        "TL_TAI_SU_DUNG": D(40),
        "SO_PAKN": D(0),
        "SO_PAKN_DUNG_HAN": D(0),
    }
    result = q766.compute(DEFINITION, values)
    r = items(result)
    assert r["1.1"].points == D("5.40")  # 6 × 0.9
    assert r["4.4"].points == D("1.00")  # full at 80%: 2 × 0.4 / 0.8
    assert r["5.2"].points == D("6.00") and "không phát sinh" in r["5.2"].note  # no PAKN: full [O]
    assert r["1.2"].points is None and r["1.2"].note == "chưa có số liệu"
    # 18.60 + 9.60 + 2.80 + 6.00 + 3.00 + 5.40 + 1.00 + 6.00
    assert result.points == D("52.40")
    assert result.computed_max == D(20 + 12 + 4 + 6 + 6 + 6 + 2 + 6)
    assert result.max_points == D(100)


def test_rate_above_one_is_capped_and_no_dossiers_is_no_data():
    assert q766.convert(D("1.3"), D(20), {"kind": "linear"}) == D("20.00")
    r = items(q766.compute(DEFINITION, {"ds.received": D(0)}))
    assert r["2.1"].points is None and r["5.4"].points == D("0.00")  # 5.4: 0 when there is no dossier


def test_a_broken_definition_is_refused():
    bad = json.loads(json.dumps(DEFINITION))
    bad["groups"][0]["max"] = 19
    with pytest.raises(q766.DefinitionError, match="tổng điểm"):
        q766.validate_definition(bad)
    bad = json.loads(json.dumps(DEFINITION))
    bad["groups"][1]["items"][0]["numerator"] = "ds.early +"
    with pytest.raises(q766.DefinitionError, match="2.1"):
        q766.validate_definition(bad)
