"""A wrong upload is named for what it is (issue 24): a picture is not "a scanned PDF"."""

from __future__ import annotations

import pytest

from cchc.domain.planparse.readers import DocumentError, read_document
from cchc.plans.messages import refusal


def _message(data: bytes, name: str) -> str:
    with pytest.raises(DocumentError) as info:
        read_document(data, name)
    return str(refusal(info.value).message)


def test_a_picture_is_told_it_is_a_picture():
    text = _message(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "ke-hoach.png")
    assert "ảnh PNG" in text and "PDF là bản quét" not in text
    assert "ảnh JPEG" in _message(b"\xff\xd8\xff\xe0" + b"\x00" * 200, "scan.jpg")


def test_a_broken_word_file_is_told_it_is_a_broken_word_file():
    text = _message(b"PK\x03\x04" + b"garbage" * 20, "ke-hoach.docx")
    assert "Word (.docx) bị hỏng" in text


def test_a_scanned_pdf_keeps_its_own_message():
    from cchc.plans.messages import DOCUMENT_MESSAGES

    exc = DocumentError("needs_ocr", "scanned PDF without a text layer: run OCR first")
    assert refusal(exc).message == DOCUMENT_MESSAGES["needs_ocr"]
