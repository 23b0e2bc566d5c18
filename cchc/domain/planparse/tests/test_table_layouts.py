"""The task tables of the corpus re-laid the ways other sites and offices publish them (pipe /
Markdown tables with or without a ``|---|`` line, the annex title glued onto the first header
cell, DOCX tables with merged cells, wrapped in a 1×1 layout table, a text PDF of the table over
several pages): each gives back the rows of the original (recall, lead, timeframe), the targets
of the objective column, and accounts for every line (zero silent drops).

The rows are the plan's own (``tablelayouts.framework_rows`` from the original parse), so these
tests hold for any plan of the corpus with a task table."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from cchc.domain.planparse.api import parse_plan, parse_text
from cchc.domain.planparse.readers import read_document
from cchc.domain.planparse.tests.test_layouts import CORPUS, SEEDS, _accounted
from cchc.domain.testing import tablelayouts as tl

WITH_TABLE = [p for p in CORPUS if p.name.startswith(("000_", "001_"))]
TEXT_LAYOUTS = ["pipe", "pipe_no_separator", "pipe_glued_title", "flat_glued_title"]


@functools.cache
def original(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    return text, parse_text(text)


def relaid(layout: str, path: Path) -> dict:
    text, p = original(path)
    if layout == "pipe":
        return parse_text(tl.pipe_table(text, p))
    if layout == "pipe_no_separator":
        return parse_text(tl.pipe_table(text, p, separator=False))
    if layout == "pipe_glued_title":
        return parse_text(tl.pipe_table(text, p, glued=True))
    if layout == "flat_glued_title":
        return parse_text(tl.glued_flat(text, p))
    if layout == "docx":
        return parse_plan(read_document(tl.docx(text, p), "plan.docx"))
    if layout == "docx_nested":
        return parse_plan(read_document(tl.docx(text, p, nested=True), "plan.docx"))
    if layout == "pdf":
        return parse_plan(read_document(tl.pdf(text, p), "plan.pdf"))
    raise AssertionError(layout)


def objective_targets(p: dict) -> list[tuple]:
    """Targets read from the task table's objective column (the annex of the original)."""
    rows = tl.expected_tasks(p)
    objectives = {t["objective"] for t in rows if t["objective"]}
    return sorted(
        (
            (t["text"], t["comparator"], t["value"], t["unit"], t["level"], t["year"])
            for t in p["targets"]
            if t["text"] in objectives
        ),
        key=repr,
    )


def assert_rows(p: dict, q: dict) -> None:
    expected = tl.expected_tasks(p)
    got = [t for t in q["tasks"] if t["origin"] in ("annex", "table")]
    s = tl.score(expected, got)
    assert s["recall"] >= 0.97, s["missing"][:5]
    assert s["extra"] <= 0.03 * len(expected), s
    assert s["lead"] >= 0.95 and s["timeframe"] >= 0.95, s
    assert objective_targets(q) == objective_targets(p)
    assert len(q["survey_targets"]) == len(p["survey_targets"])  # no bogus SIPAS targets
    _accounted(q)


@pytest.mark.parametrize("path", WITH_TABLE, ids=[p.stem for p in WITH_TABLE])
@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_text_table_layouts(layout, path):
    _text, p = original(path)
    assert_rows(p, relaid(layout, path))


def test_seed_000_annex_as_pipe_table_keeps_its_28_objective_targets():
    text, p = original(SEEDS / "000_ba99fad979cb327a.txt")
    q = relaid("pipe", SEEDS / "000_ba99fad979cb327a.txt")
    assert len(tl.expected_tasks(q)) == 105
    assert len(objective_targets(q)) == 28
    assert not [t for t in q["tasks"] if t["title"].strip("-| ") == ""]  # no "|---|" task


@pytest.mark.parametrize("layout", ["docx", "docx_nested"])
def test_docx_table_layouts(layout):
    path = SEEDS / "000_ba99fad979cb327a.txt"
    _text, p = original(path)
    assert_rows(p, relaid(layout, path))


