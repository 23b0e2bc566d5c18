"""Demo data: the shipped indicator sets, target links of the seed plans, Hải Phòng's 2022
one-stop dossier aggregates (from the synthetic generator) and approved 2021–2022 values, so that
the 216/KH-UBND annual report for 2022 shows đạt / chưa đạt with the numbers."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

DEMO_DOSSIERS = 60_000

# indicator code -> (2021 value, 2022 value) for Hải Phòng (the province as a whole)
PROVINCE_VALUES = {
    "TL_TTHC_DVCTT": ("71.5", "84.2"),
    "TL_TTHC_THANH_TOAN_TT": ("55", "76.4"),
    "TL_HS_LUAN_CHUYEN_DIEN_TU": ("62", "81.3"),
    "TL_HAI_LONG_TTHC": ("86.9", "91.2"),
    "TL_TTHC_CONG_KHAI": ("88", "93.5"),
    "TL_CAT_GIAM_QUY_DINH": ("8", "14.6"),
    "TL_GIAM_DVSN": ("3.1", "6.2"),
    "TL_DINH_DANH_DIEN_TU": ("40", "63.8"),
    "TL_BAO_CAO_LIEN_THONG": ("60", "100"),
    "TL_SO_HOA_KET_QUA": ("31", "46.5"),
    "SIPAS": ("84.1", "86.3"),
    "TL_TTHC_CONG_BO_DUNG_HAN": ("90", "96.1"),
    "TL_TTHC_CONG_KHAI_DAY_DU": ("95", "98"),
    "TL_HS_DONG_BO": ("85", "92.7"),
    "TL_KET_QUA_DIEN_TU": ("20", "38.4"),
    "TL_TAI_SU_DUNG": ("10", "22.5"),
    "TL_HTTT_KET_NOI": ("45", "72"),
}
# (unit levels, indicator, per-unit 2022 values cycled over the level's units)
LEVEL_VALUES = [
    (["district"], "TL_HOP_TRUC_TUYEN", ["100", "100", "92", "100", "85"]),
    (["commune"], "TL_HOP_TRUC_TUYEN", ["70", "85", "60"]),
    (["province", "department"], "TL_HS_CONG_VIEC_DIEN_TU", ["93", "88", "95", "91"]),
    (["district"], "TL_HS_CONG_VIEC_DIEN_TU", ["82", "76", "85"]),
]


def load_demo_indicators(stdout=None) -> None:
    from cchc.indicators.management.commands.indicators import load_shipped
    from cchc.indicators.models import DossierAggregate, IndicatorValue
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Plan

    load_shipped()
    links = _link_all(Plan.objects.all())
    hp = OrgUnit.objects.filter(code="HP").first()
    if hp is None:
        return
    if not DossierAggregate.objects.filter(unit__province=hp, year=2022).exists():
        _ingest_dossiers(hp, stdout)
    if not IndicatorValue.objects.filter(unit=hp).exists():
        _values(hp)
    if stdout:
        stdout.write(
            f"    {links} target links, {DossierAggregate.objects.count()} dossier aggregates, "
            f"{IndicatorValue.objects.count()} indicator values"
        )


def _link_all(plans) -> int:
    from cchc.indicators.actions import do_link_target, do_suggest_links
    from cchc.indicators.models import LinkStatus, TargetIndicator

    for plan in plans:
        do_suggest_links(plan, actor=None)
    n = 0
    for link in TargetIndicator.objects.filter(status=LinkStatus.SUGGESTED).select_related(
        "target", "indicator"
    ):
        do_link_target(link.target, link.indicator, actor=None)  # the standing officer confirms
        n += 1
    return n


def _in_2022(qs):
    import datetime as dt

    from django.db.models import Q

    return qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(2022, 12, 31))).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(2022, 1, 1))
    )


def _ingest_dossiers(hp, stdout) -> None:
    from cchc.indicators.ingest import do_ingest_dossiers
    from cchc.indicators.synthetic import write_export
    from cchc.orgs.models import OrgUnit

    units = list(
        _in_2022(OrgUnit.objects.filter(province=hp, level__in=["department", "district"]))
        .exclude(code__in=["HP-SNV", "HP-TTR", "HP-VPUB", "HP-SNGV", "HP-SNNMT"])
        .order_by("code")
        .values_list("name", flat=True)
    )
    path = settings.VAR_DIR / "demo" / "ho-so-mot-cua-hai-phong-2022.csv"
    write_export(path, DEMO_DOSSIERS, units=units, year=2022, bad=0.002)
    ing = do_ingest_dossiers(path, province=hp, actor=None, as_of="2022-12-31")
    if stdout:
        stdout.write(f"    {ing.message}")


def _values(hp) -> None:
    from cchc.indicators.actions import do_approve_value, do_enter_value
    from cchc.indicators.models import Indicator, ValueSource
    from cchc.orgs.models import OrgUnit

    indicators = {i.code: i for i in Indicator.objects.filter(code__in=PROVINCE_VALUES)}
    for code, (v2021, v2022) in PROVINCE_VALUES.items():
        ind = indicators.get(code)
        if ind is None:
            continue
        for key, value in (("2021-Y", v2021), ("2022-Y", v2022)):
            row = do_enter_value(
                ind, hp, key, Decimal(value), actor=None, comment="Số liệu minh họa", source=ValueSource.DEMO
            )
            do_approve_value(row, actor=None)
    for levels, code, values in LEVEL_VALUES:
        ind = Indicator.objects.filter(code=code).first()
        if ind is None:
            continue
        units = _in_2022(OrgUnit.objects.filter(province=hp, level__in=levels)).order_by("code")[:12]
        for i, unit in enumerate(units):
            row = do_enter_value(
                ind, unit, "2022-Y", Decimal(values[i % len(values)]), actor=None, source=ValueSource.DEMO
            )
            do_approve_value(row, actor=None)
