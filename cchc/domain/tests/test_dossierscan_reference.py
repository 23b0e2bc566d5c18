"""The grouped DuckDB scan against a straightforward row-by-row computation of the same rules
(module docstring of ``dossierscan``) on a generated export full of hostile rows: repeated codes
(identical copies and copies with other dates), unfinished dossiers, dates in every accepted form
and unreadable ones, missing or blank units, results before receipt, odd spellings of the flags."""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
import re

import pytest

from cchc.domain import dossierscan

YES = set(dossierscan._YES)
UNITS = ["Sở Tư pháp", "Sở Tư pháp  ", "UBND quận Lê Chân", " Sở Y tế", "", "   "]
PROCEDURES = [("Đăng ký khai sinh", "Hộ tịch"), ("Cấp phiếu lý lịch tư pháp", "Lý lịch tư pháp")]
CHANNELS = ["Trực tuyến", "TRỰC TUYẾN", "trực tuyến mức 4", "Trực tiếp", "2", "dvc", "", "Bưu chính"]
FEES = ["", "Có", "Không", "Không áp dụng", "khong ap dung", "Đã thanh toán", "x"]
FLAGS = ["Có", "Không", "", "x", "1", "Đã số hóa", "no"]
SUPPLEMENTS = ["0", "1", "2", "3", "", "Có", "Không"]


def _text(day: dt.date, rng: random.Random) -> str:
    form = rng.random()
    if form < 0.7:
        return day.strftime("%d/%m/%Y")
    if form < 0.8:
        return day.isoformat()
    if form < 0.87:
        return day.strftime("%d/%m/%Y") + " 08:30"
    return str((day - dt.date(1899, 12, 30)).days)  # an Excel serial


def _rows(n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        received = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(365))
        due = received + dt.timedelta(days=rng.randrange(0, 20))
        roll = rng.random()
        if roll < 0.15:
            result = ""  # unfinished
        elif roll < 0.5:
            result = _text(received + dt.timedelta(days=rng.randrange(0, (due - received).days + 1)), rng)
        else:
            result = _text(due + dt.timedelta(days=rng.randrange(-2, 8)), rng)
        tthc, field = rng.choice(PROCEDURES)
        row = [
            f"HS{i:06d}",
            tthc,
            field,
            rng.choice(UNITS[:4]) if rng.random() > 0.02 else rng.choice(UNITS[4:]),
            _text(received, rng),
            _text(due, rng),
            result,
            rng.choice(CHANNELS),
            "",
            rng.choice(FEES),
            rng.choice(FLAGS),
            rng.choice(SUPPLEMENTS),
        ]
        hostile = rng.random()
        if hostile < 0.02:
            row[rng.choice([4, 5, 6])] = rng.choice(["31/02/2022", "abc", "2022-13-01", "  "])
        elif hostile < 0.03:
            row[5] = (received - dt.timedelta(days=3)).strftime("%d/%m/%Y")  # due before received
        elif hostile < 0.04:
            row[6] = (received - dt.timedelta(days=1)).strftime("%d/%m/%Y")  # result before received
        elif hostile < 0.05:
            row[0] = ""  # no code
        rows.append(row)
        if rng.random() < 0.04:  # the same dossier exported twice
            rows.append(list(row))
        if rng.random() < 0.04:  # the same code on another dossier: a later (or earlier) one
            other = list(row)
            other[4] = (received + dt.timedelta(days=rng.choice([-5, 3]))).strftime("%d/%m/%Y")
            other[10] = rng.choice(FLAGS)
            rows.append(other)
    rng.shuffle(rows)
    return rows


def _date(text: str) -> dt.date | None:
    t = text.strip(" ")
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}.*", t):
        try:
            return dt.datetime.strptime(t.split(" ")[0], "%d/%m/%Y").date()
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", t):
        try:
            return dt.date.fromisoformat(t[:10])
        except ValueError:
            return None
    if re.fullmatch(r"\d{5}(\.\d+)?", t):
        return dt.date(1899, 12, 30) + dt.timedelta(days=math.floor(float(t)))
    return None


def _reference(rows: list[list[str]]):
    """The rules, one row at a time."""
    rejects: dict[str, list[str]] = {}
    readable = []
    for r in rows:
        code, tthc, field, unit, rec, due, res, channel, _state, fee, digitised, supp = r
        received, due_on, result = _date(rec), _date(due), _date(res)
        reason = (
            "missing_code" if not code
            else "missing_unit" if not unit.strip(" ")
            else "bad_received" if received is None
            else "bad_due" if due_on is None
            else "bad_result" if res.strip(" ") and result is None
            else "due_before_received" if due_on < received
            else "result_before_received" if result is not None and result < received
            else None
        )  # fmt: skip
        if reason:
            rejects.setdefault(reason, []).append(code)
            continue
        n = int(supp) if supp.isdigit() else (1 if supp in YES else 0)
        readable.append((code, received, due_on, result, unit, tthc, field, channel, fee, digitised, n))
    first: dict[str, tuple] = {}
    for row in sorted(readable, key=lambda x: (x[1], x[2], x[3] or dt.date.max)):
        if row[0] in first:
            rejects.setdefault("duplicate_code", []).append(row[0])
        else:
            first[row[0]] = row
    accepted = list(first.values())
    cutoff = max(max(x[1], x[3] or x[1]) for x in accepted)
    groups: dict[tuple, dict[str, int]] = {}
    for _code, received, due_on, result, unit, tthc, field, channel, fee, digitised, n in accepted:
        key = (unit.strip(), tthc.strip(), field.strip(), received.year, received.month)
        g = groups.setdefault(key, dict.fromkeys(dossierscan.COUNTS, 0))
        g["received"] += 1
        g["finished"] += result is not None
        g["early"] += result is not None and result < due_on and n <= 1
        g["on_time"] += result is not None and result == due_on and n <= 1
        g["late"] += result is not None and (result > due_on or n > 1)
        g["in_progress"] += result is None
        g["in_progress_past_due"] += result is None and due_on < cutoff
        g["online"] += bool(re.match(r"tr.c tuy.n", channel.lower())) or channel in (
            "2",
            "online",
            "dvc",
            "DVC",
        )
        has_fee = fee != "" and fee.lower() not in ("không áp dụng", "khong ap dung")
        g["fee_dossiers"] += has_fee
        g["paid_online"] += has_fee and fee in YES
        g["digitised"] += digitised in YES
        g["supplemented"] += n > 0
    return groups, rejects, cutoff


@pytest.mark.parametrize("seed", [1, 2])
def test_the_grouped_scan_equals_the_rules_applied_row_by_row(tmp_path, seed):
    rows = _rows(4000, seed)
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(dossierscan.FIELD_LABELS.values())
        writer.writerows(rows)
    groups, rejects, cutoff = _reference(rows)
    assert len(rejects) >= 6 and len(rejects["duplicate_code"]) > 100  # the file is hostile enough

    r = dossierscan.scan(path)

    assert r.groups == groups
    assert r.rejects == {reason: len(codes) for reason, codes in rejects.items()}
    assert r.reject_examples == {
        reason: sorted({min(c or "(trống)" for c in codes), max(c or "(trống)" for c in codes)})
        for reason, codes in rejects.items()
    }
    assert r.rows_read == len(rows) and r.as_of == cutoff.isoformat()
    assert r.months == sorted({(k[3], k[4]) for k in groups})
