"""Hostile workbooks against each kind of upload (issue 25, point 5): time and peak memory.

Run: ``uv run python benchmarks/hostile_workbooks.py``. Each case runs in its own process (peak
RSS is the process's, minus the interpreter and libraries loaded before the read). Target: each
case ≤ 2 s and ≤ 200 MB, refused with a clear message or read within the caps.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _indicator(data):
    from cchc.indicators.sheets import read_value_sheet

    return read_value_sheet(data, "X", "2022-Y")


def _questionnaire(data):
    from cchc.domain.surveys.workbook import read_sheets

    return read_sheets(data)


def _responses(data):
    from cchc.domain.surveys.workbook import read_table

    return read_table(data)


def _dossier(data):
    from cchc.domain.dossierscan import xlsx_to_csv

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.xlsx"
        path.write_bytes(data)
        out = xlsx_to_csv(path, tmp)
        return f"{out.stat().st_size:,} bytes of CSV"


def _case(args):
    name, reader, data, queue = args
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    os.environ.setdefault("CCHC_LOCAL_KEY", "1")
    import django

    django.setup()
    import openpyxl  # noqa: F401 (loaded before the baseline)

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    try:
        result = reader(data)
        outcome = (
            f"read: {len(result) if hasattr(result, '__len__') and not isinstance(result, str) else result}"
        )
    except Exception as exc:  # the refusal is the expected outcome
        outcome = f"refused: {getattr(exc, 'message', None) or exc}"
    elapsed = time.perf_counter() - t0
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    queue.put((name, len(data), elapsed, peak, str(outcome)[:110]))


CASES = [
    ("indicator upload, 1,6 KB declaring A1:XFD1048576", _indicator, ("declared_huge",)),
    ("indicator upload, one cell at XFD1048576", _indicator, ("far_cell",)),
    ("questionnaire, 6.000 rows declaring A1:XFD1048576", _questionnaire, ("many_rows", 6000)),
    ("questionnaire, 20 rows × 16.384 columns", _questionnaire, ("wide_rows", 20)),
    ("survey responses, one cell at XFD1048576", _responses, ("far_cell",)),
    ("dossier workbook, one cell at XFD1048576", _dossier, ("far_cell",)),
    ("dossier workbook, 200 rows × 16.384 columns", _dossier, ("wide_rows", 200)),
]


def main() -> int:
    from cchc.domain.testing import hostile_xlsx

    ctx = mp.get_context("spawn")
    ok = True
    print(f"{'case':52} {'file':>9} {'time':>7} {'peak':>8}  outcome")
    for name, reader, maker in CASES:
        queue = ctx.Queue()
        data = getattr(hostile_xlsx, maker[0])(*maker[1:])  # built here: the child measures the read only
        p = ctx.Process(target=_case, args=((name, reader, data, queue),))
        p.start()
        name, size, elapsed, peak, outcome = queue.get(timeout=600)
        p.join()
        good = elapsed <= 2 and peak <= 200
        ok &= good
        print(f"{name:52} {size:>8,}B {elapsed:>6.2f}s {peak:>6.0f}MB  {'' if good else 'OVER '}{outcome}")
    print("all within 2 s and 200 MB" if ok else "SOME CASES OVER THE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
