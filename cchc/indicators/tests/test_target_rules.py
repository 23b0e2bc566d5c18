"""Issue 20: each target judged by its own rule on the real plan 216/KH-UBND; computed indicators
read from the platform; one number, one source; the target page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from cchc.core.errors import DomainError
from cchc.indicators import actions, queries
from cchc.indicators.models import Indicator, LinkStatus, TargetIndicator, TargetRule


@pytest.fixture
def hp(hp_plan):
    from cchc.orgs.models import OrgUnit

    return OrgUnit.objects.get(code="HP")


def _target(plan, number):
    return plan.targets.get(order=number - 1)


def _row(plan, number, period="2022-Y"):
    t = _target(plan, number)
    return next(r for r in queries.attainment_for_plan(plan, period) if r["target_id"] == t.pk)


def _enter(ind, unit, key, num, den):
    v = (D(num) * 100 / D(den)).quantize(D("0.01"))
    row = actions.do_enter_value(ind, unit, key, v, actor=None, numerator=num, denominator=den)
    actions.do_approve_value(row, actor=None)


def test_target_5_requires_the_2021_level_of_each_cap_plus_20_points(hp_plan, hp, shipped):
    t5 = _target(hp_plan, 5)
    assert t5.yearly and "mỗi năm tăng tối thiểu 20%" in t5.text
    ind = Indicator.objects.get(code="TL_SO_HOA_KET_QUA")
    actions.do_link_target(t5, ind, actor=None)
    parts = {  # level -> (2021 num/den, 2022 num/den) for every unit of the level
        "province": ((30, 100), (52, 100)),
        "district": ((20, 100), (38, 100)),
        "commune": ((15, 100), (36, 100)),
    }
    for level, ((n21, d21), (n22, d22)) in parts.items():
        for unit in queries.level_units(hp, level, 2021):
            _enter(ind, unit, "2021-Y", n21, d21)
        for unit in queries.level_units(hp, level, 2022):
            _enter(ind, unit, "2022-Y", n22, d22)
    row = _row(hp_plan, 5)
    levels = {lv["level"]: lv for lv in row["levels"]}
    assert list(levels) == ["province", "district", "commune"]  # "đối với mỗi cấp": the sentence's cấp
    # the demo org tree has no communes: cấp xã says what is missing, it is never "đạt"
    assert {k: v["required"] for k, v in levels.items()} == {
        "province": D("50.00"),
        "district": D("40.00"),
        "commune": None,
    }
    assert {k: v["base"] for k, v in levels.items()} == {
        "province": D(30),
        "district": D(20),
        "commune": None,
    }
    assert {k: v["status"] for k, v in levels.items()} == {
        "province": "dat",
        "district": "chua_dat",
        "commune": "chua_co_so_lieu",
    }
    assert "2021" in levels["commune"]["status_label"] and "cấp xã" in levels["commune"]["status_label"]
    assert row["status"] == "chua_dat" and "cấp huyện" in row["status_label"]
    assert "phải đạt 40,00%" in row["summary"] and "điểm phần trăm" in row["note"]
    # relative growth, confirmed by the officer: 20 × 1.2 = 24 for cấp huyện, 30 × 1.2 = 36 …
    with pytest.raises(DomainError, match="cấp xã"):  # no base-year value for cấp xã: refused
        actions.do_set_target_rule(t5, actor=None, increase_mode="relative", mode_confirmed=True)
    # the officer keeps the levels the province reports on
    actions.do_set_target_rule(
        t5, actor=None, increase_mode="relative", mode_confirmed=True, levels=["province", "district"]
    )
    levels = {lv["level"]: lv for lv in _row(hp_plan, 5)["levels"]}
    assert list(levels) == ["province", "district"]
    assert levels["district"]["required"] == D("24.00") and levels["district"]["status"] == "dat"


def test_a_trajectory_without_base_year_value_and_a_coverage_above_100_are_refused(hp_plan, shipped):
    t5 = _target(hp_plan, 5)
    actions.do_link_target(t5, Indicator.objects.get(code="TL_SO_HOA_KET_QUA"), actor=None)
    with pytest.raises(DomainError) as e:
        actions.do_set_target_rule(t5, actor=None, increase_mode="points")
    assert "năm gốc 2021" in str(e.value) and "cấp tỉnh" in str(e.value)
    with pytest.raises(DomainError) as e:
        actions.do_set_target_rule(_target(hp_plan, 26), actor=None, coverage="120")
    assert "không quá 100%" in str(e.value) and "120" in str(e.value)
    assert not TargetRule.objects.exists()
    # with base values given, the trajectory is saved and judged from them
    actions.do_set_target_rule(
        t5,
        actor=None,
        increase_mode="points",
        base_values={"province": "30", "district": "20", "commune": "15"},
    )
    row = _row(hp_plan, 5)
    assert [lv["required"] for lv in row["levels"]] == [D(50), D(40), D(35)]
    assert row["levels"][0]["base_source"] == "giá trị năm gốc do cán bộ nhập"


def test_a_province_target_needs_the_units_of_its_level_not_one_unit(hp_plan, hp, shipped):
    from cchc.orgs.models import OrgUnit

    t26 = _target(hp_plan, 26)  # "90% hồ sơ công việc tại cấp thành phố" (2025)
    ind = Indicator.objects.get(code="TL_HS_CONG_VIEC_DIEN_TU")
    actions.do_link_target(t26, ind, actor=None)
    actions.do_set_target_rule(t26, actor=None, milestones={"2022": "85"})
    stp = OrgUnit.objects.get(code="HP-STP")
    _enter(ind, stp, "2022-Y", 925, 1000)
    row = _row(hp_plan, 26)
    n = len(queries.level_units(hp, "province", 2022))
    assert row["status"] == "chua_co_so_lieu" and row["status_label"] == f"Chưa đủ số liệu (1/{n} đơn vị)"
    assert row["value"] is None
    for unit in queries.level_units(hp, "province", 2022):
        if unit.pk != stp.pk:
            _enter(ind, unit, "2022-Y", 80, 100)
    row = _row(hp_plan, 26)
    pooled = (D(925) + D(80) * (n - 1)) / (D(1000) + D(100) * (n - 1)) * 100
    assert row["value"] == pooled.quantize(D("0.01")) and row["required"] == D(85)
    assert row["status"] == ("dat" if pooled >= 85 else "chua_dat") and "mốc năm 2022" in row["status_label"]
    assert "Tổng tử số / tổng mẫu số" in row["source"]
    # a coverage rule of 50%: half the units are enough
    actions.do_set_target_rule(t26, actor=None, coverage="50", milestones={"2022": "85"})
    assert TargetRule.objects.get(target=t26).coverage == D(50)


def test_two_targets_share_an_indicator_only_when_an_officer_confirmed_both(hp_plan, hp, shipped, client):
    from cchc.accounts.models import User

    actions.do_suggest_links(hp_plan, actor=None)
    links = {
        link.target.order + 1: link
        for link in TargetIndicator.objects.filter(target__plan=hp_plan).select_related("target", "indicator")
    }
    # the catalogue tells them apart now
    assert (
        links[7].indicator.code == "TL_CAT_GIAM_QUY_DINH"
        and links[8].indicator.code == "TL_CAT_GIAM_CHI_PHI_TUAN_THU"
    )
    assert (
        links[12].indicator.code == "TL_TTHC_DVCTT" and links[13].indicator.code == "TL_TTHC_TICH_HOP_DVCQG"
    )
    assert links[16].indicator.code == "TL_HAI_LONG_LINH_VUC_DD_XD_DT" != links[15].indicator.code
    # 5 and 6 are both suggested the digitisation indicator: not measured until a person decides
    ind = links[6].indicator
    row = actions.do_enter_value(ind, hp, "2022-Y", "46.5", actor=None)
    actions.do_approve_value(row, actor=None)
    r6 = _row(hp_plan, 6)
    assert r6["value"] is None and "cần cán bộ xác nhận" in r6["status_label"]
    actions.do_link_target(_target(hp_plan, 6), ind, actor=None)
    assert _row(hp_plan, 6)["value"] == D("46.50") and 5 in _row(hp_plan, 6)["shared_with"]
    client.force_login(User.objects.get(username="snv.haiphong"))
    body = client.get(f"/chi-so/chi-tieu/{_target(hp_plan, 6).pk}/?ky=2022-Y").content.decode()
    assert 'id="shared-warning"' in body and "cùng một số liệu" in body


def test_computed_indicators_read_the_platform(hp_plan, hp, shipped):
    from cchc.oversight.models import Finding, Inspection, InspectionPlan
    from cchc.plans.actions import do_add_target
    from cchc.surveys.models import SurveyRound, UnitResult
    from cchc.testing.surveys import SIPAS, questionnaire

    # SIPAS: the province index of the latest closed round of the year; 0 responses: no data
    q = questionnaire(SIPAS)
    rnd = SurveyRound.objects.create(
        province=hp, questionnaire=q, title="SIPAS 2022", year=2022,
        starts_on=dt.date(2022, 10, 1), ends_on=dt.date(2022, 11, 30), status="closed",
    )  # fmt: skip
    now = timezone.now()
    UnitResult.objects.create(round=rnd, unit=None, responses=300, overall=D("85.77"), computed_at=now)
    from cchc.orgs.models import OrgUnit

    stp = OrgUnit.objects.get(code="HP-STP")
    UnitResult.objects.create(round=rnd, unit=stp, responses=0, overall=None, computed_at=now)
    t15 = _target(hp_plan, 15)
    actions.do_link_target(t15, Indicator.objects.get(code="SIPAS"), actor=None)
    row = _row(hp_plan, 15)
    assert row["value"] == D("85.77") and "SIPAS 2022" in row["source"]
    assert (
        row["levels"][0]["inputs"][0]["label"] == stp.name and row["levels"][0]["inputs"][0]["value"] is None
    )
    assert queries.approved_value("SIPAS", hp.pk, "2022-Y") == D("85.77")
    assert queries.approved_value("SIPAS", stp.pk, "2022-Y") is None  # 0 responses: no data, not 0

    # inspected share: inspected units / units of the inspected levels, from the inspection plan
    plan = InspectionPlan.objects.create(
        province=hp, organiser=hp, year=2022, title="Kiểm tra CCHC 2022", levels=["department"]
    )
    depts = queries.level_units(hp, "department", 2022)
    for i, unit in enumerate(depts[:8]):
        ins = Inspection.objects.create(
            plan=plan, unit=unit, status="done", inspected_on=dt.date(2022, 9, 1 + i)
        )
    Finding.objects.create(inspection=ins, kind="ton_tai", text="Chưa công khai đầy đủ TTHC")
    target = do_add_target(
        hp_plan, text="Ít nhất 30% số cơ quan, đơn vị trực thuộc được kiểm tra.", actor=None
    )
    assert (target.comparator, target.value, target.year) == (">=", D(30), None)
    actions.do_suggest_links(hp_plan, actor=None)
    link = TargetIndicator.objects.get(target=target)
    assert link.indicator.code == "TL_DON_VI_DUOC_KIEM_TRA" and link.status == LinkStatus.SUGGESTED
    actions.do_link_target(target, link.indicator, actor=None)
    row = next(r for r in queries.attainment_for_plan(hp_plan, "2022-Y") if r["target_id"] == target.pk)
    from cchc.oversight.queries import population

    expected = (D(8) / D(population(plan)) * 100).quantize(D("0.01"))
    assert row["value"] == expected and row["status"] == ("dat" if expected >= 30 else "chua_dat")
    assert len(row["levels"][0]["inputs"]) == 8
    remedied = queries.approved_value("TL_KHAC_PHUC_SAU_KIEM_TRA", hp.pk, "2022-Y")
    assert remedied == D(0)  # 1 finding, its follow-up not done
    with pytest.raises(DomainError):
        do_add_target(hp_plan, text="Tăng cường kiểm tra công tác cải cách hành chính.", actor=None)


def test_a_plan_page_never_offers_a_period_outside_the_plan_years(hp_plan, shipped):
    from cchc.indicators.views import _plan_period, default_period, plan_years

    hp_plan.period_start = hp_plan.period_end = 2023
    assert plan_years(hp_plan) == [2023]
    assert default_period(hp_plan) == "2023-Y"
    assert _plan_period(hp_plan, "2022-Y") == "2023-Y"
    hp_plan.period_start, hp_plan.period_end = 2021, 2025
    assert _plan_period(hp_plan, "2022-Y") == "2022-Y"


def test_share_of_units_that_issued_their_plan_on_time_reads_the_tracked_task(hp_plan, hp, shipped):
    from cchc.indicators import platform
    from cchc.tracking.actions import do_assign_plan
    from cchc.tracking.models import Assignment

    task = next(t for t in hp_plan.tasks.all() if platform.is_unit_plan_task(t.title))
    assert task.due_date == dt.date(2021, 10, 20)  # "(hoàn thành trước ngày 20/10/2021)"
    assert not platform.is_unit_plan_task("Cụ thể hóa các chỉ tiêu về số hóa")
    assert platform.read("tracking.unit_plans_on_time", hp, 2022).value is None  # no such task due in 2022
    do_assign_plan(hp_plan, actor=None)  # (committing the plan assigned it already: idempotent)
    n = Assignment.objects.filter(task=task, role="lead").count()
    r = platform.read("tracking.unit_plans_on_time", hp, 2021)
    assert n > 10 and (r.numerator, r.denominator) == (0, n) and r.value == 0 and len(r.inputs) == n
    assert queries.approved_value("TL_DON_VI_BAN_HANH_KH_DUNG_HAN", hp.pk, "2021-Y") == 0


def test_pakn_handled_share_pools_accepted_annual_reports_and_needs_every_unit(hp_plan, hp, shipped):
    from cchc.indicators import platform
    from cchc.orgs.models import OrgUnit
    from cchc.reporting.models import ReportVersion, UnitReport

    def report(code, received, handled, accepted=True):
        r = UnitReport.objects.create(
            unit=OrgUnit.objects.get(code=code), plan=hp_plan, period_code="2022-Y",
            data_from=dt.date(2022, 1, 1), data_to=dt.date(2022, 12, 15), status="accepted" if accepted else "draft",
        )  # fmt: skip
        v = ReportVersion.objects.create(
            report=r, number=1, saved_at=timezone.now(),
            annex={"pakn_received": {"value": received}, "pakn_handled": {"value": handled}},
        )  # fmt: skip
        r.current_version = v
        r.accepted_version = v if accepted else None
        r.save()

    report("HP-STP", 10, 9)
    report("HP-STTTT", 90, 45)
    r = platform.read("reporting.pakn_handled", hp, 2022)
    assert r.value == D(54) / D(100) * 100 and (r.numerator, r.denominator) == (54, 100)  # not (90 + 50) / 2
    report("HP-SNV", 5, 5, accepted=False)
    r = platform.read("reporting.pakn_handled", hp, 2022)
    assert r.value is None and r.label == "Chưa đủ số liệu (2/3 đơn vị)"
    assert platform.read("reporting.pakn_handled", OrgUnit.objects.get(code="HP-STP"), 2022).value == 90
