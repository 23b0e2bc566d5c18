"""Uploaded files (evidence of tasks, of PAR scores…): checks, type sniffing and safe downloads.

The type is detected from the content (magic bytes), never trusted from the name; a stored file
goes back out only as an attachment with its sniffed type (``download_response``)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files import File
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.core.spreadsheet import _attachment

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "png": "png", "jpg": "jpeg", "jpeg": "jpeg"}


def detect_kind(head: bytes, data_for_zip: bytes | None = None) -> str | None:
    """``pdf``/``docx``/``xlsx``/``png``/``jpeg`` from the first bytes (and the zip directory)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04") and data_for_zip is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data_for_zip)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check_size(name: str, size: int | None) -> None:
    """Refuse (``DomainError`` ``too_large``) a file over ``CCHC_MAX_UPLOAD_BYTES``; call it with
    the upload's declared size before reading the file."""
    limit = settings.CCHC_MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        raise DomainError(
            _("Tệp %(name)s quá lớn (tối đa %(limit)s).") % {"name": name, "limit": filesizeformat(limit)},
            code="too_large",
        )


def check_upload(name: str, data: bytes) -> tuple[str, int, str]:
    """Validate an upload; returns (content type, size, sha256) or raises ``DomainError``."""
    check_size(name, len(data))
    if not data:
        raise DomainError(_("Tệp %(name)s rỗng.") % {"name": name}, code="empty_file")
    kind = detect_kind(data[:16], data if data[:4] == b"PK\x03\x04" else None)
    if kind is None:
        raise DomainError(
            _("Tệp %(name)s không phải PDF, DOCX, XLSX, PNG hay JPEG (kiểm tra theo nội dung tệp).")
            % {"name": name},
            code="bad_file_type",
        )
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext and EXTENSIONS.get(ext) != kind:
        raise DomainError(
            _("Nội dung tệp %(name)s không khớp với phần mở rộng của tên tệp.") % {"name": name},
            code="bad_file_type",
        )
    return ALLOWED[kind], len(data), hashlib.sha256(data).hexdigest()


def sniffed_content_type(data: bytes) -> str:
    """The content type of stored bytes, from their content: one of ``ALLOWED`` or
    ``application/octet-stream`` (anything else, e.g. an SVG or HTML file that got in some other
    way, is never served as what it claims to be)."""
    kind = detect_kind(data[:16], data if data[:4] == b"PK\x03\x04" else None)
    return ALLOWED[kind] if kind else "application/octet-stream"


def download_response(data: bytes, filename: str):
    """A stored upload as a download: always an attachment, with the type sniffed from the
    bytes, ``nosniff``, and a sandboxing Content-Security-Policy in case a browser renders it."""
    response = HttpResponse(data, content_type=sniffed_content_type(data))
    response["Content-Disposition"] = _attachment(filename or "tai-lieu")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def file_download(stored: File, filename: str):
    """A stored file (a ``FileField``'s value) as a safe download (``download_response``); at most
    the upload limit is read."""
    with stored.open("rb") as handle:
        data = handle.read(settings.CCHC_MAX_UPLOAD_BYTES + 1)
    return download_response(data, filename or "tai-lieu")


def tiny_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF showing ``text`` (ASCII): demo and test uploads made in code."""
    safe = text.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 50 780 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
