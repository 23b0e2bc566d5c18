"""Evidence downloads are attachments with the type sniffed from the bytes and ``nosniff``; an
SVG or HTML file is never served inline. An empty file posted through the API is refused."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.tracking.actions import EvidenceInput, do_record_progress
from cchc.tracking.models import Assignment, Evidence, ProgressUpdate
from cchc.tracking.tests.conftest import pdf_bytes

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture
def law(plan_setup):
    return Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")


def _evidence_with(law, users, name: str, data: bytes, claimed: str) -> Evidence:
    """An evidence row whose stored file is ``data`` (as if it had got in by another path)."""
    update = do_record_progress(
        actor=users["reporter"],
        assignment=law,
        status="in_progress",
        percent=10,
        evidence=[EvidenceInput(doc_number="1/QĐ", file_name="qd.pdf", file_data=pdf_bytes())],
        expected_version=law.version,
    )
    ev = update.evidence.get()
    ev.file.save(name, ContentFile(data), save=False)
    ev.original_name, ev.content_type = name, claimed
    ev.save()
    return ev


@pytest.mark.parametrize(
    ("name", "data", "claimed"),
    [
        ("anh.svg", SVG, "image/svg+xml"),
        ("trang.html", HTML, "text/html"),
        ("qd.pdf", SVG, "application/pdf"),
    ],
)
def test_svg_and_html_are_never_served_inline(plan_setup, login, law, name, data, claimed):
    ev = _evidence_with(law, plan_setup["users"], name, data, claimed)
    response = login(plan_setup["users"]["reporter"]).get(f"/nhiem-vu/tai-lieu/{ev.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"  # sniffed, not the stored claim
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content == data


def test_a_pdf_downloads_as_a_pdf_attachment(plan_setup, login, law):
    ev = _evidence_with(law, plan_setup["users"], "Quyết định 12.pdf", pdf_bytes(), "text/html")
    response = login(plan_setup["users"]["reporter"]).get(f"/nhiem-vu/tai-lieu/{ev.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Quy%E1%BA%BFt" in response["Content-Disposition"]  # the Vietnamese name kept (RFC 5987)


def _api_update(client, law, upload):
    """The reporter's progress (in progress, 10%) through the API with one file."""
    data = {"status": "in_progress", "percent": "10", "expected_version": law.version, "files": [upload]}
    return client.post(f"/api/tracking/assignments/{law.pk}/updates", data)


def test_an_svg_upload_is_refused(plan_setup, login, law):
    c = login(plan_setup["users"]["reporter"])
    response = _api_update(c, law, SimpleUploadedFile("anh.svg", SVG, content_type="image/svg+xml"))
    assert response.status_code == 400 and response.json()["code"] == "bad_file_type"
    assert not Evidence.objects.exists()


def test_an_empty_file_through_the_api_is_refused_like_the_form(plan_setup, login, law):
    c = login(plan_setup["users"]["reporter"])
    response = _api_update(c, law, SimpleUploadedFile("qd.pdf", b"", content_type="application/pdf"))
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "empty_file"
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()
    law.refresh_from_db()
    assert law.version == 1
    form = c.post(
        f"/nhiem-vu/{law.pk}/cap-nhat/",
        {
            "status": "in_progress",
            "percent": "10",
            "version": law.version,
            "files": SimpleUploadedFile("qd.pdf", b"", content_type="application/pdf"),
        },
    )
    assert form.status_code in (200, 400) and not ProgressUpdate.objects.exists()
