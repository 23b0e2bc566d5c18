"""Import of external responses: every row checked, one bad row and nothing is stored."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from cchc.accounts.policy import Forbidden
from cchc.core.errors import DomainError
from cchc.surveys.importing import do_import_responses
from cchc.surveys.models import Channel, Response, UnitResult


def _csv(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_paper_entry_csv_is_imported_whole(open_round, users, org_tree):
    data = _csv(
        [
            "ma_don_vi;ma_phieu;muc_do;thoi_gian;thai_do;ly_do_chua_hl;gop_y",
            "HP-STP;P001;hai_long;hai_long;rat_hai_long;;",
            "Sở Tư pháp;P002;chua_hai_long;hai_long;hai_long;tre_hen di_lai;Chờ lâu",
            "hp-stttt;P003;rat_hai_long;hai_long;hai_long;;",
        ]
    )
    batch = do_import_responses(
        round=open_round, data=data, filename="giay.csv", source="paper", actor=users["officer"]
    )
    assert batch.rows == 3
    assert Response.objects.filter(channel=Channel.IMPORT).count() == 3
    multi = Response.objects.get(external_id="P002").answers.filter(question="ly_do_chua_hl")
    assert sorted(multi.values_list("value", flat=True)) == ["di_lai", "tre_hen"]
    assert UnitResult.objects.get(round=open_round, unit=org_tree["HP-STP"], channel="").overall == 50
    with pytest.raises(DomainError) as again:  # the same file twice: duplicate ids
        do_import_responses(
            round=open_round, data=data, filename="giay.csv", source="paper", actor=users["officer"]
        )
    assert "bị trùng" in " ".join(again.value.details)
    assert Response.objects.count() == 3


def test_one_bad_row_and_nothing_is_stored(open_round, users):
    data = _csv(
        [
            "ma_don_vi,muc_do,thoi_gian,thai_do",
            "HP-STP,hai_long,hai_long,hai_long",
            "HP-STP,tuyet_voi,hai_long,hai_long",
            "Sở Không Có,hai_long,hai_long,hai_long",
            "HP-STP,,hai_long,hai_long",
        ]
    )
    with pytest.raises(DomainError) as info:
        do_import_responses(
            round=open_round, data=data, filename="x.csv", source="paper", actor=users["officer"]
        )
    details = " | ".join(info.value.details)
    assert "Dòng 3" in details and "lựa chọn không có" in details
    assert "Dòng 4" in details and "không thuộc đợt khảo sát" in details
    assert "Dòng 5" in details and "Vui lòng trả lời" in details
    assert not Response.objects.exists()


def test_kobo_xlsx_with_group_paths_and_limesurvey_choice_columns(open_round, users):
    book = Workbook()
    ws = book.active
    ws.append(
        [
            "_id",
            "_submission_time",
            "don_vi",
            "danh_gia/muc_do",
            "danh_gia/thoi_gian",
            "danh_gia/thai_do",
            "ly_do_chua_hl[tre_hen]",
            "ly_do_chua_hl[khac]",
            "ipaddr",
        ]
    )
    ws.append([101, "2026-12-01", "HP-STP", "chua_hai_long", "hai_long", "hai_long", "Y", "", "203.0.113.5"])
    ws.append([102, "2026-12-01", "HP-STP", "hai_long", "hai_long", "hai_long", "", "", "203.0.113.6"])
    buf = io.BytesIO()
    book.save(buf)
    batch = do_import_responses(
        round=open_round, data=buf.getvalue(), filename="kobo.xlsx", source="kobo", actor=users["officer"]
    )
    assert batch.rows == 2
    r = Response.objects.get(external_id="101")
    assert list(r.answers.filter(question="ly_do_chua_hl").values_list("value", flat=True)) == ["tre_hen"]
    assert not r.answers.filter(value__contains="203.0.113").exists()


def test_unknown_columns_unreadable_files_and_permissions(open_round, users):
    with pytest.raises(DomainError) as info:
        do_import_responses(
            round=open_round,
            data=_csv(["ma_don_vi,muc_do,so_cmnd", "HP-STP,hai_long,123"]),
            filename="x.csv",
            source="paper",
            actor=users["officer"],
        )
    assert "so_cmnd" in " ".join(info.value.details)
    with pytest.raises(DomainError):
        do_import_responses(
            round=open_round,
            data=b"PK\x03\x04garbage",
            filename="x.xlsx",
            source="kobo",
            actor=users["officer"],
        )
    with pytest.raises(Forbidden):
        do_import_responses(
            round=open_round,
            data=_csv(["ma_don_vi,muc_do"]),
            filename="x.csv",
            source="paper",
            actor=users["reporter"],
        )
    assert not Response.objects.exists()
