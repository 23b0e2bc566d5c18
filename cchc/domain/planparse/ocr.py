"""OCR for scanned PDFs and page images (PNG, JPEG, TIFF): Debian's ``tesseract-ocr`` with the
Vietnamese model (``tesseract-ocr-vie``), pages rasterised by ``pdftoppm`` (poppler-utils).

The result is the page text, one OCR line per line and a blank line between paragraphs, read
like any text plan (``readers.text_document``: hard-wrapped lines are joined by the layout
normaliser), with each line's confidence kept (``SourceDocument.ocr``) so the preview can mark
what OCR read and how sure it was. Runs in the background (``plans`` registers a job kind);
every step has a time limit, so a hostile file cannot hold the worker longer than that.

Refusals (``DocumentError``): more than ``MAX_PAGES`` pages or an image over ``MAX_PIXELS``
(``too_large``), OCR tools missing (``ocr_unavailable``), a result of low confidence
everywhere (``ocr_unreadable``: gibberish, a photo, a page upside down), out of time
(``ocr_timeout``).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from .readers import DocumentError, text_document

MAX_PAGES = 60  # ≈ 10 s a page on two cores: a 60-page scan is ten minutes of work
MAX_PIXELS = 40_000_000  # a page scanned at 300 dpi is 8.7 MP; 50 MP images are refused
DPI = 250
PAGE_TIMEOUT = 120  # seconds for one page's rasterising or recognition
TOTAL_TIMEOUT = 20 * 60
MIN_MEAN_CONFIDENCE = 50.0  # below: the page is not text OCR can read
LOW_CONFIDENCE = 70  # a line below this is marked for checking in the preview

Progress = Callable[[int, str], None]


@dataclass
class OcrLine:
    text: str
    confidence: float  # mean word confidence, 0..100
    page: int


def available() -> bool:
    """Tesseract with the Vietnamese model, and pdftoppm, are installed."""
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        return False
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in out.stdout.split()


def _run(cmd: list[str], deadline: float, **kw) -> subprocess.CompletedProcess:
    left = deadline - time.monotonic()
    if left <= 0:
        raise DocumentError("ocr_timeout", "OCR took longer than its time limit")
    try:
        return subprocess.run(cmd, capture_output=True, timeout=min(PAGE_TIMEOUT, left), check=False, **kw)
    except subprocess.TimeoutExpired:
        raise DocumentError("ocr_timeout", "OCR of a page took longer than its time limit") from None
    except OSError as exc:
        raise DocumentError("ocr_unavailable", f"OCR tools cannot run: {exc}") from None


def _pdf_pages(data: bytes) -> int:
    from .readers_pdf import open_pdf

    try:
        with open_pdf(data) as pdf:
            return len(pdf.pages)
    except Exception:
        raise DocumentError("corrupt", "the PDF cannot be read") from None


def _images(data: bytes, kind: str, workdir: str, deadline: float, progress: Progress) -> list[str]:
    """PNG files of the pages, in order."""
    if kind == "pdf":
        pages = _pdf_pages(data)
        if pages > MAX_PAGES:
            raise DocumentError("too_large", f"the scan has {pages:,} pages; OCR takes at most {MAX_PAGES}")
        src = os.path.join(workdir, "in.pdf")
        with open(src, "wb") as f:
            f.write(data)
        out = []
        for n in range(1, pages + 1):
            progress(5 + int(10 * n / pages), f"page {n}/{pages}: image")
            stem = os.path.join(workdir, f"p{n:04d}")
            _run(
                [
                    "pdftoppm",
                    "-r",
                    str(DPI),
                    "-gray",
                    "-png",
                    "-singlefile",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    src,
                    stem,
                ],
                deadline,
            )
            if os.path.exists(stem + ".png"):
                out.append(stem + ".png")
        return out
    from PIL import Image

    try:
        with warnings.catch_warnings():  # the size is checked here, against our own limit
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))  # reads the header only
        frames = getattr(img, "n_frames", 1)
        if img.width * img.height > MAX_PIXELS:
            raise DocumentError(
                "too_large",
                f"the image has {img.width * img.height / 1e6:.0f} megapixels; the limit is {MAX_PIXELS // 1_000_000}",
            )
        if frames > MAX_PAGES:
            raise DocumentError("too_large", f"the image has {frames} pages; OCR takes at most {MAX_PAGES}")
        out = []
        for n in range(frames):
            img.seek(n)
            path = os.path.join(workdir, f"p{n + 1:04d}.png")
            img.convert("L").save(path, "PNG")
            out.append(path)
        return out
    except DocumentError:
        raise
    except Image.DecompressionBombError:
        raise DocumentError("too_large", "the image is too large to read") from None
    except Exception:
        raise DocumentError("corrupt", "the image cannot be read") from None


def precheck(data: bytes) -> None:
    """Refuse at once (before queuing OCR) what OCR would refuse by size: a scan of more than
    ``MAX_PAGES`` pages, an image over ``MAX_PIXELS``, an unreadable image."""
    if b"%PDF-" in data[:1024]:
        pages = _pdf_pages(data)
        if pages > MAX_PAGES:
            raise DocumentError("too_large", f"the scan has {pages:,} pages; OCR takes at most {MAX_PAGES}")
        return
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            size = img.width * img.height
    except Exception:
        raise DocumentError("corrupt", "the image cannot be read") from None
    if size > MAX_PIXELS:
        raise DocumentError(
            "too_large", f"the image has {size / 1e6:.0f} megapixels; the limit is {MAX_PIXELS // 1_000_000}"
        )


def _tsv_lines(tsv: str, page: int) -> list[OcrLine | None]:
    """Lines of tesseract's TSV output; ``None`` between paragraphs."""
    out: list[OcrLine | None] = []
    current: tuple | None = None
    words: list[tuple[str, float]] = []
    par: tuple | None = None

    def flush():
        if words:
            text = " ".join(w for w, _c in words)
            conf = sum(c for _w, c in words) / len(words)
            out.append(OcrLine(text, conf, page))

    for row in tsv.splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        key = (parts[2], parts[3], parts[4])
        text = parts[11].strip()
        if not text:
            continue
        try:
            conf = max(0.0, float(parts[10]))
        except ValueError:
            conf = 0.0
        if key != current:
            flush()
            words = []
            if par is not None and key[:2] != par:
                out.append(None)
            current, par = key, key[:2]
        words.append((text, conf))
    flush()
    return out


