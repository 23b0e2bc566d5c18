"""Demo data: the shipped indicator sets, target links of the seed plans confirmed as a careful
standing officer would, Hải Phòng's 2022 one-stop dossier aggregates (from the synthetic
generator) and approved 2021–2022 values, so that the 216/KH-UBND annual report for 2022 shows
đạt / chưa đạt by each target's own rule with the numbers.

The satisfaction index (SIPAS) and the PAR INDEX are not typed: they are computed indicators read
from the surveys and parindex modules, and the inspected share from the inspection plan."""

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
    "TL_TTHC_CONG_BO_DUNG_HAN": ("90", "96.1"),
    "TL_TTHC_CONG_KHAI_DAY_DU": ("95", "98"),
    "TL_HS_DONG_BO": ("85", "92.7"),
    "TL_KET_QUA_DIEN_TU": ("20", "38.4"),
    "TL_TAI_SU_DUNG": ("10", "22.5"),
    "TL_HTTT_KET_NOI": ("45", "72"),
}
# (unit levels, indicator, per-unit 2022 values cycled over the level's units): only 12 units of
# each level report, so a level with more units is "Chưa đủ số liệu (12/N đơn vị)"
LEVEL_VALUES = [
    (["district"], "TL_HOP_TRUC_TUYEN", ["100", "100", "92", "100", "85"]),
    (["commune"], "TL_HOP_TRUC_TUYEN", ["70", "85", "60"]),
    (["province", "department"], "TL_HS_CONG_VIEC_DIEN_TU", ["93", "88", "95", "91"]),
]
# every unit of the level reports numerator / denominator: pooled Σnum/Σden per cấp
# (indicator, level, year, [(numerator, denominator) cycled over the level's units])
LEVEL_PARTS = [
    ("TL_HS_CONG_VIEC_DIEN_TU", "district", 2022, [(820, 1000), (610, 800), (1275, 1500)]),
    # digitised results of TTHC (target 5: "mỗi năm tăng tối thiểu 20% đối với mỗi cấp")
    ("TL_SO_HOA_KET_QUA", "province", 2021, [(320, 1000), (150, 500), (99, 300)]),
    ("TL_SO_HOA_KET_QUA", "province", 2022, [(540, 1000), (260, 500), (160, 300)]),
    ("TL_SO_HOA_KET_QUA", "district", 2021, [(210, 1000), (44, 200), (95, 500)]),
    ("TL_SO_HOA_KET_QUA", "district", 2022, [(380, 1000), (74, 200), (190, 500)]),
]
# the careful officer's decisions where a suggestion is not right (plan, target number -> code;
# None: no indicator of the province measures it)
LINK_DECISIONS = {
    # "cấp trung ương … 40%": the central authorities' results, not measured by the province
    ("216/KH-UBND", 1): None,
    # "Mức độ hài lòng đạt tối thiểu 90%": the province measures it with its SIPAS survey
    ("216/KH-UBND", 15): "SIPAS",
}
# targets that deliberately share an indicator with another target at the same level
JUSTIFIED_SHARES = {
    # "… cho đến khi đạt tỷ lệ 100%" (by 2025) is the end of target 5's yearly trajectory
    ("216/KH-UBND", 6),
}
# requirements the plan states in its framework annex, recorded as targets by the officer
ANNEX_TARGETS = [
    (
        "216/KH-UBND",
        "Ít nhất 30% số cơ quan, đơn vị trực thuộc được kiểm tra.",
        "TL_DON_VI_DUOC_KIEM_TRA",
        "Khung kế hoạch, mục kiểm tra CCHC hằng năm (Sở Nội vụ chủ trì)",
    ),
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
    """Suggest links for every plan, then confirm them as a careful officer would: the decisions
    above where the suggestion is wrong, and never two targets of a plan on one indicator at the
    same level unless that is justified (the later ones stay suggestions for a person to decide)."""
    from cchc.indicators.actions import do_link_target, do_suggest_links
    from cchc.indicators.models import Indicator, LinkStatus, TargetIndicator
    from cchc.plans.actions import do_add_target

    n = 0
    for plan in plans:
        for number, text, code, note in ANNEX_TARGETS:
            if plan.number == number and not plan.targets.filter(text=text).exists():
                target = do_add_target(plan, text=text, actor=None, note=note)
                ind = Indicator.objects.filter(code=code).first()
                if ind is not None:
                    do_link_target(target, ind, actor=None)
                    n += 1
        do_suggest_links(plan, actor=None)
        taken: set[tuple] = set(
            TargetIndicator.objects.filter(target__plan=plan, status=LinkStatus.CONFIRMED).values_list(
                "indicator_id", "target__level"
            )
        )
        for link in (
            TargetIndicator.objects.filter(target__plan=plan, status=LinkStatus.SUGGESTED)
            .select_related("target", "indicator")
            .order_by("target__order")
        ):
            key = (plan.number, link.target.order + 1)
            if key in LINK_DECISIONS:
                code = LINK_DECISIONS[key]
                ind = Indicator.objects.filter(code=code).first() if code else None
                do_link_target(link.target, ind, actor=None)
                if ind is not None:
                    taken.add((ind.pk, link.target.level))
                    n += 1
                continue
            share = (link.indicator_id, link.target.level)
            if share in taken and key not in JUSTIFIED_SHARES:
                continue  # the same number would be printed twice: left for a person to decide
            do_link_target(link.target, link.indicator, actor=None)
            taken.add(share)
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
    _level_parts(hp)
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


def _level_parts(hp) -> None:
    from cchc.indicators.actions import do_approve_value, do_enter_value
    from cchc.indicators.models import Indicator, ValueSource
    from cchc.indicators.queries import level_units

    for code, level, year, parts in LEVEL_PARTS:
        ind = Indicator.objects.filter(code=code).first()
        if ind is None:
            continue
        for i, unit in enumerate(level_units(hp, level, year)):
            num, den = parts[i % len(parts)]
            value = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"))
            row = do_enter_value(
                ind,
                unit,
                f"{year}-Y",
                value,
                actor=None,
                numerator=num,
                denominator=den,
                source=ValueSource.DEMO,
            )
            do_approve_value(row, actor=None)
