"""Re-layout tools for the layout corpus: each takes a plan text already in the corpus and
lays it out the way other sources do (hard-wrapped, lone-pipe or pipe-framed cells, tabbed or
fixed-width rows, CRLF, NFD, legacy encodings). The importer must read every result to the
same tasks as the original (``test_layouts.py``)."""

from __future__ import annotations

import textwrap
import unicodedata

from cchc.domain.encoding import encode_cp1258

NBSP = "\u00a0"


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def _is_row(s: str) -> bool:
    return s.count("|") >= 2


def wrap(text: str, width: int) -> str:
    """Hard-wrap every line longer than ``width`` at spaces (as ``fmt`` or a PDF-to-text tool
    does); tab rows are left alone (a tab has no width)."""
    out: list[str] = []
    for line in lines_of(text):
        if len(line) <= width or "\t" in line or not line.strip():
            out.append(line)
            continue
        out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [line])
    return "\n".join(out)


def wrap_varying(text: str, first: int, second: int) -> str:
    """Wrapped at ``first`` columns in the first half and ``second`` in the rest."""
    ls = lines_of(text)
    half = len(ls) // 2
    return wrap("\n".join(ls[:half]), first) + "\n" + wrap("\n".join(ls[half:]), second)


def _cells_region(ls: list[str], region: tuple[int, int]) -> tuple[int, int]:
    a, b = region
    return max(0, a - 1), min(len(ls), b)


def lone_pipe(text: str, region: tuple[int, int]) -> str:
    """Cells of a flattened table (the original lines ``region``, 1-based, inclusive)
    separated by lines holding a lone ``|`` instead of blank lines; no blank lines left."""
    ls = lines_of(text)
    a, b = _cells_region(ls, region)
    body = ls[a:b]
    out: list[str] = []
    blank_sep = sum(1 for s in body if not s.strip()) >= len(body) // 3
    for k, s in enumerate(body):
        if blank_sep:
            out.append("|" if not s.strip() and s != NBSP else s)
        else:
            out.append(s)
            if k < len(body) - 1:
                out.append("|")
    return "\n".join([*ls[:a], *out, *ls[b:]])


def pipe_framed(text: str, region: tuple[int, int], width: int = 72) -> str:
    """Each cell of the region written ``| first line |`` with its wrapped rest below, cells
    not separated by blank lines; an empty cell is ``|  |``."""
    ls = lines_of(text)
    a, b = _cells_region(ls, region)
    out: list[str] = []
    for s in ls[a:b]:
        if s == NBSP or (s.strip() == "" and s != ""):
            out.append("|  |")
            continue
        if not s.strip():
            continue
        parts = textwrap.wrap(s.strip(), width, break_long_words=False, break_on_hyphens=False) or [s]
        out.append("| " + parts[0] + " |")
        out.extend(parts[1:])
    return "\n".join([*ls[:a], *out, *ls[b:]])


def _rows(ls: list[str]):
    for k, s in enumerate(ls):
        if _is_row(s):
            cells = [c.strip() for c in s.strip().strip("|").split("|")]
            yield k, cells


def tabbed(text: str) -> str:
    """Pipe rows (``a | b | c``) as tab-separated rows, as copied out of Word or a spreadsheet."""
    ls = lines_of(text)
    for k, cells in _rows(ls):
        if len([c for c in cells if c]) >= 2 and len(cells) >= 3:
            ls[k] = "\t".join(cells)
    return "\n".join(ls)


def fixed_width(text: str, col: int = 28) -> str:
    """Runs of pipe rows as a fixed-width table (``pdftotext -layout``): columns padded with
    spaces, a long cell wrapped inside its column over the next lines."""
    ls = lines_of(text)
    out: list[str] = []
    for s in ls:
        if not (_is_row(s) and len(s.strip().strip("|").split("|")) >= 3):
            out.append(s)
            continue
        cells = [c.strip() for c in s.strip().strip("|").split("|")]
        if not cells[0]:
            out.append(s)  # a row must start in its first column: left as a pipe row
            continue
        wrapped = [textwrap.wrap(c, col - 2, break_long_words=True) or [""] for c in cells]
        for r in range(max(len(w) for w in wrapped)):
            parts = [(w[r] if r < len(w) else "").ljust(col) for w in wrapped]
            out.append(("  " + "".join(parts)).rstrip())
    return "\n".join(out)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes, a character the code page lacks written as "?"."""
    return encode_cp1258(text, errors="replace")


def utf16(text: str) -> bytes:
    return text.encode("utf-16")
