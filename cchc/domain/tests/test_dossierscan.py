"""The DuckDB scan of one-stop dossier exports: counting rules and bad input."""

import pytest

from cchc.domain import dossierscan
from cchc.domain.encoding import encode_cp1258

HEADER = "Mã hồ sơ,TTHC,Lĩnh vực,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Kênh nộp,Trạng thái,Thanh toán trực tuyến,Số hóa,Bổ sung\n"
ROWS = [
    "A1,Đăng ký khai sinh,Hộ tịch,Sở Tư pháp,03/01/2022,05/01/2022,04/01/2022,Trực tuyến,Đã trả kết quả,Có,Có,0",  # early
    "A2,Đăng ký khai sinh,Hộ tịch,Sở Tư pháp,03/01/2022,05/01/2022,05/01/2022,Trực tiếp,Đã trả kết quả,Không,Không,0",  # on time
    "A3,Đăng ký khai sinh,Hộ tịch,Sở Tư pháp,10/01/2022,12/01/2022,20/01/2022,Trực tiếp,Đã trả kết quả,,Có,1",  # late
    "A4,Đăng ký khai sinh,Hộ tịch,Sở Tư pháp,2022-01-20,2022-01-25,,Trực tuyến,Đang xử lý,,Có,0",  # in progress, past due
    "A5,Đăng ký khai sinh,Hộ tịch,Sở Tư pháp,44593,44600,44595,Trực tuyến,Đã trả kết quả,,Có,2",  # Excel serials (02/02/2022): 2 supplements -> late
]


def write(tmp_path, text, name="export.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def test_counts_per_unit_tthc_and_month(tmp_path):
    r = dossierscan.scan(write(tmp_path, HEADER + "\n".join(ROWS) + "\n"), as_of="2022-02-28")
    jan = r.groups[("Sở Tư pháp", "Đăng ký khai sinh", "Hộ tịch", 2022, 1)]
    assert jan["received"] == 4 and jan["early"] == 1 and jan["on_time"] == 1 and jan["late"] == 1
    assert jan["in_progress"] == 1 and jan["in_progress_past_due"] == 1
    assert (
        jan["online"] == 2 and jan["fee_dossiers"] == 2 and jan["paid_online"] == 1 and jan["digitised"] == 3
    )
    feb = r.groups[("Sở Tư pháp", "Đăng ký khai sinh", "Hộ tịch", 2022, 2)]
    assert feb["received"] == 1 and feb["late"] == 1 and feb["supplemented"] == 1
    assert r.months == [(2022, 1), (2022, 2)] and r.rows_read == 5 and not r.rejects


def test_rejects_are_counted_and_named_never_dropped_silently(tmp_path):
    bad = [
        "B1,X,Y,Sở Tư pháp,10/01/2022,05/01/2022,,Trực tiếp,Đang xử lý,,,0",  # due before received
        "B2,X,Y,Sở Tư pháp,31/02/2022,05/03/2022,,Trực tiếp,Đang xử lý,,,0",  # impossible date
        ",X,Y,Sở Tư pháp,10/01/2022,15/01/2022,,Trực tiếp,Đang xử lý,,,0",  # no code
        "A1,X,Y,Sở Tư pháp,03/01/2022,05/01/2022,04/01/2022,Trực tiếp,Đã trả kết quả,,,0",  # duplicate
    ]
    r = dossierscan.scan(write(tmp_path, HEADER + "\n".join(ROWS + bad) + "\n"))
    assert r.rejects == {"due_before_received": 1, "bad_received": 1, "missing_code": 1, "duplicate_code": 1}
    assert r.reject_examples["due_before_received"] == ["B1"] and r.reject_examples["duplicate_code"] == [
        "A1"
    ]
    assert r.rows_read == 9 and r.rows_accepted == 5


def test_missing_or_renamed_columns_are_named(tmp_path):
    text = HEADER.replace("Ngày hẹn trả", "Hạn trả").replace("Cơ quan", "CQ") + ROWS[0] + "\n"
    with pytest.raises(dossierscan.DossierFileError) as exc:
        dossierscan.scan(write(tmp_path, text))
    assert "cơ quan" in str(exc.value) and "ngày hẹn trả" in str(exc.value)
    # a mapping file names the other layout
    r = dossierscan.scan(write(tmp_path, text), mapping={"co_quan": "CQ", "ngay_hen_tra": "Hạn trả"})
    assert r.rows_accepted == 1
    with pytest.raises(dossierscan.DossierFileError, match="Không Có"):
        dossierscan.scan(write(tmp_path, text), mapping={"co_quan": "Không Có", "ngay_hen_tra": "Hạn trả"})


def test_windows_1258_export(tmp_path):
    p = write(tmp_path, encode_cp1258(HEADER + ROWS[0] + "\n"))
    r = dossierscan.scan(p)
    assert r.encoding == "cp1258"
    assert ("Sở Tư pháp", "Đăng ký khai sinh", "Hộ tịch", 2022, 1) in r.groups


def test_empty_header_only_and_oversized_files(tmp_path):
    with pytest.raises(dossierscan.DossierFileError, match="trống"):
        dossierscan.scan(write(tmp_path, ""))
    with pytest.raises(dossierscan.DossierFileError, match="không có hồ sơ"):
        dossierscan.scan(write(tmp_path, HEADER))
    with pytest.raises(dossierscan.DossierFileError, match="quá lớn"):
        dossierscan.scan(write(tmp_path, HEADER + ROWS[0]), max_bytes=100)
    with pytest.raises(dossierscan.DossierFileError):
        dossierscan.scan(write(tmp_path, b"\x00\x01\x02garbage\xff\xfe" * 10))


def test_a_stray_byte_far_into_a_utf8_export_is_refused_naming_its_line(tmp_path):
    """Past the head the upload page checks: DuckDB meets it, the message names the line."""
    import pytest

    from cchc.domain import dossierscan

    head = "Mã hồ sơ,TTHC,Lĩnh vực,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n"
    row = "H{i},Cấp phép,Tư pháp,Sở Tư pháp,03/01/2022,05/01/2022,04/01/2022\n"
    lines = [head] + [row.format(i=i) for i in range(40_000)]
    data = "".join(lines).encode() + b"H-x,C\x81p,T,S,03/01/2022,05/01/2022,04/01/2022\n"
    path = tmp_path / "ho-so.csv"
    path.write_bytes(data)
    assert len(data) > 2 << 20
    assert dossierscan.check_encoding(path, limit_bytes=1 << 20) == "utf-8"  # the head is clean
    with pytest.raises(dossierscan.DossierFileError) as info:
        dossierscan.scan(path)
    assert "dòng 40002 có byte 0x81" in str(info.value)
