"""Org trees come in as CSV or XLSX; a bad file is rejected whole with row-level errors."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.domain.encoding import encode_cp1258
from cchc.orgs.importing import do_import_orgs, export_units
from cchc.orgs.models import OrgGroup, OrgUnit, UnitSuccession

HEADER = "code,parent_code,level,kind,name,short_name,aliases,valid_from,valid_to,successor_codes\n"
GOOD = HEADER + (
    "QN,,province,province,Tỉnh Quảng Ninh,,,,,\n"
    "QN-SNV,QN,department,department,Sở Nội vụ,SNV,Sở NV,,,\n"
    "QN-STTTT,QN,department,department,Sở Thông tin và Truyền thông,Sở TT&TT,STTTT,,2025-02-28,QN-SKHCN\n"
    "QN-SKHCN,QN,department,department,Sở Khoa học và Công nghệ,,,,,\n"
    "QN-H-BACHE,QN,district,rural_district,Huyện Ba Chẽ,,,,2025-06-30,\n"
)


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1258"])
def test_csv_in_any_accepted_encoding_imports_the_same_tree(encoding):
    data = encode_cp1258(GOOD) if encoding == "cp1258" else GOOD.encode(encoding)  # utf-16-le: no BOM
    result = do_import_orgs(actor=None, data=data, filename="units.csv")
    assert result.created == 5
    snv = OrgUnit.objects.get(code="QN-SNV")
    assert snv.name == "Sở Nội vụ" and snv.parent.code == "QN" and snv.province.code == "QN"
    assert snv.aliases == ["Sở NV"]
    assert UnitSuccession.objects.get(predecessor__code="QN-STTTT").successor.code == "QN-SKHCN"


@pytest.mark.django_db
def test_malformed_rows_reject_the_whole_file_with_row_errors():
    bad = HEADER + (
        "QN,,province,province,Tỉnh Quảng Ninh,,,,,\n"
        "QN-SNV,QN,department,department,Sở Nội vụ,,,,,\n"
        "QN-X,QN-MISSING,department,department,Sở X,,,,,\n"
        "QN-Y,QN,cap-la,department,Sở Y,,,,,\n"
        "QN-Z,QN,department,department,Sở Z,,,31/02/2024,,\n"
    )
    with pytest.raises(DomainError) as exc:
        do_import_orgs(actor=None, data=bad.encode(), filename="units.csv")
    details = "\n".join(exc.value.details)
    assert "Dòng 4" in details and "QN-MISSING" in details
    assert "Dòng 5" in details and "cap-la" in details
    assert "Dòng 6" in details and "31/02/2024" in details
    assert OrgUnit.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [b"", b"   \n", b"\x00\x01\x02\x03" * 500, b"PK\x03\x04garbage"])
def test_empty_binary_or_corrupt_files_are_refused(payload):
    with pytest.raises(DomainError):
        do_import_orgs(actor=None, data=payload, filename="units.csv")
    assert OrgUnit.objects.count() == 0


@pytest.mark.django_db
def test_missing_columns_are_reported():
    with pytest.raises(DomainError) as exc:
        do_import_orgs(actor=None, data=b"code,name\nX,Y\n", filename="u.csv")
    assert "level" in str(exc.value.message)


@pytest.mark.django_db
def test_reimport_updates_and_audits_only_changes():
    do_import_orgs(actor=None, data=GOOD.encode(), filename="units.csv")
    changed = GOOD.replace("Huyện Ba Chẽ", "Huyện Ba Chẽ (cũ)")
    result = do_import_orgs(actor=None, data=changed.encode(), filename="units.csv")
    assert result.created == 0 and result.updated == 1
    event = AuditEvent.objects.filter(model="orgs.orgunit", action="update").get()
    assert event.changes["name"] == ["Huyện Ba Chẽ", "Huyện Ba Chẽ (cũ)"]


@pytest.mark.django_db
def test_xlsx_round_trip_and_groups():
    do_import_orgs(actor=None, data=GOOD.encode(), filename="units.csv")
    data = export_units("xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]][:5] == ["code", "parent_code", "level", "kind", "name"]
    wb = Workbook()
    sheet = wb.active
    sheet.append(["key", "province_code", "name", "aliases", "levels", "kinds", "member_codes"])
    sheet.append(["QN:so", "QN", "Các Sở, ban, ngành", "Sở, ngành", "department", "", ""])
    sheet.append(["QN:huyen", "QN", "UBND các huyện", "", "district", "", ""])
    out = io.BytesIO()
    wb.save(out)
    result = do_import_orgs(
        actor=None, data=data, filename="u.xlsx", groups_data=out.getvalue(), groups_filename="g.xlsx"
    )
    assert result.created == 0 and result.groups == 2
    group = OrgGroup.objects.get(key="QN:huyen")
    assert [u.code for u in group.members_at(dt.date(2024, 1, 1))] == ["QN-H-BACHE"]
    assert list(group.members_at(dt.date(2025, 7, 2))) == []  # districts abolished in 2025


@pytest.mark.django_db
def test_import_orgs_command_reports_errors_and_imports(tmp_path, capsys):
    good = tmp_path / "units.csv"
    good.write_bytes(encode_cp1258(GOOD))
    call_command("import_orgs", str(good))
    assert OrgUnit.objects.filter(code__startswith="QN").count() == 5
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "ZZ,NOPE,province,province,X,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="NOPE"):
        call_command("import_orgs", str(bad))


@pytest.mark.django_db
def test_demo_org_data_loads_with_groups_and_history():
    from cchc.orgs.demo import load_orgs

    load_orgs()
    hp = OrgUnit.objects.get(code="HP")
    assert OrgUnit.objects.filter(province=hp, level="district").count() >= 15
    assert OrgUnit.objects.filter(province=hp, level="department").count() >= 15
    districts = OrgGroup.objects.get(key="HP:cap-huyen")
    assert districts.members_at(dt.date(2022, 1, 1)).count() >= 15
    for code in ("DN", "HN", "HD", "VP"):
        assert OrgUnit.objects.filter(code=code).exists(), code


@pytest.mark.django_db
def test_finance_agencies_are_flagged_by_the_org_data_and_exported():
    from cchc.orgs.demo import load_orgs

    load_orgs()
    flagged = set(OrgUnit.objects.filter(is_finance_agency=True).values_list("code", flat=True))
    assert {"HP-STC", "DN-STC", "HN-STC"} <= flagged
    assert all(code.endswith("-STC") for code in flagged)
    text = export_units("csv").decode()
    header, *rows = text.splitlines()
    assert header.endswith(",finance_agency")
    assert next(r for r in rows if r.startswith("HP-STC,")).endswith(",1")
    # a file without the column leaves the flag as it is
    data = "code,parent_code,level,kind,name\nHP-STC,HP,department,department,Sở Tài chính\n".encode()
    do_import_orgs(actor=None, data=data, filename="u.csv")
    assert OrgUnit.objects.get(code="HP-STC").is_finance_agency
