"""Scan one-stop dossier exports with DuckDB and aggregate them per unit, TTHC, field and month.

The one-stop system (hệ thống thông tin giải quyết TTHC) exports one row per dossier. The scan
never loops over rows in Python: DuckDB reads the CSV (XLSX is first streamed to CSV), types
the columns, counts the rejects by reason and groups the rest. Only the aggregates leave here.

Columns as such exports name them (matched accent- and case-insensitively): mã hồ sơ, TTHC,
lĩnh vực, cơ quan, ngày tiếp nhận, ngày hẹn trả, ngày có kết quả, kênh nộp, trạng thái,
thanh toán trực tuyến, số hóa, bổ sung. Another layout gives a mapping ``{field: header}``.

Dates: ``dd/mm/yyyy`` (with or without a time), ISO ``yyyy-mm-dd``, or Excel serial numbers.

Counting rules (METHODOLOGY.md §5.4, [O]; our reading where the rule is silent, documented in
docs/indicators.md): a dossier belongs to the month it was received; it is finished when it has a
result date; early = result date before the due date, on time = on the due date, late = after it
or with more than one supplement request; an unfinished dossier is past due when its due date is
before ``as_of`` (the export's last date unless given).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cchc.domain.text import fold

FIELDS = {
    "ma_ho_so": ("mã hồ sơ", "ma ho so", "mahoso", "số hồ sơ"),
    "tthc": ("tthc", "thủ tục hành chính", "tên thủ tục", "mã tthc", "thủ tục"),
    "linh_vuc": ("lĩnh vực",),
    "co_quan": ("cơ quan", "đơn vị", "cơ quan giải quyết", "cơ quan thực hiện"),
    "ngay_tiep_nhan": ("ngày tiếp nhận", "ngày nhận"),
    "ngay_hen_tra": ("ngày hẹn trả", "ngày hẹn trả kết quả", "hạn xử lý"),
    "ngay_co_ket_qua": ("ngày có kết quả", "ngày trả kết quả", "ngày hoàn thành"),
    "kenh_nop": ("kênh nộp", "hình thức nộp", "kênh"),
    "trang_thai": ("trạng thái",),
    "thanh_toan_truc_tuyen": ("thanh toán trực tuyến", "thanh toán"),
    "so_hoa": ("số hóa", "số hoá"),
    "bo_sung": ("bổ sung", "số lần bổ sung"),
}
REQUIRED = ("ma_ho_so", "tthc", "co_quan", "ngay_tiep_nhan", "ngay_hen_tra")
FIELD_LABELS = {k: v[0] for k, v in FIELDS.items()}
COUNTS = (
    "received",
    "finished",
    "early",
    "on_time",
    "late",
    "in_progress",
    "in_progress_past_due",
    "online",
    "fee_dossiers",
    "paid_online",
    "digitised",
    "supplemented",
)
REJECT_REASONS = {
    "missing_code": "thiếu mã hồ sơ",
    "missing_unit": "thiếu cơ quan",
    "bad_received": "ngày tiếp nhận trống hoặc không đọc được",
    "bad_due": "ngày hẹn trả trống hoặc không đọc được",
    "bad_result": "ngày có kết quả không đọc được",
    "due_before_received": "ngày hẹn trả trước ngày tiếp nhận",
    "result_before_received": "ngày có kết quả trước ngày tiếp nhận",
    "duplicate_code": "mã hồ sơ trùng (chỉ tính một lần)",
    "unknown_unit": "cơ quan không có trong danh mục",
}
DEFAULT_MAX_BYTES = 2 * 1024**3
PIN = "OFFSET 0"


class DossierFileError(ValueError):
    """The export cannot be read at all (the message says why); nothing is ingested."""


@dataclass
class ScanResult:
    """Aggregates ``{(unit_text, tthc, linh_vuc, year, month): {count: n}}`` and the rejects."""

    rows_read: int = 0
    groups: dict = field(default_factory=dict)
    rejects: dict[str, int] = field(default_factory=dict)
    reject_examples: dict[str, list[str]] = field(default_factory=dict)
    months: list[tuple[int, int]] = field(default_factory=list)
    encoding: str = "utf-8"
    as_of: str = ""

    @property
    def rows_accepted(self) -> int:
        return sum(g["received"] for g in self.groups.values())


def header_key(text: str) -> str:
    return " ".join(fold(text or "").replace("_", " ").split())


def map_columns(headers: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{field: header as in the file}``; raises :class:`DossierFileError` naming every missing
    required column (and, with a mapping, the mapped headers not found)."""
    by_key = {header_key(h): h for h in headers}
    out: dict[str, str] = {}
    problems = []
    for name, aliases in FIELDS.items():
        if mapping and name in mapping:
            wanted = mapping[name]
            hit = by_key.get(header_key(wanted))
            if hit is None:
                problems.append(f"“{wanted}” (cho cột {FIELD_LABELS[name]})")
            else:
                out[name] = hit
            continue
        for alias in (name.replace("_", " "), *aliases):
            hit = by_key.get(header_key(alias))
            if hit is not None:
                out[name] = hit
                break
    missing = [FIELD_LABELS[n] for n in REQUIRED if n not in out and not (mapping and n in mapping)]
    if missing or problems:
        parts = []
        if missing:
            parts.append("thiếu cột: " + ", ".join(missing))
        if problems:
            parts.append("không thấy cột theo tệp ánh xạ: " + ", ".join(problems))
        raise DossierFileError(
            "Tệp hồ sơ " + "; ".join(parts) + ". Các cột đọc được: " + ", ".join(headers[:30])
        )
    return out


