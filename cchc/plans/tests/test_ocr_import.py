"""Scanned plans: an uploaded scan or page image is OCR-read in the background (a ``jobs``
job with progress), then lands in the usual preview with OCR-read lines marked; gibberish, a
50-megapixel image or a broken Word file get their own message and save nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.domain.planparse.ocr import available
from cchc.jobs import runner
from cchc.jobs.models import Job
from cchc.plans.models import Plan, PlanImport

UPLOAD = "/ke-hoach/nhap/"
GENRE = Path(__file__).resolve().parents[2] / "domain" / "planparse" / "tests" / "genre"
needs_ocr = pytest.mark.skipif(not available(), reason="tesseract-ocr-vie / poppler-utils not installed")


def _upload(client, org_tree, name, data):
    return client.post(UPLOAD, {"province": org_tree["HP"].pk, "file": SimpleUploadedFile(name, data)})


def _scan_of_first_page() -> bytes:
    from cchc.domain.testing import tablelayouts as tl

    text = (GENRE / "quangninh_2023_annual.txt").read_text(encoding="utf-8")
    return tl.scanned(tl.text_pdf(text.split("\n")[:45]), first=1, last=1)[0]


@needs_ocr
@pytest.mark.django_db
def test_a_scanned_page_is_read_by_ocr_in_the_background_then_previewed(users, org_tree, login):
    client = login(users["officer"])
    response = _upload(client, org_tree, "45-KH-UBND.png", _scan_of_first_page())
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/tep/{job.pk}/"
    assert PlanImport.objects.count() == 0  # nothing yet: the worker does the work
    job = runner.run(job.pk)
    assert job.status == "done", job.message
    imp = PlanImport.objects.get()
    assert imp.source_format == "ocr" and imp.uploaded_by == users["officer"]
    d = imp.interchange["document"]
    assert (d["number"], d["date"]) == ("45/KH-UBND", "2023-01-20")
    assert imp.interchange["report"]["ocr"]["mean_confidence"] > 80
    job.refresh_from_db()
    assert job.params["next_url"] == f"/ke-hoach/nhap/{imp.pk}/"
    page = client.get(f"/tep/{job.pk}/").content.decode()
    assert job.params["next_url"] in page  # the job page opens the preview
    preview = client.get(job.params["next_url"]).content.decode()
    assert 'id="ocr-report"' in preview and "nhận dạng ký tự (OCR)" in preview
    assert not Job.objects.filter(params__path__isnull=False).exclude(pk=job.pk).exists()


@needs_ocr
@pytest.mark.django_db
def test_ocr_of_gibberish_fails_with_a_message_and_saves_nothing(users, org_tree, login):
    import random

    from PIL import Image

    rnd = random.Random(3)
    img = Image.new("L", (600, 400))
    img.putdata([rnd.choice((0, 255)) for _ in range(600 * 400)])
    buf = io.BytesIO()
    img.save(buf, "PNG")
    client = login(users["officer"])
    _upload(client, org_tree, "nhieu.png", buf.getvalue())
    job = runner.run(Job.objects.get().pk)
    assert job.status == "failed"
    assert "Không nhận dạng được chữ" in job.message
    assert Plan.objects.count() == PlanImport.objects.count() == 0


@needs_ocr
@pytest.mark.django_db
def test_a_50_megapixel_image_is_refused_without_decoding_it(users, org_tree, login):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (8000, 6300), 1).save(buf, "PNG")  # 50.4 MP, a few kilobytes compressed
    client = login(users["officer"])
    response = _upload(client, org_tree, "lon.png", buf.getvalue())
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()  # said at once
    assert PlanImport.objects.count() == Job.objects.count() == 0


@pytest.mark.django_db
def test_a_broken_word_file_says_it_is_a_broken_word_file(users, org_tree, login):
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    data = buf.getvalue()[:3000]  # a download cut short
    response = _upload(login(users["officer"]), org_tree, "ke-hoach.docx", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tệp Word (.docx) bị hỏng" in html and "OCR" not in html
    assert PlanImport.objects.count() == 0


def test_refusal_message_names_what_the_document_looks_like():
    from cchc.domain.planparse.api import NotAPlanError, parse_text
    from cchc.domain.testing.not_plans import NOT_PLANS
    from cchc.plans.messages import refusal

    for looks, words in (("news", "bài tin tức"), ("summary", "bản tóm tắt"), ("report", "báo cáo")):
        with pytest.raises(NotAPlanError) as e:
            parse_text(NOT_PLANS[looks])
        assert words in str(refusal(e.value).message)
