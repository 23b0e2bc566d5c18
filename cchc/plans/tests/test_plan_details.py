"""Plan details survive commit: comparators, exact decimals, the index total, levels, trajectories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.orgs.models import OrgUnit
from cchc.plans.actions import do_import_plan
from cchc.plans.models import IndexCriterion, SurveyTarget
from cchc.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanoi(demo_tree, seed, no_assign):
    return do_import_plan(
        actor=None, data=seed("003"), filename="003.txt", province=OrgUnit.objects.get(code="HN"), commit=True
    ).plan


def test_index_total_is_not_a_criterion_and_the_tree_is_checked(hanoi):
    assert not IndexCriterion.objects.filter(plan=hanoi, title__iexact="TỔNG ĐIỂM").exists()
    assert hanoi.interchange["index_total"]["max_points"] == "100"
    c = IndexCriterion.objects.get(plan=hanoi, code="7")
    assert c.baseline == Decimal("12.396")
    messages = [w["message"] for w in hanoi.interchange["warnings"]]
    assert "index criterion 7.1: its sub-criteria add up to 2 points, not 7.25" in messages


def test_api_keeps_comparators_and_gives_decimals_as_strings(hanoi, client):
    reader = make_user("ld.hn", "HN", "leader", full_name="Lãnh đạo")
    client.force_login(reader)
    body = client.get(f"/api/plans/{hanoi.pk}").json()
    sipas = next(s for s in body["survey_targets"] if s["code"] == "I")
    assert (sipas["baseline"], sipas["target"], sipas["target_comparator"]) == ("89.28", "91", ">")
    assert (
        SurveyTarget.objects.get(
            plan=hanoi, pk=SurveyTarget.objects.filter(plan=hanoi, code="I").first().pk
        ).target_comparator
        == ">"
    )
    seven = next(c for c in body["index_criteria"] if c["code"] == "7")
    assert (seven["max_points"], seven["baseline"], seven["target"]) == ("15", "12.396", "13.12")
    assert body["index_total"]["target"] == "92.55"
    for t in body["targets"]:
        assert t["value"] is None or isinstance(t["value"], str)
    page = client.get(f"/ke-hoach/{hanoi.pk}/").content.decode()
    assert "12,396" in page and "12,39<" not in page
    assert "&gt; 91" in page  # the SIPAS comparator shown
    assert "Tổng điểm" in page


def test_yearly_trajectory_and_level_labels_after_commit(demo_tree, seed, no_assign, client):
    plan = do_import_plan(
        actor=None, data=seed("001"), filename="001.txt", province=OrgUnit.objects.get(code="HP"), commit=True
    ).plan
    yearly = plan.targets.filter(yearly=True)
    assert yearly.exists() and all(t.value == 20 for t in yearly if "mỗi năm tăng" in t.text)
    same = plan.targets.filter(text__contains="mỗi năm tăng tối thiểu 20%")
    # the 20% rise is yearly (up to 2025), not a single 2025 target; the 2021 figures stay 2021's
    assert list(same.filter(value=20, year=2025).values_list("yearly", flat=True)) == [True]
    assert set(same.filter(year=2021).values_list("yearly", flat=True)) == {False}
    assert plan.targets.filter(level="province").exists()
    client.force_login(demo_tree["officer"])
    page = client.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Cấp tỉnh" in page and "<td>province</td>" not in page
    assert "mỗi năm (đến" in page


def test_units_of_measure_are_words_in_the_users_language():
    from django.utils import translation

    from cchc.core.templatetags.vn import measure_label

    assert [measure_label(u) for u in ("minutes", "rank", "%", "hồ sơ", "")] == [
        "phút",
        "thứ hạng",
        "%",
        "hồ sơ",
        "",
    ]
    with translation.override("en"):
        assert measure_label("minutes") == "minutes" and measure_label("days") == "days"
