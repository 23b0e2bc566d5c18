"""Criteria sets: loaded from the XLSX template and from a plan's index table; checked; copied forward."""

from __future__ import annotations

import io
from decimal import Decimal as D

import openpyxl
import pytest

from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.parindex import actions, setloader
from cchc.parindex.models import CriteriaSet, Criterion
from cchc.testing.parindex import BANDS, small_rows


def _xlsx(rows, bands=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([c for c, _f in setloader.COLUMNS])
    for r in rows:
        ws.append(r)
    if bands:
        b = wb.create_sheet("Xếp loại")
        b.append(["Xếp loại", "Từ (%)"])
        for row in bands:
            b.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = [
    ["1", "Chỉ đạo điều hành", 3, "", "", "x", "", "Sở Nội vụ", "", ""],
    ["1.1", "Kế hoạch CCHC", "1,5", "tiêu chí", "", "x", "Đúng hạn 1,5 điểm", "", "", ""],
    ["1.2", "Tỷ lệ hồ sơ đúng hạn", 1.5, "", "", "", "", "", "kiem_tra_cchc", "95:1,5; 80:1; khác:0"],
    ["2", "Hài lòng", 7, "", "x", "", "", "", "", "", "SIPAS", "90:7; 80:5; khác:2"],
    ["T", "Điểm thưởng", 1, "thưởng", "", "", "", "", "", ""],
]


def _load(users, org_tree, data, title="X"):
    """The standing officer loads a 2022 department set from a workbook."""
    return actions.do_load_criteria_set_xlsx(
        actor=users["officer"], data=data, province=org_tree["HP"], year=2022, block="department", title=title
    )


def test_template_round_trips(users, org_tree):
    data = setloader.template_xlsx(small_rows(), BANDS)
    cset = _load(users, org_tree, data, title="Bộ 2022")
    assert cset.max_points == D("10") and cset.bands == BANDS
    c = cset.criteria.get(code="1.2.1")
    assert c.parent.code == "1.2" and c.depth == 3 and c.is_leaf and c.rule["method"] == "thresholds"
    assert cset.criteria.get(code="2.1").survey and not cset.criteria.get(code="1.2").is_leaf
    assert AuditEvent.objects.filter(model="parindex.criteriaset", object_id=str(cset.pk)).exists()


def test_xlsx_with_decimal_commas_rules_and_bands(users, org_tree):
    data = _xlsx(GOOD, bands=[["Tốt", 90], ["Khá", "80"]])
    cset = actions.do_load_criteria_set_xlsx(
        actor=users["officer"], data=data, province=org_tree["HP"], year=2023, block="district", title="X"
    )
    assert cset.max_points == D("10")  # the bonus node is outside the 10 points
    assert cset.criteria.get(code="1.1").max_points == D("1.5")
    assert cset.criteria.get(code="1.2").rule["thresholds"][0] == {"min": "95", "points": "1.5"}
    assert cset.criteria.get(code="T").kind == "bonus"
    assert [b["label"] for b in cset.bands] == ["Tốt", "Khá"]
    survey = cset.criteria.get(code="2")
    assert survey.survey_source == "sipas" and survey.survey_rule["thresholds"][0] == {
        "min": "90",
        "points": "7",
    }


@pytest.mark.parametrize(
    "rows,needle",
    [
        (
            [["1", "A", 3, "", "", "", "", "", "", ""], ["1.1", "B", 1, "", "", "", "", "", "", ""]],
            "tổng điểm tối đa",
        ),
        ([["1", "A", 1, "", "", "", "", "", "", ""], ["1", "B", 1, "", "", "", "", "", "", ""]], "bị trùng"),
        ([["", "A", 1, "", "", "", "", "", "", ""]], "thiếu mã"),
        (
            [["1", "A", 1, "", "", "", "", "", "", ""], ["3.1", "B", 1, "", "", "", "", "", "", ""]],
            "tiêu chí cha",
        ),
        ([["1", "A", "abc", "", "", "", "", "", "", ""]], "điểm tối đa"),
        ([["1", "A", 1, "gì đó", "", "", "", "", "", ""]], "loại"),
        ([["1", "A", 1, "", "", "", "", "", "x", "95"]], "quy tắc"),
        # a survey leaf must name where its points come from
        ([["1", "A", 1, "", "x", "", "", "", "", ""]], "chưa nêu nguồn điểm"),
        ([["1", "A", 1, "", "x", "", "", "", "", "", "báo chí"]], "nguồn điểm điều tra"),
        # a pre-fill rule must name a real indicator: the unknown codes are listed
        (
            [["1", "A", 1, "", "", "", "", "", "ho_so_dung_han", "95:1; khác:0"]],
            "chỉ tiêu “ho_so_dung_han” không có trong danh mục",
        ),
    ],
)
def test_bad_xlsx_is_refused_and_nothing_is_stored(users, org_tree, rows, needle):
    with pytest.raises(DomainError) as exc:
        _load(users, org_tree, _xlsx(rows))
    text = " ".join([str(exc.value.message), *map(str, exc.value.details)])
    assert needle in text
    assert CriteriaSet.objects.count() == 0 and Criterion.objects.count() == 0


@pytest.mark.parametrize(
    "data", [b"", b"not a spreadsheet", b"PK\x03\x04garbage", "Mã;Nội dung".encode("utf-16")]
)
def test_not_an_xlsx(users, org_tree, data):
    with pytest.raises(DomainError):
        _load(users, org_tree, data)
    assert CriteriaSet.objects.count() == 0


def test_missing_required_columns(users, org_tree):
    wb = openpyxl.Workbook()
    wb.active.append(["Tên", "Điểm"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DomainError) as exc:
        _load(users, org_tree, out.getvalue())
    assert exc.value.code == "columns"


def test_only_the_standing_agency_loads_sets(users, org_tree):
    for role in ("reporter", "head", "council", "leader", "dn_officer"):
        with pytest.raises(Forbidden):
            actions.do_load_criteria_set(
                actor=users[role],
                province=org_tree["HP"],
                year=2022,
                block="department",
                title="X",
                rows=small_rows(),
            )
    assert CriteriaSet.objects.count() == 0


def test_copy_forward_with_changes(users, org_tree):
    src = actions.do_load_criteria_set(
        actor=None,
        province=org_tree["HP"],
        year=2022,
        block="department",
        title="Bộ chỉ số 2022",
        rows=small_rows(),
        bands=BANDS,
    )
    nxt = actions.do_copy_criteria_set(
        actor=users["officer"],
        source=src,
        year=2023,
        changes={
            "1.1": {"max_points": "1"},
            "1": {"max_points": "5"},
            "2.2": {"max_points": "2"},
            "2": {"max_points": "5"},
        },
    )
    assert nxt.year == 2023 and nxt.title == "Bộ chỉ số 2023" and nxt.copied_from == src
    assert nxt.criteria.get(code="2.2").max_points == D("2") and nxt.max_points == D("10")
    # a change that breaks the totals is refused as a whole
    with pytest.raises(DomainError):
        actions.do_copy_criteria_set(
            actor=users["officer"], source=src, year=2024, changes={"1.1": {"max_points": 3}}
        )
    assert CriteriaSet.objects.filter(year=2024).count() == 0
    # removing a sub-tree and its parent's points together is fine
    n3 = actions.do_copy_criteria_set(
        actor=users["officer"],
        source=src,
        year=2025,
        changes={
            "1.2.2": None,
            "1.2": {"max_points": 2},
            "1": {"max_points": 4},
            "2": {"max_points": 6},
            "2.2": {"max_points": 3},
        },
    )
    assert not n3.criteria.filter(code="1.2.2").exists() and n3.max_points == D("10")


@pytest.fixture
def hanoi_plan(db, org_tree, seed_text):
    from cchc.domain.planparse.api import parse_text
    from cchc.plans.actions import do_commit_plan

    interchange = parse_text(seed_text("003"))
    return do_commit_plan(actor=None, interchange=interchange, province=org_tree["HP"])


@pytest.fixture
def seed_text():
    from cchc.testing.seeds import seed_path

    return lambda prefix: seed_path(prefix).read_text(encoding="utf-8")


def test_hanoi_192_table_becomes_a_set_in_one_step(users, org_tree, hanoi_plan, monkeypatch):
    # the plan lists only some sub-criteria of 7.1 and 7.2: as it is, the tree check refuses it
    with pytest.raises(DomainError) as exc:
        actions.do_load_criteria_set_from_plan(
            actor=users["officer"], plan=hanoi_plan, block="department", province=org_tree["HP"]
        )
    assert any("7.1" in str(d) for d in exc.value.details)
    cset = actions.do_load_criteria_set_from_plan(
        actor=users["officer"],
        plan=hanoi_plan,
        block="department",
        province=org_tree["HP"],
        year=2022,
        survey_codes={"8.1": "sipas"},
        fill_gaps=True,
        is_stand_in=True,
    )
    assert cset.max_points == D("100") and cset.is_stand_in and cset.source_plan == hanoi_plan
    assert cset.criteria.get(code="3.4").max_points == D("5")
    assert cset.criteria.get(code="3.4").lead_text == "Văn phòng UBND Thành phố"
    rest = cset.criteria.get(code="7.1.0")
    assert rest.max_points == D("5.25") and "không liệt kê" in rest.title
    assert cset.criteria.get(code="8.1").survey and cset.criteria.get(code="8.1").survey_source == "sipas"
    assert cset.criteria.filter(depth=1).count() == 8