def _date_sql(col: str) -> str:
    """A DATE from dd/mm/yyyy[ hh:mm[:ss]], yyyy-mm-dd[ …] or an Excel serial; NULL otherwise.

    The common case (a bare dd/mm/yyyy) is one ``try_strptime`` on the raw text; the other forms
    (a time after the date, spaces, ISO, Excel serials) are tried only for what it did not read."""
    c = f"trim({col})"
    fast = f"try_strptime({col}, '%d/%m/%Y')"
    # CASE, not coalesce: DuckDB evaluates a CASE's later branches only for the rows still open
    return (
        f"CASE WHEN {fast} IS NOT NULL THEN CAST({fast} AS DATE) "
        f"WHEN {c} = '' THEN NULL "
        f"WHEN {c} SIMILAR TO '[0-9]{{1,2}}/[0-9]{{1,2}}/[0-9]{{4}}.*' THEN "
        f"CAST(try_strptime(split_part({c}, ' ', 1), '%d/%m/%Y') AS DATE) "
        f"WHEN {c} SIMILAR TO '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}.*' THEN TRY_CAST(left({c}, 10) AS DATE) "
        f"WHEN {c} SIMILAR TO '[0-9]{{5}}([.][0-9]+)?' THEN "
        f"CAST(DATE '1899-12-30' + CAST(floor(CAST({c} AS DOUBLE)) AS INTEGER) AS DATE) "
        "ELSE NULL END"
    )


_YES = ("Có", "có", "CÓ", "Co", "co", "x", "X", "1", "2", "true", "TRUE", "True", "yes", "Yes",
        "Đã số hóa", "đã số hóa", "Đã thanh toán", "đã thanh toán")  # fmt: skip


def _flag_sql(col: str) -> str:
    """Yes-like cells, compared as written (no per-row lowercasing: exports use a few spellings)."""
    return f"(coalesce({col}, '') IN ({', '.join(repr(v) for v in _YES)}))"


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CP1258_UNDEFINED = frozenset(b"\x81\x8a\x8d\x8e\x8f\x90\x9a\x9d\x9e")
RESAVE = "Hãy mở tệp bằng Excel và lưu lại dạng CSV UTF-8 (hoặc .xlsx) rồi tải lên lại."


