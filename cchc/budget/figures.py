"""The budget figure the platform computes (``cchc.core.figures``), registered in ``apps.py``.

- ``budget.estimates_on_time``: the share of units that sent their CCHC budget estimate of the
  year on time (by the round's due date): for the province, over the units expected to send one
  in the year's rounds of its plans (the plan's lead units, and any unit with an estimate): on
  time / (on time + late + not sent) × 100; for another unit, its own estimate (1/1 or 0/1).
  No round that year: no value ("chưa có số liệu"), never 0.
"""

from __future__ import annotations

from cchc.budget.queries import estimates_on_time as on_time_counts
from cchc.core.figures import Reading, no_data, province_of, share

LABEL = "Dự toán kinh phí CCHC gửi đúng hạn trên nền tảng"


def estimates_on_time(unit, year: int) -> Reading:
    province = province_of(unit)
    own = unit.pk != province.pk
    counts = on_time_counts(province, year, unit_ids=[unit.pk] if own else None)
    if counts is None:
        return no_data(f"Chưa có kỳ lập dự toán kinh phí CCHC năm {year}")
    if not counts.expected:
        if own:
            return no_data(f"Đơn vị không thuộc diện lập dự toán kinh phí CCHC năm {year}")
        return no_data(f"Kỳ lập dự toán kinh phí CCHC năm {year} chưa có đơn vị nào phải gửi dự toán")
    inputs = (
        [{"label": u.name, "value": None, "detail": "gửi đúng hạn"} for u in counts.on_time]
        + [{"label": u.name, "value": None, "detail": "gửi chậm hạn"} for u in counts.late]
        + [{"label": u.name, "value": None, "detail": "chưa gửi"} for u in counts.missing]
    )
    n_on_time = len(counts.on_time)
    return share(
        n_on_time,
        counts.expected,
        f"{n_on_time}/{counts.expected} đơn vị gửi dự toán kinh phí CCHC năm {year} đúng hạn "
        f"({len(counts.late)} gửi chậm, {len(counts.missing)} chưa gửi)",
        inputs,
    )
