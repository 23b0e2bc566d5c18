"""The survey figures the platform computes (``cchc.core.figures``), registered in ``apps.py``.

- ``sipas.index``: the satisfaction index of the latest **closed** survey round of the year; for
  the province unit the round's province-wide index (the round's total row), for another unit its
  own row. A unit or round with 0 responses has no value ("chưa có số liệu"), never 0.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from cchc.core.figures import Reading, no_data, province_of
from cchc.surveys.models import RoundStatus, SurveyRound, UnitResult

LABEL = "Khảo sát sự hài lòng (SIPAS) trên nền tảng"


def sipas_index(unit, year: int) -> Reading:
    province = province_of(unit)
    rounds = SurveyRound.objects.filter(province=province, year=year, status=RoundStatus.CLOSED)
    if unit.pk == province.pk:
        return _province_index(rounds, year)
    res = (
        UnitResult.objects.filter(round__in=rounds, unit=unit, channel="")
        .select_related("round")
        .order_by("-round__ends_on", "-round_id")
        .first()
    )
    if res is None:
        return no_data(f"Chưa có kết quả khảo sát năm {year} của đơn vị")
    if not res.responses or res.overall is None:
        return Reading(
            None, f"Đợt “{res.round.title}”: đơn vị chưa có phiếu trả lời", url=_round_url(res.round)
        )
    return Reading(
        Decimal(res.overall),
        f"Đợt “{res.round.title}” ({res.responses} phiếu)",
        inputs=[{"label": unit.name, "value": res.overall, "detail": f"{res.responses} phiếu"}],
        url=_round_url(res.round),
    )


def _province_index(rounds, year: int) -> Reading:
    rnd = rounds.order_by("-ends_on", "-pk").first()
    if rnd is None:
        return no_data(f"Chưa có đợt khảo sát đã kết thúc năm {year}")
    total = UnitResult.objects.filter(round=rnd, unit__isnull=True, channel="").first()
    rows = list(
        UnitResult.objects.filter(round=rnd, unit__isnull=False, channel="")
        .select_related("unit")
        .order_by("unit__name")
    )
    inputs = [
        {
            "label": r.unit.name,
            "value": r.overall if r.responses else None,
            "detail": f"{r.responses} phiếu",
        }
        for r in rows
    ]
    url = _round_url(rnd)
    if total is None or not total.responses or total.overall is None:
        return Reading(None, f"Đợt “{rnd.title}”: chưa có phiếu trả lời", inputs=inputs, url=url)
    return Reading(
        Decimal(total.overall),
        f"Chỉ số hài lòng chung toàn tỉnh, đợt “{rnd.title}” ({total.responses} phiếu)",
        inputs=inputs,
        url=url,
    )


def _round_url(rnd) -> str:
    try:
        return reverse("surveys:round_detail", args=[rnd.pk])
    except NoReverseMatch:
        return ""
