"""Questionnaire loading, rounds (permissions, sample sizes, targets from a plan), results per
unit against targets and the previous round, and the public contract other apps call."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.surveys.actions import do_create_round, do_load_questionnaire, do_set_round_status
from cchc.surveys.intake import do_submit_response
from cchc.surveys.models import Channel, Questionnaire, SurveyRound
from cchc.surveys.queries import indices_for_province, results_snapshot, unit_index_for_year
from cchc.surveys.results import do_refresh_results
from cchc.testing.seeds import seeds_dir
from cchc.testing.surveys import DATA, SATISFIED, make_round

SEEDS = seeds_dir()


def _xlsx(sheets: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_loading_a_questionnaire_is_audited_idempotent_and_versioned(users, db):
    data = (DATA / "mot-cua-3-muc.xlsx").read_bytes()
    q = do_load_questionnaire(data=data, filename="mc.xlsx", actor=users["officer"])
    assert q.code == "MOTCUA-3MUC" and q.confidence == "U" and "32/2017" in q.source
    assert AuditEvent.objects.filter(model="surveys.questionnaire", object_id=str(q.pk)).exists()
    assert do_load_questionnaire(data=data, filename="mc.xlsx", actor=users["officer"]).pk == q.pk
    book = load_workbook(io.BytesIO(data))
    book["survey"]["C3"] = "Một nhãn khác"
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(DomainError) as info:
        do_load_questionnaire(data=buf.getvalue(), filename="mc2.xlsx", actor=users["officer"])
    assert info.value.code == "conflict"
    book["settings"]["B2"] = 2
    buf = io.BytesIO()
    book.save(buf)
    v2 = do_load_questionnaire(data=buf.getvalue(), filename="mc2.xlsx", actor=users["officer"])
    assert (v2.code, v2.version) == ("MOTCUA-3MUC", 2)
    with pytest.raises(Forbidden):
        do_load_questionnaire(data=data, filename="mc.xlsx", actor=users["reporter"])


def test_a_broken_workbook_lists_its_problems_and_stores_nothing(users, db):
    bad = _xlsx(
        {"survey": [["type", "name", "label"], ["select_one x", "a", "A"]], "choices": [["list_name"]]}
    )
    with pytest.raises(DomainError) as info:
        do_load_questionnaire(data=bad, filename="bad.xlsx", actor=users["officer"])
    assert any("settings" in d for d in info.value.details)
    assert any("Danh sách lựa chọn “x”" in d for d in info.value.details)
    with pytest.raises(DomainError):
        do_load_questionnaire(data=b"\x00garbage", filename="x.xlsx", actor=users["officer"])
    assert not Questionnaire.objects.exists()


def test_round_permissions_and_sample_size(one_stop, org_tree, users):
    today = dt.date(2026, 12, 1)
    kwargs = dict(
        province=org_tree["HP"],
        questionnaire=one_stop,
        title="T",
        year=2026,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        units=[(org_tree["HP-STP"], 1000), org_tree["HP-STTTT"]],
    )
    for role in ("reporter", "head", "leader", "dn_officer"):
        with pytest.raises(Forbidden):
            do_create_round(**kwargs, actor=users[role])
    rnd = do_create_round(**kwargs, actor=users["officer"])
    sizes = dict(rnd.units.values_list("unit__code", "sample_size"))
    assert sizes == {"HP-STP": 286, "HP-STTTT": 0}  # 1000 / (1 + 1000 · 0.05²)
    with pytest.raises(DomainError):
        do_create_round(**{**kwargs, "units": [org_tree["DN-STP"]]}, actor=users["admin"])
    with pytest.raises(DomainError):
        do_create_round(**{**kwargs, "ends_on": today - dt.timedelta(days=1)}, actor=users["officer"])
    assert SurveyRound.objects.count() == 1


@pytest.fixture
def hanoi_plan(org_tree):
    """Seed 003 (Hà Nội 192/KH-UBND) parsed and committed: its SIPAS table becomes SurveyTarget rows."""
    from cchc.domain.planparse.api import parse_text
    from cchc.plans.actions import do_commit_plan

    interchange = parse_text((SEEDS / "003_910b1e79badbb223.txt").read_text(encoding="utf-8"))
    return do_commit_plan(actor=None, interchange=interchange, province=org_tree["HP"])


def test_targets_come_from_the_seed_003_sipas_table(sipas, org_tree, hanoi_plan):
    assert hanoi_plan.survey_targets.count() >= 25
    rnd = make_round(sipas, org_tree, target_plan=hanoi_plan, title="SIPAS", year=2022)
    targets = {t.index_code: (t.target, t.baseline) for t in rnd.targets.all()}
    assert targets["SIPAS"] == (Decimal("88.00"), Decimal("87.11"))
    assert targets["YT1"] == (Decimal("91.00"), Decimal("89.28"))
    assert targets["YT5"] == (Decimal("82.00"), Decimal("79.73"))
    assert targets["TT1"][0] == Decimal("90.00")  # "niêm vết" in the table still matches "niêm yết"
    assert targets["CC7"] == (Decimal("90.00"), Decimal("87.85"))
    # "> 88.00" is kept as ">" (issue 20: it was applied as ≥, so exactly 88 counted as met)
    comparators = dict(rnd.targets.values_list("index_code", "comparator"))
    assert comparators["SIPAS"] == ">" and comparators["CC7"] == ""
    from cchc.domain.surveys.indices import attainment

    assert attainment(Decimal("88.00"), Decimal("88.00"), ">") == "missed"
    assert attainment(Decimal("88.01"), Decimal("88.00"), ">") == "met"
    assert attainment(Decimal("88.00"), Decimal("88.00"), "") == "met"


def _respond(ru, n_satisfied, n_not, start=0):
    for i in range(n_satisfied + n_not):
        raw = (
            dict(SATISFIED)
            if i < n_satisfied
            else {**SATISFIED, "muc_do": "chua_hai_long", "ly_do_chua_hl": "tre_hen"}
        )
        do_submit_response(round_unit=ru, raw=raw, channel=Channel.OPEN_LINK, address=f"10.0.{start}.{i}")


def test_results_per_unit_against_targets_and_the_previous_round(one_stop, org_tree, users):
    from cchc.surveys.actions import do_set_round_targets

    last = make_round(one_stop, org_tree, title="Đợt 1", days=(-60, -31), status="draft")
    do_set_round_status(round=last, status="open", actor=None)
    stp_last = last.units.get(unit=org_tree["HP-STP"])
    stp_last.per_address_per_hour = 100
    stp_last.save()
    # past period: submit with a date inside it
    for i in range(4):
        raw = SATISFIED if i < 2 else {**SATISFIED, "muc_do": "chua_hai_long", "ly_do_chua_hl": "khac"}
        do_submit_response(
            round_unit=stp_last,
            raw=raw,
            channel=Channel.OPEN_LINK,
            address=f"10.9.9.{i}",
            now=dt.datetime.combine(last.starts_on, dt.time(10), tzinfo=dt.UTC),
        )
    do_set_round_status(round=last, status="closed", actor=users["officer"])

    rnd = make_round(one_stop, org_tree, title="Đợt 2")
    do_set_round_targets(round=rnd, targets={"HL": Decimal("90")}, actor=users["officer"])
    stp = rnd.units.get(unit=org_tree["HP-STP"])
    _respond(stp, 8, 2)
    do_refresh_results(round=rnd, actor=users["officer"])
    from cchc.surveys.queries import round_units_for, unit_table

    rows = {r["unit"].code: r for r in unit_table(rnd, list(round_units_for(users["officer"], rnd)))}
    hl = next(i for i in rows["HP-STP"]["indices"] if i["code"] == "HL")
    assert (
        hl["value"] == Decimal("80.00") and hl["target"] == Decimal("90.00") and hl["attainment"] == "missed"
    )
    assert (hl["ci_low"], hl["ci_high"]) < (Decimal("80"), Decimal("100"))
    assert hl["previous"] == Decimal("50.00") and hl["change"] == Decimal("30.00")
    assert rows["HP-STP"]["responses"] == 10 and rows["HP-STP"]["response_rate"] == Decimal(
        "7.46"
    )  # 10 / ceil(200 / 1.5)
    assert rows["HP-STTTT"]["responses"] == 0 and rows["HP-STTTT"]["overall"] is None
    # a reporter of Sở Tư pháp sees its own unit only
    assert [ru.unit.code for ru in round_units_for(users["reporter"], rnd)] == ["HP-STP"]
    # public contract: only closed rounds count
    year = rnd.year
    assert unit_index_for_year(org_tree["HP-STP"].pk, last.year) == Decimal("50.00")
    do_set_round_status(round=rnd, status="closed", actor=users["officer"])
    assert unit_index_for_year(org_tree["HP-STP"].pk, year) == Decimal("80.00")
    assert unit_index_for_year(org_tree["HP-STTTT"].pk, year) is None
    assert unit_index_for_year(org_tree["HP-STP"].pk, year, questionnaire_code="SIPAS-2017") is None
    snap = results_snapshot(rnd)
    json.dumps(snap)
    stp_snap = next(u for u in snap["units"] if u["unit_code"] == "HP-STP")
    assert stp_snap["indices"]["HL"]["value"] == "80.00" and stp_snap["indices"]["HL"]["target"] == "90.00"
    rows = indices_for_province(org_tree["HP"].pk, year)
    assert {(r["round_title"], r["unit_code"]) for r in rows} >= {("Đợt 2", "HP-STP")}
    assert "gop_y" not in json.dumps(rows)
    # the leaders' dashboard and the PAR INDEX read the same figure through their seams
    from cchc.oversight.sources import survey_indices
    from cchc.parindex.sources import survey_index

    dash = {r["code"]: r["value"] for r in survey_indices(org_tree["HP"], year)}
    assert dash["HP-STP"] == Decimal("80.00") and "HP-STTTT" not in dash  # no answer: no figure
    assert survey_index(org_tree["HP-STP"].pk, year) == Decimal("80.00")


def test_channels_can_be_excluded_from_the_index(one_stop, org_tree, codes, stp_unit, open_round):
    do_submit_response(round_unit=stp_unit, raw=SATISFIED, channel=Channel.INVITATION, invitation=codes[0])
    do_submit_response(
        round_unit=stp_unit,
        raw={**SATISFIED, "muc_do": "chua_hai_long", "ly_do_chua_hl": "khac"},
        channel=Channel.OPEN_LINK,
        address="10.1.1.1",
    )
    do_refresh_results(round=open_round, actor=None)
    from cchc.surveys.models import UnitResult

    def hl(channel=""):
        return UnitResult.objects.get(round=open_round, unit=stp_unit.unit, channel=channel).overall

    assert (
        hl() == Decimal("50.00")
        and hl("invitation") == Decimal("100.00")
        and hl("open_link") == Decimal("0.00")
    )
    open_round.counted_channels = ["invitation"]
    open_round.save()
    do_refresh_results(round=open_round, actor=None)
    assert hl() == Decimal("100.00")


def test_a_unit_with_zero_responses_shows_no_data_never_not_met(one_stop, org_tree, users, client):
    # issue 20: a round with 0 responses said "chưa đạt" against its target
    from django.urls import reverse

    from cchc.surveys.actions import do_set_round_targets

    rnd = make_round(one_stop, org_tree)
    do_set_round_targets(round=rnd, targets={"HL": Decimal("90")}, actor=users["officer"])
    ru = rnd.units.get(unit=org_tree["HP-STP"])
    client.force_login(users["officer"])
    body = client.get(reverse("surveys:round_unit_detail", args=[ru.pk])).content.decode()
    assert "chưa có số liệu" in body and "chưa đạt" not in body
