"""Dossier ingests (idempotent, overlapping months replaced, aborted ingests change nothing),
values computed from the aggregates, the 766 index, and target attainment (plan, CLI)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.core.errors import DomainError
from cchc.indicators import actions, queries
from cchc.indicators.ingest import do_ingest_dossiers
from cchc.indicators.models import DossierAggregate, DossierIngest
from cchc.indicators.tests.conftest import HEADER, dossier_row
from cchc.jobs.models import JobStatus

pytestmark = pytest.mark.django_db


def _export(tmp_path, rows, name="export.csv"):
    p = tmp_path / name
    p.write_text(HEADER + "".join(rows), encoding="utf-8")
    return p


JAN_FEB = [
    dossier_row("A1", "Sở Tư pháp", "03/01/2022", "05/01/2022", "04/01/2022", online="Trực tuyến"),
    dossier_row("A2", "Sở Tư pháp", "03/01/2022", "05/01/2022", "09/01/2022"),
    dossier_row("A3", "Quận Hồng Bàng", "10/02/2022", "15/02/2022", "15/02/2022", online="Trực tuyến"),
    dossier_row("A4", "quan hong bang", "11/02/2022", "16/02/2022", "12/02/2022"),
    dossier_row("A5", "Sở Không Có", "11/02/2022", "16/02/2022", "12/02/2022"),
]


def _received(year=2022):
    return {
        (a.unit.code, a.month): a.received
        for a in DossierAggregate.objects.select_related("unit").filter(year=year)
    }


def test_ingest_is_idempotent_and_overlapping_months_are_replaced(tmp_path, org_tree, users):
    hp = org_tree["HP"]
    ing = do_ingest_dossiers(_export(tmp_path, JAN_FEB), province=hp, actor=users["officer"])
    assert ing.status == JobStatus.DONE and ing.rows_read == 5 and ing.rows_accepted == 4
    assert ing.rejects["unknown_unit"]["count"] == 1 and ing.rejects["unknown_unit"]["examples"] == [
        "Sở Không Có"
    ]
    assert _received() == {("HP-STP", 1): 2, ("HP-Q-HONGBANG", 2): 2}  # accents folded: one unit
    do_ingest_dossiers(_export(tmp_path, JAN_FEB), province=hp, actor=users["officer"])
    assert _received() == {("HP-STP", 1): 2, ("HP-Q-HONGBANG", 2): 2}
    feb = [dossier_row("B1", "Sở Tư pháp", "20/02/2022", "25/02/2022", "21/02/2022")]
    do_ingest_dossiers(_export(tmp_path, feb, "feb.csv"), province=hp, actor=users["officer"])
    # only the file's unit-months change: Hồng Bàng's February (not in the file) is kept
    assert _received() == {("HP-STP", 1): 2, ("HP-Q-HONGBANG", 2): 2, ("HP-STP", 2): 1}


def _groups():
    return sorted(DossierAggregate.objects.values_list("unit__code", "month", "tthc", "received"))


def test_a_small_file_cannot_wipe_a_month_silently(tmp_path, org_tree, users):
    """The issue's reproduction: a 3-row export replaced all of February for the province."""
    from cchc.indicators.ingest import do_confirm_ingest, do_restore_version

    hp, officer = org_tree["HP"], users["officer"]
    many = [
        dossier_row(f"F{i}", unit, "10/02/2022", "15/02/2022", "12/02/2022", tthc=f"Thủ tục {(i // 2) % 4}")
        for i, unit in enumerate(["Sở Tư pháp", "Quận Hồng Bàng"] * 10)
    ]
    do_ingest_dossiers(_export(tmp_path, many, "full.csv"), province=hp, actor=officer)
    full = _groups()
    assert len(full) == 8  # 4 TTHC × 2 units in February
    three = [dossier_row(f"S{i}", "Sở Tư pháp", "11/02/2022", "15/02/2022", "12/02/2022", tthc="Thủ tục 0")
             for i in range(3)]  # fmt: skip
    small = do_ingest_dossiers(_export(tmp_path, three, "small.csv"), province=hp, actor=officer)
    # a preview: which unit-months, how many groups today, and nothing changed yet
    assert small.status == JobStatus.PREVIEW and _groups() == full
    assert small.replaces == [
        {"unit_id": org_tree["HP-STP"].pk, "unit": "Sở Tư pháp", "month": "2022-02",
         "rows_today": 4, "rows_in_file": 1, "absent": 3},
    ]  # fmt: skip
    assert small.absent_groups == 3 and "xác nhận" in small.message
    # confirmed: only Sở Tư pháp's February is replaced; Hồng Bàng untouched
    do_confirm_ingest(small, actor=officer)
    after = _groups()
    assert [g for g in after if g[0] == "HP-Q-HONGBANG"] == [g for g in full if g[0] == "HP-Q-HONGBANG"]
    assert [g for g in after if g[0] == "HP-STP"] == [("HP-STP", 2, "Thủ tục 0", 3)]
    # the previous aggregates are a version that can be restored
    version = small.replaced_versions.get()
    do_restore_version(version, actor=officer)
    assert _groups() == full
    with pytest.raises(DomainError):
        do_restore_version(version, actor=officer)  # once


