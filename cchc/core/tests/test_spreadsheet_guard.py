"""Every spreadsheet the platform writes goes through the one formula-safe helper: no module
but ``core/spreadsheet.py`` (and the plan template writer, which neutralises each row with
``cchc.domain.cells.safe_cell``) creates an openpyxl ``Workbook`` or a ``csv.writer``."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
# the helper itself, the plan template writer (uses domain.cells), and the script that builds the
# shipped questionnaire workbooks from our own constant texts (no user text goes into them), and
# the dossier scan's temporary CSV of an XLSX export, read by DuckDB and deleted (never given out)
ALLOWED = {
    "core/spreadsheet.py",
    "domain/planparse/template.py",
    "surveys/data/build_questionnaires.py",
    "domain/dossierscan.py",
}
WRITERS = re.compile(r"\bWorkbook\s*\(|csv\.writer\s*\(|csv\.DictWriter\s*\(|\bxlsxwriter\b")


def test_no_exporter_writes_spreadsheets_around_the_helper():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in f"/{rel}" or rel in ALLOWED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WRITERS.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == [], "write spreadsheets with cchc.core.spreadsheet:\n" + "\n".join(offenders)


def test_the_template_writer_neutralises_every_row():
    text = (PACKAGE / "domain/planparse/template.py").read_text(encoding="utf-8")
    appends = re.findall(r"\b\w*sheet\.append\((.*)", text)
    assert appends == ["[safe_cell(value) for value in row])"]