def check_format(path: Path) -> str:
    """``"xlsx"`` or ``"csv"``; refuses at once what is neither (legacy .xls, PDF, other binary)."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if head.startswith(OLE2_MAGIC):
        raise DossierFileError(
            "Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở tệp bằng Excel và lưu thành .xlsx "
            "hoặc CSV UTF-8 rồi tải lên lại."
        )
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"%PDF"):
        raise DossierFileError("Tệp PDF không phải bảng số liệu hồ sơ. " + RESAVE)
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DossierFileError("Tệp không phải bảng CSV (có ký tự nhị phân). " + RESAVE)
    return "csv"


def check_encoding(path: Path, limit_bytes: int | None = None) -> str:
    """The encoding of a CSV export, checked over the WHOLE file: ``utf-8`` (with or without a
    BOM), ``utf-16`` (BOM) or ``cp1258`` (a legacy Windows file with no UTF-8 sequence at all).
    Bytes that are not valid in the file's encoding are refused naming the line. ``limit_bytes``:
    check only the head (the upload page; the scan finds a later bad byte through DuckDB)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, utf8_seen, failure = 1, False, None
    budget = limit_bytes if limit_bytes is not None else 1 << 62
    with open(path, "rb") as fh:
        while budget > 0 and (chunk := fh.read(min(1 << 20, budget))):
            budget -= len(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                utf8_seen = utf8_seen or not chunk[: exc.start].isascii()
                failure = (line + chunk.count(b"\n", 0, exc.start), chunk[exc.start], utf8_seen)
                break
            line += chunk.count(b"\n")
            utf8_seen = utf8_seen or not chunk.isascii()
        else:
            try:
                if budget > 0:  # the whole file was read: a sequence cut at its very end is an error
                    decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                failure = (line, 0, utf8_seen)
    if failure is None:
        return "utf-8"
    bad_line, byte, utf8_seen = failure
    if utf8_seen:  # valid UTF-8 letters before: a UTF-8 file with a stray byte
        raise DossierFileError(
            f"Tệp không đúng mã UTF-8: dòng {bad_line} có byte 0x{byte:02X} không hợp lệ. " + RESAVE
        )
    line = 1
    budget = limit_bytes if limit_bytes is not None else 1 << 62
    with open(path, "rb") as fh:  # a legacy single-byte file: every byte must be Windows-1258
        while budget > 0 and (chunk := fh.read(min(1 << 20, budget))):
            budget -= len(chunk)
            hits = [i for i in (chunk.find(bytes([b])) for b in CP1258_UNDEFINED) if i >= 0]
            if hits:
                bad = min(hits)
                bad_line = line + chunk.count(b"\n", 0, bad)
                raise DossierFileError(
                    f"Tệp không đúng mã UTF-8 hay Windows-1258: dòng {bad_line} "
                    f"có byte 0x{chunk[bad]:02X} không hợp lệ. " + RESAVE
                )
            line += chunk.count(b"\n")
    return "cp1258"


def check_file(path: Path, limit_bytes: int | None = 8 << 20) -> str:
    """What the upload page checks before queueing: the format and, for CSV, the encoding of
    the first ``limit_bytes`` (the worker's scan checks the rest)."""
    kind = check_format(path)
    return "xlsx" if kind == "xlsx" else check_encoding(path, limit_bytes)


def _transcode(path: Path, encoding: str, tmpdir: str) -> Path:
    """Stream a Windows-1258 / UTF-16 file into UTF-8 (NFC), chunk by chunk."""
    out = Path(tmpdir) / "utf8.csv"
    with (
        open(path, encoding=encoding, newline="") as src,
        open(out, "w", encoding="utf-8", newline="") as dst,
    ):
        while True:
            lines = src.readlines(1 << 22)
            if not lines:
                break
            dst.write(unicodedata.normalize("NFC", "".join(lines)))
    return out


def xlsx_to_csv(path: Path, tmpdir: str) -> Path:
    """Stream the first sheet of an XLSX export to a CSV file (openpyxl read-only), bounded by
    what the sheet holds (``sheetlimits.DOSSIER_WORKBOOK``), not by the size it declares."""
    import datetime as dt

    from openpyxl import load_workbook

    from cchc.domain.sheetlimits import DOSSIER_WORKBOOK, SheetTooBig, bounded_rows, check_zip

    out = Path(tmpdir) / "sheet.csv"
    try:
        check_zip(path, DOSSIER_WORKBOOK)
        wb = load_workbook(path, read_only=True, data_only=True)
    except SheetTooBig as exc:
        raise DossierFileError(exc.vietnamese()) from None
    except Exception as exc:
        raise DossierFileError(f"Không đọc được tệp Excel: {exc.__class__.__name__}") from None
    ws = wb.worksheets[0]
    try:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            for row in bounded_rows(ws, DOSSIER_WORKBOOK):
                writer.writerow(
                    [
                        v.strftime("%d/%m/%Y")
                        if isinstance(v, dt.date | dt.datetime)
                        else ("" if v is None else str(v))
                        for v in row
                    ]
                )
    except SheetTooBig as exc:
        raise DossierFileError(exc.vietnamese() + " Hãy xuất theo từng khoảng thời gian (CSV).") from None
    finally:
        wb.close()
    return out


def scan(
    path: str | os.PathLike,
    *,
    mapping: Mapping[str, str] | None = None,
    as_of: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    memory_limit: str = "1GB",
    threads: int | None = None,
    on_connection=None,
) -> ScanResult:
    """Read one export and return its aggregates and rejects. Raises :class:`DossierFileError`."""
    import duckdb

    path = Path(path)
    if not path.is_file():
        raise DossierFileError(f"Không thấy tệp {path.name}.")
    size = path.stat().st_size
    if size == 0:
        raise DossierFileError(f"Tệp {path.name} trống.")
    if size > max_bytes:
        raise DossierFileError(
            f"Tệp {path.name} quá lớn ({size / 1024**3:.1f} GB; tối đa {max_bytes / 1024**3:.1f} GB): "
            "hãy xuất theo từng khoảng thời gian."
        )
    kind = check_format(path)
    with tempfile.TemporaryDirectory(prefix="cchc-dossiers-") as tmpdir:
        src = path
        if kind == "xlsx":
            src = xlsx_to_csv(path, tmpdir)
            encoding = "xlsx"
        else:
            # the head decides the encoding; DuckDB validates UTF-8 as it reads (no second pass),
            # and a bad byte anywhere is then located by check_encoding for the message
            encoding = check_encoding(path, limit_bytes=1 << 20)
            if encoding != "utf-8":
                try:
                    src = _transcode(path, encoding, tmpdir)
                except UnicodeError:
                    check_encoding(path)  # raises, naming the line
                    raise
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": tmpdir})
        if on_connection:  # e.g. a time limit that interrupts the scan
            on_connection(con)
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        try:
            result = _scan(con, src, mapping, as_of)
        except duckdb.Error as exc:
            if encoding == "utf-8" and "unicode" in str(exc).lower():
                check_encoding(path)  # raises the Vietnamese message with the line
            raise DossierFileError(f"Không đọc được tệp {path.name} như bảng CSV: {str(exc)[:300]}") from None
        finally:
            con.close()
        result.encoding = encoding
        return result


def _scan(con, src: Path, mapping, as_of) -> ScanResult:
    read = (
        f"read_csv('{str(src).replace(chr(39), chr(39) * 2)}', header = true, all_varchar = true, "
        "sample_size = 20480, null_padding = true, ignore_errors = false)"
    )
    headers = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {read}").fetchall()]
    if not headers or headers == ["column0"]:
        raise DossierFileError("Tệp không có dòng tiêu đề cột.")
    cols = map_columns(headers, mapping)

    q = _quoter(cols)
    code = q("ma_ho_so")
    # Codes that repeat: one pass over the code column only, on 64-bit hashes (a collision only
    # sends a few more rows down the exact path below). Only these rows are ordered to find
    # each code's first readable row; every other row is counted in the grouped pass alone.
    con.execute(
        f"CREATE TEMP TABLE repeated AS SELECT hash({code}) AS h FROM {read} "
        f"WHERE nullif({code}, '') IS NOT NULL GROUP BY ALL HAVING count(*) > 1"
    )
    (n_repeated,) = con.execute("SELECT count(*) FROM repeated").fetchone()
    repeated = f"hash({code}) IN (SELECT h FROM repeated)" if n_repeated else "false"
    rows = con.execute(_grouped_sql(read, q, repeated)).fetchall()
    return _collect(rows, as_of)


def _grouped_sql(read: str, q, repeated: str) -> str:
    """The aggregates in two stages. Stage 1 touches every row but does only what needs the row:
    it parses the three dates, counts early / on time / late / digitised / supplemented, and
    groups by the RAW text of the unit, TTHC, field, channel and fee cells with the date facts
    (month received, finished, due date if unfinished, which reject rule the dates break).
    Stage 2 works on those groups (tens of thousands, not millions): it types the texts (the
    lowercasing and trimming no longer run per row), decides each group's reject reason (a
    function of its key, so the same for all its rows), keeps the first readable row of each
    repeated code (those rows carry their code, dates and flags in the key, so a group of them
    is identical rows) and sums the counts."""
    received, due, result = "received", "due", "result"
    res_text = q("ngay_co_ket_qua")
    cq = q("co_quan")
    code = q("ma_ho_so")
    # every row of a group whose reason will not be NULL passes this (examples of rejects)
    n_supp = f"TRY_CAST({q('bo_sung')} AS INTEGER)"
    supplements = (
        f"CASE WHEN {n_supp} IS NOT NULL THEN {n_supp} WHEN {_flag_sql(q('bo_sung'))} THEN 1 ELSE 0 END"
    )
    maybe_reject = (
        f"(nullif({code}, '') IS NULL OR {cq} IS NULL OR {cq} = '' OR starts_with({cq}, ' ') "
        f"OR {received} IS NULL OR {due} IS NULL OR ({result} IS NULL AND {res_text} IS NOT NULL) "
        f"OR {due} < {received} OR {result} < {received})"
    )
    rep = "rep"
    stage1 = f"""
        SELECT
            nullif({code}, '') IS NULL AS no_code,
            {cq} AS cq, {q("tthc")} AS tthc_raw, {q("linh_vuc")} AS lv_raw, {q("kenh_nop")} AS kenh,
            {q("thanh_toan_truc_tuyen")} AS tt,
            year({received}) AS y, month({received}) AS m,
            {due} IS NULL AS no_due,
            CASE WHEN {result} IS NULL THEN {res_text} END AS unread_result,
            {due} < {received} AS due_before, {result} < {received} AS result_before,
            {result} IS NOT NULL AS done,
            CASE WHEN {result} IS NULL THEN {due} END AS pd,
            CASE WHEN {rep} THEN {code} END AS rep_code,
            CASE WHEN {rep} THEN {received} END AS rep_received,
            CASE WHEN {rep} THEN {due} END AS rep_due,
            CASE WHEN {rep} THEN {result} END AS rep_result,
            CASE WHEN {rep} THEN row_supplements END AS rep_supplements,
            CASE WHEN {rep} THEN row_digitised END AS rep_digitised,
            count(*) AS n,
            count_if({result} < {due} AND row_supplements <= 1) AS early,
            count_if({result} = {due} AND row_supplements <= 1) AS on_time,
            count_if({result} IS NOT NULL AND ({result} > {due} OR row_supplements > 1)) AS late,
            count_if(row_digitised) AS digitised,
            count_if(row_supplements > 0) AS supplemented,
            min({code}) FILTER (WHERE {maybe_reject}) AS code_min,
            max({code}) FILTER (WHERE {maybe_reject}) AS code_max,
            max(greatest({received}, coalesce({result}, {received}))) AS last_date
        FROM (
            SELECT *, {_date_sql(q("ngay_tiep_nhan"))} AS {received}, {_date_sql(q("ngay_hen_tra"))} AS {due},
                {_date_sql(res_text)} AS {result}, {repeated} AS {rep},
                {supplements} AS row_supplements, {_flag_sql(q("so_hoa"))} AS row_digitised
            FROM {read} {PIN}
        )
        GROUP BY ALL
    """
    fee_text = "coalesce(tt, '')"
    typed = f"""
        SELECT *,
            CASE
                WHEN no_code THEN 'missing_code'
                WHEN nullif(trim(cq), '') IS NULL THEN 'missing_unit'
                WHEN y IS NULL THEN 'bad_received'
                WHEN no_due THEN 'bad_due'
                WHEN unread_result IS NOT NULL AND trim(unread_result) <> '' THEN 'bad_result'
                WHEN due_before THEN 'due_before_received'
                WHEN result_before THEN 'result_before_received'
            END AS reason,
            (lower(kenh) LIKE 'tr_c tuy_n%' OR kenh IN ('2', 'online', 'dvc', 'DVC')) AS online,
            ({fee_text} <> '' AND lower({fee_text}) NOT IN ('không áp dụng', 'khong ap dung')) AS fee,
            {_flag_sql("tt")} AS paid_online
        FROM ({stage1})
    """
    # a repeated code's groups in the order of the original rule (received, due, result; the
    # rest of the key breaks ties so the choice is the same on every run): the first group gives
    # one accepted row, every other row of the code is a duplicate
    ranked = f"""
        SELECT *, CASE WHEN reason IS NULL AND rep_code IS NOT NULL THEN row_number() OVER (
            PARTITION BY rep_code, reason IS NULL
            ORDER BY rep_received, rep_due, rep_result, cq, tthc_raw, lv_raw, kenh, tt, rep_supplements,
                     rep_digitised
        ) END AS rn
        FROM ({typed})
    """
    # the first group of a repeated code with more than one row splits in two: one accepted row
    # and the rest (identical rows) as duplicates
    split = f"""
        SELECT * EXCLUDE (part) REPLACE (
            CASE WHEN rn > 1 OR part THEN 'duplicate_code' ELSE reason END AS reason,
            CASE WHEN part THEN n - 1 WHEN rn = 1 THEN 1 ELSE n END AS n,
            CASE WHEN rn = 1 AND NOT part THEN early // n ELSE early END AS early,
            CASE WHEN rn = 1 AND NOT part THEN on_time // n ELSE on_time END AS on_time,
            CASE WHEN rn = 1 AND NOT part THEN late // n ELSE late END AS late,
            CASE WHEN rn = 1 AND NOT part THEN digitised // n ELSE digitised END AS digitised,
            CASE WHEN rn = 1 AND NOT part THEN supplemented // n ELSE supplemented END AS supplemented,
            CASE WHEN rn > 1 OR part THEN rep_code ELSE code_min END AS code_min,
            CASE WHEN rn > 1 OR part THEN rep_code ELSE code_max END AS code_max)
        FROM (SELECT *, unnest(CASE WHEN rn = 1 AND n > 1 THEN [false, true] ELSE [false] END) AS part
              FROM ({ranked}))
    """
    ok = "reason IS NULL"
    return f"""
        SELECT reason,
            CASE WHEN {ok} THEN nullif(trim(cq), '') END, CASE WHEN {ok} THEN coalesce(tthc_raw, '') END,
            CASE WHEN {ok} THEN coalesce(lv_raw, '') END,
            CASE WHEN {ok} THEN y END AS y, CASE WHEN {ok} THEN m END AS m,
            CASE WHEN {ok} THEN pd END AS pd,
            sum(n) AS received,
            coalesce(sum(n) FILTER (WHERE done), 0) AS finished,
            coalesce(sum(early), 0) AS early, coalesce(sum(on_time), 0) AS on_time,
            coalesce(sum(late), 0) AS late,
            coalesce(sum(n) FILTER (WHERE NOT done), 0) AS in_progress,
            0 AS in_progress_past_due,
            coalesce(sum(n) FILTER (WHERE online), 0) AS online,
            coalesce(sum(n) FILTER (WHERE fee), 0) AS fee_dossiers,
            coalesce(sum(n) FILTER (WHERE fee AND paid_online), 0) AS paid_online,
            coalesce(sum(digitised), 0) AS digitised, coalesce(sum(supplemented), 0) AS supplemented,
            min(code_min), max(code_max),
            max(last_date) FILTER (WHERE {ok}) AS last_date
        FROM ({split})
        WHERE n > 0
        GROUP BY ALL
    """


def _quoter(cols: dict):
    """``q(name)``: the SQL of the column mapped to ``name`` (``NULL`` when the file has none)."""

    def q(name: str) -> str:
        h = cols.get(name)
        return "NULL" if h is None else '"' + h.replace('"', '""') + '"'

    return q


def _collect(rows: list, as_of: str | None) -> ScanResult:
    """The grouped counts (unit, TTHC, field, year, month) and the rejects by reason; in-progress
    dossiers past due as of ``as_of`` (default: the export's last date)."""
    res = ScanResult()
    dates = [r[-1] for r in rows if r[0] is None and r[-1] is not None]
    cutoff = dt.date.fromisoformat(as_of) if as_of else (max(dates) if dates else dt.date.today())
    res.as_of = cutoff.isoformat()
    months = set()
    for row in rows:
        n = int(row[7])
        res.rows_read += n
        if row[0] is not None:
            res.rejects[row[0]] = res.rejects.get(row[0], 0) + n
            res.reject_examples[row[0]] = sorted({str(x or "(trống)") for x in row[-3:-1]})
            continue
        key = (row[1].strip(), row[2].strip(), row[3].strip(), int(row[4]), int(row[5]))
        counts = dict(zip(COUNTS, (int(v) for v in row[7:-3]), strict=True))
        if row[6] is not None and row[6] < cutoff:
            counts["in_progress_past_due"] = counts["in_progress"]
        group = res.groups.get(key)
        if group is None:
            res.groups[key] = counts
        else:
            for k, v in counts.items():
                group[k] += v
        months.add((key[3], key[4]))
    if res.rows_read == 0:
        raise DossierFileError("Tệp chỉ có dòng tiêu đề, không có hồ sơ nào.")
    res.months = sorted(months)
    return res
