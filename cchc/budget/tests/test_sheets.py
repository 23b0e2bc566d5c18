"""The estimate workbook: the template, and its import all or nothing (budget.sheets,
actions.do_import_estimate_xlsx)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.budget.actions import do_import_estimate_xlsx, do_submit_estimate
from cchc.budget.models import BudgetEstimate
from cchc.budget.sheets import HEADER, estimate_template
from cchc.core.errors import DomainError

pytestmark = pytest.mark.django_db


def _book(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Dự toán"
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _import(world, data, who="reporter", unit="HP-STP"):
    return do_import_estimate_xlsx(world["round"], world["units"][unit], data, actor=world["users"][who])


def test_the_template_lists_the_units_tasks_and_reads_back(world):
    data = estimate_template(world["round"], world["units"]["HP-STP"])
    ws = load_workbook(io.BytesIO(data))["Dự toán"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    titles = [r[1] for r in rows[1:] if r[0] and str(r[0]).startswith("NV")]
    t = world["tasks"]
    assert t["law"].title in titles and t["yearly"].title in titles and t["digital"].title not in titles
    # the unit fills two tasks, adds other work and the total
    ws.cell(row=2, column=3, value="Ngân sách cấp tỉnh")
    ws.cell(row=2, column=4, value=300_000_000)
    ws.cell(row=3, column=3, value="province")
    ws.cell(row=3, column=4, value="200.000.000")
    ws.insert_rows(ws.max_row)
    ws.cell(row=ws.max_row - 1, column=2, value="Tập huấn nghiệp vụ CCHC")
    ws.cell(row=ws.max_row - 1, column=3, value="Nguồn khác")
    ws.cell(row=ws.max_row - 1, column=4, value=50_000_000.0)
    ws.cell(row=ws.max_row, column=4, value=550_000_000)
    buf = io.BytesIO()
    ws.parent.save(buf)
    est = _import(world, buf.getvalue())
    assert est.declared_total == Decimal(550_000_000)
    assert sorted(ln.requested for ln in est.lines.all()) == [50_000_000, 200_000_000, 300_000_000]
    assert est.lines.get(task=None).description == "Tập huấn nghiệp vụ CCHC"
    assert AuditEvent.objects.filter(object_id=str(est.pk), note="Nhập dự toán từ tệp Excel").exists()
    do_submit_estimate(est, actor=world["users"]["head"])  # a complete estimate, ready to send


def _rows(world, **override):
    law, yearly = world["tasks"]["law"], world["tasks"]["yearly"]
    rows = {
        "law": [f"NV{law.pk}", law.title, "Ngân sách cấp tỉnh", 300_000_000],
        "yearly": [f"NV{yearly.pk}", yearly.title, "Ngân sách cấp tỉnh", 200_000_000],
        "other": ["", "Tập huấn", "Nguồn khác", 50_000_000],
        "total": ["Tổng cộng", "", "", 550_000_000],
    }
    rows.update(override)
    return [r for r in rows.values() if r is not None]


@pytest.mark.parametrize(
    ("override", "row", "words"),
    [
        ({"law": ["NV{law}", "x", "Ngân sách cấp tỉnh", "=100000000*3"]}, 2, "công thức"),
        ({"yearly": ["NV{yearly}", "x", "Ngân sách cấp tỉnh", "khoảng 200 triệu"]}, 3, "chứa chữ"),
        ({"yearly": ["NV{yearly}", "x", "Ngân sách cấp tỉnh", -200_000_000]}, 3, "không được âm"),
        ({"yearly": ["NV{yearly}", "x", "Ngân sách cấp tỉnh", 200_000_000.5]}, 3, "số lẻ"),
        ({"yearly": ["NV{yearly}", "x", "Ngân sách cấp tỉnh", "200.000.000,5"]}, 3, "số lẻ"),
        ({"other": ["", "Tập huấn", "Ngân hàng", 50_000_000]}, 4, "nguồn kinh phí “Ngân hàng”"),
        ({"other": ["", "", "Nguồn khác", 50_000_000]}, 4, "phải ghi nội dung"),
        ({"other": ["NV999999999", "", "Nguồn khác", 50_000_000]}, 4, "không có nhiệm vụ này"),
        ({"other": ["NV{digital}", "", "Nguồn khác", 50_000_000]}, 4, "không giao cho đơn vị Sở Tư pháp"),
        ({"other": ["Mục 3", "", "Nguồn khác", 50_000_000]}, 4, "không đúng mẫu"),
        ({"other": ["", "Tập huấn", "Nguồn khác", None]}, 4, "Chưa nhập số tiền"),
        ({"total": ["Tổng cộng", "", "", 560_000_000]}, None, "không khớp với tổng các dòng"),
        ({"total": ["Tổng cộng", "", "", "=SUM(D2:D4)"]}, 5, "công thức"),
    ],
)
def test_a_bad_workbook_is_refused_with_its_row_and_nothing_is_saved(world, counts, override, row, words):
    ids = {k: world["tasks"][k].pk for k in ("law", "yearly", "digital")}
    override = {
        k: [str(c).format(**ids) if isinstance(c, str) else c for c in v] for k, v in override.items()
    }
    before = counts()
    with pytest.raises(DomainError) as err:
        _import(world, _book(_rows(world, **override)))
    text = " | ".join(err.value.details) if err.value.details else err.value.message
    assert words in text
    if row is not None:
        assert any(d.startswith(f"Dòng {row}:") and words in d for d in err.value.details)
    assert counts() == before


def test_every_error_of_the_file_is_listed_in_row_order(world, counts):
    rows = _rows(
        world,
        law=[f"NV{world['tasks']['law'].pk}", "", "Ngân sách cấp tỉnh", "=1+1"],
        other=["", "Tập huấn", "Ngân hàng", -1],
    )
    before = counts()
    with pytest.raises(DomainError) as err:
        _import(world, _book(rows))
    assert [d.split(":")[0] for d in err.value.details] == ["Dòng 2", "Dòng 4"]
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"not a workbook", "không phải Excel"),
        (b"PK\x03\x04garbage", "Không đọc được"),
        ("header", "Dòng đầu phải là tiêu đề"),
        ("empty", "không có dòng dự toán"),
    ],
)
def test_files_that_are_not_the_template(world, counts, data, words):
    if data == "header":
        data = _book([["x"]], header=["A", "B", "C", "D"])
    elif data == "empty":
        data = _book([])
    before = counts()
    with pytest.raises(DomainError) as err:
        _import(world, data)
    assert words in (err.value.message + " ".join(err.value.details))
    assert counts() == before


def test_a_huge_sheet_is_refused(world, counts):
    rows = [["", f"Việc {i}", "Nguồn khác", 1] for i in range(1_100)]
    before = counts()
    with pytest.raises(DomainError, match="quá"):
        _import(world, _book(rows))
    assert counts() == before


def test_import_is_for_the_units_people_and_replaces_a_draft_only(world, counts):
    before = counts()
    with pytest.raises(Forbidden):
        _import(world, _book(_rows(world)), who="other_reporter")
    assert counts() == before
    est = _import(world, _book(_rows(world)))
    again = _import(world, _book(_rows(world, other=None, total=["Tổng cộng", "", "", 500_000_000])))
    assert again.pk == est.pk and again.lines.count() == 2
    do_submit_estimate(again, actor=world["users"]["head"])
    before = counts()
    with pytest.raises(DomainError, match="không sửa được"):
        _import(world, _book(_rows(world)))
    assert counts() == before
    assert BudgetEstimate.objects.count() == 1