def test_preview_confirm_and_restore_through_the_page(tmp_path, org_tree, users, login):
    hp = org_tree["HP"]
    rows = [
        dossier_row(f"P{i}", "Sở Tư pháp", "03/03/2022", "05/03/2022", "04/03/2022", tthc=f"T{i}")
        for i in range(3)
    ]
    do_ingest_dossiers(_export(tmp_path, rows, "mar.csv"), province=hp, actor=users["officer"])
    small = do_ingest_dossiers(_export(tmp_path, rows[:1], "mar1.csv"), province=hp, actor=users["officer"])
    client = login(users["officer"])
    page = client.get(f"/chi-so/ho-so/{small.pk}/").content.decode()
    assert 'id="replaces"' in page and "Xác nhận thay số liệu" in page and "2022-03" in page
    assert login(users["reporter"]).post(f"/chi-so/ho-so/{small.pk}/", {"action": "confirm"}).status_code in (
        403,
        404,
    )
    client = login(users["officer"])
    assert client.post(f"/chi-so/ho-so/{small.pk}/", {"action": "confirm"}).status_code == 302
    assert DossierAggregate.objects.count() == 1
    page = client.get(f"/chi-so/ho-so/{small.pk}/").content.decode()
    version = small.replaced_versions.get()
    assert "Khôi phục số liệu này" in page
    client.post(f"/chi-so/ho-so/{small.pk}/", {"action": "restore", "version": version.pk})
    assert DossierAggregate.objects.count() == 3


def test_an_aborted_ingest_leaves_the_aggregates_untouched(tmp_path, org_tree, users):
    hp = org_tree["HP"]
    do_ingest_dossiers(_export(tmp_path, JAN_FEB), province=hp, actor=users["officer"])
    before = _received()
    broken = tmp_path / "broken.csv"
    broken.write_text("Mã hồ sơ,TTHC\nA1,X\n", encoding="utf-8")
    with pytest.raises(DomainError, match="thiếu cột"):
        do_ingest_dossiers(broken, province=hp, actor=users["officer"])
    assert _received() == before
    failed = DossierIngest.objects.get(file_name="broken.csv")
    assert failed.status == JobStatus.FAILED and "ngày tiếp nhận" in failed.message
    with pytest.raises(Exception):  # noqa: B017 - the policy's Forbidden
        do_ingest_dossiers(_export(tmp_path, JAN_FEB), province=hp, actor=users["reporter"])


def test_computed_values_and_the_766_index(tmp_path, org_tree, ind):
    hp = org_tree["HP"]
    do_ingest_dossiers(_export(tmp_path, JAN_FEB), province=hp, actor=None)
    # 4 dossiers: early A1, A4; late A2; on time A3 -> 3/4 on time; 2/4 online
    assert queries.approved_value("TL_HS_DUNG_HAN", hp.pk, "2022-Y") == D("75.0000")
    assert queries.approved_value("TL_HS_TRUC_TUYEN", hp.pk, "2022-Y") == D("50.0000")
    assert queries.approved_value("TL_HS_DUNG_HAN", org_tree["HP-STP"].pk, "2022-Y") == D("50.0000")
    assert queries.approved_value("TL_HS_DUNG_HAN", hp.pk, "2022-Q3") is None  # no dossier in Q3
    assert queries.approved_value("TL_HS_DUNG_HAN", hp.pk, "2021-Y") is None
    result = queries.index_766(hp, "2022-Y")
    items = {i.code: i for g in result.groups for i in g.items}
    assert items["2.1"].points == D("15.00")  # 20 × 3/4
    assert items["3.1"].points == D("12.00")  # 2/4 online: full at 50%
    assert items["1.1"].points is None
    # a manual value is approved_value only once approved
    row = actions.do_enter_value(ind["TL_TTHC_CONG_BO_DUNG_HAN"], hp, "2022-Y", "90", actor=None)
    assert queries.approved_value("TL_TTHC_CONG_BO_DUNG_HAN", hp.pk, "2022-Y") is None
    actions.do_approve_value(row, actor=None)
    assert queries.approved_value("TL_TTHC_CONG_BO_DUNG_HAN", hp.pk, "2022-Y") == D("90")
    items = {i.code: i for g in queries.index_766(hp, "2022-Y").groups for i in g.items}
    assert items["1.1"].points == D("5.40")


