"""Indicator sets, values, approval and locking, sheet upload, target links."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
from openpyxl import Workbook

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import ConflictError, DomainError
from cchc.indicators import actions
from cchc.indicators.models import Indicator, IndicatorSet, IndicatorValue, ValueStatus
from cchc.indicators.sheets import read_value_sheet

pytestmark = pytest.mark.django_db


def test_shipped_sets_load_once_with_source_and_confidence(shipped):
    assert {s.code for s in shipped} == {"QD766", "KH-CCHC", "QD766-DVCQG"}
    ontime = Indicator.objects.get(code="TL_HS_DUNG_HAN")
    assert ontime.kind == "formula" and "ds.received" in ontime.denominator and ontime.confidence == "O"
    assert "766" in ontime.source
    from cchc.indicators.management.commands.indicators import load_shipped

    load_shipped()  # the same versions again change nothing
    assert IndicatorSet.objects.count() == 3


def _set(version="1", name="Tỷ lệ A"):
    return json.dumps(
        {
            "format": "cchc.indicators/1",
            "code": "TEST",
            "version": version,
            "name": "Bộ thử",
            "indicators": [{"code": "TL_A", "name": name, "unit_of_measure": "percent"}],
        }
    ).encode()


def test_a_new_version_updates_indicators_and_keeps_the_old_definition(db, users):
    actions.do_load_indicator_file(_set("1"), "a.json", actor=users["officer"])
    actions.do_load_indicator_file(_set("2", "Tỷ lệ A (sửa)"), "b.json", actor=users["officer"])
    assert Indicator.objects.get(code="TL_A").name == "Tỷ lệ A (sửa)"
    assert IndicatorSet.objects.get(version="1").definition["indicators"][0]["name"] == "Tỷ lệ A"
    with pytest.raises(ConflictError):
        actions.do_load_indicator_file(_set("2", "khác"), "c.json", actor=users["officer"])
    with pytest.raises(Forbidden):
        actions.do_load_indicator_file(_set("3"), "d.json", actor=users["reporter"])


def test_bad_set_files_list_every_problem(db):
    bad = {"format": "cchc.indicators/1", "code": "X", "version": "1", "name": "X", "indicators": [
        {"code": "bad code", "name": "", "unit_of_measure": "litre"},
        {"code": "F", "name": "F", "unit_of_measure": "percent", "kind": "formula", "numerator": "A +"},
    ]}  # fmt: skip
    with pytest.raises(DomainError) as exc:
        actions.do_load_indicator_file(json.dumps(bad).encode(), "x.json", actor=None)
    text = " ".join(exc.value.details)
    assert "mã phải" in text and "thiếu tên" in text and "litre" in text and "chưa đầy đủ" in text
    for data in (b"", b"\xff\xfe not json", b"PK\x03\x04broken"):
        with pytest.raises(DomainError):
            actions.do_load_indicator_file(data, "x", actor=None)
    assert not IndicatorSet.objects.filter(code="X").exists()


def test_xlsx_set_file(db):
    wb = Workbook()
    meta = wb.active
    meta.title = "Bộ chỉ số"
    for row in [("code", "XL"), ("version", "2024"), ("name", "Bộ Excel"), ("confidence", "S")]:
        meta.append(row)
    sheet = wb.create_sheet("Chỉ số")
    sheet.append(["code", "name", "unit_of_measure", "direction", "keywords"])
    sheet.append(["TG_CHO", "Thời gian chờ", "minutes", "lower", "thời gian chờ; chờ đợi"])
    buf = io.BytesIO()
    wb.save(buf)
    s = actions.do_load_indicator_file(buf.getvalue(), "bo.xlsx", actor=None)
    ind = Indicator.objects.get(code="TG_CHO")
    assert s.confidence == "S" and ind.direction == "lower" and ind.keywords == ["thời gian chờ", "chờ đợi"]


def test_enter_validate_approve_lock_reopen(ind, users, org_tree):
    stp = org_tree["HP-STP"]
    a = ind["TL_HAI_LONG_TTHC"]
    with pytest.raises(DomainError, match="140"):
        actions.do_enter_value(a, stp, "2022-Y", "140", actor=users["reporter"])
    with pytest.raises(DomainError, match="kỳ"):
        actions.do_enter_value(a, stp, "2022-H1", "90", actor=users["reporter"])
    with pytest.raises(Forbidden):
        actions.do_enter_value(a, stp, "2022-Y", "90", actor=users["other_reporter"])
    row = actions.do_enter_value(
        a, stp, "2022-Y", "91,5", actor=users["reporter"], comment="Khảo sát", expected_version=0
    )
    assert (
        row.value == D("91.5") and row.entered_by == users["reporter"] and row.status == ValueStatus.ENTERED
    )
    # a value entered twice at once: the second save still carries version 0
    with pytest.raises(ConflictError):
        actions.do_enter_value(a, stp, "2022-Y", "92", actor=users["head"], expected_version=0)
    with pytest.raises(Forbidden):
        actions.do_approve_value(row, actor=users["reporter"])
    row = actions.do_approve_value(row, actor=users["head"])
    with pytest.raises(ConflictError, match="khóa"):
        actions.do_enter_value(a, stp, "2022-Y", "93", actor=users["head"])
    with pytest.raises(Forbidden):
        actions.do_reopen_value(row, actor=users["head"])
    row = actions.do_reopen_value(row, actor=users["officer"], reason="Sai số khảo sát")
    row = actions.do_enter_value(a, stp, "2022-Y", "93", actor=users["head"], expected_version=row.version)
    assert row.value == D(93)
    assert (
        AuditEvent.objects.filter(model="indicators.indicatorvalue", object_id=str(row.pk)).count() == 4
    )  # create, approve, reopen, correct


def test_a_unit_that_did_not_exist_in_the_period_is_refused(ind, org_tree):
    unit = org_tree["HP-STTTT"]
    unit.valid_from = dt.date(2023, 1, 1)
    unit.save()
    with pytest.raises(DomainError, match="không hoạt động"):
        actions.do_enter_value(ind["TL_HAI_LONG_TTHC"], unit, "2022-Y", "90", actor=None)


def test_outlier_flag_against_history(ind, org_tree):
    a, hp = ind["TL_HAI_LONG_TTHC"], org_tree["HP"]
    for year, v in [(2019, "90"), (2020, "91"), (2021, "90.5")]:
        actions.do_enter_value(a, hp, f"{year}-Y", v, actor=None)
    assert actions.do_enter_value(a, hp, "2022-Y", "40", actor=None).outlier
    assert not actions.do_enter_value(a, hp, "2023-Y", "91.2", actor=None).outlier


def _sheet(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã đơn vị", "Tên đơn vị", "Giá trị", "Tử số", "Mẫu số", "Ghi chú"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_sheet_upload_is_all_or_nothing_with_row_errors(ind, users, org_tree):
    data = _sheet([
        ["HP-STP", "Sở Tư pháp", 88, 88, 100, ""],
        ["HP-STTTT", "Sở TT&TT", 140, None, None, ""],
        ["HP-KHONG", "?", 50, None, None, ""],
        ["HP-Q-HONGBANG", "Quận Hồng Bàng", 70, 90, 80, ""],
        ["HP-STP", "Sở Tư pháp", 89, None, None, "lặp"],
    ])  # fmt: skip
    rows = read_value_sheet(data, "TL_HAI_LONG_TTHC", "2022-Y")
    with pytest.raises(DomainError) as exc:
        actions.do_save_values(rows, actor=users["officer"])
    errors = {e["row"]: e["message"] for e in exc.value.details}
    assert set(errors) == {3, 4, 5, 6}, errors
    assert "140" in errors[3] and "HP-KHONG" in errors[4] and "tử số" in errors[5] and "trùng" in errors[6]
    assert not IndicatorValue.objects.exists()
    good = read_value_sheet(
        _sheet([["HP-STP", "", 88, 88, 100, ""], ["HP-Q-HONGBANG", "", "70,5", None, None, ""]]),
        "TL_HAI_LONG_TTHC",
        "2022-Y",
    )
    result = actions.do_save_values(good, actor=users["officer"])
    assert (result.imported, result.updated) == (2, 0)
    assert IndicatorValue.objects.get(unit=org_tree["HP-Q-HONGBANG"]).value == D("70.5")
    # a reporter of Sở Tư pháp cannot upload another unit's row
    with pytest.raises(DomainError):
        actions.do_save_values(good, actor=users["reporter"])


def test_link_suggestion_and_confirmation_on_the_real_plan(hp_plan, shipped):
    from cchc.indicators.models import LinkStatus, TargetIndicator

    n = actions.do_suggest_links(hp_plan, actor=None)
    assert n >= 15
    by_code = set(TargetIndicator.objects.values_list("indicator__code", flat=True))
    assert {
        "TL_SO_HOA_KET_QUA",
        "TL_HS_LUAN_CHUYEN_DIEN_TU",
        "TL_TTHC_THANH_TOAN_TT",
        "TL_HAI_LONG_TTHC",
    } <= by_code
    t = hp_plan.targets.get(text__startswith="Tối thiểu 80% hồ sơ giải quyết TTHC được luân chuyển")
    t.refresh_from_db()
    assert (
        t.indicator_link.indicator.code == "TL_HS_LUAN_CHUYEN_DIEN_TU"
        and t.indicator_link.status == LinkStatus.SUGGESTED
    )
    link = actions.do_link_target(t, Indicator.objects.get(code="TL_HS_TRUC_TUYEN"), actor=None)
    assert link.status == LinkStatus.CONFIRMED and link.indicator.code == "TL_HS_TRUC_TUYEN"


def test_indicator_upload_of_a_hostile_workbook_is_bounded(db):
    from cchc.core.errors import DomainError
    from cchc.domain.testing import hostile_xlsx
    from cchc.indicators.sheets import read_value_sheet

    with pytest.raises(DomainError) as info:
        read_value_sheet(hostile_xlsx.far_cell(), "X", "2022-Y")
    assert "Sheet1" in str(info.value.message)
    rows = read_value_sheet(hostile_xlsx.declared_huge(), "X", "2022-Y")
    assert [r["unit"] for r in rows] == ["HP-STP"]