def recognise(
    data: bytes, kind: str, progress: Progress | None = None, *, time_limit: float = TOTAL_TIMEOUT
) -> list[OcrLine | None]:
    """OCR lines of a scanned PDF (``kind`` "pdf") or an image ("image"); ``None`` separates
    paragraphs and pages."""
    progress = progress or (lambda p, m="": None)
    if not available():
        raise DocumentError("ocr_unavailable", "tesseract with the Vietnamese model is not installed")
    deadline = time.monotonic() + time_limit
    lines: list[OcrLine | None] = []
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as workdir:
        images = _images(data, kind, workdir, deadline, progress)
        for n, path in enumerate(images, start=1):
            progress(15 + int(80 * (n - 1) / max(1, len(images))), f"page {n}/{len(images)}: OCR")
            res = _run(["tesseract", path, "stdout", "-l", "vie", "tsv"], deadline)
            if res.returncode != 0:
                raise DocumentError("corrupt", f"OCR failed on page {n}")
            if lines:
                lines.append(None)
            lines.extend(_tsv_lines(res.stdout.decode("utf-8", "replace"), n))
    return lines


def ocr_document(
    data: bytes, kind: str, progress: Progress | None = None, *, time_limit: float = TOTAL_TIMEOUT
):
    """A :class:`SourceDocument` of the OCR text (read like a text plan), with ``ocr`` =
    ``{"mean_confidence", "confidence": {line: conf}, "pages"}``."""
    lines = recognise(data, kind, progress, time_limit=time_limit)
    return document_from_lines(lines)


def document_from_lines(lines: list[OcrLine | None]):
    text_lines: list[str] = []
    confidence: dict[int, float] = {}
    for ln in lines:
        if ln is None:
            text_lines.append("")
            continue
        text_lines.append(ln.text)
        confidence[len(text_lines)] = round(ln.confidence, 1)
    words = [(len(ln.text.split()), ln.confidence) for ln in lines if ln is not None]
    total = sum(n for n, _c in words)
    mean = sum(n * c for n, c in words) / total if total else 0.0
    if total < 10 or mean < MIN_MEAN_CONFIDENCE:
        raise DocumentError(
            "ocr_unreadable",
            f"OCR could not read the scan (mean confidence {mean:.0f}%): scan it again at 300 dpi, upright, or upload the Word file",
        )
    doc = text_document("\n".join(text_lines), warnings=[f"text read by OCR (mean confidence {mean:.0f}%)"])
    doc.ocr = {
        "mean_confidence": round(mean, 1),
        "confidence": confidence,
        "low": [
            {"line": n, "confidence": c, "text": text_lines[n - 1]}
            for n, c in sorted(confidence.items())
            if c < LOW_CONFIDENCE
        ],
        "pages": max((ln.page for ln in lines if ln is not None), default=0),
    }
    return doc