def test_attainment_of_the_real_plan_216_for_2022(tmp_path, hp_plan):
    from cchc.indicators.models import Indicator
    from cchc.orgs.models import OrgUnit

    call_command("indicators", "load", "--shipped", stdout=StringIO())
    call_command("indicators", "suggest", "--plan", "216/KH-UBND", stdout=StringIO())
    hp = OrgUnit.objects.get(code="HP")
    rows = [
        dossier_row(
            f"H{i}",
            "Sở Tư pháp",
            "03/03/2022",
            "10/03/2022",
            "05/03/2022",
            online="Trực tuyến" if i < 6 else "Trực tiếp",
        )
        for i in range(10)
    ]
    do_ingest_dossiers(_export(tmp_path, rows), province=hp, actor=None)
    for code, value in [("TL_HAI_LONG_TTHC", "91.2"), ("TL_HS_LUAN_CHUYEN_DIEN_TU", "62")]:
        actions.do_approve_value(
            actions.do_enter_value(Indicator.objects.get(code=code), hp, "2022-Y", value, actor=None),
            actor=None,
        )
    out = StringIO()
    call_command(
        "indicators",
        "attainment",
        "--plan",
        "216/KH-UBND",
        "--period",
        "2022-Y",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    by = {(r["indicator"], r["threshold"]): r for r in data["targets"]}
    assert all(
        r["year"] is None or r["year"] >= 2022 for r in data["targets"]
    )  # 2021 targets are not in 2022
    # targets "đến năm 2025" are not judged in 2022 (no milestone in the plan): chưa đến hạn, with
    # their current value
    online = by[("TL_HS_TRUC_TUYEN", "50.0000")]
    assert (online["value"], online["status"]) == ("60.00", "chua_den_han") and "hồ sơ một cửa" in online[
        "source"
    ]
    assert by[("TL_HAI_LONG_TTHC", "90.0000")]["status"] == "chua_den_han"
    assert by[("TL_HS_LUAN_CHUYEN_DIEN_TU", "80.0000")]["status"] == "chua_den_han"
    assert by[("TL_HS_LUAN_CHUYEN_DIEN_TU", "80.0000")]["value"] == "62.00"
    no_data = by[("TL_GIAM_DVSN", "10.0000")]
    assert no_data["status"] == "chua_den_han" and "chưa có số liệu" in no_data["status_label"]
    assert "2025" in online["summary"]
    assert queries.attainment_for_plan(hp_plan, "2022-Y") and data["plan"] == "216/KH-UBND"


def test_the_annual_report_plan_page_and_task_page_show_attainment(hp_plan, login):
    from cchc.accounts.models import User
    from cchc.indicators.models import Indicator
    from cchc.orgs.models import OrgUnit
    from cchc.reporting.consolidation import build_consolidation
    from cchc.reporting.documents import consolidation_document

    call_command("indicators", "load", "--shipped", stdout=StringIO())
    actions.do_suggest_links(hp_plan, actor=None)
    hp = OrgUnit.objects.get(code="HP")
    for code, value in [("TL_HAI_LONG_TTHC", "91.2"), ("TL_HS_LUAN_CHUYEN_DIEN_TU", "62")]:
        actions.do_approve_value(
            actions.do_enter_value(Indicator.objects.get(code=code), hp, "2022-Y", value, actor=None),
            actor=None,
        )
    doc = consolidation_document(build_consolidation(hp_plan, "2022-Y"))

    def walk(sections):
        for s in sections:
            yield s
            yield from walk(s.subsections)

    section = next(s for s in walk(doc.sections) if s.key == "targets")
    cells = [row[-1] for row in section.tables[0].rows]
    assert "Chưa đến hạn (91,20%; mức phải đạt đến năm 2025: 90,00%)" in cells
    assert "Chưa đến hạn (62,00%; mức phải đạt đến năm 2025: 80,00%)" in cells
    assert any(c.startswith("Chưa có số liệu") for c in cells)
    officer = User.objects.get(username="snv.haiphong")
    body = login(officer).get(f"/ke-hoach/{hp_plan.pk}/").content.decode()
    assert 'id="plan-attainment"' in body and "Chưa đến hạn" in body
