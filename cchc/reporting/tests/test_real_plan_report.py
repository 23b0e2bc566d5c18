"""The province's annual report on the real plan 216/KH-UBND (seed 000, every task assigned):
sections I–IV, and short enough to sign (≤ 30 pages: continuing duties grouped per task)."""

from __future__ import annotations

import io
import shutil

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; CI installs it"
)
def test_the_real_plans_2022_report_has_sections_i_to_iv_and_at_most_30_pages(hp_plan):
    import datetime as dt

    import pdfplumber

    from cchc.core.documents import render
    from cchc.reporting.consolidation import build_consolidation
    from cchc.reporting.documents import consolidation_document
    from cchc.tracking.actions import do_assign_plan

    do_assign_plan(hp_plan, actor=None)
    c = build_consolidation(hp_plan, "2022-Y", today=dt.date(2023, 1, 10))
    assert c.total.due > 150 and c.total.continuing > 500  # the real plan's size, as in the demo
    pdf = render(consolidation_document(c), "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as f:
        pages = len(f.pages)
        text = "\n".join(page.extract_text() or "" for page in f.pages)
    for heading in (
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text
    assert pages <= 30, f"{pages} pages"
