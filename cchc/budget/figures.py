"""The budget figure the platform computes (``cchc.core.figures``), registered in ``apps.py``.

- ``budget.estimates_on_time``: the share of units that sent their CCHC budget estimate of the
  year on time (by the round's due date). For the province: over the units expected to send one
  in the year's rounds of its plans (``queries.expected_unit_ids``), on time / (on time + late +
  not sent) × 100; for another unit, its own estimate (1/1 or 0/1). No round that year: no
  value ("chưa có số liệu"), never 0.
"""

from __future__ import annotations

from cchc.budget.models import BudgetEstimate, BudgetRound
from cchc.budget.queries import estimates_on_time as counts_of
from cchc.budget.queries import expected_unit_ids
from cchc.core.figures import Reading, no_data, province_of, share

LABEL = "Dự toán kinh phí CCHC gửi đúng hạn trên nền tảng"


def estimates_on_time(unit, year: int) -> Reading:
    province = province_of(unit)
    if unit.pk != province.pk:
        return _unit_on_time(unit, province, year)
    c = counts_of(province, year)
    if not c["rounds"]:
        return no_data(f"Chưa có kỳ lập dự toán kinh phí CCHC năm {year}")
    if not c["expected"]:
        return no_data(f"Kỳ lập dự toán kinh phí CCHC năm {year} chưa có đơn vị nào phải gửi dự toán")
    inputs = [
        {"label": "Gửi đúng hạn", "value": c["on_time"], "detail": "đơn vị"},
        {"label": "Gửi chậm hạn", "value": c["late"], "detail": "đơn vị"},
        {"label": "Chưa gửi", "value": c["not_submitted"], "detail": "đơn vị"},
    ]
    return share(
        c["on_time"],
        c["expected"],
        f"{c['on_time']}/{c['expected']} đơn vị gửi dự toán kinh phí CCHC năm {year} đúng hạn "
        f"({c['late']} gửi chậm, {c['not_submitted']} chưa gửi)",
        inputs,
    )


def _unit_on_time(unit, province, year: int) -> Reading:
    rounds = list(BudgetRound.objects.filter(plan__province=province, year=year))
    if not rounds:
        return no_data(f"Chưa có kỳ lập dự toán kinh phí CCHC năm {year}")
    expected = [r for r in rounds if unit.pk in expected_unit_ids(r)]
    if not expected:
        return no_data(f"Đơn vị không thuộc diện lập dự toán kinh phí CCHC năm {year}")
    sent = dict(
        BudgetEstimate.objects.filter(round__in=expected, unit=unit).values_list("round_id", "on_time")
    )
    on_time = sum(1 for r in expected if sent.get(r.pk) is True)
    detail = {True: "gửi đúng hạn", False: "gửi chậm hạn", None: "chưa gửi"}
    inputs = [{"label": str(r.plan), "value": None, "detail": detail[sent.get(r.pk)]} for r in expected]
    return share(on_time, len(expected), f"{on_time}/{len(expected)} dự toán năm {year} gửi đúng hạn", inputs)
