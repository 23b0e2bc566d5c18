"""Workbooks are bounded by what they hold, not what they declare: each kind of upload reads a
small file that declares a huge sheet as the small file it is, and refuses one that really holds
too much (rows, columns, empty rows far below the data, inflated size) with a clear message."""

from __future__ import annotations

import pytest

from cchc.domain import dossierscan
from cchc.domain.sheetlimits import INDICATOR_UPLOAD, SheetTooBig, bounded_rows
from cchc.domain.surveys.workbook import WorkbookError, read_sheets, read_table
from cchc.domain.testing import hostile_xlsx


def _sheet(data):
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]


def test_a_declared_huge_sheet_is_read_as_what_it_holds():
    rows = list(bounded_rows(_sheet(hostile_xlsx.declared_huge()), INDICATOR_UPLOAD))
    assert rows == [("Mã đơn vị", "Giá trị"), ("HP-STP", 90)]  # not 16.384 columns wide


def test_a_cell_far_below_the_data_is_refused():
    with pytest.raises(SheetTooBig) as info:
        list(bounded_rows(_sheet(hostile_xlsx.far_cell()), INDICATOR_UPLOAD))
    assert info.value.what in {"rows", "empty_run"} and "Sheet1" in info.value.vietnamese()


def test_questionnaire_and_responses_caps():
    with pytest.raises(WorkbookError) as wide:
        read_sheets(hostile_xlsx.wide_rows(3))
    assert wide.value.code == "too_many_columns"
    with pytest.raises(WorkbookError) as long:
        read_sheets(hostile_xlsx.many_rows(6000))
    assert long.value.code == "too_many_rows"
    with pytest.raises(WorkbookError):
        read_table(hostile_xlsx.far_cell())
    assert read_sheets(hostile_xlsx.many_rows(50))["Sheet1"][49] == ["v1", "v2", "v3", "v4", "v5", "v6"]


def test_dossier_workbook_has_the_same_caps(tmp_path):
    for data, expected in ((hostile_xlsx.far_cell(), "dòng trống"), (hostile_xlsx.wide_rows(5), "cột")):
        path = tmp_path / "x.xlsx"
        path.write_bytes(data)
        with pytest.raises(dossierscan.DossierFileError) as info:
            dossierscan.xlsx_to_csv(path, str(tmp_path))
        assert expected in str(info.value)
