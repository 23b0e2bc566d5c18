"""The refusal every plan-file reader raises (``DocumentError`` with a stable ``code``) and the
size limits the readers share.

The web layer translates ``code``; the English ``message`` is for logs and the CLI.
"""

from __future__ import annotations

import zipfile

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # total declared size of all entries of a DOCX/XLSX

ERROR_CODES = (
    "empty",  # no bytes, or only whitespace / no text at all
    "too_large",  # over max_bytes, a zip that unpacks to too much, too many rows
    "not_docx",  # named .docx but is not a Word document
    "encrypted",  # password-protected OOXML or PDF
    "corrupt",  # recognised format but unreadable (truncated zip, broken XML, junk named .xlsx/.pdf)
    "needs_ocr",  # scanned PDF or image without a text layer
    "unsupported",  # legacy .doc/.xls, ODT, RTF, unknown binary
    "encoding",  # text whose encoding cannot be determined
    "not_template",  # template.read_template: the workbook is not our plan template
    "ocr_unavailable",  # ocr: tesseract (with the Vietnamese model) or pdftoppm is not installed
    "ocr_unreadable",  # ocr: low confidence everywhere (gibberish, a photo, a page upside down)
    "ocr_timeout",  # ocr: a page or the whole scan took longer than its time limit
)


class DocumentError(Exception):
    """A file the importer refuses; ``code`` is one of ``ERROR_CODES``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"DocumentError({self.code!r}, {self.message!r})"


def check_zip_size(zf: zipfile.ZipFile, limit: int = MAX_UNZIPPED_BYTES) -> None:
    """Refuse zip bombs before any entry is decompressed.

    ``zipfile`` never returns more than an entry's declared ``file_size``, so checking the
    declared sizes bounds the memory any later reader can use.
    """
    total = sum(info.file_size for info in zf.infolist())
    if total > limit:
        raise DocumentError(
            "too_large",
            f"the archive unpacks to {total:,} bytes; the limit is {limit:,} bytes",
        )
