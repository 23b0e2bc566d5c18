"""Realistic synthetic one-stop dossier exports (no real export is public).

DuckDB writes the rows (``range(n)`` and ``random()``), so 10 million rows take seconds, not a
Python loop. The columns are the export's (mã hồ sơ, TTHC, lĩnh vực, cơ quan, ngày tiếp nhận,
ngày hẹn trả, ngày có kết quả, kênh nộp, trạng thái, thanh toán trực tuyến, số hóa, bổ sung),
dates as dd/mm/yyyy. The mix (about 45% online, 60% early, 4% late, 5% in progress, 30% with a
fee of which half paid online, 70% digitised) can be tuned per unit with ``profiles``.

``bad`` adds hostile rows (a due date before the received date, an unreadable date, a repeated
dossier code, a missing unit) at that share, so an ingest must count and report them.
``benchmarks/make_dossiers.py N`` calls :func:`write_export`.
"""

from __future__ import annotations

from pathlib import Path

HEADER = [
    "Mã hồ sơ",
    "TTHC",
    "Lĩnh vực",
    "Cơ quan",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Kênh nộp",
    "Trạng thái",
    "Thanh toán trực tuyến",
    "Số hóa",
    "Bổ sung",
]

# (TTHC, lĩnh vực, statutory working days)
PROCEDURES = [
    ("Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", 30),
    ("Đăng ký biến động quyền sử dụng đất", "Đất đai", 10),
    ("Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", 15),
    ("Đăng ký thành lập doanh nghiệp", "Thành lập và hoạt động doanh nghiệp", 3),
    ("Đăng ký thay đổi nội dung đăng ký doanh nghiệp", "Thành lập và hoạt động doanh nghiệp", 3),
    ("Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp", 10),
    ("Chứng thực bản sao từ bản chính", "Chứng thực", 1),
    ("Đăng ký khai sinh", "Hộ tịch", 1),
    ("Đăng ký kết hôn", "Hộ tịch", 5),
    ("Cấp giấy phép lái xe", "Đường bộ", 10),
    ("Cấp giấy phép kinh doanh vận tải", "Đường bộ", 5),
    ("Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh", "Khám bệnh, chữa bệnh", 20),
    ("Giải quyết chế độ trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", 15),
    ("Cấp giấy phép lao động cho người nước ngoài", "Việc làm", 5),
    ("Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm", 20),
    ("Cấp giấy phép tổ chức biểu diễn nghệ thuật", "Nghệ thuật biểu diễn", 5),
]


def _sql_list(items) -> str:
    return "[" + ", ".join("'" + str(s).replace("'", "''") + "'" for s in items) + "]"


def write_export(
    path,
    n: int,
    *,
    units: list[str],
    year: int = 2022,
    seed: float = 0.42,
    bad: float = 0.0,
    late_share: float = 0.04,
    online_share: float = 0.45,
    threads: int | None = None,
) -> Path:
    """Write ``n`` dossier rows to ``path`` (CSV, UTF-8; ``.xlsx``: a workbook, small ``n`` only)."""
    import duckdb

    path = Path(path)
    if not units:
        raise ValueError("units is empty")
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SELECT setseed(?)", [seed])
    tthc = _sql_list(p[0] for p in PROCEDURES)
    field = _sql_list(p[1] for p in PROCEDURES)
    days = "[" + ", ".join(str(p[2]) for p in PROCEDURES) + "]"
    k = len(PROCEDURES)
    u = len(units)
    query = f"""
        WITH b AS (
            SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                   random() AS r6, random() AS r7, random() AS r8, random() AS r9, random() AS r10
            FROM range({int(n)}) t(i)
        ), c AS (
            SELECT *, 1 + CAST(floor(r1 * {k}) AS INTEGER) AS p,
                   1 + CAST(floor(pow(r2, 1.6) * {u}) AS INTEGER) AS q,
                   DATE '{year}-01-01' + CAST(floor(r3 * 365) AS INTEGER) AS received
            FROM b
        ), d AS (
            SELECT *, received + CAST(ceil({days}[p] * 1.4) AS INTEGER) AS due FROM c
        ), e AS (
            SELECT *,
                CASE
                    WHEN r4 < 0.004 THEN NULL
                    WHEN r4 < 0.05 AND received > DATE '{year}-11-20' THEN NULL
                    WHEN r4 < 0.05 THEN due
                    WHEN r4 < {0.05 + late_share} THEN due + 1 + CAST(floor(r5 * 10) AS INTEGER)
                    WHEN r4 < 0.65 THEN received + CAST(floor(r5 * (due - received)) AS INTEGER)
                    ELSE due
                END AS result
            FROM d
        )
        SELECT
            'HS{year}' || lpad(CAST(i AS VARCHAR), 9, '0') AS "Mã hồ sơ",
            {tthc}[p] AS "TTHC",
            {field}[p] AS "Lĩnh vực",
            CASE WHEN {bad} > 0 AND r10 < {bad} * 0.1 THEN '' ELSE {_sql_list(units)}[q] END AS "Cơ quan",
            CASE WHEN {bad} > 0 AND r10 >= {bad} * 0.1 AND r10 < {bad} * 0.2 THEN '31/02/{year}'
                 ELSE strftime(received, '%d/%m/%Y') END AS "Ngày tiếp nhận",
            CASE WHEN {bad} > 0 AND r10 >= {bad} * 0.2 AND r10 < {bad} * 0.5 THEN strftime(received - 3, '%d/%m/%Y')
                 ELSE strftime(due, '%d/%m/%Y') END AS "Ngày hẹn trả",
            coalesce(strftime(result, '%d/%m/%Y'), '') AS "Ngày có kết quả",
            CASE WHEN r6 < {online_share} THEN 'Trực tuyến' WHEN r6 < 0.95 THEN 'Trực tiếp' ELSE 'Bưu chính' END AS "Kênh nộp",
            CASE WHEN result IS NULL THEN 'Đang xử lý' ELSE 'Đã trả kết quả' END AS "Trạng thái",
            CASE WHEN r7 < 0.3 THEN (CASE WHEN r8 < 0.5 THEN 'Có' ELSE 'Không' END) ELSE '' END AS "Thanh toán trực tuyến",
            CASE WHEN r9 < 0.7 THEN 'Có' ELSE 'Không' END AS "Số hóa",
            CASE WHEN r8 > 0.93 THEN (CASE WHEN r8 > 0.995 THEN 2 ELSE 1 END) ELSE 0 END AS "Bổ sung"
        FROM e
    """
    if bad > 0:
        # repeated codes: a share of rows copied with their code
        query = f"""
            WITH g AS ({query})
            SELECT * FROM g
            UNION ALL
            SELECT * FROM g USING SAMPLE {max(1, int(n * bad * 0.3))} ROWS (reservoir, 7)
        """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        from cchc.core.spreadsheet import StreamingWorkbook

        book = StreamingWorkbook()
        book.add_sheet("Hồ sơ", HEADER)
        for row in con.execute(query).fetchall():
            book.append(row)
        path.write_bytes(book.to_bytes())
    else:
        target = str(path).replace("'", "''")
        con.execute(f"COPY ({query}) TO '{target}' (HEADER, DELIMITER ',', QUOTE '\"')")
    con.close()
    return path
