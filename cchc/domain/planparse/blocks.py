"""The intermediate representation every reader produces and the parser consumes.

A document is a list of blocks in reading order. Plain text gives one ``Paragraph`` per
non-empty line (tables flattened to one cell per paragraph stay paragraphs: the parser
rebuilds them). DOCX gives paragraphs and real ``Table`` blocks. XLSX gives one ``Table``
per sheet. PDF gives paragraphs from its text layer.

``line`` numbers are 1-based positions in the source: the text line for text files, the
running block/row index for DOCX/XLSX/PDF. They are what provenance (``source``) points at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str  # NFC, whitespace-cleaned; never empty
    line: int
    style: str = ""  # e.g. DOCX style name ("Heading 1", "List Paragraph"), "" when unknown


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # NFC, cleaned; "" for an empty cell
    line: int
    row_span: int = 1
    col_span: int = 1
    merged_from_above: bool = False  # continuation of a vertically merged cell (text repeated)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    line: int  # line of the first cell
    name: str = ""  # sheet name for XLSX
    line_end: int = 0


Block = Paragraph | Table


@dataclass
class SourceDocument:
    """What a reader returns: blocks plus facts about the file itself."""

    blocks: list[Block]
    format: str  # "text" | "docx" | "xlsx" | "pdf"
    filename: str = ""
    encoding: str = ""  # detected text encoding for text input
    total_lines: int = 0  # number of source lines/rows counted for coverage
    warnings: list[str] = field(default_factory=list)
    # text input: the layout normalisation (``layout.Normalised``): normalised line numbers
    # (the ``line`` of the blocks) back to the original lines; None for DOCX/XLSX/PDF
    layout: Any = None
    # text read by OCR (``ocr.ocr_document``): {"mean_confidence", "confidence": {line: conf}, "pages"}
    ocr: Any = None
