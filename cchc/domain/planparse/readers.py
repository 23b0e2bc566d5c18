"""Turn an uploaded plan file (text, DOCX, XLSX, PDF) into a ``SourceDocument`` of blocks.

The format is recognised by content (magic bytes), never by the file name: users rename
files, and web pages save as ``.doc`` what is really HTML or text. The name only makes an
error message more precise. Every refusal is a ``DocumentError`` with a stable ``code``
that the web layer translates; the English ``message`` is for logs and the CLI.

Format readers live in ``readers_docx.py`` and ``readers_xlsx.py``, the error and the size
limits they share in ``errors.py``; this module holds the entry point, format detection, the
text reader and the PDF reader.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..text import clean, fold, nfc
from .blocks import Paragraph, SourceDocument
from .errors import ERROR_CODES, MAX_BYTES, MAX_UNZIPPED_BYTES, DocumentError, check_zip_size
from .readers_docx import read_docx
from .readers_xlsx import read_xlsx

__all__ = [
    "ERROR_CODES",
    "MAX_BYTES",
    "MAX_UNZIPPED_BYTES",
    "DocumentError",
    "check_zip_size",
    "decode_text",
    "detect_format",
    "read_document",
    "read_pdf",
    "read_text",
    "text_document",
    "text_line",
]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_IMAGE_MAGICS = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
)


def read_document(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read an uploaded plan file into blocks, or raise ``DocumentError``.

    ``filename`` is informative only (messages, ``SourceDocument.filename``).
    """
    if len(data) > max_bytes:
        raise DocumentError("too_large", f"file is {len(data):,} bytes; the limit is {max_bytes:,} bytes")
    if not data.strip():
        raise DocumentError("empty", "the file is empty")

    kind = detect_format(data)
    if kind == "zip":
        kind = _zip_kind(data, filename)
    if kind == "docx":
        doc = read_docx(data)
    elif kind == "xlsx":
        doc = read_xlsx(data)
    elif kind == "pdf":
        doc = read_pdf(data)
    elif kind == "ole2":
        raise _ole2_error(data, filename)
    elif kind == "rtf":
        raise DocumentError(
            "unsupported", "RTF documents are not supported: open the file in Word and save it as .docx"
        )
    elif kind.startswith("image:"):
        raise DocumentError(
            "needs_ocr",
            f"{kind[6:]} image without a text layer: run OCR first or upload the original document",
        )
    else:
        doc = read_text(data, filename)
    doc.filename = filename
    if not doc.blocks:
        raise DocumentError("empty", "the document contains no text")
    return doc


# --- format detection ------------------------------------------------------------------


def detect_format(data: bytes) -> str:
    """Guess the container from magic bytes: "zip", "pdf", "ole2", "rtf", "image:<KIND>" or "text"."""
    head = data[:1024]
    if data.startswith(ZIP_MAGICS):
        return "zip"
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    # PDF readers accept the marker anywhere in the first kilobyte (some files start with junk).
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    for magic, name in _IMAGE_MAGICS:
        # "BM" is also how a text line may start: a bitmap must also look binary.
        if data.startswith(magic) and (name != "BMP" or _looks_binary(data)):
            return "image:" + name
    return "text"


