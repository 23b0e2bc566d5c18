"""The PAR INDEX figures the platform computes (``cchc.core.figures``), registered in ``apps.py``.

- ``par.index`` / ``par.rank``: the unit's PAR INDEX value / rank in its block from the year's
  campaign once its results are approved by decision (``Campaign.approved_at``).
"""

from __future__ import annotations

from decimal import Decimal

from cchc.core.figures import Reading, no_data, province_of
from cchc.parindex.models import Campaign
from cchc.parindex.queries import results_snapshot

INDEX_LABEL = "Chỉ số CCHC (PAR INDEX) của các đơn vị trên nền tảng"
RANK_LABEL = "Xếp hạng Chỉ số CCHC của các đơn vị trên nền tảng"


def _par_row(unit, year: int):
    province = province_of(unit)
    campaign = (
        # only results approved by decision (issue 21): a campaign still being appraised has none
        Campaign.objects.filter(province=province, year=year, approved_at__isnull=False)
        .order_by("-pk")
        .first()
    )
    if campaign is None:
        return None, None, f"Chưa có kết quả Chỉ số CCHC năm {year}"
    snap = results_snapshot(campaign)
    for block in snap["blocks"]:
        for row in block["units"]:
            if row["unit_id"] == unit.pk:
                return row, block, snap["campaign"]["title"]
    return None, None, f"Đơn vị không có kết quả trong “{snap['campaign']['title']}”"


def par_index(unit, year: int) -> Reading:
    row, block, title = _par_row(unit, year)
    if row is None or row["index"] is None:
        return no_data(title)
    return Reading(
        Decimal(row["index"]),
        f"{title}: {row['points']}/{row['max_points']} điểm",
        inputs=[
            {
                "label": unit.name,
                "value": Decimal(row["index"]),
                "detail": f"{row['points']}/{row['max_points']} điểm",
            }
        ],
    )


def par_rank(unit, year: int) -> Reading:
    row, block, title = _par_row(unit, year)
    if row is None or row["rank"] is None:
        return no_data(title)
    n = len(block["units"])
    return Reading(
        Decimal(row["rank"]),
        f"{title}: hạng {row['rank']}/{n} khối “{block['block']}”",
        inputs=[{"label": unit.name, "value": Decimal(row["rank"]), "detail": f"Chỉ số {row['index']}"}],
    )