def test_text_pdf_of_the_framework_annex():
    """Seed 000 printed to a text PDF (the table ruled, over many pages, merged cells drawn
    as tall cells): pdfplumber's table finder gives each page's part, merged across pages."""
    path = SEEDS / "000_ba99fad979cb327a.txt"
    _text, p = original(path)
    q = relaid("pdf", path)
    assert_rows(p, q)
    assert q["document"]["number"] == "216/KH-UBND"


def test_pdf_with_too_many_pages_is_refused_before_reading_them(monkeypatch):
    from cchc.domain.planparse import readers_pdf
    from cchc.domain.planparse.readers import DocumentError

    text, p = original(SEEDS / "000_ba99fad979cb327a.txt")
    data = tl.pdf(text, p, body_lines=20)
    monkeypatch.setattr(readers_pdf, "MAX_PAGES", 3)
    with pytest.raises(DocumentError) as e:
        read_document(data, "plan.pdf")
    assert e.value.code == "too_large"


# --- scans: a page rasterised and OCR-read back ---------------------------------------------


def _ocr_ready() -> bool:
    from cchc.domain.planparse.ocr import available

    return available()


@pytest.mark.skipif(not _ocr_ready(), reason="tesseract-ocr-vie / poppler-utils not installed")
def test_scanned_pdf_read_back_by_ocr():
    """A genre plan printed, rasterised at 200 dpi into a scanned PDF (no text layer) and read
    back by OCR: same metadata, tasks (recall), leads, timeframes and targets as the text."""
    from cchc.domain.planparse.ocr import ocr_document
    from cchc.domain.planparse.readers import DocumentError

    path = Path(__file__).parent / "genre" / "quangninh_2023_annual.txt"
    text = path.read_text(encoding="utf-8")
    p = parse_text(text)
    scan = tl.images_to_pdf(tl.scanned(tl.text_pdf(text.split("\n")), first=1, last=9))
    with pytest.raises(DocumentError) as e:
        read_document(scan, "scan.pdf")
    assert e.value.code == "needs_ocr"
    q = parse_plan(ocr_document(scan, "pdf"))
    for key in ("number", "date", "issuer", "title", "period_start", "period_end"):
        assert q["document"][key] == p["document"][key], key
    s = tl.score(p["tasks"], q["tasks"])
    assert s["recall"] >= 0.9 and s["lead"] >= 0.95 and s["timeframe"] >= 0.95, s
    assert [(t["value"], t["unit"]) for t in q["targets"]] == [(t["value"], t["unit"]) for t in p["targets"]]
    assert q["report"]["ocr"]["mean_confidence"] >= 85
    _accounted(q)


@pytest.mark.skipif(not _ocr_ready(), reason="tesseract-ocr-vie / poppler-utils not installed")
def test_ocr_gibberish_is_refused():
    from cchc.domain.planparse.ocr import OcrLine, document_from_lines
    from cchc.domain.planparse.readers import DocumentError

    lines = [OcrLine("~~ ,.; ‘ ii l1 |l ~", 22.0, 1) for _ in range(30)]
    with pytest.raises(DocumentError) as e:
        document_from_lines(lines)
    assert e.value.code == "ocr_unreadable"


def test_a_pdf_row_broken_across_a_page_break_is_one_row():
    from cchc.domain.planparse.readers_pdf import _continues_row

    def row(*texts, above=()):
        return [
            {"text": t, "from_above": k in above, "col_span": 1, "bbox": None} for k, t in enumerate(texts)
        ]

    last = row("3", "Rà soát, đơn giản hóa thủ tục hành chính trong", "Sở Tư pháp", "2022")
    assert _continues_row(last, row("", "lĩnh vực đất đai và xây dựng", "", ""))
    # a new row under the same number: its cells start afresh
    assert not _continues_row(last, row("", "Kiểm tra việc thực hiện", "Sở Nội vụ", "2023"))
    # the cell above was finished
    done = row("3", "Rà soát thủ tục hành chính.", "Sở Tư pháp", "2022")
    assert not _continues_row(done, row("", "lĩnh vực đất đai", "", ""))
    assert not _continues_row(last, row("4", "lĩnh vực đất đai", "", ""))