def _ext(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _zip_kind(data: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            content_types = ""
            if "[Content_Types].xml" in names:
                info = zf.getinfo("[Content_Types].xml")
                if info.file_size < 1024 * 1024:
                    content_types = zf.read(info).decode("utf-8", "replace")
            mimetype = ""
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                mimetype = zf.read("mimetype").decode("ascii", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, RuntimeError) as exc:
        raise _corrupt(filename, f"the ZIP container is damaged or truncated ({exc})") from None
    except NotImplementedError as exc:  # unsupported compression method
        raise _corrupt(filename, f"the ZIP container uses an unsupported feature ({exc})") from None
    if "word/document.xml" in names or "wordprocessingml.document.main" in content_types:
        return "docx"
    if "xl/workbook.xml" in names or "spreadsheetml.sheet.main" in content_types:
        return "xlsx"
    if "opendocument" in mimetype:
        raise DocumentError(
            "unsupported",
            "OpenDocument files (.odt/.ods) are not supported: save the file as .docx or .xlsx",
        )
    if _ext(filename) == "docx":
        raise DocumentError("not_docx", f"{filename} is a ZIP archive but not a Word document")
    raise DocumentError("unsupported", "ZIP archive that is not a Word (.docx) or Excel (.xlsx) file")


def _corrupt(filename: str, detail: str) -> DocumentError:
    return DocumentError("corrupt", f"{filename or 'the file'} cannot be read: {detail}")


def _ole2_error(data: bytes, filename: str) -> DocumentError:
    """OLE2 compound files: encrypted OOXML, or legacy Word/Excel 97-2003 binaries."""
    if b"EncryptedPackage" in data or "EncryptedPackage".encode("utf-16-le") in data:
        return DocumentError(
            "encrypted",
            "the document is password-protected: remove the password in Word/Excel and upload again",
        )
    if "Workbook".encode("utf-16-le") in data or _ext(filename) == "xls":
        return DocumentError(
            "unsupported",
            "legacy Excel 97-2003 workbook (.xls): open it in Excel and save it as .xlsx",
        )
    return DocumentError(
        "unsupported",
        "legacy Word 97-2003 document (.doc): open it in Word and save it as .docx",
    )


# --- text ------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Bytes that never occur in text: C0 controls except tab, LF, VT, FF, CR, and SUB/ESC.
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B}
_PUNCTUATION = set(
    "\u00a0\u00ab\u00bb\u00b0\u00b7\u00a7\u00b1\u00d7\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2030\u20ab\u2122"
)


def text_line(raw: str) -> str:
    """A cleaned text line. A table copied out of Word or a spreadsheet arrives with its cells
    separated by tabs: such a row (three or more cells) becomes a pipe row ``| a | b | c |``,
    which the parser reads as a table; leading tabs are indentation."""
    inner = raw.strip(" \t\r\n\u00a0")
    if inner.count("\t") >= 2:
        cells = [clean(c) for c in inner.split("\t")]
        if len([c for c in cells if c]) >= 2:
            return "| " + " | ".join(cells) + " |"
    return clean(raw)


def read_text(data: bytes, filename: str = "") -> SourceDocument:
    """Plain text: one ``Paragraph`` per non-empty line of the normalised layout
    (``layout.normalise``: hard wrapping undone, cells and rows rebuilt); ``line`` is the
    normalised line number, ``SourceDocument.layout`` maps it back to the file's lines."""
    text, encoding, warnings = decode_text(data, filename)
    return text_document(text, encoding=encoding, warnings=warnings)


def text_document(text: str, *, encoding: str = "", warnings: list[str] | None = None) -> SourceDocument:
    """A decoded text as a ``SourceDocument`` (see :func:`read_text`)."""
    from .layout import normalise

    lines = _LINE_BREAK.split(nfc(text))
    if lines and lines[-1] == "":
        lines.pop()  # a final newline ends the last line; it does not start a new one
    norm = normalise(lines)
    blocks = []
    for number, raw in enumerate(norm.lines, start=1):
        line = text_line(raw)
        if line:
            blocks.append(Paragraph(text=line, line=number))
    if not blocks:
        raise DocumentError("empty", "the file contains only whitespace")
    return SourceDocument(
        blocks=list(blocks),
        format="text",
        encoding=encoding,
        total_lines=len(lines),
        warnings=list(warnings or []),
        layout=norm,
    )


def decode_text(data: bytes, filename: str = "") -> tuple[str, str, list[str]]:
    """Decode text bytes; return ``(NFC text, encoding name, warnings)``.

    Order: BOM (UTF-8, UTF-16 LE/BE), UTF-16 without BOM (NUL byte pattern), UTF-8,
    Windows-1258 when the result reads as Vietnamese, Windows-1252 with a warning.
    """
    warnings: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_strict(data[3:], "utf-8", "utf-8-sig"), "utf-8-sig", warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not data.startswith(b"\xff\xfe\x00\x00"):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _decode_strict(data[2:], codec, codec), codec, warnings
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_strict(data, utf16, utf16), utf16, warnings
    if _looks_binary(data):
        if _ext(filename) == "docx":
            raise DocumentError("not_docx", f"{filename} is not a Word document")
        if _ext(filename) in ("xlsx", "pdf", "doc", "xls"):
            raise DocumentError("corrupt", f"{filename} is damaged or not the format its name says")
        raise DocumentError("unsupported", "binary file of an unknown format")

    try:
        return nfc(data.decode("utf-8")), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes (e.g. two files pasted together): keep it, say so.
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if good >= 20 * bad:
        warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced by \ufffd")
        return nfc(text), "utf-8", warnings

    try:
        text = nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        text = ""
    if text and _looks_vietnamese(text):
        return text, "cp1258", warnings
    try:
        text = nfc(data.decode("cp1252"))
    except UnicodeDecodeError:
        raise DocumentError(
            "encoding", "the text encoding cannot be determined: save the file as UTF-8"
        ) from None
    warnings.append(
        "the text is neither UTF-8 nor Vietnamese Windows-1258; it was read as Windows-1252 "
        "and Vietnamese letters may be wrong: save the file as UTF-8"
    )
    return text, "cp1252", warnings


def _decode_strict(data: bytes, codec: str, label: str) -> str:
    try:
        return nfc(data.decode(codec))
    except UnicodeDecodeError as exc:
        raise DocumentError(
            "encoding", f"the text claims to be {label} but has invalid bytes at {exc.start}"
        ) from None


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 without a BOM shows NULs in one byte parity (the high byte of ASCII letters)."""
    sample = data[:65536]
    if len(sample) < 4:
        return ""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.2 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.2 * half and odd < 0.02 * half:
        return "utf-16-be"
    return ""


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > max(2, len(sample) // 100)


def _looks_vietnamese(text: str) -> bool:
    """True when non-ASCII characters are Vietnamese letters, not mojibake.

    Windows-1258 writes tones as combining marks; after NFC they merge into the vowel.
    Marks left over (on consonants, doubled) or odd symbols mean the guess was wrong.
    """
    viet = odd = 0
    for ch in text:
        if ord(ch) < 0x80 or ch in _PUNCTUATION:
            continue
        if ch.isalpha() and len(folded := fold(ch)) == 1 and folded.isascii():
            viet += 1
        else:
            odd += 1
    return viet > 0 and odd <= max(1, viet // 50)


# --- PDF -------------------------------------------------------------------------------

_CID = re.compile(r"\(cid:\d+\)")


def read_pdf(data: bytes) -> SourceDocument:
    """PDF text layer in reading order, one ``Paragraph`` per text line, ruled tables as real
    ``Table`` blocks merged across page breaks (``readers_pdf``); ``line`` counts lines and
    table cells across pages."""
    from .readers_pdf import MAX_PAGES, build_document, open_pdf, read_pdf_document

    encrypted = b"/Encrypt" in data
    try:
        pdf = open_pdf(data)
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise _pdf_error(exc, encrypted) from None
    try:
        with pdf:
            pages = len(pdf.pages)
            if pages > MAX_PAGES:
                raise DocumentError(
                    "too_large", f"the PDF has {pages:,} pages; the limit is {MAX_PAGES:,} pages"
                )
            blocks, line, textless = read_pdf_document(pdf)
    except DocumentError:
        raise
    except Exception as exc:
        raise _pdf_error(exc, encrypted) from None

    if pages == 0:
        raise DocumentError("corrupt", "the PDF has no pages")
    readable = sum(
        len(_CID.sub("", b.text).replace(" ", ""))
        if isinstance(b, Paragraph)
        else sum(len(c.text) for r in b.rows for c in r)
        for b in blocks
    )
    if readable < 20 * pages:
        raise DocumentError(
            "needs_ocr", "scanned PDF without a text layer: run OCR first (or upload the Word file)"
        )
    return build_document(blocks, line, textless, pages)


def _pdf_error(exc: Exception, encrypted: bool) -> DocumentError:
    name = type(exc).__name__ + " " + repr(getattr(exc, "args", ""))
    if encrypted or "Password" in name or "Encrypt" in name:
        return DocumentError("encrypted", "the PDF is password-protected: upload a copy without a password")
    return DocumentError("corrupt", f"the PDF cannot be read ({type(exc).__name__})")
